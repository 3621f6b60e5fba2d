//! Findings for CI: SARIF 2.1.0 (code scanning), JUnit XML (test reports) and GitHub Actions
//! workflow commands (annotations on the pull request). Each finding is located at the line
//! and column of the statement that defines what it is about ([`super::locate`]).

use super::baseline::Identity;
use super::render::fix_text;
use super::{Finding, locate, rules};
use crate::diagnostic::Severity;
use crate::schema::Schema;
use serde_json::{Value, json};
use std::fmt::Write;

/// What a report is made of: the file the schema was read from, the schema, the findings it
/// reports and those a suppression hid (with the reason), which only SARIF carries (as
/// suppressed results).
pub struct Report<'a> {
    pub file: &'a str,
    pub schema: &'a Schema,
    pub findings: &'a [Finding],
    pub suppressed: &'a [(Finding, String)],
    /// `--baseline` mode: every reported finding is new relative to the baseline.
    pub baseline: bool,
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: unreserved characters and `/` kept, the rest
/// percent-encoded byte by byte.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn subject(schema: &Schema, f: &Finding) -> String {
    let table = f.table.and_then(|t| schema.table(t));
    let name = table.map(|t| t.qualified_name()).unwrap_or_default();
    let cols: Vec<&str> = f.columns.iter().filter_map(|c| schema.column(*c)).map(|(_, c)| c.name.as_str()).collect();
    match cols.as_slice() {
        [] => name,
        [c] => format!("{name}.{c}"),
        many => format!("{name}({})", many.join(", ")),
    }
}

/// Sets `key` on a JSON object (what `json!({…})` built); anything else is left as it is.
fn set(v: &mut Value, key: &str, value: Value) {
    if let Some(o) = v.as_object_mut() {
        o.insert(key.to_string(), value);
    }
}

/// The SARIF 2.1.0 log: one run, the whole rule catalogue as the driver's rules (with docs,
/// category and fix label), one result per finding.
pub fn sarif(r: &Report) -> String {
    let rules_json: Vec<Value> = rules::RULES
        .iter()
        .map(|rule| {
            let i = &rule.info;
            json!({
                "id": i.id,
                "name": i.id,
                "shortDescription": { "text": i.summary },
                "fullDescription": { "text": i.summary },
                "help": { "text": i.doc, "markdown": i.doc },
                "defaultConfiguration": { "level": sarif_level(i.severity) },
                "properties": { "category": i.category.as_str(), "fix": i.fix.as_str(), "tags": [i.category.as_str()] },
            })
        })
        .collect();
    let result = |f: &Finding, suppressed: Option<&str>| -> Value {
        let mut location = json!({ "physicalLocation": { "artifactLocation": { "uri": uri(r.file) } } });
        if let Some(span) = locate(r.schema, f).filter(|s| s.line >= 1)
            && let Some(physical) = location.get_mut("physicalLocation")
        {
            set(physical, "region", json!({ "startLine": span.line, "startColumn": span.column.max(1) }));
        }
        let name = subject(r.schema, f);
        if !name.is_empty() {
            let kind = if f.columns.len() == 1 { "member" } else { "type" };
            set(&mut location, "logicalLocations", json!([{ "fullyQualifiedName": name, "kind": kind }]));
        }
        let mut v = json!({
            "ruleId": f.rule,
            "level": sarif_level(f.severity),
            "message": { "text": f.message },
            "locations": [location],
            "partialFingerprints": { "erdsmithIdentity/v1": Identity::of(r.schema, f).text() },
            "properties": { "help": f.help },
        });
        if let Some(index) = rules::RULES.iter().position(|x| x.info.id == f.rule) {
            set(&mut v, "ruleIndex", json!(index));
        }
        if let Some(fix) = fix_text(r.schema, f)
            && let Some(properties) = v.get_mut("properties")
        {
            set(properties, "fix", json!(fix));
        }
        if r.baseline {
            set(&mut v, "baselineState", json!("new"));
        }
        if let Some(reason) = suppressed {
            let mut s = json!({ "kind": "inSource", "status": "accepted" });
            if !reason.is_empty() {
                set(&mut s, "justification", json!(reason));
            }
            set(&mut v, "suppressions", json!([s]));
        }
        v
    };
    let results: Vec<Value> = r
        .findings
        .iter()
        .map(|f| result(f, None))
        .chain(r.suppressed.iter().map(|(f, why)| result(f, Some(why))))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "erdsmith",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules_json,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// Text for XML character data and attribute values (`crate::xml::escape`).
fn xml(s: &str) -> String {
    crate::xml::escape(s)
}

/// JUnit XML: one test suite; a rule that found nothing is a passing test case, each finding a
/// failing one (`<failure type="error|warning|info">`), named by table and located by
/// `file` and `line` attributes.
pub fn junit(r: &Report, enabled: impl Fn(&str) -> bool) -> String {
    let mut cases = String::new();
    let mut tests = 0;
    for rule in rules::RULES.iter().filter(|x| enabled(x.info.id)) {
        let id = rule.info.id;
        let found: Vec<&Finding> = r.findings.iter().filter(|f| f.rule == id).collect();
        if found.is_empty() {
            tests += 1;
            let _ = writeln!(cases, "    <testcase classname=\"erdsmith.{id}\" name=\"{}\" file=\"{}\"/>", xml(rule.info.summary), xml(r.file));
        }
    }
    for f in r.findings {
        tests += 1;
        let span = locate(r.schema, f);
        let line = span.map(|s| format!(" line=\"{}\"", s.line)).unwrap_or_default();
        let at = span.map(|s| format!("{}:{}:{}", r.file, s.line, s.column)).unwrap_or_else(|| r.file.to_string());
        let mut body = format!("{at}: {} [{}] {}\nhelp: {}", f.severity, f.rule, f.message, f.help);
        if let Some(fix) = fix_text(r.schema, f) {
            let _ = write!(body, "\nfix: {fix}");
        }
        let _ = writeln!(
            cases,
            "    <testcase classname=\"erdsmith.{}\" name=\"{}\" file=\"{}\"{line}>\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
            xml(f.rule),
            xml(&subject(r.schema, f)),
            xml(r.file),
            f.severity,
            xml(&f.message),
            xml(&body)
        );
    }
    let failures = r.findings.len();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"erdsmith check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n",
        xml(&format!("erdsmith check {}", r.file))
    )
}

/// A workflow command's message: `%`, CR and LF escaped.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions annotations, one line per finding:
/// `::error file=F,line=L,col=C,title=RULE::message` (`notice` for info).
pub fn github(r: &Report) -> String {
    let mut out = String::new();
    for f in r.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = format!("file={}", gh_property(r.file));
        if let Some(span) = locate(r.schema, f) {
            let _ = write!(props, ",line={},col={}", span.line, span.column);
        }
        let _ = write!(props, ",title={}", gh_property(&format!("erdsmith {}", f.rule)));
        let mut message = f.message.clone();
        if !f.help.is_empty() {
            let _ = write!(message, "\nhelp: {}", f.help);
        }
        let _ = writeln!(out, "::{level} {props}::{}", gh_data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::xml("a<&>\"'\u{1}b"), "a&lt;&amp;&gt;&quot;&apos;\u{FFFD}b");
        assert_eq!(super::gh_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(super::uri("dir/my schema.sql"), "dir/my%20schema.sql");
    }
}
