//! A schema change as a reviewable Markdown summary for a pull request (`erdsmith diff OLD NEW
//! --format markdown`): what changes, the migration's hazards, the design-review findings the
//! change introduces and those it resolves, and the up script folded away.

use crate::analysis::baseline::new_findings;
use crate::analysis::suppress::{self, Suppression};
use crate::analysis::{self, AnalysisConfig, Finding};
use crate::diff::{Change, ConstraintKind};
use crate::export::migration;
use crate::schema::{Dialect, QName, Schema};
use std::fmt::Write;

fn q(n: &QName) -> String {
    match &n.schema {
        Some(s) => format!("{s}.{}", n.name),
        None => n.name.clone(),
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// `table.column` of a column of `s` by ids.
fn col(s: &Schema, table: crate::schema::TableId, column: crate::schema::ColumnId) -> String {
    let t = s.table(table);
    let c = t.and_then(|t| t.column(column)).map_or("?", |c| c.name.as_str());
    format!("{}.{c}", t.map_or_else(|| "?".into(), |t| t.qualified_name()))
}

fn index_columns(t: &crate::schema::Table, ix: &crate::schema::Index) -> String {
    ix.keys
        .iter()
        .map(|k| match &k.part {
            crate::schema::IndexPart::Column(c) => t.column(*c).map_or("?", |c| c.name.as_str()).to_string(),
            crate::schema::IndexPart::Expression(e) => e.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn constraint(kind: &ConstraintKind) -> &'static str {
    match kind {
        ConstraintKind::PrimaryKey => "primary key",
        ConstraintKind::Unique => "unique constraint",
        ConstraintKind::Check(_) => "check",
        ConstraintKind::ForeignKey { .. } => "foreign key",
    }
}

/// One change as (mark, object, what happens): `+` added, `-` removed, `~` changed, `→` renamed.
pub fn describe(change: &Change, prev: &Schema, next: &Schema) -> (char, String, String) {
    let table = |s: &Schema, id| s.table(id).map_or_else(|| "?".to_string(), |t| t.qualified_name());
    let view = |s: &Schema, id| s.view(id).map_or_else(|| "?".to_string(), |v| v.name.clone());
    let object = |s: &Schema, id| {
        s.objects.iter().find(|o| o.id == id).map_or_else(|| "object ?".to_string(), |o| format!("{} `{}`", o.kind.label(), o.name))
    };
    let sequence = |s: &Schema, id| s.sequences.iter().find(|x| x.id == id).map_or_else(|| "?".to_string(), |x| x.name.clone());
    let code = |s: String| format!("`{s}`");
    match change {
        Change::CreateSchema(n) => ('+', format!("schema `{n}`"), "created".into()),
        Change::DropSchema(n) => ('-', format!("schema `{n}`"), "dropped".into()),
        Change::CreateEnum(e) => ('+', format!("enum `{}`", e.name), format!("created ({})", e.values.join(", "))),
        Change::DropEnum(e) => ('-', format!("enum `{}`", e.name), "dropped".into()),
        Change::RenameEnum { from, to } => ('→', format!("enum `{}`", q(from)), format!("renamed to `{to}`")),
        Change::AddEnumValues { name, values } => (
            '~',
            format!("enum `{}`", q(name)),
            format!("values added: {}", values.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>().join(", ")),
        ),
        Change::RecreateEnum { next: e, .. } => ('~', format!("enum `{}`", e.name), "values removed or reordered: recreated".into()),
        Change::RenameTable { from, to } => ('→', format!("table `{}`", q(from)), format!("renamed to `{}`", q(to))),
        Change::CreateTable(id) => {
            let n = next.table(*id).map_or(0, |t| t.columns.len());
            ('+', format!("table {}", code(table(next, *id))), format!("created ({n} columns)"))
        }
        Change::DropTable(id) => ('-', format!("table {}", code(table(prev, *id))), "dropped".into()),
        Change::AddColumn { table: t, column } => {
            let ty = next.table(*t).and_then(|t| t.column(*column)).map(|c| c.data_type.raw.clone()).unwrap_or_default();
            ('+', format!("column {}", code(col(next, *t, *column))), format!("added ({ty})"))
        }
        Change::DropColumn { table: t, column } => ('-', format!("column {}", code(col(prev, *t, *column))), "dropped".into()),
        Change::RenameColumn { table: t, from, to } => ('→', format!("column `{}.{from}`", q(t)), format!("renamed to `{to}`")),
        Change::AlterType { table: t, column, previous, .. } => {
            let ty = next.table(*t).and_then(|t| t.column(*column)).map(|c| c.data_type.raw.clone()).unwrap_or_default();
            ('~', format!("column {}", code(col(next, *t, *column))), format!("type {previous} → {ty}"))
        }
        Change::SetNotNull { table: t, column } => ('~', format!("column {}", code(col(next, *t, *column))), "becomes NOT NULL".into()),
        Change::DropNotNull { table: t, column } => ('~', format!("column {}", code(col(next, *t, *column))), "becomes nullable".into()),
        Change::SetDefault { table: t, column } => {
            let d = next.table(*t).and_then(|t| t.column(*column)).and_then(|c| c.default.clone()).unwrap_or_default();
            ('~', format!("column {}", code(col(next, *t, *column))), format!("default {d}"))
        }
        Change::DropDefault { table: t, column } => ('~', format!("column {}", code(col(next, *t, *column))), "default dropped".into()),
        Change::AddIdentity { table: t, column } => ('~', format!("column {}", code(col(next, *t, *column))), "becomes an identity".into()),
        Change::AlterIdentity { table: t, column, .. } => ('~', format!("column {}", code(col(next, *t, *column))), "identity changed".into()),
        Change::AddSerial { table: t, column, .. } => ('~', format!("column {}", code(col(next, *t, *column))), "becomes serial".into()),
        Change::DropSerial { table: t, column, .. } => ('~', format!("column `{}.{column}`", q(t)), "stops being serial".into()),
        Change::DropIdentity { table: t, column } => ('~', format!("column `{}.{column}`", q(t)), "stops being an identity".into()),
        Change::CreateSequence(id) => ('+', format!("sequence `{}`", sequence(next, *id)), "created".into()),
        Change::DropSequence(id) => ('-', format!("sequence `{}`", sequence(prev, *id)), "dropped".into()),
        Change::AlterSequence { next: id, .. } => ('~', format!("sequence `{}`", sequence(next, *id)), "options changed".into()),
        Change::SequenceOwner { sequence: s, owner } => (
            '~',
            format!("sequence `{}`", q(s)),
            owner.as_ref().map_or_else(|| "owned by none".to_string(), |(t, c)| format!("owned by {}.{c}", q(t))),
        ),
        Change::AddConstraint { table: t, constraint: c } => (
            '+',
            format!("{} `{}` on `{}`", constraint(&c.kind), c.name, q(t)),
            match &c.kind {
                ConstraintKind::ForeignKey { ref_table, .. } => format!("({}) → {}", c.columns.join(", "), q(ref_table)),
                ConstraintKind::Check(ch) => format!("CHECK ({})", ch.expr),
                _ => format!("({})", c.columns.join(", ")),
            },
        ),
        Change::ValidateConstraint { table: t, name } => ('~', format!("constraint `{name}` on `{}`", q(t)), "validated".into()),
        Change::DropConstraint { table: t, constraint: c } => {
            ('-', format!("{} `{}` on `{}`", constraint(&c.kind), c.name, q(t)), format!("dropped ({})", c.columns.join(", ")))
        }
        Change::RenameConstraint { table: t, from, to } => ('→', format!("constraint `{from}` on `{}`", q(t)), format!("renamed to `{to}`")),
        Change::CreateIndex { table: t, index } => {
            let cols = next.table(*t).map(|tb| index_columns(tb, index)).unwrap_or_default();
            let name = index.name.clone().unwrap_or_default();
            let what = if index.unique { "unique index" } else { "index" };
            ('+', format!("{what} `{name}` on `{}`", table(next, *t)), format!("({cols})"))
        }
        Change::DropIndex { table: t, name } => ('-', format!("index `{name}` on `{}`", q(t)), "dropped".into()),
        Change::RenameIndex { table: t, from, to } => ('→', format!("index `{from}` on `{}`", q(t)), format!("renamed to `{to}`")),
        Change::TableComment { table: t, .. } => ('~', format!("table `{}`", q(t)), "comment changed".into()),
        Change::CreateView(id) => ('+', format!("view `{}`", view(next, *id)), "created".into()),
        Change::DropView(id) => ('-', format!("view `{}`", view(prev, *id)), "dropped".into()),
        Change::ViewComment(id) => ('~', format!("view `{}`", view(next, *id)), "comment changed".into()),
        Change::AttachPartition(id) => ('~', format!("table {}", code(table(next, *id))), "attached as a partition".into()),
        Change::DetachPartition { table: t, parent } => ('~', format!("table `{}`", q(t)), format!("detached from `{}`", q(parent))),
        Change::TableProperties { table: t, .. } => ('~', format!("table {}", code(table(next, *t))), "row security or replica identity changed".into()),
        Change::ColumnComment { table: t, column, .. } => ('~', format!("column `{}.{column}`", q(t)), "comment changed".into()),
        Change::CreateObject { object: id, replace } => {
            (if *replace { '~' } else { '+' }, object(next, *id), if *replace { "replaced" } else { "created" }.into())
        }
        Change::DropObject(id) => ('-', object(prev, *id), "dropped".into()),
        Change::AlterExtension(id) => ('~', object(next, *id), "updated".into()),
    }
}

fn findings_table(out: &mut String, s: &Schema, findings: &[&Finding]) {
    out.push_str("| Severity | Rule | Where | Message |\n|---|---|---|---|\n");
    for f in findings {
        let at = analysis::locate(s, f).map(|sp| format!(" (line {})", sp.line)).unwrap_or_default();
        let table = f.table.and_then(|t| s.table(t)).map(|t| t.qualified_name()).unwrap_or_default();
        let _ = writeln!(out, "| {} | `{}` | {}{at} | {} |", f.severity, f.rule, cell(&table), cell(&f.message));
    }
}

/// The Markdown summary of the change from `old` (read from `old_name`) to `new` for a
/// database in `dialect`, reviewed under `config`; `suppressions` (the `erdsmith:ignore`
/// comments of the new text) hide findings of the new schema as `erdsmith check` does.
pub fn render(
    old: &Schema,
    new: &Schema,
    names: (&str, &str),
    dialect: Dialect,
    config: &AnalysisConfig,
    suppressions: &[Suppression],
) -> String {
    let (old_name, new_name) = names;
    let plan = migration::plan_with(old, new, dialect, &[]);
    let changes = &plan.up_diff.changes;
    let before = analysis::check(old, config);
    let after = suppress::apply(new, analysis::check(new, config), suppressions).kept;
    let introduced: Vec<&Finding> = after.iter().zip(new_findings(old, &before, new, &after)).filter(|(_, n)| *n).map(|(f, _)| f).collect();
    let resolved: Vec<&Finding> = before.iter().zip(new_findings(new, &after, old, &before)).filter(|(_, n)| *n).map(|(f, _)| f).collect();

    let mut out = format!("## Schema change: `{old_name}` → `{new_name}`\n\n");
    let _ = writeln!(
        out,
        "**{} changes** · **{} hazards** ({}) · **{} new findings** · {} resolved\n",
        changes.len(),
        plan.hazards.len(),
        dialect.as_str(),
        introduced.len(),
        resolved.len()
    );
    out.push_str("### Changes\n\n");
    if changes.is_empty() {
        out.push_str("No changes.\n\n");
    } else {
        out.push_str("| | Object | Change |\n|---|---|---|\n");
        for c in changes {
            let (mark, what, how) = describe(c, old, new);
            let _ = writeln!(out, "| {mark} | {} | {} |", cell(&what), cell(&how));
        }
        out.push('\n');
    }
    if !plan.proposals.is_empty() {
        out.push_str("### Likely renames (applied as drop and add until confirmed)\n\n");
        for p in &plan.proposals {
            let _ = writeln!(out, "- {}", p.rename.describe());
        }
        out.push('\n');
    }
    let _ = writeln!(out, "### Hazards ({})\n", dialect.as_str());
    if plan.hazards.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for h in &plan.hazards {
            let _ = writeln!(out, "- ⚠️ {}", h.replace('\n', " "));
        }
        out.push('\n');
    }
    out.push_str("### New findings\n\n");
    if introduced.is_empty() {
        out.push_str("The change introduces no finding.\n\n");
    } else {
        findings_table(&mut out, new, &introduced);
        out.push('\n');
    }
    if !resolved.is_empty() {
        out.push_str("### Resolved findings\n\n");
        findings_table(&mut out, old, &resolved);
        out.push('\n');
    }
    if !changes.is_empty() {
        let _ = writeln!(out, "<details><summary>Migration (up, {})</summary>\n\n```sql\n{}\n```\n\n</details>", dialect.as_str(), plan.up.trim_end());
    }
    out
}
