//! The inspector: edits the selected table through `edit::apply` (every change is one undo step).

use super::state::{App, describe_fk};
use crate::canvas::{Item, Selection};
use crate::edit::Edit;
use crate::edit::forms::{self, EnumValueOp, toggled_pk, toggled_unique};
use crate::schema::{
    Column, ColumnId, DataType, FkAction, Index, IndexId, IndexKey, IndexPart, Table, TableId,
};
use leptos::prelude::*;

fn opt(s: String) -> Option<String> {
    forms::non_empty(&s)
}

const ACTIONS: [FkAction; 5] = forms::FK_ACTIONS;

#[component]
pub fn Inspector() -> impl IntoView {
    let app = expect_context::<App>();
    let current = Memo::new(move |_| {
        let one = app.selected.with(Selection::single_table)?;
        app.schema.with(|s| s.table(one).cloned())
    });
    let dialect = Memo::new(move |_| app.schema.with(|s| s.dialect));
    let current_view = Memo::new(move |_| {
        let one = app.selected.with(|s| match s.views.as_slice() {
            [one] if s.tables.is_empty() && s.notes.is_empty() => Some(*one),
            _ => None,
        })?;
        app.schema.with(|s| s.views.iter().find(|v| v.id == one).cloned())
    });

    view! {
        <section class="panel inspector" data-testid="inspector" aria-label="Inspector">
            <datalist id="type-suggestions">
                {move || app.schema.with(|s| forms::type_suggestions(dialect.get(), s)).into_iter().map(|t| view! { <option value=t></option> }).collect_view()}
            </datalist>
            // A refused edit re-renders the fields from the model.
            {move || { app.refusals.track(); match (current.get(), current_view.get()) {
                (None, Some(v)) => view_editor(app, v).into_any(),
                (None, None) => {
                    let (n, tables) = app.selected.with(|s| (s.len(), s.tables.len()));
                    let what = if n == tables { "tables" } else { "items" };
                    view! {
                        <p class="muted">{if n > 1 { format!("{n} {what} selected (Delete removes them, arrows move them)") } else { "Select a table to edit it. Drag a column onto another table's column to add a foreign key.".to_string() }}</p>
                    }.into_any()
                }
                (Some(t), _) => table_editor(app, t).into_any(),
            }}}
            <EnumEditor />
        </section>
    }
}

/// A view: what it reads and its query (edited in the text), and its deletion (the text loses
/// its statement; a view another view reads, or that is read, says so instead).
fn view_editor(app: App, v: crate::schema::View) -> impl IntoView {
    let id = v.id;
    let reads = app.schema.with_untracked(|s| v.reads.iter().filter_map(|t| s.table(*t)).map(|t| t.qualified_name()).collect::<Vec<_>>().join(", "));
    view! {
        <header class="panel-head"><h2>{if v.materialized { "Materialized view" } else { "View" }}</h2></header>
        <p data-testid="view-name"><strong>{v.qualified_name()}</strong></p>
        <p class="muted">"Reads: " {reads}</p>
        <pre class="view-definition" data-testid="view-definition">{v.definition.clone()}</pre>
        <p class="muted">"Its query is edited in the SQL text."</p>
        <button data-testid="delete-view" aria-label="Delete view" title="Delete this view and the statements about it (undo brings them back)"
            on:click=move |_| {
                app.apply(Edit::DeleteView { view: id });
                app.schema.with_untracked(|s| app.selected.update(|sel| sel.retain_in(s)));
            }>"Delete view"</button>
    }
}

/// The editor of one table: name, comment, color, its columns, foreign keys and indexes, and
/// the forms that add to them.
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
    let col_count = columns.len();
    let table_for_rows = t.clone();
    let add_column = move |_| add_new_column(app, id);

    view! {
        <header class="panel-head"><h2>"Table"</h2></header>
        <label class="field">"Name "
            <input data-testid="table-name" aria-label="Table name" prop:value=t.name.clone()
                on:change=move |ev| if let Some(v) = opt(event_target_value(&ev)) {
                    app.apply(Edit::RenameTable { table: id, schema: schema_name.clone(), name: v });
                } />
        </label>
        <label class="field">"Comment "
            <input aria-label="Table comment" prop:value=t.comment.clone().unwrap_or_default()
                on:change=move |ev| app.apply(Edit::SetTableComment { table: id, comment: opt(event_target_value(&ev)) }) />
        </label>
        <label class="field">"Color "
            <input type="color" aria-label="Header color" prop:value=t.color.clone().unwrap_or_else(|| "#4a6fa5".into())
                on:change=move |ev| app.apply(Edit::SetTableColor { table: id, color: opt(event_target_value(&ev)) }) />
            <button aria-label="Reset header color" on:click=move |_| app.apply(Edit::SetTableColor { table: id, color: None })>"Reset"</button>
        </label>
        <button data-testid="duplicate-table" aria-label="Duplicate table" on:click=move |_| {
            if let Some(Some(copy)) = app.schema.try_update(|s| forms::duplicate_table(s, id)) {
                let new = copy.id;
                app.apply(Edit::AddTable { table: copy });
                app.selected.set(Selection::only(Item::Table(new)));
            }
        }>"Duplicate"</button>
        <button data-testid="delete-table" aria-label="Delete table" title="Delete this table (its foreign keys in other tables go too; undo brings all back)"
            on:click=move |_| {
                app.apply(Edit::DeleteTable { table: id });
                app.schema.with_untracked(|s| app.selected.update(|sel| sel.retain_in(s)));
            }>"Delete table"</button>
        <h3>"Columns"</h3>
        <div class="columns-scroll">
        <table class="columns">
            <thead><tr><th>"Name"</th><th>"Type"</th><th title="NOT NULL">"NN"</th><th title="Primary key">"PK"</th><th title="Unique">"UQ"</th><th>"Default"</th><th></th></tr></thead>
            <tbody>
                {columns.into_iter().enumerate().map(|(i, c)| column_row(app, &table_for_rows, i, c, col_count)).collect_view()}
            </tbody>
        </table>
        </div>
        <button data-testid="add-column" on:click=add_column>"Add column"</button>
        <h3>"Foreign keys"</h3>
        <ul class="fks">
            {fks.into_iter().map(|(i, label, on_delete, on_update)| fk_row(app, &table_for_rows, i, label, on_delete, on_update)).collect_view()}
        </ul>
        <h3>"Indexes"</h3>
        <ul class="indexes">
            {t.indexes.iter().cloned().map(|ix| index_row(app, table_for_rows.clone(), ix)).collect_view()}
        </ul>
        <IndexAdder id table=t.clone() />
        <FkForm id table=t />
        {super::objects::on_table(app, id)}
        <super::normalize::NormalizationSection id />
    }
}

/// Adds a column `new_column` (or `new_column_2`, …) at the end of table `id`, with its name
/// ready to type over.
fn add_new_column(app: App, id: TableId) {
    let Some(cid) = app.schema.try_update(|s| s.fresh_id()) else { return };
    let (position, name) = app.schema.with_untracked(|s| {
        let t = s.table(id);
        let free = |n: &String| t.is_none_or(|t| t.column_by_name(n).is_none());
        let name = (1..).map(|i| if i == 1 { "new_column".to_string() } else { format!("new_column_{i}") }).find(free).unwrap_or_default();
        (t.map(|t| t.columns.len()).unwrap_or(0), name)
    });
    let mut c = Column::new(ColumnId(cid), name.clone(), DataType::parse("text"));
    c.nullable = true;
    app.apply(Edit::AddColumn { table: id, column: c, position });
    let selector = format!("[data-testid=\"inspector\"] [data-testid=\"inspector-column\"][data-column=\"{name}\"] [data-testid=\"column-name\"]");
    super::browser::later(0, move || super::browser::focus_and_select(&selector));
}

/// The row of column `c` (the `i`th of `col_count`) of table `t`: name, type, NOT NULL, key
/// and unique toggles, default, and move/delete buttons.
fn column_row(app: App, t: &Table, i: usize, c: Column, col_count: usize) -> impl IntoView + use<> {
    let id = t.id;
    let cid = c.id;
    let tpk = t.clone();
    let tuq = t.clone();
    let pk = t.is_pk_column(cid);
    let uq = t.uniques.iter().any(|u| u.columns == [cid]);
    view! {
        <tr data-testid="inspector-column" data-column=c.name.clone()>
            <td><input data-testid="column-name" aria-label=format!("Name of column {}", c.name) prop:value=c.name.clone()
                on:change=move |ev| if let Some(v) = opt(event_target_value(&ev)) { app.apply(Edit::RenameColumn { column: cid, name: v }) } /></td>
            <td><input class="type" list="type-suggestions" aria-label=format!("Type of column {}", c.name) prop:value=c.data_type.raw.clone()
                on:change=move |ev| if let Some(v) = opt(event_target_value(&ev)) { app.apply(Edit::SetColumnType { column: cid, data_type: DataType::parse(&v) }) } /></td>
            <td><input type="checkbox" aria-label=format!("{} not null", c.name) prop:checked={!c.nullable}
                on:change=move |ev| app.apply(Edit::SetColumnNullable { column: cid, nullable: !event_target_checked(&ev) }) /></td>
            <td><input type="checkbox" aria-label=format!("{} in primary key", c.name) prop:checked=pk
                on:change=move |ev| app.apply(Edit::SetPrimaryKey { table: id, primary_key: toggled_pk(&tpk, cid, event_target_checked(&ev)) }) /></td>
            <td><input type="checkbox" aria-label=format!("{} unique", c.name) prop:checked=uq
                on:change=move |ev| app.apply(Edit::SetUniques { table: id, uniques: toggled_unique(&tuq, cid, event_target_checked(&ev)) }) /></td>
            <td><input class="default" aria-label=format!("Default of column {}", c.name) prop:value=c.default.clone().unwrap_or_default()
                on:change=move |ev| app.apply(Edit::SetColumnDefault { column: cid, default: opt(event_target_value(&ev)) }) /></td>
            <td class="actions">
                <button aria-label=format!("Move {} up", c.name) prop:disabled={i == 0}
                    on:click=move |_| app.apply(Edit::MoveColumn { column: cid, position: i.saturating_sub(1) })>"↑"</button>
                <button aria-label=format!("Move {} down", c.name) prop:disabled={i + 1 >= col_count}
                    on:click=move |_| app.apply(Edit::MoveColumn { column: cid, position: i + 1 })>"↓"</button>
                <button data-testid="delete-column" aria-label=format!("Delete column {}", c.name)
                    on:click=move |_| app.apply(Edit::DeleteColumn { column: cid })>"✕"</button>
            </td>
        </tr>
    }
}

/// The row of the `i`th foreign key of table `t` (described by `label`): its ON DELETE and ON
/// UPDATE actions as selects, and a delete button.
fn fk_row(app: App, t: &Table, i: usize, label: String, on_delete: FkAction, on_update: FkAction) -> impl IntoView + use<> {
    let id = t.id;
    let t1 = t.clone();
    let t2 = t.clone();
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
                keys: vec![IndexKey { part: IndexPart::Column(col), descending: false, extra: None }],
                method: None,
                predicate: None,
                include: Vec::new(),
                span: None,
                options: None,
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

/// One index: its key list as text, unique, method (as the dialect allows) and partial predicate.
fn index_row(app: App, t: Table, ix: Index) -> impl IntoView {
    let id = t.id;
    let dialect = app.schema.with_untracked(|s| s.dialect);
    let keys = forms::index_keys_text(&t, &ix);
    let label = ix.name.clone().unwrap_or_else(|| keys.clone());
    let methods = forms::method_choices(dialect, &ix);
    let current_method = ix.method.clone().unwrap_or_default();
    let table = t.clone();
    let (a, b, c, d) = (ix.clone(), ix.clone(), ix.clone(), ix.clone());
    let ix_id = ix.id;
    view! {
        <li data-testid="inspector-index" data-index=label.clone()>
            <strong>{label.clone()}</strong>
            <input data-testid="index-columns" aria-label=format!("Columns of index {label}") prop:value=keys
                on:change=move |ev| match forms::parse_index_keys(&table, &event_target_value(&ev)) {
                    Ok(keys) => app.apply(Edit::PutIndex { table: id, index: Index { keys, ..a.clone() } }),
                    Err(e) => app.status.set(format!("Edit refused: {e}")),
                } />
            <label><input type="checkbox" data-testid="index-unique" aria-label=format!("Index {label} unique") prop:checked=ix.unique
                on:change=move |ev| app.apply(Edit::PutIndex { table: id, index: Index { unique: event_target_checked(&ev), ..b.clone() } }) />" unique"</label>
            <select data-testid="index-method" aria-label=format!("Method of index {label}")
                on:change=move |ev| app.apply(Edit::PutIndex { table: id, index: forms::with_method(&c, &event_target_value(&ev)) })>
                <option value="" selected=current_method.is_empty()>"default"</option>
                {methods.into_iter().map(|m| { let sel = m == current_method; view! { <option value=m.clone() selected=sel>{m.clone()}</option> } }).collect_view()}
            </select>
            {forms::partial_indexes(dialect).then(|| view! {
                <input data-testid="index-predicate" aria-label=format!("WHERE predicate of index {label}") placeholder="WHERE …"
                    prop:value=ix.predicate.clone().unwrap_or_default()
                    on:change=move |ev| app.apply(Edit::PutIndex { table: id, index: forms::with_predicate(&d, &event_target_value(&ev)) }) />
            })}
            <button aria-label=format!("Delete index {label}") on:click=move |_| app.apply(Edit::DeleteIndex { table: id, index: ix_id })>"✕"</button>
        </li>
    }
}

/// Creates a foreign key from this table: pick the referenced table, then column pairs.
#[component]
fn FkForm(id: TableId, table: Table) -> impl IntoView {
    let app = expect_context::<App>();
    let target = RwSignal::new(None::<TableId>);
    let pairs = RwSignal::new(Vec::<(Option<ColumnId>, Option<ColumnId>)>::new());
    let on_delete = RwSignal::new(FkAction::NoAction);
    let on_update = RwSignal::new(FkAction::NoAction);
    let targets = Memo::new(move |_| app.schema.with(|s| s.tables.iter().map(|t| (t.id, t.qualified_name())).collect::<Vec<_>>()));
    let target_columns = Memo::new(move |_| {
        target.get().map(|tid| app.schema.with(|s| s.table(tid).map(|t| t.columns.iter().map(|c| (c.id, c.name.clone())).collect::<Vec<_>>()).unwrap_or_default())).unwrap_or_default()
    });
    let own: Vec<(ColumnId, String)> = table.columns.iter().map(|c| (c.id, c.name.clone())).collect();
    let table_for_guess = table.clone();
    let pick_target = move |v: String| {
        let tid = v.parse::<u32>().ok().map(TableId);
        target.set(tid);
        let guess = tid.and_then(|tid| app.schema.with_untracked(|s| s.table(tid).map(|r| forms::guess_fk_pairs(&table_for_guess, r))));
        pairs.set(guess.unwrap_or_default().into_iter().map(|(a, b)| (a, Some(b))).collect());
    };
    let create = move |_| {
        let Some(tid) = target.get_untracked() else { app.status.set("Choose the referenced table".into()); return };
        let result = app.schema.with_untracked(|s| {
            forms::foreign_key_from_form(s, id, tid, &pairs.get_untracked(), on_delete.get_untracked(), on_update.get_untracked())
                .map(|fk| (fk, s.table(id).map(|t| t.foreign_keys.len()).unwrap_or(0)))
        });
        match result {
            Ok((foreign_key, position)) => app.apply(Edit::AddForeignKey { table: id, foreign_key, position }),
            Err(e) => app.status.set(format!("Edit refused: {e}")),
        }
    };
    let action_select = move |label: &'static str, testid: &'static str, sig: RwSignal<FkAction>| view! {
        <select data-testid=testid aria-label=label on:change=move |ev| {
            if let Some(a) = event_target_value(&ev).parse::<usize>().ok().and_then(|k| ACTIONS.get(k).copied()) { sig.set(a) }
        }>
            {ACTIONS.iter().enumerate().map(|(k, a)| view! { <option value=k.to_string()>{a.as_sql()}</option> }).collect_view()}
        </select>
    };
    view! {
        <details class="fk-form" data-testid="fk-form">
            <summary>"Add foreign key"</summary>
            <label>"References "
                <select data-testid="fk-target" aria-label="Referenced table" on:change=move |ev| pick_target(event_target_value(&ev))>
                    <option value="">"choose a table"</option>
                    {move || targets.get().into_iter().map(|(tid, n)| view! { <option value=tid.0.to_string()>{n}</option> }).collect_view()}
                </select>
            </label>
            {move || {
                let own = own.clone();
                pairs.get().into_iter().enumerate().map(|(i, (a, b))| {
                    let own = own.clone();
                    view! {
                        <div class="fk-pair" data-testid="fk-pair">
                            <select data-testid="fk-column" aria-label=format!("Referencing column {}", i + 1)
                                on:change=move |ev| { let v = event_target_value(&ev).parse::<u32>().ok().map(ColumnId); pairs.update(|p| if let Some(x) = p.get_mut(i) { x.0 = v }) }>
                                <option value="" selected=a.is_none()>"column"</option>
                                {own.into_iter().map(|(cid, n)| view! { <option value=cid.0.to_string() selected={a == Some(cid)}>{n}</option> }).collect_view()}
                            </select>
                            " → "
                            <select data-testid="fk-ref-column" aria-label=format!("Referenced column {}", i + 1)
                                on:change=move |ev| { let v = event_target_value(&ev).parse::<u32>().ok().map(ColumnId); pairs.update(|p| if let Some(x) = p.get_mut(i) { x.1 = v }) }>
                                <option value="" selected=b.is_none()>"column"</option>
                                {target_columns.get_untracked().into_iter().map(|(cid, n)| view! { <option value=cid.0.to_string() selected={b == Some(cid)}>{n}</option> }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()
            }}
            <button data-testid="fk-add-pair" aria-label="Add column pair" on:click=move |_| pairs.update(|p| p.push((None, None)))>"+ pair"</button>
            <label>" on delete " {action_select("On delete (new foreign key)", "fk-on-delete", on_delete)}</label>
            <label>" on update " {action_select("On update (new foreign key)", "fk-on-update", on_update)}</label>
            <button data-testid="fk-create" aria-label="Create foreign key" on:click=create>"Create"</button>
        </details>
    }
}

/// The schema's enum types: add one, rename it, add / rename / remove / reorder its values.
#[component]
fn EnumEditor() -> impl IntoView {
    let app = expect_context::<App>();
    let enums = Memo::new(move |_| app.schema.with(|s| s.enums.clone()));
    let put = move |e: &crate::schema::EnumType, op: EnumValueOp| match forms::edit_enum_values(e, op) {
        Ok(value) => app.apply(Edit::PutEnum { value }),
        Err(err) => app.status.set(format!("Edit refused: {err}")),
    };
    let add_enum = move |_| {
        if let Some(value) = app.schema.try_update(forms::new_enum) {
            app.apply(Edit::PutEnum { value });
        }
    };
    view! {
        // Folded by default, so the review below stays in view.
        <details class="enum-editor" data-testid="enum-editor">
            <summary><h3>"Enum types " <span class="group-count">{move || enums.with(Vec::len)}</span></h3></summary>
            {move || enums.get().into_iter().map(|e| {
                let eid = e.id;
                let n = e.values.len();
                let (e1, e2) = (e.clone(), e.clone());
                view! {
                    <div class="enum" data-testid="enum" data-enum=e.name.clone()>
                        <input data-testid="enum-name" aria-label=format!("Name of enum {}", e.name) prop:value=e.name.clone()
                            on:change=move |ev| if let Some(v) = opt(event_target_value(&ev))
                                && let Some(edit) = app.schema.with_untracked(|s| forms::rename_enum(s, eid, &v)) { app.apply(edit) } />
                        <button aria-label=format!("Delete enum {}", e.name) on:click=move |_| app.apply(Edit::DeleteEnum { id: eid })>"✕"</button>
                        <ol>
                            {e.values.iter().cloned().enumerate().map(|(i, v)| {
                                let (a, b, c, d) = (e1.clone(), e1.clone(), e1.clone(), e1.clone());
                                view! {
                                    <li data-testid="enum-value" data-value=v.clone()>
                                        <input data-testid="enum-value-name" aria-label=format!("Enum value {v}") prop:value=v.clone()
                                            on:change=move |ev| put(&a, EnumValueOp::Rename(i, event_target_value(&ev).trim().to_string())) />
                                        <button aria-label=format!("Move {v} up") prop:disabled={i == 0} on:click=move |_| put(&b, EnumValueOp::Move(i, i.saturating_sub(1)))>"↑"</button>
                                        <button aria-label=format!("Move {v} down") prop:disabled={i + 1 >= n} on:click=move |_| put(&c, EnumValueOp::Move(i, i + 1))>"↓"</button>
                                        <button aria-label=format!("Remove value {v}") on:click=move |_| put(&d, EnumValueOp::Remove(i))>"✕"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        <input data-testid="new-enum-value" aria-label=format!("New value for enum {}", e.name) placeholder="new value"
                            on:keydown=move |ev| if ev.key() == "Enter" {
                                let v = event_target_value(&ev).trim().to_string();
                                put(&e2, EnumValueOp::Add(v));
                            } />
                    </div>
                }
            }).collect_view()}
            <button data-testid="add-enum" aria-label="Add enum type" on:click=add_enum>"Add enum"</button>
        </details>
    }
}
