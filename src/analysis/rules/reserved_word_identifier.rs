#![doc = include_str!("reserved_word_identifier.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::Dialect;

const DOC: &str = include_str!("reserved_word_identifier.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "reserved-word-identifier",
        severity: Severity::Warning,
        summary: "Identifier is a reserved word",
        category: Category::Types,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

/// Reserved in the SQL standard and in every major dialect.
const COMMON: &[&str] = &[
    "all", "alter", "and", "any", "as", "asc", "between", "by", "case", "check", "column", "constraint", "create",
    "cross", "current_date", "current_time", "current_timestamp", "current_user", "default", "delete", "desc",
    "distinct", "drop", "else", "end", "exists", "false", "fetch", "for", "foreign", "from", "grant", "group",
    "having", "in", "inner", "insert", "intersect", "into", "is", "join", "left", "like", "not", "null", "on", "or",
    "order", "outer", "primary", "references", "right", "select", "table", "then", "to", "true", "union", "unique",
    "update", "using", "values", "when", "where", "with",
];
const POSTGRES: &[&str] = &[
    "user", "analyse", "analyze", "array", "asymmetric", "both", "cast", "collate", "do", "except", "leading",
    "limit", "localtime", "localtimestamp", "offset", "only", "placing", "returning", "session_user", "some",
    "symmetric", "trailing", "variadic", "window",
];
const MYSQL: &[&str] = &[
    "key", "keys", "index", "range", "rank", "interval", "condition", "change", "div", "dual", "limit", "lock",
    "match", "mod", "option", "read", "release", "rename", "repeat", "replace", "require", "return", "row", "rows",
    "schema", "show", "signal", "usage", "write", "groups", "window", "leave", "load", "long", "desc", "describe",
];
const MSSQL: &[&str] = &[
    "user", "file", "identity", "key", "percent", "plan", "public", "rule", "schema", "session_user", "system_user",
    "top", "tran", "transaction", "trigger", "view", "open", "close", "function", "backup", "browse", "bulk",
];
const ORACLE: &[&str] = &[
    "user", "access", "audit", "comment", "file", "level", "mode", "number", "option", "raw", "resource", "row",
    "rowid", "rownum", "rows", "session", "size", "start", "successful", "synonym", "sysdate", "uid", "validate",
    "view", "date",
];
const SQLITE: &[&str] = &["abort", "action", "autoincrement", "index", "limit", "offset", "pragma", "raise", "vacuum"];

fn reserved(dialect: Dialect, word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    let w = w.as_str();
    let extra: &[&[&str]] = match dialect {
        Dialect::Postgres | Dialect::Duckdb => &[POSTGRES],
        Dialect::Mysql => &[MYSQL],
        Dialect::Mssql => &[MSSQL],
        Dialect::Oracle => &[ORACLE],
        Dialect::Sqlite => &[SQLITE],
        Dialect::Generic | Dialect::Snowflake | Dialect::Clickhouse => &[POSTGRES, MYSQL, MSSQL],
    };
    COMMON.contains(&w) || extra.iter().any(|list| list.contains(&w))
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let d = cx.schema.dialect;
    for t in &cx.schema.tables {
        if reserved(d, &t.name) {
            out.push(finding(
                &RULE.info,
                t,
                format!("table name `{}` is a reserved word in {}", t.name, d.label()),
                "rename it (e.g. to a plural or a prefixed name) so it needs no quoting",
            ));
        }
        for c in t.columns.iter().filter(|c| reserved(d, &c.name)) {
            let mut f = finding(
                &RULE.info,
                t,
                format!("column name `{}.{}` is a reserved word in {}", t.name, c.name, d.label()),
                "rename it so it needs no quoting",
            );
            f.columns = vec![c.id];
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean, run};
    use crate::schema::Dialect;

    #[test]
    fn flags_per_dialect() {
        check(&RULE, Dialect::Postgres, "table user\nid int | pk\norder int", &[
            "user: : table name `user` is a reserved word in PostgreSQL",
            "user: order: column name `user.order` is a reserved word in PostgreSQL",
        ]);
        assert_eq!(run(&RULE, Dialect::Mysql, "table t\nid int | pk\nkey text").len(), 1);
    }

    #[test]
    fn dialect_specific_words_are_clean_elsewhere() {
        clean(&RULE, Dialect::Postgres, "table t\nid int | pk\nkey text\nrank int");
        clean(&RULE, Dialect::Mysql, "table users\nid int | pk\nuser_name text");
    }
}
