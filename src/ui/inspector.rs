//! The inspector: edits the selected table through `edit::apply` (every change is one undo step).

use super::state::{App, describe_fk};
use crate::edit::Edit;
use crate::schema::{
    Column, ColumnId, DataType, Dialect, FkAction, Index, IndexId, IndexKey, IndexPart, PrimaryKey, Table, TableId,
    UniqueConstraint,
};
use leptos::prelude::*;

/// Type names offered as suggestions for the schema's dialect.
pub fn type_suggestions(d: Dialect) -> &'static [&'static str] {
    match d {
        Dialect::Postgres | Dialect::Generic | Dialect::Duckdb => &[
            "integer", "bigint", "smallint", "serial", "bigserial", "numeric(12,2)", "real", "double precision",
            "boolean", "text", "varchar(255)", "char(1)", "date", "timestamp", "timestamptz", "time", "interval",
            "uuid", "jsonb", "json", "bytea",
        ],
        Dialect::Mysql => &[
            "int", "bigint", "smallint", "tinyint(1)", "decimal(12,2)", "double", "varchar(255)", "char(1)", "text",
            "datetime", "timestamp", "date", "time", "json", "blob", "enum('a','b')",
        ],
        Dialect::Sqlite => &["INTEGER", "TEXT", "REAL", "NUMERIC", "BLOB"],
        Dialect::Mssql => &[
            "int", "bigint", "smallint", "bit", "decimal(12,2)", "float", "nvarchar(255)", "nvarchar(max)",
            "varchar(255)", "datetime2", "date", "time", "uniqueidentifier", "varbinary(max)",
        ],
        Dialect::Oracle => &[
            "NUMBER(10)", "NUMBER(12,2)", "VARCHAR2(255)", "NVARCHAR2(255)", "CHAR(1)", "CLOB", "BLOB", "DATE",
            "TIMESTAMP", "RAW(16)",
        ],
        Dialect::Clickhouse => &["UInt32", "UInt64", "Int32", "Int64", "Float64", "String", "Date", "DateTime", "UUID"],
        Dialect::Snowflake => &["NUMBER(38,0)", "FLOAT", "VARCHAR", "BOOLEAN", "DATE", "TIMESTAMP_NTZ", "VARIANT"],
    }
}

fn opt(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Primary key with `col` toggled in or out.
fn toggled_pk(t: &Table, col: ColumnId, on: bool) -> Option<PrimaryKey> {
    let mut cols = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    cols.retain(|c| *c != col);
    if on {
        cols.push(col);
    }
    (!cols.is_empty()).then(|| PrimaryKey { name: t.primary_key.as_ref().and_then(|p| p.name.clone()), columns: cols })
}

/// Unique constraints with a single-column one for `col` added or removed.
fn toggled_unique(t: &Table, col: ColumnId, on: bool) -> Vec<UniqueConstraint> {
    let mut u: Vec<UniqueConstraint> = t.uniques.iter().filter(|u| u.columns != [col]).cloned().collect();
    if on {
        u.push(UniqueConstraint { name: None, columns: vec![col] });
    }
    u
}

const ACTIONS: [FkAction; 5] = [FkAction::NoAction, FkAction::Restrict, FkAction::Cascade, FkAction::SetNull, FkAction::SetDefault];

#[component]
pub fn Inspector() -> impl IntoView {
    let app = expect_context::<App>();
    let current = Memo::new(move |_| {
        let sel = app.selected.get();
        match sel.as_slice() {
            [one] => app.schema.with(|s| s.table(*one).cloned()),
            _ => None,
        }
    });
    let dialect = Memo::new(move |_| app.schema.with(|s| s.dialect));

    view! {
        <section class="panel inspector" data-testid="inspector" aria-label="Inspector">
            <datalist id="type-suggestions">
                {move || type_suggestions(dialect.get()).iter().map(|t| view! { <option value={*t}></option> }).collect_view()}
            </datalist>
            {move || match current.get() {
                None => {
                    let n = app.selected.with(Vec::len);
                    view! {
                        <p class="muted">{if n > 1 { format!("{n} tables selected (Delete removes them, arrows move them)") } else { "Select a table to edit it. Drag a column onto another table's column to add a foreign key.".to_string() }}</p>
                    }.into_any()
                }
                Some(t) => table_editor(app, t).into_any(),
            }}
        </section>
    }
}

fn table_editor(app: App, t: Table) -> impl IntoView {
    let id = t.id;
    let schema_name = t.schema.clone();
    let columns = t.columns.clone();
    let fks: Vec<(usize, String, FkAction, FkAction)> = app.schema.with_untracked(|s| {
        t.foreign_keys
            .iter()
            .enumerate()
            .map(|(i, fk)| (i, describe_fk(s, &t, i), fk.on_delete, fk.on_update))
            .collect()
    });
    let indexes: Vec<(IndexId, String)> = t
        .indexes
        .iter()
        .map(|ix| {
            let cols: Vec<String> = ix
                .keys
                .iter()
                .map(|k| match &k.part {
                    IndexPart::Column(c) => t.column(*c).map(|c| c.name.clone()).unwrap_or_default(),
                    IndexPart::Expression(e) => e.clone(),
                })
                .collect();
            (ix.id, format!("{}{} ({})", if ix.unique { "unique " } else { "" }, ix.name.clone().unwrap_or_default(), cols.join(", ")))
        })
        .collect();
    let col_count = columns.len();
    let table_for_rows = t.clone();

    let add_column = move |_| {
        let Some(cid) = app.schema.try_update(|s| s.fresh_id()) else { return };
        let position = app.schema.with_untracked(|s| s.table(id).map(|t| t.columns.len()).unwrap_or(0));
        let mut c = Column::new(ColumnId(cid), format!("column_{cid}"), DataType::parse("text"));
        c.nullable = true;
        app.apply(Edit::AddColumn { table: id, column: c, position });
    };

    view! {
        <header class="panel-head"><h2>"Table"</h2></header>
        <label class="field">"Name "
            <input data-testid="table-name" aria-label="Table name" value=t.name.clone()
                on:change=move |ev| if let Some(v) = opt(event_target_value(&ev)) {
                    app.apply(Edit::RenameTable { table: id, schema: schema_name.clone(), name: v });
                } />
        </label>
        <label class="field">"Comment "
            <input aria-label="Table comment" value=t.comment.clone().unwrap_or_default()
                on:change=move |ev| app.apply(Edit::SetTableComment { table: id, comment: opt(event_target_value(&ev)) }) />
        </label>
        <label class="field">"Color "
            <input type="color" aria-label="Header color" value=t.color.clone().unwrap_or_else(|| "#4a6fa5".into())
                on:change=move |ev| app.apply(Edit::SetTableColor { table: id, color: opt(event_target_value(&ev)) }) />
            <button aria-label="Reset header color" on:click=move |_| app.apply(Edit::SetTableColor { table: id, color: None })>"Reset"</button>
        </label>
        <h3>"Columns"</h3>
        <table class="columns">
            <thead><tr><th>"Name"</th><th>"Type"</th><th title="NOT NULL">"NN"</th><th title="Primary key">"PK"</th><th title="Unique">"UQ"</th><th>"Default"</th><th></th></tr></thead>
            <tbody>
                {columns.into_iter().enumerate().map(|(i, c)| {
                    let cid = c.id;
                    let tpk = table_for_rows.clone();
                    let tuq = table_for_rows.clone();
                    let pk = table_for_rows.is_pk_column(cid);
                    let uq = table_for_rows.uniques.iter().any(|u| u.columns == [cid]);
                    view! {
                        <tr data-testid="inspector-column" data-column=c.name.clone()>
                            <td><input data-testid="column-name" aria-label=format!("Name of column {}", c.name) value=c.name.clone()
                                on:change=move |ev| if let Some(v) = opt(event_target_value(&ev)) { app.apply(Edit::RenameColumn { column: cid, name: v }) } /></td>
                            <td><input class="type" list="type-suggestions" aria-label=format!("Type of column {}", c.name) value=c.data_type.raw.clone()
                                on:change=move |ev| if let Some(v) = opt(event_target_value(&ev)) { app.apply(Edit::SetColumnType { column: cid, data_type: DataType::parse(&v) }) } /></td>
                            <td><input type="checkbox" aria-label=format!("{} not null", c.name) prop:checked={!c.nullable}
                                on:change=move |ev| app.apply(Edit::SetColumnNullable { column: cid, nullable: !event_target_checked(&ev) }) /></td>
                            <td><input type="checkbox" aria-label=format!("{} in primary key", c.name) prop:checked=pk
                                on:change=move |ev| app.apply(Edit::SetPrimaryKey { table: id, primary_key: toggled_pk(&tpk, cid, event_target_checked(&ev)) }) /></td>
                            <td><input type="checkbox" aria-label=format!("{} unique", c.name) prop:checked=uq
                                on:change=move |ev| app.apply(Edit::SetUniques { table: id, uniques: toggled_unique(&tuq, cid, event_target_checked(&ev)) }) /></td>
                            <td><input class="default" aria-label=format!("Default of column {}", c.name) value=c.default.clone().unwrap_or_default()
                                on:change=move |ev| app.apply(Edit::SetColumnDefault { column: cid, default: opt(event_target_value(&ev)) }) /></td>
                            <td class="actions">
                                <button aria-label=format!("Move {} up", c.name) prop:disabled={i == 0}
                                    on:click=move |_| app.apply(Edit::MoveColumn { column: cid, position: i.saturating_sub(1) })>"↑"</button>
                                <button aria-label=format!("Move {} down", c.name) prop:disabled={i + 1 >= col_count}
                                    on:click=move |_| app.apply(Edit::MoveColumn { column: cid, position: i + 1 })>"↓"</button>
                                <button aria-label=format!("Delete column {}", c.name)
                                    on:click=move |_| app.apply(Edit::DeleteColumn { column: cid })>"✕"</button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <button data-testid="add-column" on:click=add_column>"Add column"</button>
        <h3>"Foreign keys"</h3>
        <ul class="fks">
            {fks.into_iter().map(|(i, label, on_delete, on_update)| {
                let t1 = table_for_rows.clone();
                let t2 = table_for_rows.clone();
                let set = move |t: &Table, del: Option<FkAction>, upd: Option<FkAction>| {
                    if let Some(fk) = t.foreign_keys.get(i) {
                        let mut fk = fk.clone();
                        if let Some(a) = del { fk.on_delete = a; }
                        if let Some(a) = upd { fk.on_update = a; }
                        app.apply(Edit::ReplaceForeignKey { table: id, position: i, foreign_key: fk });
                    }
                };
                view! {
                    <li data-testid="inspector-fk">
                        <span>{label}</span>
                        <label>" on delete "
                            <select aria-label="On delete" on:change=move |ev| {
                                let a = event_target_value(&ev).parse::<usize>().ok().and_then(|k| ACTIONS.get(k).copied());
                                set(&t1, a, None);
                            }>
                                {ACTIONS.iter().enumerate().map(|(k, a)| view! { <option value=k.to_string() selected={*a == on_delete}>{a.as_sql()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>" on update "
                            <select aria-label="On update" on:change=move |ev| {
                                let a = event_target_value(&ev).parse::<usize>().ok().and_then(|k| ACTIONS.get(k).copied());
                                set(&t2, None, a);
                            }>
                                {ACTIONS.iter().enumerate().map(|(k, a)| view! { <option value=k.to_string() selected={*a == on_update}>{a.as_sql()}</option> }).collect_view()}
                            </select>
                        </label>
                        <button aria-label="Delete foreign key" on:click=move |_| app.apply(Edit::DeleteForeignKey { table: id, position: i })>"✕"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
        <h3>"Indexes"</h3>
        <ul class="indexes">
            {indexes.into_iter().map(|(ix, label)| view! {
                <li data-testid="inspector-index">
                    <span>{label}</span>
                    <button aria-label="Delete index" on:click=move |_| app.apply(Edit::DeleteIndex { table: id, index: ix })>"✕"</button>
                </li>
            }).collect_view()}
        </ul>
        <IndexAdder id table=t />
    }
}

/// Adds an index on one column of the table.
#[component]
fn IndexAdder(id: TableId, table: Table) -> impl IntoView {
    let app = expect_context::<App>();
    let choice = RwSignal::new(table.columns.first().map(|c| c.id.0).unwrap_or(0));
    let unique = RwSignal::new(false);
    let add = move |_| {
        let col = ColumnId(choice.get_untracked());
        let Some(ix) = app.schema.try_update(|s| s.fresh_id()) else { return };
        let name = app.schema.with_untracked(|s| {
            let t = s.table(id)?;
            Some(format!("{}_{}_idx", t.name, t.column(col)?.name))
        });
        let Some(name) = name else { return };
        app.apply(Edit::PutIndex {
            table: id,
            index: Index {
                id: IndexId(ix),
                name: Some(name),
                unique: unique.get_untracked(),
                keys: vec![IndexKey { part: IndexPart::Column(col), descending: false }],
                method: None,
                predicate: None,
                include: Vec::new(),
                span: None,
            },
        });
    };
    view! {
        <div class="index-adder">
            <select aria-label="Column to index" on:change=move |ev| if let Ok(v) = event_target_value(&ev).parse() { choice.set(v) }>
                {table.columns.iter().map(|c| view! { <option value=c.id.0.to_string()>{c.name.clone()}</option> }).collect_view()}
            </select>
            <label><input type="checkbox" aria-label="Unique index" on:change=move |ev| unique.set(event_target_checked(&ev)) />" unique"</label>
            <button aria-label="Add index" on:click=add>"Add index"</button>
        </div>
    }
}
