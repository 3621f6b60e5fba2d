//! The Changes panel: while it is open the diagram marks what changed since the baseline
//! (`App::changes`, from `export::diff_marks`) — added, renamed and changed boxes and rows in
//! their colours, dropped columns as ghost rows, dropped tables as ghost boxes — with a legend,
//! the list of changes to step through (each one centred on the diagram), the migration's
//! hazards beside it, and the marked diagram as SVG, PNG or Mermaid.

use super::browser;
use super::migration::hazard_list;
use super::state::App;
use crate::canvas::Item;
use crate::export::diff_marks::{GhostLayout, Mark, Marks, Place};
use crate::export;
use leptos::prelude::*;

/// At most this many changes are listed (a schema against an empty one has thousands).
const LIST_MAX: usize = 1000;

/// Brings change `i` into view: its table (with its column highlighted) or view selected and
/// centred, a dropped table's ghost centred.
fn go(app: App, i: usize) {
    let item = app.changes.with_untracked(|m| m.as_ref().and_then(|m| m.items.get(i).map(|it| (it.place, it.column))));
    let Some((place, column)) = item else { return };
    match place {
        Place::Table(id) => {
            app.reveal(id);
            app.highlighted.set(column.into_iter().collect());
        }
        Place::View(id) => app.reveal_item(Item::View(id)),
        Place::Removed(k) => {
            let rect = app.changes.with_untracked(|m| m.as_ref().and_then(|m| app.layout.with_untracked(|l| GhostLayout::of(l, m).tables.get(k).copied())));
            if let Some(r) = rect {
                app.selected.set(Default::default());
                app.center_on(r);
            }
        }
        Place::Elsewhere => app.status.set("This change is not drawn on the diagram (a schema, type, sequence or object of no table)".into()),
    }
}

/// The marked diagram as an SVG document and its size.
fn marked_svg(app: App) -> Option<(String, (f64, f64))> {
    app.changes.with_untracked(|m| {
        let m = m.as_ref()?;
        app.schema.with_untracked(|s| {
            app.layout.with_untracked(|l| {
                let d = export::svg::Diffed::new(l, m);
                Some((export::svg::render_marked(s, l, Some(&d)), export::svg::marked_size(l, &s.notes, &d)))
            })
        })
    })
}

#[component]
pub fn ChangesPanel() -> impl IntoView {
    let app = expect_context::<App>();
    let current = RwSignal::new(None::<usize>);
    let count = Memo::new(move |_| app.changes.with(|m| m.as_ref().map_or(0, |m| m.items.len())));
    // The hazards of the plan whose changes the diagram marks.
    let hazards = Memo::new(move |_| app.change_plan.with(|p| p.as_ref().map(|p| p.hazards.clone()).unwrap_or_default()));
    let step = move |forward: bool| {
        let n = count.get_untracked();
        if n == 0 {
            return;
        }
        let i = match current.get_untracked() {
            None if forward => 0,
            None => n - 1,
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
        };
        current.set(Some(i));
        go(app, i);
    };
    let name = move || app.name.get_untracked();
    let download_svg = move |_| {
        let Some((svg, _)) = marked_svg(app) else { return };
        if let Err(e) = browser::download(&format!("{}.changes.svg", name()), &svg, "image/svg+xml") {
            app.status.set(e);
        }
    };
    let download_png = move |_| {
        let Some((svg, size)) = marked_svg(app) else { return };
        let scale = export::svg::raster_scale(size.0, size.1);
        if let Err(e) = browser::download_svg_as_png(&format!("{}.changes.png", name()), &svg, size, scale, move |e| app.status.set(e)) {
            app.status.set(e);
        }
    };
    let download_mermaid = move |_| {
        let text = app.changes.with_untracked(|m| {
            app.schema.with_untracked(|s| export::mermaid::render_marked(s, &export::mermaid::MermaidOptions::default(), m.as_ref()))
        });
        if let Err(e) = browser::download(&format!("{}.changes.mmd", name()), &text, "text/plain;charset=utf-8") {
            app.status.set(e);
        }
    };
    view! {
        <details class="panel changes" aria-label="Changes since the baseline" data-testid="changes-panel"
            on:toggle=move |ev| {
                let el: web_sys::HtmlDetailsElement = event_target(&ev);
                app.show_changes.set(el.open());
                current.set(None);
            }>
            <summary><h2>"Changes"</h2></summary>
            <p class="muted">{move || super::migration::baseline_line(app, "the current model, drawn on the diagram while this panel is open")}</p>
            {move || app.changes.with(|m| m.as_ref().map(legend))}
            <div class="migration-controls">
                <button data-testid="change-prev" aria-label="Previous change" on:click=move |_| step(false) disabled=move || count.get() == 0>"◀ Previous"</button>
                <span data-testid="change-position">{move || match (current.get(), count.get()) {
                    (_, 0) => "No changes".to_string(),
                    (Some(i), n) => format!("{} / {n}", i + 1),
                    (None, n) => format!("{n} change{}", if n == 1 { "" } else { "s" }),
                }}</span>
                <button data-testid="change-next" aria-label="Next change" on:click=move |_| step(true) disabled=move || count.get() == 0>"Next ▶"</button>
                <button data-testid="download-changes-svg" aria-label="Download the diagram with the changes as SVG" on:click=download_svg>"SVG"</button>
                <button data-testid="download-changes-png" aria-label="Download the diagram with the changes as PNG" on:click=download_png>"PNG"</button>
                <button data-testid="download-changes-mermaid" aria-label="Download the diagram with the changes as Mermaid" on:click=download_mermaid>"Mermaid"</button>
            </div>
            <ol class="change-list" data-testid="change-list">
                {move || app.changes.with(|m| m.as_ref().map(|m| {
                    let more = m.items.len().saturating_sub(LIST_MAX);
                    let rows = m.items.iter().take(LIST_MAX).enumerate().map(|(i, it)| {
                        let text = format!("{} {} {}", it.mark.symbol(), it.object.replace('`', ""), it.text.replace('`', ""));
                        view! {
                            <li>
                                <button class=format!("change-item {}", it.mark.class()) data-testid="change-item" data-mark=it.mark.label()
                                    class:current=move || current.get() == Some(i)
                                    on:click=move |_| { current.set(Some(i)); go(app, i); }>{text}</button>
                            </li>
                        }
                    }).collect_view();
                    view! {
                        {rows}
                        {(more > 0).then(|| view! { <li class="muted">{format!("… and {more} more (the downloads have them all)")}</li> })}
                    }
                }))}
            </ol>
            <h3>"Migration hazards"</h3>
            {move || hazard_list(&hazards.get(), "changes-hazard")}
        </details>
    }
}

/// The legend: a swatch per mark with its count.
fn legend(m: &Marks) -> impl IntoView + use<> {
    let items = Mark::ALL
        .iter()
        .map(|k| {
            view! {
                <li data-testid="diff-legend-item" data-mark=k.label() data-count=m.count(*k)>
                    <span class=format!("swatch {}", k.class())></span>
                    {format!("{} {} ({})", k.symbol(), k.label(), m.count(*k))}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="diff-legend" data-testid="diff-legend" aria-label="Change legend">{items}</ul> }
}
