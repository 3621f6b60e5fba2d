//! The inspector's Normalization section for the selected table: declared FDs in, keys, normal
//! form, violations and both decompositions out (`analysis::fd::view`), "Apply" as one undo step.

use super::review;
use super::state::App;
use crate::analysis::fd::{Sample, discover_for_table};
use crate::analysis::fd::view::{NormalizationView, ProposalKind, ProposalView, normalization_view, proposal_edits};
use crate::schema::TableId;
use leptos::prelude::*;

fn list(items: &[String]) -> String {
    if items.is_empty() { "none".into() } else { items.join("; ") }
}

#[component]
pub fn NormalizationSection(id: TableId) -> impl IntoView {
    let app = expect_context::<App>();
    // What the textarea holds: analysed as the user types, saved into the project on change
    // (saving re-runs the whole review, too much for every keystroke on a large schema).
    let draft = RwSignal::new(app.analysis.with_untracked(|c| c.declared_fds(id).to_string()));
    let shown = Memo::new(move |_| app.schema.with(|s| s.table(id).map(|t| draft.with(|d| normalization_view(t, d)))));
    let commit = move |text: String| app.analysis.update(|c| c.set_declared_fds(id, &text));
    let apply = move |kind: ProposalKind| {
        commit(draft.get_untracked());
        match app.schema.with_untracked(|s| draft.with_untracked(|d| proposal_edits(s, id, d, kind))) {
            Ok(edits) => review::apply_fix(app, edits),
            Err(e) => app.status.set(e),
        }
    };
    view! {
        <section class="normalization" data-testid="normalization" aria-label="Normalization">
            <h3>"Normalization"</h3>
            <label class="fd-label">"Functional dependencies, one per line (" <code>"a, b -> c"</code> ")"
                <textarea data-testid="fd-input" aria-label="Functional dependencies" rows="3" spellcheck="false"
                    placeholder="dept_id -> dept_name"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:change=move |ev| commit(event_target_value(&ev))></textarea>
            </label>
            <SampleSuggestions id draft commit />
            {move || match shown.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <p class="fd-error" data-testid="fd-error">{e}</p> }.into_any(),
                Some(Ok(v)) => report(v, apply).into_any(),
            }}
        </section>
    }
}

fn report(v: NormalizationView, apply: impl Fn(ProposalKind) + Copy + Send + Sync + 'static) -> impl IntoView {
    let keys: Vec<String> = v.keys.iter().map(|k| format!("({})", k.join(", "))).collect();
    let next = v.next;
    view! {
        <ul class="fd-errors">
            {v.errors.iter().map(|e| view! { <li class="fd-error" data-testid="fd-error">{e.to_string()}</li> }).collect_view()}
        </ul>
        <dl class="fd-facts">
            <dt>"From keys"</dt><dd data-testid="fd-seeds">{list(&v.seeds)}</dd>
            <dt>"Candidate keys"</dt><dd data-testid="fd-keys">{list(&keys)}{v.keys_truncated.then_some(" (truncated)")}</dd>
            <dt>"Prime attributes"</dt><dd data-testid="fd-prime">{list(&v.prime)}</dd>
            <dt>"Minimal cover"</dt><dd data-testid="fd-cover">{list(&v.cover)}</dd>
            <dt>"Normal form"</dt><dd><strong data-testid="normal-form">{v.normal_form.label()}</strong></dd>
        </dl>
        {next.map(|next| view! {
            <p class="muted">{format!("Violating {next}:")}</p>
            <ul class="fd-violations">
                {v.violations.iter().map(|x| view! {
                    <li data-testid="fd-violation"><code>{x.fd.clone()}</code> " " <span class="muted">{x.why.clone()}</span></li>
                }).collect_view()}
            </ul>
        })}
        {v.proposals.into_iter().map(|p| proposal(p, apply)).collect_view()}
    }
}

fn proposal(p: ProposalView, apply: impl Fn(ProposalKind) + Copy + Send + Sync + 'static) -> impl IntoView {
    let kind = p.kind;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let lost = if p.lost.is_empty() { String::new() } else { format!(" (lost: {})", p.lost.join("; ")) };
    view! {
        <div class="fd-proposal" data-testid="fd-proposal" data-kind=kind.id()>
            <h4>{kind.title()}</h4>
            <p data-testid="fd-proposal-verdict">
                {format!("lossless (chase): {} · dependency preserving: {}{lost}", yes_no(p.lossless), yes_no(p.preserving))}
            </p>
            <ol>
                {p.relations.iter().map(|r| view! {
                    <li>{format!("({})", r.columns.join(", "))} " " <span class="muted">{format!("key ({})", r.key.join(", "))}</span></li>
                }).collect_view()}
            </ol>
            <button data-testid="apply-proposal" aria-label=format!("Apply {}", kind.title())
                prop:disabled=p.blocked.is_some() title=p.blocked.unwrap_or("Split the table as proposed (one undo step)")
                on:click=move |_| apply(kind)>"Apply"</button>
        </div>
    }
}

/// FD discovery from sample data: the `INSERT … VALUES` rows of this table in the pasted text, or
/// a CSV pasted here. The dependencies that hold exactly on the rows are offered one by one; "Add"
/// appends one to the declared FDs (nothing is declared without the user's click).
#[component]
fn SampleSuggestions(id: TableId, draft: RwSignal<String>, commit: impl Fn(String) + Copy + Send + Sync + 'static) -> impl IntoView {
    let app = expect_context::<App>();
    let csv = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Result<(Vec<String>, Vec<String>), String>>);
    let run = move |from_csv: bool| {
        let text = if from_csv { csv.get_untracked() } else { app.text.get_untracked() };
        let result = app.schema.with_untracked(|s| match s.table(id) {
            Some(t) => discover_for_table(s, &t.name, if from_csv { Sample::Csv(&text) } else { Sample::Inserts(&text) }),
            None => Err("the table is gone".into()),
        });
        found.set(Some(result));
    };
    let add = move |fd: String| {
        let mut text = draft.get_untracked();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&fd);
        draft.set(text.clone());
        commit(text);
    };
    view! {
        <details class="fd-sample" data-testid="fd-sample">
            <summary>"Suggest from sample data"</summary>
            <button data-testid="fd-discover-inserts" aria-label="Suggest dependencies from the INSERT rows in the text" on:click=move |_| run(false)>"From INSERT rows in the text"</button>
            <label>"or CSV with a header row"
                <textarea data-testid="fd-csv" aria-label="Sample rows as CSV" rows="3" spellcheck="false" placeholder="id,dept_id,dept_name"
                    prop:value=move || csv.get() on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
            </label>
            <button data-testid="fd-discover-csv" aria-label="Suggest dependencies from the CSV" on:click=move |_| run(true)>"From CSV"</button>
            {move || found.get().map(|r| match r {
                Err(e) => view! { <p class="fd-error" data-testid="fd-sample-error">{e}</p> }.into_any(),
                Ok((fds, notes)) => view! {
                    <p class="muted" data-testid="fd-sample-notes">{notes.join(" · ")}</p>
                    {fds.is_empty().then(|| view! { <p class="muted">"No non-trivial dependency holds on these rows."</p> })}
                    <ul class="fd-suggestions">
                        {fds.into_iter().map(|fd| {
                            let (f, g) = (fd.clone(), fd.clone());
                            // Follows the FD text, so a suggestion just added cannot be added twice.
                            let declared = move || draft.with(|d| d.lines().any(|l| l.trim() == g));
                            view! {
                                <li data-testid="fd-suggestion"><code>{fd.clone()}</code> " "
                                    <button aria-label=format!("Declare {fd}") prop:disabled=declared on:click=move |_| add(f.clone())>"Add"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </details>
    }
}
