//! Findings rendered for the CLI and exports: text, JSON and Markdown, with tables and columns
//! by name and fixes described in words.

use super::Finding;
use crate::edit::Edit;
use crate::schema::{ColumnId, IndexPart, Schema};
use serde_json::{Value, json};

fn column_name(s: &Schema, id: ColumnId) -> String {
    s.column(id).map_or_else(|| format!("#{}", id.0), |(_, c)| c.name.clone())
}

fn qualified(s: &Schema, id: ColumnId) -> String {
    s.column(id).map_or_else(|| format!("#{}", id.0), |(t, c)| format!("{}.{}", t.name, c.name))
}

/// One edit in words, e.g. `create index orders_customer_id_idx on orders (customer_id)`.
pub fn describe_edit(s: &Schema, e: &Edit) -> String {
    let table = |id| s.table(id).map_or_else(|| "a new table".to_string(), |t| t.name.clone());
    match e {
        Edit::Batch(edits) => edits.iter().map(|e| describe_edit(s, e)).collect::<Vec<_>>().join("; "),
        Edit::AddTable { table } => format!(
            "create table {} ({})",
            table.name,
            table.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
        ),
        Edit::AddColumn { table: t, column, .. } => {
            format!("add column {}.{} {}", table(*t), column.name, column.data_type.raw)
        }
        Edit::DeleteColumn { column } => format!("drop column {}", qualified(s, *column)),
        Edit::SetColumnType { column, data_type } => {
            format!("change type of {} to {}", qualified(s, *column), data_type.raw)
        }
        Edit::SetColumnNullable { column, nullable } => {
            format!("make {} {}", qualified(s, *column), if *nullable { "nullable" } else { "NOT NULL" })
        }
        Edit::SetPrimaryKey { table: t, primary_key } => match primary_key {
            Some(pk) => format!(
                "set primary key of {} to ({})",
                table(*t),
                pk.columns.iter().map(|c| column_name(s, *c)).collect::<Vec<_>>().join(", ")
            ),
            None => format!("drop primary key of {}", table(*t)),
        },
        Edit::SetUniques { table: t, uniques } => format!("keep {} unique constraints on {}", uniques.len(), table(*t)),
        Edit::PutIndex { table: t, index } => {
            let cols: Vec<String> = index
                .keys
                .iter()
                .map(|k| match &k.part {
                    IndexPart::Column(c) => column_name(s, *c),
                    IndexPart::Expression(e) => e.clone(),
                })
                .collect();
            format!(
                "create {}index {} on {} ({})",
                if index.unique { "unique " } else { "" },
                index.name.as_deref().unwrap_or(""),
                table(*t),
                cols.join(", ")
            )
        }
        Edit::DeleteIndex { table: t, index } => {
            let name = s.table(*t).and_then(|t| t.indexes.iter().find(|i| i.id == *index)).and_then(|i| i.name.clone());
            format!("drop index {} on {}", name.unwrap_or_else(|| format!("#{}", index.0)), table(*t))
        }
        Edit::AddForeignKey { table: t, foreign_key, .. } => format!(
            "add foreign key on {} ({}) to {}",
            table(*t),
            foreign_key.columns.iter().map(|c| column_name(s, *c)).collect::<Vec<_>>().join(", "),
            table(foreign_key.ref_table)
        ),
        Edit::ReplaceTable { table } => format!("redefine table {}", table.name),
        other => format!("{other:?}"),
    }
}

pub fn fix_text(s: &Schema, f: &Finding) -> Option<String> {
    f.fix.as_ref().map(|edits| edits.iter().map(|e| describe_edit(s, e)).collect::<Vec<_>>().join("; "))
}

fn table_name(s: &Schema, f: &Finding) -> Option<String> {
    f.table.and_then(|t| s.table(t)).map(|t| t.qualified_name())
}

/// The CLI's JSON: a list of `{rule, severity, table, columns, message, help, fix}` by name,
/// with `line` and `column` where the text defines what it is about (when known).
pub fn json(s: &Schema, findings: &[Finding]) -> String {
    let list: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut v = json!({
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "table": table_name(s, f),
                "columns": f.columns.iter().map(|c| column_name(s, *c)).collect::<Vec<_>>(),
                "message": f.message,
                "help": f.help,
                "fix": fix_text(s, f),
            });
            if let (Some(span), Some(o)) = (super::locate(s, f), v.as_object_mut()) {
                o.insert("line".into(), json!(span.line));
                o.insert("column".into(), json!(span.column));
            }
            v
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into()) + "\n"
}

/// `table: severity [rule] message` lines with `help:` and `fix:` continuation lines.
pub fn text(s: &Schema, findings: &[Finding]) -> String {
    text_in(None, s, findings)
}

/// [`text`] with each line led by `FILE:LINE:COL: ` where the finding is located in `file`
/// (the compiler form editors and terminals link to).
pub fn text_in(file: Option<&str>, s: &Schema, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        if let Some((file, span)) = file.zip(super::locate(s, f)) {
            out.push_str(&format!("{file}:{}:{}: ", span.line, span.column));
        }
        out.push_str(&format!(
            "{}: {} [{}] {}\n  help: {}\n",
            table_name(s, f).unwrap_or_default(),
            f.severity,
            f.rule,
            f.message,
            f.help
        ));
        if let Some(fix) = fix_text(s, f) {
            out.push_str(&format!("  fix: {fix}\n"));
        }
    }
    out.push_str(&summary(findings));
    out.push('\n');
    out
}

/// `N findings: E errors, W warnings, I info` (the last line of [`text`]; the review report's
/// summary).
pub fn summary(findings: &[Finding]) -> String {
    let count = |sev| findings.iter().filter(|f| f.severity == sev).count();
    format!(
        "{} findings: {} errors, {} warnings, {} info",
        findings.len(),
        count(crate::diagnostic::Severity::Error),
        count(crate::diagnostic::Severity::Warning),
        count(crate::diagnostic::Severity::Info)
    )
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table of the findings.
pub fn markdown(s: &Schema, findings: &[Finding]) -> String {
    let mut out = String::from("# Design review\n\n");
    if findings.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str(&markdown_table(s, findings));
    out
}

/// The findings as a Markdown table (severity, rule, table, columns, message, fix in words),
/// shared by [`markdown`] and the review report (`export::review_report`).
pub fn markdown_table(s: &Schema, findings: &[Finding]) -> String {
    let mut out = String::from("| Severity | Rule | Table | Columns | Message | Fix |\n|---|---|---|---|---|---|\n");
    for f in findings {
        let cols: Vec<String> = f.columns.iter().map(|c| column_name(s, *c)).collect();
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            f.severity,
            f.rule,
            md_cell(&table_name(s, f).unwrap_or_default()),
            md_cell(&cols.join(", ")),
            md_cell(&f.message),
            md_cell(&fix_text(s, f).unwrap_or_default())
        ));
    }
    out
}

/// A message's Markdown code spans: the text split at backticks into plain and code parts, so a
/// UI can show `name` as code rather than with its backticks. An unpaired backtick stays text.
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else { break };
        if open > 0 {
            out.push((false, &rest[..open]));
        }
        out.push((true, &rest[open + 1..open + 1 + len]));
        rest = &rest[open + 2 + len..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::analysis::testkit::schema;
    use crate::analysis::{AnalysisConfig, check};
    use crate::schema::Dialect;

    #[test]
    fn json_uses_names_and_describes_fixes() {
        let s = schema(Dialect::Postgres, "table customers\nid bigint | pk\ntable orders\nid bigint | pk\ncustomer_id bigint | nn fk customers.id");
        let config = AnalysisConfig { disabled: vec!["pii-column".into()], ..Default::default() };
        let findings = check(&s, &config);
        let v: serde_json::Value = serde_json::from_str(&super::json(&s, &findings)).unwrap();
        let fk = v.as_array().unwrap().iter().find(|f| f["rule"] == "unindexed-foreign-key").unwrap();
        assert_eq!(fk["table"], "orders");
        assert_eq!(fk["columns"], serde_json::json!(["customer_id"]));
        assert_eq!(fk["severity"], "warning");
        assert_eq!(fk["fix"], "create index orders_customer_id_idx on orders (customer_id)");
        let md = super::markdown(&s, &findings);
        assert!(md.contains("| warning | `unindexed-foreign-key` | orders | customer_id |"), "{md}");
        assert!(super::text(&s, &findings).contains("  fix: create index orders_customer_id_idx on orders (customer_id)"));
    }

    #[test]
    fn code_spans_split_at_paired_backticks() {
        assert_eq!(super::code_spans("table `b` has no `id`"), [(false, "table "), (true, "b"), (false, " has no "), (true, "id")]);
        assert_eq!(super::code_spans("`x`"), [(true, "x")]);
        assert_eq!(super::code_spans("one ` unpaired"), [(false, "one ` unpaired")]);
        assert_eq!(super::code_spans(""), Vec::<(bool, &str)>::new());
    }
}
