//! Integration tests for `import`.

use crate::support;
use erdsmith::import::{import, ImportOptions};

#[test]
fn survey() {
    for f in std::fs::read_dir(support::corpus_dir()).unwrap() {
        let p = f.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".sql") { continue; }
        let text = support::corpus(&name);
        let r = import(&text, &ImportOptions::default());
        let fks: usize = r.schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
        let ix: usize = r.schema.tables.iter().map(|t| t.indexes.len()).sum();
        let errs = r.diagnostics.iter().filter(|d| d.severity == erdsmith::diagnostic::Severity::Error).count();
        let warns = r.diagnostics.len() - errs;
        assert_eq!(r.schema.validate(), Ok(()), "{name}");
        eprintln!("{name:40} {:?} {:.2} t={} fk={} ix={} v={} err={} warn={} valid={:?}", r.detected.dialect, r.detected.confidence, r.schema.tables.len(), fks, ix, r.schema.views.len(), errs, warns, r.schema.validate());
    }
}
