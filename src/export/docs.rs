//! A documentation folder in the style of tbls: `README.md` (the tables with their comments and
//! counts, views, enums, schema-wide findings) and one page per table (columns with types,
//! nullability, defaults and comments; keys and checks; indexes; relations out and in, linked;
//! the review's findings for the table; a Mermaid `erDiagram` of the table and its neighbours).
//!
//! Pure: the CLI (`erdsmith docs FILE --out DIR [--check]`) writes the files or compares them.
//! User text goes through the Markdown dictionary's escaping (`markdown::text`/`code`), page
//! names are file-system safe and unique ignoring case, and a diagram's fence is longer than any
//! run of backticks inside it.
//!
//! **Invariant:** every relative link resolves to a file of the folder and every Mermaid block
//! parses with the real Mermaid (`tests/it/export/docs_folder.rs`, `tests/e2e/docs-corpus.test.mjs`,
//! on every corpus file).

use super::markdown::{code, text};
use super::mermaid::{self, MermaidOptions};
use crate::analysis::Finding;
use crate::schema::{ColumnId, IndexPart, Schema, Table, TableId};
use std::collections::HashMap;
use std::fmt::Write;

/// One file of the folder: a relative path (no directories) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocFile {
    pub path: String,
    pub text: String,
}

/// The whole-schema diagram in the README is drawn up to this many tables (keys only).
const README_DIAGRAM_TABLES: usize = 60;

pub fn render(schema: &Schema, findings: &[Finding]) -> Vec<DocFile> {
    let pages = page_names(schema);
    let mut files = vec![DocFile { path: "README.md".into(), text: readme(schema, findings, &pages) }];
    for t in &schema.tables {
        let Some(path) = pages.get(&t.id) else { continue };
        files.push(DocFile { path: path.clone(), text: table_page(schema, t, findings, &pages) });
    }
    files
}

/// `schema.name.md` with characters other than letters, digits, `_`, `-` and `.` as `_`;
/// `-2`, `-3`, … when two tables (or `README`) would share a name ignoring case.
fn page_names(schema: &Schema) -> HashMap<TableId, String> {
    let mut taken: Vec<String> = vec!["readme".into()];
    let mut out = HashMap::new();
    for t in &schema.tables {
        let mut base: String = t
            .qualified_name()
            .chars()
            .map(|c| if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') { c } else { '_' })
            .collect();
        if base.starts_with('.') || base.is_empty() {
            base.insert(0, '_');
        }
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        taken.push(name.to_lowercase());
        out.insert(t.id, format!("{name}.md"));
    }
    out
}

fn link(schema: &Schema, id: TableId, pages: &HashMap<TableId, String>) -> String {
    match (schema.table(id), pages.get(&id)) {
        (Some(t), Some(p)) => format!("[{}]({p})", text(&t.qualified_name())),
        (Some(t), None) => text(&t.qualified_name()),
        _ => "?".into(),
    }
}

fn readme(schema: &Schema, findings: &[Finding], pages: &HashMap<TableId, String>) -> String {
    let mut out = format!("# {}\n\n", text(schema.database.as_deref().unwrap_or("Schema")));
    let _ = writeln!(
        out,
        "{} tables, {} views, {} enums, {} findings ({}).\n",
        schema.tables.len(),
        schema.views.len(),
        schema.enums.len(),
        findings.len(),
        schema.dialect.label()
    );
    let mut incoming: HashMap<TableId, usize> = HashMap::new();
    for (_, fk) in schema.foreign_keys() {
        *incoming.entry(fk.ref_table).or_insert(0) += 1;
    }
    if !schema.tables.is_empty() {
        out.push_str("## Tables\n\n| Name | Columns | References | Referenced by | Findings | Comment |\n| --- | --- | --- | --- | --- | --- |\n");
        for t in &schema.tables {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                link(schema, t.id, pages),
                t.columns.len(),
                t.foreign_keys.len(),
                incoming.get(&t.id).copied().unwrap_or(0),
                findings.iter().filter(|f| f.table == Some(t.id)).count(),
                text(t.comment.as_deref().unwrap_or(""))
            );
        }
        out.push('\n');
    }
    if !schema.views.is_empty() {
        out.push_str("## Views\n\n| Name | Reads | Comment |\n| --- | --- | --- |\n");
        for v in &schema.views {
            let reads: Vec<String> = v.reads.iter().map(|id| link(schema, *id, pages)).collect();
            let _ = writeln!(out, "| {} | {} | {} |", text(&v.qualified_name()), reads.join(", "), text(v.comment.as_deref().unwrap_or("")));
        }
        out.push('\n');
    }
    if !schema.enums.is_empty() {
        out.push_str("## Enums\n\n| Name | Values |\n| --- | --- |\n");
        for e in &schema.enums {
            let name = match &e.schema {
                Some(s) => format!("{s}.{}", e.name),
                None => e.name.clone(),
            };
            let values: Vec<String> = e.values.iter().map(|v| code(v)).collect();
            let _ = writeln!(out, "| {} | {} |", text(&name), values.join(", "));
        }
        out.push('\n');
    }
    let general: Vec<&Finding> = findings.iter().filter(|f| f.table.is_none()).collect();
    if !general.is_empty() {
        out.push_str("## Findings on the whole schema\n\n");
        findings_table(&mut out, None, &general);
    }
    let drawn = super::drawn_tables(schema).len();
    if drawn > 0 && drawn <= README_DIAGRAM_TABLES {
        out.push_str("## Diagram\n\nKey columns only.\n\n");
        fenced(&mut out, &mermaid::render(schema, &MermaidOptions { keys_only: true, ..MermaidOptions::default() }));
    }
    out
}

fn table_page(schema: &Schema, t: &Table, findings: &[Finding], pages: &HashMap<TableId, String>) -> String {
    let mut out = format!("# {}\n\n[Index](README.md)\n\n", text(&t.qualified_name()));
    if let Some(c) = t.comment.as_deref().filter(|c| !c.trim().is_empty()) {
        let _ = writeln!(out, "{}\n", text(c));
    }
    if let Some(parent) = t.parent {
        let _ = writeln!(out, "Partition or child of {}.\n", link(schema, parent, pages));
    }
    let names = |tb: &Table, ids: &[ColumnId]| -> String {
        ids.iter().filter_map(|i| tb.column(*i)).map(|c| text(&c.name)).collect::<Vec<_>>().join(", ")
    };

    out.push_str("## Columns\n\n| Name | Type | Nullable | Default | Keys | Comment |\n| --- | --- | --- | --- | --- | --- |\n");
    for c in &t.columns {
        let keys = t.column_keys(c.id);
        let marks: Vec<&str> = [(keys.primary, "PK"), (keys.foreign, "FK"), (keys.unique, "UK")]
            .into_iter()
            .filter_map(|(on, m)| on.then_some(m))
            .collect();
        let default = match (&c.default, &c.identity, &c.generated) {
            (Some(d), _, _) => code(d),
            (None, Some(_), _) => "identity".into(),
            (None, None, Some(g)) => format!("generated: {}", code(&g.expr)),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {default} | {} | {} |",
            text(&c.name),
            code(&c.data_type.raw),
            if c.nullable { "yes" } else { "no" },
            marks.join(", "),
            text(c.comment.as_deref().unwrap_or(""))
        );
    }
    out.push('\n');

    let mut constraints = Vec::new();
    if let Some(pk) = &t.primary_key {
        constraints.push((pk.name.clone(), "primary key", format!("({})", names(t, &pk.columns))));
    }
    for u in &t.uniques {
        constraints.push((u.name.clone(), "unique", format!("({})", names(t, &u.columns))));
    }
    for fk in &t.foreign_keys {
        let target = schema.table(fk.ref_table).map(|rt| format!("{} ({})", link(schema, rt.id, pages), names(rt, &fk.ref_columns)));
        constraints.push((fk.name.clone(), "foreign key", format!("({}) → {}", names(t, &fk.columns), target.unwrap_or_default())));
    }
    for ch in &t.checks {
        constraints.push((ch.name.clone(), "check", code(&ch.expr)));
    }
    if !constraints.is_empty() {
        out.push_str("## Constraints\n\n| Name | Kind | Definition |\n| --- | --- | --- |\n");
        for (name, kind, def) in constraints {
            let _ = writeln!(out, "| {} | {kind} | {def} |", text(name.as_deref().unwrap_or("")));
        }
        out.push('\n');
    }

    if !t.indexes.is_empty() {
        out.push_str("## Indexes\n\n| Name | Unique | Keys | Method | Where |\n| --- | --- | --- | --- | --- |\n");
        for ix in &t.indexes {
            let keys: Vec<String> = ix
                .keys
                .iter()
                .map(|k| {
                    let part = match &k.part {
                        IndexPart::Column(c) => t.column(*c).map(|c| text(&c.name)).unwrap_or_default(),
                        IndexPart::Expression(e) => code(e),
                    };
                    if k.descending { format!("{part} desc") } else { part }
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                text(ix.name.as_deref().unwrap_or("")),
                if ix.unique { "yes" } else { "no" },
                keys.join(", "),
                text(ix.method.as_deref().unwrap_or("")),
                code(ix.predicate.as_deref().unwrap_or(""))
            );
        }
        out.push('\n');
    }

    let incoming: Vec<(&Table, &crate::schema::ForeignKey)> = schema.foreign_keys().filter(|(_, fk)| fk.ref_table == t.id).collect();
    if !t.foreign_keys.is_empty() || !incoming.is_empty() {
        out.push_str("## Relations\n\n");
        for fk in &t.foreign_keys {
            let Some(rt) = schema.table(fk.ref_table) else { continue };
            let card = t.fk_cardinality(fk);
            let _ = writeln!(
                out,
                "- references {} ({}) by ({}): {} to {}, on delete {}, on update {}",
                link(schema, rt.id, pages),
                names(rt, &fk.ref_columns),
                names(t, &fk.columns),
                if card.child_many { "many" } else { "one" },
                if card.parent_required { "one" } else { "zero or one" },
                fk.on_delete.as_sql().to_lowercase(),
                fk.on_update.as_sql().to_lowercase()
            );
        }
        for (child, fk) in &incoming {
            let _ = writeln!(
                out,
                "- referenced by {} ({}) on ({})",
                link(schema, child.id, pages),
                names(child, &fk.columns),
                names(t, &fk.ref_columns)
            );
        }
        out.push('\n');
    }

    let own: Vec<&Finding> = findings.iter().filter(|f| f.table == Some(t.id)).collect();
    if !own.is_empty() {
        out.push_str("## Findings\n\n");
        findings_table(&mut out, Some(t), &own);
    }

    out.push_str("## Diagram\n\n");
    let options = MermaidOptions { tables: Some(vec![t.qualified_name()]), with_neighbors: true, ..MermaidOptions::default() };
    fenced(&mut out, &mermaid::render(schema, &options));
    out
}

fn findings_table(out: &mut String, t: Option<&Table>, findings: &[&Finding]) {
    out.push_str("| Severity | Rule | Columns | Message | Help |\n| --- | --- | --- | --- | --- |\n");
    for f in findings {
        let cols: Vec<String> = f.columns.iter().filter_map(|c| t.and_then(|t| t.column(*c))).map(|c| text(&c.name)).collect();
        let _ = writeln!(out, "| {} | {} | {} | {} | {} |", f.severity, code(f.rule), cols.join(", "), text(&f.message), text(&f.help));
    }
    out.push('\n');
}

/// A ```` ```mermaid ```` block whose fence is longer than any backtick run in `body`.
fn fenced(out: &mut String, body: &str) {
    let mut longest = 0;
    let mut run = 0;
    for ch in body.chars() {
        run = if ch == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    let _ = write!(out, "{fence}mermaid\n{body}");
    if !body.ends_with('\n') {
        out.push('\n');
    }
    let _ = writeln!(out, "{fence}");
}
