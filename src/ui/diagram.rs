//! The diagram pane: SVG canvas with table boxes and relationship edges, view boxes with their
//! dashed "reads" edges, sticky notes, pan/zoom, drag, rubber band, FK creation by dragging a
//! column onto another, search, focus mode and a minimap.
//! Only tables, views and notes near the visible rectangle are rendered; zoomed out, boxes drop
//! their rows.

use super::browser;
use super::state::{App, Viewport, schema_hue_class};
use crate::canvas::lod::DETAIL_MIN_SCALE;
use crate::canvas::{self, Drag, EdgeSet, EdgeView, Gesture, Item, KeyCommand, Moved, Released, Selection, edge_views, read_views};
use crate::edit::Edit;
use crate::export::diff_marks::{GhostLayout, Mark, TableMarks};
use crate::layout::Rect;
use crate::layout::{CHAR_WIDTH, HEADER_HEIGHT, NOTE_HEIGHT, NOTE_WIDTH, ROW_HEIGHT, view_tag};
use crate::schema::{ColumnId, Note, Point, TableId, ViewId};
use leptos::html;
use leptos::prelude::*;

/// Tables above this count get a minimap.
const MINIMAP_MIN_TABLES: usize = 30;
/// Boxes with more rows than this render only the rows near the visible rectangle.
const CULL_ROWS_OVER: usize = 200;


#[derive(Copy, Clone)]
struct Canvas {
    gesture: RwSignal<Option<Gesture>>,
    /// Canvas element (for client → canvas coordinates).
    host: NodeRef<html::Div>,
    renaming: RwSignal<Option<TableId>>,
    /// The note whose text is being edited.
    editing_note: RwSignal<Option<crate::schema::NoteId>>,
}

impl Canvas {
    fn local(self, cx: f64, cy: f64) -> (f64, f64) {
        match self.host.get_untracked() {
            Some(el) => {
                let (ox, oy) = browser::element_origin(&el);
                (cx - ox, cy - oy)
            }
            None => (cx, cy),
        }
    }

    fn world(self, app: App, cx: f64, cy: f64) -> Point {
        let (x, y) = self.local(cx, cy);
        app.viewport.get_untracked().to_world(x, y)
    }
}

impl App {
    /// Shows the whole diagram.
    pub fn fit(self) {
        let size = self.canvas_size.get_untracked();
        let v = self.layout.with_untracked(|l| self.schema.with_untracked(|s| crate::layout::fit(l, &s.notes, size, 24.0)));
        self.viewport.set(v);
    }

    /// Lays out every table and view again as one undo step (partitions keep theirs: they are
    /// placed next to their parent when it is expanded).
    pub fn auto_layout(self) {
        let edit = self.schema.with_untracked(|s| {
            let tables = crate::layout::auto_layout(s).into_iter().map(|(id, p)| (id, Some(p))).collect();
            let views = crate::layout::auto_layout_views(s).into_iter().map(|(id, p)| (id, Some(p))).collect();
            Edit::Batch(vec![Edit::MoveTables { moves: tables }, Edit::MoveViews { moves: views }])
        });
        self.apply(edit);
        self.fit();
    }

    /// Shows the whole diagram unless a saved viewport was restored (`App::load`).
    pub fn fit_unless_restored(self) {
        let empty = self.schema.with_untracked(|s| s.tables.is_empty() && s.views.is_empty() && s.notes.is_empty());
        if !empty && self.viewport.get_untracked() == Viewport::default() {
            self.fit();
        }
    }

    /// Adds an empty note at the centre of the view as one undo step; returns its id.
    pub fn add_note(self) -> Option<crate::schema::NoteId> {
        let (w, h) = self.canvas_size.get_untracked();
        let c = self.viewport.get_untracked().to_world(w / 2.0, h / 2.0);
        let position = Point { x: (c.x - NOTE_WIDTH / 2.0).round(), y: (c.y - NOTE_HEIGHT / 2.0).round() };
        let id = crate::schema::NoteId(self.schema.try_update(|s| s.fresh_id())?);
        self.apply(Edit::PutNote { note: Note { id, text: String::new(), position } });
        self.schema.with_untracked(|s| s.notes.iter().any(|n| n.id == id)).then_some(id)
    }

    /// Replaces a note's text (one undo step; nothing when unchanged).
    pub fn set_note_text(self, id: crate::schema::NoteId, text: String) {
        let note = self.schema.with_untracked(|s| s.notes.iter().find(|n| n.id == id).cloned());
        if let Some(note) = note.filter(|n| n.text != text) {
            self.apply(Edit::PutNote { note: Note { text, ..note } });
        }
    }

    /// Selects a table and centers the view on it.
    pub fn reveal(self, id: TableId) {
        self.reveal_item(Item::Table(id));
    }

    /// Selects a table or view (what search finds) and centers the view on it.
    pub fn reveal_item(self, item: Item) {
        self.selected.set(Selection::only(item));
        let rect = self.layout.with_untracked(|l| match item {
            Item::Table(id) => l.box_of(id).map(|b| b.rect()),
            Item::View(id) => l.views.iter().find(|b| b.view == id).map(|b| b.rect()),
            Item::Note(id) => {
                self.schema.with_untracked(|s| s.notes.iter().find(|n| n.id == id).map(crate::layout::note_rect))
            }
        });
        if let Some(r) = rect {
            self.center_on(r);
        }
    }

    /// Centers the view on `r`, zooming in to a readable scale when zoomed far out.
    pub fn center_on(self, r: Rect) {
        let mut v = self.viewport.get_untracked();
        if v.zoom < 0.6 {
            v.zoom = 1.0;
        }
        let center = Point { x: r.x + r.width / 2.0, y: r.y + r.height / 2.0 };
        self.viewport.set(v.centered_on(center, self.canvas_size.get_untracked()));
    }

    /// Deletes the selected views, tables and notes as one undo step (`canvas::delete_edit`).
    pub fn delete_selected(self) {
        let sel = self.selected.get_untracked();
        let Some(edit) = self.schema.with_untracked(|s| canvas::delete_edit(s, &sel)) else { return };
        self.apply(edit);
        self.schema.with_untracked(|schema| self.selected.update(|s| s.retain_in(schema)));
    }

    /// Moves the selection by (dx, dy) as one undo step; `round` snaps to whole units (a drop).
    pub fn move_selected(self, sel: &Selection, dx: f64, dy: f64, round: bool) {
        let edit = self.schema.with_untracked(|s| self.layout.with_untracked(|l| canvas::move_edit(s, l, sel, dx, dy, round)));
        if let Some(edit) = edit {
            self.apply(edit);
        }
    }

    /// Moves the selection by (dx, dy) as one undo step.
    pub fn nudge(self, dx: f64, dy: f64) {
        self.move_selected(&self.selected.get_untracked(), dx, dy, false);
    }
}

fn is_typing(target: Option<web_sys::EventTarget>) -> bool {
    browser::closest(target, "input, textarea, select, [contenteditable]").is_some()
}

#[component]
pub fn DiagramPane() -> impl IntoView {
    let app = expect_context::<App>();
    let canvas = Canvas {
        gesture: RwSignal::new(None),
        host: NodeRef::new(),
        renaming: RwSignal::new(None),
        editing_note: RwSignal::new(None),
    };
    let search_ref = NodeRef::<html::Input>::new();

    let measure = move || {
        if let Some(el) = canvas.host.get_untracked() {
            let size = browser::element_size(&el);
            if size.0 > 0.0 && size.1 > 0.0 {
                app.canvas_size.set(size);
            }
        }
    };
    request_animation_frame(move || {
        measure();
        app.fit_unless_restored();
    });
    let _ = window_event_listener(leptos::ev::resize, move |_| measure());

    // Zoomed out on a big diagram (many tables, or many rows), tables, views and edges are one
    // canvas picture (ui/lod.rs);
    // the SVG draws boxes only in detail (with their rows), or zoomed out on a small schema.
    let size = Memo::new(move |_| app.schema.with(crate::canvas::lod::size_of));
    let picture = Memo::new(move |_| {
        let (tables, rows) = size.get();
        crate::canvas::lod::is_picture(tables, rows, app.viewport.with(|v| v.zoom))
    });
    let detailed = Memo::new(move |_| !picture.get());
    let zoom = Memo::new(move |_| (app.viewport.with(|v| v.zoom) * 100.0).round() / 100.0);
    let show_minimap = RwSignal::new(true);
    let Culled { shown, visible_rect, visible, still_edges, moving_edges, visible_views, reads, visible_notes } = cull(app, picture);

    follow_pointer(app, canvas);
    handle_keys(app, canvas, search_ref);

    let transform = move || {
        let v = app.viewport.get();
        format!("translate({:.2},{:.2}) scale({:.4})", v.pan.x, v.pan.y, v.zoom)
    };

    view! {
        <section class="pane diagram-pane" aria-label="Diagram">
            <Toolbar canvas search_ref show_minimap />
            <div class="canvas" node_ref=canvas.host data-testid="canvas">
                <super::lod::LodLayer picture shown />
                <svg
                    class="diagram"
                    // While a drag runs nothing under the pointer reacts to it: no hit tests,
                    // hover styles or tooltips on the boxes and edges the dragged box crosses.
                    class:dragging=move || app.drag.with(|d| d.is_some())
                    data-testid="diagram"
                    role="img"
                    aria-label="Entity relationship diagram"
                    on:pointerdown=move |ev| background_press(app, canvas, picture, shown, &ev)
                    // In the picture, a double click on a box shows it at a readable zoom.
                    on:dblclick=move |ev| {
                        if let Some(item) = picture_hit(app, canvas, picture, shown, ev.client_x() as f64, ev.client_y() as f64) {
                            app.reveal_item(item);
                        }
                    }
                    on:wheel=move |ev| {
                        ev.prevent_default();
                        let at = canvas.local(ev.client_x() as f64, ev.client_y() as f64);
                        app.viewport.update(|v| *v = canvas::wheel_zoom(*v, ev.delta_y(), at));
                    }
                >
                    <g class="world" transform=transform>
                        // A diagram of several namespaces: one labelled area per namespace,
                        // under everything else.
                        <g class="areas">{areas_layer(app)}</g>
                        <Edges still_edges moving_edges />
                        <g class="view-reads">
                            <For each=move || reads.get() key=|e| (e.view, e.table, e.d.clone()) let:e>
                                <path
                                    class="view-read"
                                    data-testid="view-read"
                                    data-view-id=e.view.0
                                    data-to=e.table.0
                                    d=e.d
                                />
                            </For>
                        </g>
                        <g class="tables">
                            <For each=move || visible.get() key=|id| *id let:id>
                                <TableNode id detailed zoom canvas visible_rect />
                            </For>
                        </g>
                        <g class="views">
                            <For each=move || visible_views.get() key=|id| *id let:id>
                                <ViewNode id detailed zoom canvas />
                            </For>
                        </g>
                        <Ends still_edges moving_edges detailed />
                        <g class="notes">
                            <For each=move || visible_notes.get() key=|id| *id let:id>
                                <NoteNode id canvas />
                            </For>
                        </g>
                        <g class="ghosts">{ghost_tables(app)}</g>
                        <GesturePreview canvas />
                    </g>
                </svg>
                {move || (show_minimap.get() && app.schema.with(|s| s.tables.len()) >= MINIMAP_MIN_TABLES).then(|| view! { <Minimap /> })}
                {namespace_legend(app)}
                <EmptyHint />
            </div>
        </section>
    }
}

/// What the pane draws of the diagram: the objects and edges near the visible rectangle (and,
/// in focus mode, only those of the shown tables), each a memo that changes only when its list
/// does.
#[derive(Copy, Clone)]
struct Culled {
    /// The tables focus mode shows (None = all).
    shown: Memo<Option<Vec<TableId>>>,
    visible_rect: Memo<Rect>,
    visible: Memo<Vec<TableId>>,
    still_edges: Memo<Vec<EdgeView>>,
    moving_edges: Memo<Vec<EdgeView>>,
    visible_views: Memo<Vec<ViewId>>,
    reads: Memo<Vec<canvas::ReadView>>,
    visible_notes: Memo<Vec<crate::schema::NoteId>>,
}

/// While the canvas picture draws the diagram (`picture`), the SVG draws no table, view or edge.
fn cull(app: App, picture: Memo<bool>) -> Culled {
    // The set of tables focus mode shows (None = all).
    let shown = Memo::new(move |_| {
        app.focus.get().map(|f| app.schema.with(|s| crate::layout::neighbours(s, f, app.focus_hops.get())))
    });
    // Panning re-runs culling only when the rendered rectangle crosses a grid line.
    let visible_rect = Memo::new(move |_| canvas::render_rect(app.viewport.get(), app.canvas_size.get()));
    let visible = Memo::new(move |_| {
        if picture.get() {
            return Vec::new();
        }
        let rect = visible_rect.get();
        let dragged = app.drag.with(|d| d.as_ref().map(|d| d.items.tables.clone()).unwrap_or_default());
        shown.with(|shown| app.layout.with(|l| canvas::visible_tables(l, rect, shown.as_deref(), &dragged, app.render_limit.get())))
    });
    // The tables being dragged: changes when a drag starts or ends, not on every frame.
    let moving_tables = Memo::new(move |_| app.drag.with(|d| d.as_ref().map(|d| d.items.tables.clone()).unwrap_or_default()));
    let still_edges = Memo::new(move |_| {
        if picture.get() {
            return Vec::new();
        }
        let rect = visible_rect.get();
        moving_tables.with(|m| {
            app.schema.with(|s| {
                app.layout.with(|l| shown.with(|sh| edge_views(s, l, None, rect, sh.as_deref(), EdgeSet::Still(m))))
            })
        })
    });
    let moving_edges = Memo::new(move |_| {
        if picture.get() {
            return Vec::new();
        }
        let rect = visible_rect.get();
        moving_tables.with(|m| {
            app.schema.with(|s| {
                app.layout.with(|l| {
                    app.drag.with(|d| shown.with(|sh| edge_views(s, l, d.as_ref(), rect, sh.as_deref(), EdgeSet::Moving(m))))
                })
            })
        })
    });

    // Views: culled like tables; in focus mode only those reading a shown table.
    let visible_views = Memo::new(move |_| {
        if picture.get() {
            return Vec::new();
        }
        let rect = visible_rect.get();
        let dragged = app.drag.with(|d| d.as_ref().map(|d| d.items.views.clone()).unwrap_or_default());
        shown.with(|shown| {
            app.schema.with(|s| {
                app.layout.with(|l| {
                    l.views
                        .iter()
                        .zip(&s.views)
                        .filter(|(_, v)| shown.as_ref().is_none_or(|sh| v.reads.iter().any(|t| sh.contains(t))))
                        .filter(|(b, _)| b.rect().intersects(&rect) || dragged.contains(&b.view))
                        .map(|(b, _)| b.view)
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let reads = Memo::new(move |_| {
        if picture.get() {
            return Vec::new();
        }
        let rect = visible_rect.get();
        app.layout.with(|l| {
            app.drag.with(|d| shown.with(|sh| read_views(l, d.as_ref(), rect, sh.as_deref())))
        })
    });
    let visible_notes = Memo::new(move |_| {
        let rect = visible_rect.get();
        let dragged = app.drag.with(|d| d.as_ref().map(|d| d.items.notes.clone()).unwrap_or_default());
        app.schema.with(|s| {
            s.notes
                .iter()
                .filter(|n| crate::layout::note_rect(n).intersects(&rect) || dragged.contains(&n.id))
                .map(|n| n.id)
                .collect::<Vec<_>>()
        })
    });
    Culled { shown, visible_rect, visible, still_edges, moving_edges, visible_views, reads, visible_notes }
}

/// Listens on the window for the steps of a gesture (it continues outside the canvas).
fn follow_pointer(app: App, canvas: Canvas) {
    // Gestures continue outside the canvas: listen on the window. What each step means is
    // `canvas::Gesture`'s; this only carries it out.
    let _ = window_event_listener(leptos::ev::pointermove, move |ev| {
        let Some(g) = canvas.gesture.get_untracked() else { return };
        let (cx, cy) = (ev.client_x() as f64, ev.client_y() as f64);
        match g.moved((cx, cy), canvas.world(app, cx, cy), app.viewport.get_untracked().zoom) {
            Moved::Pan(v) => app.viewport.set(v),
            Moved::Drag(d) => app.drag.set(Some(d)),
            Moved::Gesture(g) => canvas.gesture.set(Some(g)),
        }
    });
    let _ = window_event_listener(leptos::ev::pointerup, move |ev| {
        let Some(g) = canvas.gesture.get_untracked() else { return };
        canvas.gesture.set(None);
        // A link's target: the column row under the pointer.
        let over = matches!(g, Gesture::Link { .. })
            .then(|| browser::element_at(ev.client_x() as f64, ev.client_y() as f64))
            .flatten()
            .and_then(|el| el.closest("[data-column-id]").ok().flatten())
            .and_then(|target| {
                let parse = |a: &str| target.get_attribute(a).and_then(|v| v.parse::<u32>().ok());
                Some((TableId(parse("data-table-id")?), ColumnId(parse("data-column-id")?)))
            });
        let drag = app.drag.get_untracked();
        let released = app.schema.with_untracked(|s| app.layout.with_untracked(|l| g.released(drag.as_ref(), over, s, l)));
        if drag.is_some() {
            app.drag.set(None);
        }
        match released {
            Released::Nothing => {}
            Released::Edit(e) => app.apply(*e),
            Released::Select(hit) => app.selected.update(|sel| sel.extend(&hit)),
        }
    });
}

/// The diagram's keyboard shortcuts (`canvas::key_command`), unless a text field has the focus.
fn handle_keys(app: App, canvas: Canvas, search_ref: NodeRef<html::Input>) {
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if is_typing(ev.target()) {
            if ev.key() == "Escape"
                && let Some(el) = browser::closest(ev.target(), "input, textarea, select")
            {
                let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&el).blur();
            }
            return;
        }
        let has_selection = !app.selected.with_untracked(Selection::is_empty);
        let Some(command) = canvas::key_command(&ev.key(), ev.ctrl_key() || ev.meta_key(), ev.shift_key(), has_selection) else { return };
        ev.prevent_default();
        match command {
            KeyCommand::Undo => app.undo(),
            KeyCommand::Redo => app.redo(),
            KeyCommand::DeleteSelection => app.delete_selected(),
            KeyCommand::Escape => {
                app.selected.set(Selection::default());
                app.focus.set(None);
                canvas.renaming.set(None);
            }
            KeyCommand::FocusSearch => {
                if let Some(i) = search_ref.get_untracked() {
                    let _ = i.focus();
                }
            }
            KeyCommand::Nudge(dx, dy) => app.nudge(dx, dy),
        }
    });
}

/// The still edges drawn: right after an import, edges appear with the boxes (one per four rows
/// of boxes added, about two per box), not all 1,500 in the first task.
fn drawn_edges(app: App, still_edges: Memo<Vec<EdgeView>>) -> Vec<EdgeView> {
    let n = app.render_limit.get() / 4;
    still_edges.with(|e| e.iter().take(n).cloned().collect::<Vec<_>>())
}

/// The relationship lines, still and moving.
#[component]
fn Edges(still_edges: Memo<Vec<EdgeView>>, moving_edges: Memo<Vec<EdgeView>>) -> impl IntoView {
    let app = expect_context::<App>();
    view! {
        <g class="edges">
            <For
                each=move || drawn_edges(app, still_edges)
                key=|e| (e.from_table, e.fk_index, e.d.clone(), e.start_marker, e.end_marker)
                let:e
            >
                {edge_view(app, e)}
            </For>
            <For
                each=move || moving_edges.get()
                key=|e| (e.from_table, e.fk_index, e.d.clone(), e.start_marker, e.end_marker)
                let:e
            >
                {edge_view(app, e)}
            </For>
        </g>
    }
}

/// Crow's feet above the boxes (layout::ends draws them outside the boxes, along each route's
/// end segments), so no box fill covers them.
#[component]
fn Ends(still_edges: Memo<Vec<EdgeView>>, moving_edges: Memo<Vec<EdgeView>>, detailed: Memo<bool>) -> impl IntoView {
    let app = expect_context::<App>();
    view! {
        <g class="ends">
            <Show when=move || detailed.get()>
                <For
                    each=move || drawn_edges(app, still_edges)
                    key=|e| (e.from_table, e.fk_index, e.d.clone(), e.start_marker, e.end_marker)
                    let:e
                >
                    {end_view(e)}
                </For>
                <For
                    each=move || moving_edges.get()
                    key=|e| (e.from_table, e.fk_index, e.d.clone(), e.start_marker, e.end_marker)
                    let:e
                >
                    {end_view(e)}
                </For>
            </Show>
        </g>
    }
}

/// The link being drawn or the rubber band, while the gesture runs.
#[component]
fn GesturePreview(canvas: Canvas) -> impl IntoView {
    move || canvas.gesture.with(|g| match g {
        Some(Gesture::Link { from, to, .. }) => Some(view! {
            <line class="link-preview" x1=from.x y1=from.y x2=to.x y2=to.y />
        }.into_any()),
        Some(Gesture::Band { from, to }) => Some(view! {
            <rect class="band" x={from.x.min(to.x)} y={from.y.min(to.y)}
                width={(from.x - to.x).abs()} height={(from.y - to.y).abs()} />
        }.into_any()),
        _ => None,
    })
}

/// The hint an empty diagram shows.
#[component]
fn EmptyHint() -> impl IntoView {
    let app = expect_context::<App>();
    move || app.schema.with(|s| s.tables.is_empty() && s.views.is_empty() && s.notes.is_empty()).then(|| view! {
        <div class="empty-hint">
            <p>"Paste DDL on the left (or drop a .sql file) to see its diagram."</p>
            <p><button data-testid="try-sample" on:click=move |_| super::help::load_sample(app)>"Try a sample schema"</button>
               " · press " <kbd>"?"</kbd> " for help"</p>
        </div>
    })
}

/// The diagram's toolbar: undo/redo, zoom, fit, auto layout, minimap, a new note, search, focus
/// mode and the status line.
#[component]
fn Toolbar(canvas: Canvas, search_ref: NodeRef<html::Input>, show_minimap: RwSignal<bool>) -> impl IntoView {
    let app = expect_context::<App>();
    let zoom_by = move |factor: f64| {
        let (w, h) = app.canvas_size.get_untracked();
        app.viewport.update(|v| *v = v.zoom_at(factor, w / 2.0, h / 2.0));
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label="Diagram tools">
            <button data-testid="undo" aria-label="Undo" title="Undo (Ctrl+Z)"
                prop:disabled=move || app.history.with(|h| !h.can_undo())
                on:click=move |_| app.undo()>"↶"</button>
            <button data-testid="redo" aria-label="Redo" title="Redo (Ctrl+Shift+Z)"
                prop:disabled=move || app.history.with(|h| !h.can_redo())
                on:click=move |_| app.redo()>"↷"</button>
            <button data-testid="zoom-out" aria-label="Zoom out" on:click=move |_| zoom_by(1.0 / 1.25)>"−"</button>
            <span class="zoom" data-testid="zoom-level">{move || format!("{:.0}%", app.viewport.get().zoom * 100.0)}</span>
            <button data-testid="zoom-in" aria-label="Zoom in" on:click=move |_| zoom_by(1.25)>"+"</button>
            <button data-testid="fit" aria-label="Fit to screen" on:click=move |_| app.fit()>"Fit"</button>
            <button data-testid="auto-layout" title="Lay out every table and view again (one undo step)"
                on:click=move |_| app.auto_layout()>"Auto layout"</button>
            <button data-testid="minimap-toggle" aria-pressed=move || show_minimap.get().to_string()
                title="Show or hide the minimap" on:click=move |_| show_minimap.update(|m| *m = !*m)>"Minimap"</button>
            <button data-testid="add-note" aria-label="Add note" title="Add a sticky note at the centre of the view"
                on:click=move |_| {
                    if let Some(id) = app.add_note() {
                        app.selected.set(Selection::only(Item::Note(id)));
                        canvas.editing_note.set(Some(id));
                    }
                }>"Note"</button>
            <input
                type="search"
                data-testid="table-search"
                aria-label="Find table or view (press /)"
                placeholder="Find table or view  /"
                node_ref=search_ref
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        let q = event_target_value(&ev);
                        match app.schema.with_untracked(|s| canvas::search(s, &q)) {
                            Some(item) => app.reveal_item(item),
                            None => app.status.set(format!("No table or view matches “{q}”")),
                        }
                    }
                }
            />
            <label class="field" title="Show only the selected table and its neighbours">
                <input
                    type="checkbox"
                    data-testid="focus-mode"
                    aria-label="Focus mode"
                    prop:checked=move || app.focus.get().is_some()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let first = app.selected.with_untracked(|s| s.tables.first().copied());
                        app.focus.set(if on { first } else { None });
                    }
                />
                " Focus, hops "
                <input type="number" min="1" max="9" class="hops" aria-label="Focus hops"
                    prop:value=move || app.focus_hops.get().to_string()
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<usize>() { app.focus_hops.set(n.clamp(1, 9)); }
                    }
                />
            </label>
            <span class="muted" data-testid="status">{move || app.status.get()}</span>
        </div>
    }
}

/// A diagram of several namespaces: one labelled area per namespace, under everything else.
fn areas_layer(app: App) -> impl IntoView {
    move || {
        let zoom = app.viewport.with(|v| v.zoom);
        app.layout.with(|l| l.areas.iter().map(|a| {
            let hue = schema_hue_class(Some(&a.namespace));
            let label = if a.namespace.is_empty() { "(no schema)".to_string() } else { a.namespace.clone() };
            // Readable when zoomed out, never taller than the area's head.
            let size = (13.0 / zoom).clamp(13.0, 30.0);
            view! {
                <g class="ns-area" data-testid="namespace-area" data-namespace=a.namespace.clone()>
                    <rect class=format!("ns-frame {hue}") x=a.rect.x y=a.rect.y width=a.rect.width height=a.rect.height rx="10" />
                    <text class="ns-label" x={a.rect.x + 10.0} y={a.rect.y + 6.0 + size} font-size=size>{label}</text>
                </g>
            }
        }).collect_view())
      }
}

/// The legend of the namespaces' areas; a click brings one into view.
fn namespace_legend(app: App) -> impl IntoView {
    move || app.layout.with(|l| (!l.areas.is_empty()).then(|| {
        let items = l.areas.iter().map(|a| {
            let hue = schema_hue_class(Some(&a.namespace));
            let center = Point { x: a.rect.x + a.rect.width / 2.0, y: a.rect.y + a.rect.height / 2.0 };
            let label = if a.namespace.is_empty() { "(no schema)".to_string() } else { a.namespace.clone() };
            view! {
                <li>
                    <button class="legend-item" data-testid="legend-item" data-namespace=a.namespace.clone()
                        title="Show this schema's area"
                        on:click=move |_| {
                            let size = app.canvas_size.get_untracked();
                            app.viewport.update(|v| *v = v.centered_on(center, size));
                        }>
                        <svg width="12" height="12" aria-hidden="true"><rect class=hue.to_string() width="12" height="12" rx="2" /></svg>
                        {format!(" {label} ({})", a.tables)}
                    </button>
                </li>
            }
        }).collect_view();
        view! { <ul class="ns-legend" data-testid="namespace-legend" aria-label="Schemas">{items}</ul> }
    }))
}

/// The crow's-foot symbols of one relationship (`layout::ends`), drawn above the boxes.
fn end_view(e: EdgeView) -> impl IntoView {
    view! {
        <path class="end" data-testid="crows-foot" data-from=e.from_table.0 data-to=e.to_table.0
            data-start=e.start_marker data-end=e.end_marker d=e.ends.0 />
        <path class="end-circle" d=e.ends.1 />
    }
}

/// One relationship as the diagram draws it (its crow's feet are drawn above the boxes).
fn edge_view(app: App, e: EdgeView) -> impl IntoView {
    let (t, i) = (e.from_table, e.fk_index);
    let hot = move || app.hot_fks.with(|h| h.contains(&(t, i)));
    view! {
        <g
            data-testid="relationship"
            data-from=e.from_table.0
            data-to=e.to_table.0
            class="edge"
            class:hot=hot
            on:pointerenter=move |_| app.hovered_fk.set(Some((t, i)))
            on:pointerleave=move |_| app.hovered_fk.set(None)
        >
            <title>{e.label.clone()}</title>
            <path class="edge-hit" d=e.d.clone() />
            <path class="edge-line" d=e.d.clone() />
        </g>
    }
}

#[component]
fn TableNode(
    id: TableId,
    detailed: Memo<bool>,
    zoom: Memo<f64>,
    canvas: Canvas,
    visible_rect: Memo<Rect>,
) -> impl IntoView {
    let app = expect_context::<App>();
    let table = Memo::new(move |_| app.schema.with(|s| s.table(id).cloned()));
    let bx = Memo::new(move |_| app.layout.with(|l| l.box_of(id).cloned()));
    let row_window = row_window(app, bx, visible_rect);
    let offset = drag_offset(app, Item::Table(id));
    let selected = Memo::new(move |_| app.selected.with(|s| s.contains(Item::Table(id))));
    // The table's change marks while the changes are shown (`export::diff_marks`).
    let tmarks = Memo::new(move |_| app.changes.with(|m| m.as_ref().and_then(|m| m.tables.get(&id).cloned())));
    let tmark = move || tmarks.with(|t| t.as_ref().and_then(|t| t.mark));
    let hot_columns = hot_columns(app, id);
    let transform = move || bx.with(|b| b.as_ref().map(|b| translate(b.x, b.y, offset.get())));

    let body = move || {
        let t = table.get()?;
        let b = bx.get()?;
        let detailed = detailed.get();
        let name = t.qualified_name();
        let hue = schema_hue_class(t.schema.as_deref());
        let tip = match &t.comment {
            Some(c) => format!("{name}\n{c}"),
            None => name.clone(),
        };
        let tm = tmarks.get();
        let rows = if detailed {
            let (first, last) = row_window.get();
            t.columns
                .iter()
                .enumerate()
                .take(last)
                .skip(first)
                .map(|(i, c)| column_row(app, canvas, RowOf { table: id, bx, hot_columns, selected, width: b.width }, &t, i, c, tm.as_ref()))
                .collect_view()
                .into_any()
        } else {
            ().into_any()
        };
        let rename_box = (canvas.renaming.get() == Some(id)).then(|| rename_box(app, canvas, id, t.name.clone(), t.schema.clone(), b.width));
        let label = header_name(zoom, name.clone(), t.name.clone(), b.width);
        let big_name = lod_name(zoom, t.name.clone(), b.width, b.height);
        let frame = BoxFrame { width: b.width, height: b.height, head: format!("head {hue}"), fill: t.color.clone(), tip, label };
        // A partitioned table: its partitions collapsed into a count that expands them.
        let parts = app.partitions.with(|p| p.get(&id).copied()).map(|n| partition_badge(app, id, n, b.width, b.height));
        let (ghost_rows, change_badge) = match &tm {
            Some(t) => (detailed.then(|| ghost_rows(t, b.width, b.height)), change_badge(t)),
            None => (None, None),
        };
        Some(view! {
            {frame.render(app, canvas, Item::Table(id), move || canvas.renaming.set(Some(id)))}
            {rows}
            {ghost_rows}
            {change_badge}
            {big_name}
            {super::review::badge(app, id, b.width)}
            {super::objects::badge(app, id, b.height)}
            {parts}
            {rename_box}
        })
    };

    view! {
        <g
            data-testid="table"
            data-table=move || table.with(|t| t.as_ref().map(|t| t.qualified_name()))
            data-table-id=id.0
            class="table"
            class:selected=selected
            class:view=move || table.with(|t| t.as_ref().is_some_and(|t| t.kind != crate::schema::TableKind::Table))
            class:diff-added=move || tmark() == Some(Mark::Added)
            class:diff-renamed=move || tmark() == Some(Mark::Renamed)
            class:diff-changed=move || tmark() == Some(Mark::Changed)
            data-diff=move || tmark().map(|m| m.label())
            transform=transform
        >
            {body}
        </g>
    }
}

/// The rows a tall box renders: none when zoomed out, else those near the visible rectangle
/// (a 5,000-column table would otherwise be 20,000 SVG elements, seconds of layout). Other
/// boxes render every row, and the constant window keeps them from re-rendering as the view
/// moves.
fn row_window(app: App, bx: Memo<Option<crate::layout::TableBox>>, visible_rect: Memo<Rect>) -> Memo<(usize, usize)> {
    Memo::new(move |_| {
        bx.with(|b| match b {
            Some(b) if b.height > HEADER_HEIGHT + CULL_ROWS_OVER as f64 * ROW_HEIGHT => {
                // Zoomed out so far that rows are specks (a small schema is otherwise always
                // drawn in detail): the box alone.
                if app.viewport.with(|v| v.zoom < DETAIL_MIN_SCALE) {
                    return (0, 0);
                }
                let r = visible_rect.get();
                let (y0, y1) = (r.y, r.bottom());
                let first = ((y0 - b.y - HEADER_HEIGHT) / ROW_HEIGHT).floor().max(0.0) as usize;
                let last = ((y1 - b.y - HEADER_HEIGHT) / ROW_HEIGHT).ceil().max(0.0) as usize + 1;
                (first, last)
            }
            _ => (0, usize::MAX),
        })
    })
}

/// Columns of this table that belong to the hovered foreign key (either end).
fn hot_columns(app: App, id: TableId) -> Memo<Vec<ColumnId>> {
    Memo::new(move |_| {
        app.hot_fks.with(|hot| {
            app.schema.with(|s| {
                let mut cols = Vec::new();
                for &(t, i) in hot {
                    let Some(fk) = s.table(t).and_then(|t| t.foreign_keys.get(i)) else { continue };
                    if t == id {
                        cols.extend(fk.columns.iter().copied());
                    }
                    if fk.ref_table == id {
                        cols.extend(fk.ref_columns.iter().copied());
                    }
                }
                cols
            })
        })
    })
}

/// The table a column row belongs to, with what its rows react to.
#[derive(Copy, Clone)]
struct RowOf {
    table: TableId,
    bx: Memo<Option<crate::layout::TableBox>>,
    hot_columns: Memo<Vec<ColumnId>>,
    selected: Memo<bool>,
    width: f64,
}

/// One column row of a table box: key mark, name and type, its change mark, and a link gesture
/// started from it.
fn column_row(
    app: App,
    canvas: Canvas,
    RowOf { table: id, bx, hot_columns, selected, width }: RowOf,
    t: &crate::schema::Table,
    i: usize,
    c: &crate::schema::Column,
    tm: Option<&TableMarks>,
) -> impl IntoView + use<> {
    let col = c.id;
    // The key mark the SVG export draws (`export::svg::marker`: `UQ` when the column alone is unique).
    let mark = crate::export::svg::marker(t, c);
    let y = HEADER_HEIGHT + i as f64 * ROW_HEIGHT;
    let tip = column_tip(c);
    let hot = move || hot_columns.with(|h| h.contains(&col)) || (selected.get() && app.highlighted.with(|h| h.contains(&col)));
    let changed = tm.and_then(|t| t.columns.iter().find(|(c, _)| *c == col).map(|(_, m)| *m));
    let change_bg = changed.map(|m| view! { <rect class=format!("row-mark {}", m.class()) x="0" y=y width=width height=ROW_HEIGHT /> });
    view! {
        <g
            class="row"
            class:hot=hot
            class:notnull={!c.nullable}
            data-testid="column"
            data-column=c.name.clone()
            data-column-id=c.id.0
            data-table-id=id.0
            data-diff=changed.map(|m| m.label())
            on:pointerenter=move |_| app.hovered_column.set(Some((id, col)))
            on:pointerleave=move |_| app.hovered_column.set(None)
            on:pointerdown=move |ev: web_sys::PointerEvent| {
                if ev.button() != 0 { return; }
                ev.stop_propagation();
                ev.prevent_default();
                let Some(b) = bx.get_untracked() else { return };
                let from = Point { x: b.x + width, y: b.y + y + ROW_HEIGHT / 2.0 };
                canvas.gesture.set(Some(Gesture::Link { table: id, column: col, from, to: from }));
            }
        >
            <title>{tip}</title>
            <rect class="row-bg" x="0" y=y width=width height=ROW_HEIGHT />
            {change_bg}
            <text class="mark" x="6" y={y + 14.0}>{mark}</text>
            <text class="col-name" x={6.0 + 3.0 * CHAR_WIDTH} y={y + 14.0}>{c.name.clone()}</text>
            <text class="col-type" x={width - 8.0} y={y + 14.0} text-anchor="end">{c.data_type.raw.clone()}</text>
        </g>
    }
}

/// A column's tooltip: name, type, NOT NULL, default, comment.
fn column_tip(c: &crate::schema::Column) -> String {
    let mut tip = format!("{} {}{}", c.name, c.data_type.raw, if c.nullable { "" } else { " NOT NULL" });
    if let Some(d) = &c.default {
        tip.push_str(&format!(" DEFAULT {d}"));
    }
    if let Some(cm) = &c.comment {
        tip.push_str(&format!("\n{cm}"));
    }
    tip
}

/// The inline rename field over a box's header (Enter renames, Escape cancels).
fn rename_box(app: App, canvas: Canvas, id: TableId, current: String, schema: Option<String>, width: f64) -> impl IntoView {
    view! {
        <foreignObject x="0" y="0" width=width height=HEADER_HEIGHT>
            <input
                class="inline-rename"
                aria-label="Table name"
                data-testid="inline-rename"
                value=current
                autofocus
                on:keydown=move |ev| {
                    match ev.key().as_str() {
                        "Enter" => {
                            let v = event_target_value(&ev);
                            let v = v.trim();
                            if !v.is_empty() {
                                app.apply(Edit::RenameTable { table: id, schema: schema.clone(), name: v.to_string() });
                            }
                            canvas.renaming.set(None);
                        }
                        "Escape" => canvas.renaming.set(None),
                        _ => {}
                    }
                }
            />
        </foreignObject>
    }
}

/// The count of a partitioned table's partitions under its box; a click expands or folds them.
fn partition_badge(app: App, id: TableId, n: usize, width: f64, height: f64) -> impl IntoView {
    let open = app.expanded.with(|e| e.contains(&id));
    let text = format!("{} {n} partition{}", if open { "▾" } else { "▸" }, if n == 1 { "" } else { "s" });
    let w = (text.chars().count() as f64 + 2.0) * CHAR_WIDTH;
    view! {
        <g class="partition-badge" data-testid="partition-badge" data-count=n data-open=open.to_string()
            role="button" aria-label=if open { "Collapse partitions" } else { "Expand partitions" }
            transform=format!("translate({:.1},{:.1})", width - w, height + 4.0)
            on:pointerdown=move |ev: web_sys::PointerEvent| ev.stop_propagation()
            on:click=move |_| app.expanded.update(|e| if e.contains(&id) { e.retain(|x| *x != id) } else { e.push(id) })
        >
            <rect x="0" y="0" width=w height="18" rx="9" />
            <text x={w / 2.0} y="13" text-anchor="middle">{text}</text>
        </g>
    }
}

/// The dropped columns of a table, as ghost rows under its box.
fn ghost_rows(t: &TableMarks, width: f64, height: f64) -> impl IntoView + use<> {
    t.ghosts
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let y = height + i as f64 * ROW_HEIGHT;
            view! {
                <g class="ghost ghost-column" data-testid="ghost-column" data-column=g.name.clone()>
                    <title>{format!("dropped column {} {}", g.name, g.data_type)}</title>
                    <rect x="0" y=y width=width height=ROW_HEIGHT />
                    <text class="mark" x="6" y={y + 14.0}>"−"</text>
                    <text class="col-name" x={6.0 + 3.0 * CHAR_WIDTH} y={y + 14.0}>{g.name.clone()}</text>
                    <text class="col-type" x={width - 8.0} y={y + 14.0} text-anchor="end">{g.data_type.clone()}</text>
                </g>
            }
        })
        .collect_view()
}

/// What changed in a table, in a tag over its box: new, renamed from, or how many changes;
/// the changes themselves in its tooltip.
fn change_badge(t: &TableMarks) -> Option<impl IntoView + use<>> {
    let m = t.mark?;
    let text = match (m, &t.renamed_from) {
        (Mark::Added, _) => "+ new".to_string(),
        (Mark::Renamed, Some(from)) => format!("→ was {from}"),
        _ => format!("~ {} change{}", t.lines.len(), if t.lines.len() == 1 { "" } else { "s" }),
    };
    let w = (text.chars().count() as f64 + 2.0) * CHAR_WIDTH;
    Some(view! {
        <g class=format!("diff-badge {}", m.class()) data-testid="diff-badge" transform="translate(0,-22)">
            <title>{t.lines.join("\n")}</title>
            <rect x="0" y="0" width=w height="18" rx="4" />
            <text x={w / 2.0} y="13" text-anchor="middle">{text}</text>
        </g>
    })
}

/// The dropped tables as ghost boxes beside the drawing (`diff_marks::GhostLayout`).
fn ghost_tables(app: App) -> impl IntoView {
    move || {
        app.changes.with(|m| {
            let m = m.as_ref().filter(|m| !m.removed.is_empty())?;
            let g = app.layout.with(|l| GhostLayout::of(l, m));
            Some(
                m.removed
                    .iter()
                    .zip(g.tables)
                    .enumerate()
                    .map(|(k, (r, rect))| {
                        let rows = r
                            .columns
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let y = HEADER_HEIGHT + i as f64 * ROW_HEIGHT + 14.0;
                                view! {
                                    <text class="col-name" x={6.0 + 3.0 * CHAR_WIDTH} y=y>{c.name.clone()}</text>
                                    <text class="col-type" x={rect.width - 8.0} y=y text-anchor="end">{c.data_type.clone()}</text>
                                }
                            })
                            .collect_view();
                        view! {
                            <g class="ghost ghost-table" data-testid="ghost-table" data-table=r.name.clone() data-ghost=k
                                transform=format!("translate({:.1},{:.1})", rect.x, rect.y)>
                                <title>{format!("dropped table {}", r.name)}</title>
                                <rect class="box" x="0" y="0" width=rect.width height=rect.height rx="4" />
                                <rect class="ghost-head" x="0" y="0" width=rect.width height=HEADER_HEIGHT rx="4" />
                                <text class="table-name" x="8" y="17">{r.name.clone()}</text>
                                {rows}
                            </g>
                        }
                    })
                    .collect_view(),
            )
        })
    }
}

/// A box's name in its header, while it is readable there (`layout::lod_label` says not).
fn header_name(zoom: Memo<f64>, name: String, short: String, width: f64) -> AnyView {
    (move || {
        crate::layout::lod_label(&short, width, zoom.get())
            .is_none()
            .then(|| view! { <text class="table-name" x="8" y="17">{name.clone()}</text> })
    })
    .into_any()
}

/// Zoomed out, `short` over the top of the box (the header and first rows) at a size readable on
/// screen (`layout::lod_label`). Drawn apart from the header, whose bounds stay the header's.
fn lod_name(zoom: Memo<f64>, short: String, width: f64, height: f64) -> AnyView {
    (move || {
        crate::layout::lod_label(&short, width, zoom.get()).map(|(text, font)| {
            view! {
                <text class="lod-name" data-testid="lod-name" x={width / 2.0} y={(height / 2.0).min(font * 0.9)} font-size=format!("{font:.1}")
                    stroke-width=format!("{:.1}", font / 4.0) text-anchor="middle" dominant-baseline="middle">{text}</text>
            }
        })
    })
    .into_any()
}

/// The offset of `item` while the selection is dragged (zero otherwise).
fn drag_offset(app: App, item: Item) -> Memo<(f64, f64)> {
    Memo::new(move |_| app.drag.with(|d| Drag::offset_of(d.as_ref(), item)))
}

/// `translate(x,y)` of something at (x, y) shifted by `offset`.
fn translate(x: f64, y: f64, offset: (f64, f64)) -> String {
    format!("translate({:.1},{:.1})", x + offset.0, y + offset.1)
}

/// A press on an item's handle (a box header, a note's paper): shift toggles the item in the
/// selection, a plain press on an unselected item selects only it; pressing a selected item
/// starts dragging the whole selection (tables, views and notes).
/// A press on the diagram outside the SVG's boxes and notes: on a box of the canvas picture, as
/// a press on its header; else on the background (pan, or a band with shift).
fn background_press(app: App, canvas: Canvas, picture: Memo<bool>, shown: Memo<Option<Vec<TableId>>>, ev: &web_sys::PointerEvent) {
    if ev.button() != 0 {
        return;
    }
    if browser::closest(ev.target(), "[data-table-id], [data-view-id], [data-note-id], .minimap").is_some() {
        return;
    }
    let (cx, cy) = (ev.client_x() as f64, ev.client_y() as f64);
    if let Some(item) = picture_hit(app, canvas, picture, shown, cx, cy) {
        press(app, canvas, ev, item);
        return;
    }
    let g = Gesture::on_background((cx, cy), canvas.world(app, cx, cy), ev.shift_key(), app.viewport.get_untracked());
    if matches!(g, Gesture::Pan { .. }) {
        app.selected.set(Selection::default());
        canvas.renaming.set(None);
    }
    canvas.gesture.set(Some(g));
}

/// The table or view under client point (cx, cy) while the canvas picture draws the diagram.
fn picture_hit(app: App, canvas: Canvas, picture: Memo<bool>, shown: Memo<Option<Vec<TableId>>>, cx: f64, cy: f64) -> Option<Item> {
    if !picture.get_untracked() {
        return None;
    }
    let p = canvas.world(app, cx, cy);
    shown.with_untracked(|sh| {
        app.drag.with_untracked(|d| {
            app.schema.with_untracked(|s| app.layout.with_untracked(|l| crate::canvas::lod::hit(s, l, d.as_ref(), sh.as_deref(), p)))
        })
    })
}

fn press(app: App, canvas: Canvas, ev: &web_sys::PointerEvent, item: Item) {
    if ev.button() != 0 {
        return;
    }
    ev.stop_propagation();
    let (selection, gesture) =
        app.selected.with_untracked(|s| Gesture::on_item(item, (ev.client_x() as f64, ev.client_y() as f64), ev.shift_key(), s));
    if app.selected.with_untracked(|s| *s != selection) {
        app.selected.set(selection);
    }
    if gesture.is_some() {
        canvas.gesture.set(gesture);
    }
}

/// What table and view boxes share: the box and a header (tooltip, coloured head, label) that
/// selects and drags the item; only the head's class and fill and the label differ.
struct BoxFrame {
    width: f64,
    height: f64,
    head: String,
    fill: Option<String>,
    tip: String,
    label: AnyView,
}

impl BoxFrame {
    fn render(self, app: App, canvas: Canvas, item: Item, on_dblclick: impl Fn() + 'static) -> impl IntoView {
        let BoxFrame { width, height, head, fill, tip, label } = self;
        view! {
            <rect class="box" x="0" y="0" width=width height=height rx="4" />
            <g
                class="header"
                on:pointerdown=move |ev| press(app, canvas, &ev, item)
                on:dblclick=move |_| on_dblclick()
            >
                <title>{tip}</title>
                <rect class=head x="0" y="0" width=width height=HEADER_HEIGHT rx="4" fill=fill />
                {label}
            </g>
        }
    }
}

/// A view or materialized view: dashed box, its own header colour and a tag, one row per known
/// output column; dragged by the header.
#[component]
fn ViewNode(id: ViewId, detailed: Memo<bool>, zoom: Memo<f64>, canvas: Canvas) -> impl IntoView {
    let app = expect_context::<App>();
    let view = Memo::new(move |_| app.schema.with(|s| s.view(id).cloned()));
    let bx = Memo::new(move |_| app.layout.with(|l| l.views.iter().find(|b| b.view == id).cloned()));
    let offset = drag_offset(app, Item::View(id));
    let selected = Memo::new(move |_| app.selected.with(|s| s.contains(Item::View(id))));
    let transform = move || bx.with(|b| b.as_ref().map(|b| translate(b.x, b.y, offset.get())));
    let body = move || {
        let v = view.get()?;
        let b = bx.get()?;
        let name = v.qualified_name();
        let tag = view_tag(v.materialized);
        let tip = match &v.comment {
            Some(c) => format!("{tag} {name}\n{c}"),
            None => format!("{tag} {name}"),
        };
        let rows = detailed.get().then(|| {
            v.columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let y = HEADER_HEIGHT + i as f64 * ROW_HEIGHT;
                    view! {
                        <g class="row view-row" data-testid="view-column" data-column=c.clone()>
                            <text class="col-name" x={6.0 + 3.0 * CHAR_WIDTH} y={y + 14.0}>{c.clone()}</text>
                        </g>
                    }
                })
                .collect_view()
        });
        let label = view! {
            {header_name(zoom, name, v.name.clone(), b.width)}
            <text class="view-tag" data-testid="view-tag" x={b.width - 8.0} y="17" text-anchor="end">{tag}</text>
        }
        .into_any();
        let frame = BoxFrame { width: b.width, height: b.height, head: "head".into(), fill: None, tip, label };
        let big_name = lod_name(zoom, v.name.clone(), b.width, b.height);
        Some(view! {
            {frame.render(app, canvas, Item::View(id), || {})}
            {rows}
            {big_name}
        })
    };
    view! {
        <g
            data-testid="view"
            data-view=move || view.with(|v| v.as_ref().map(|v| v.qualified_name()))
            data-view-id=id.0
            class="view-node"
            class:selected=selected
            class:materialized=move || view.with(|v| v.as_ref().is_some_and(|v| v.materialized))
            transform=transform
        >
            {body}
        </g>
    }
}

/// A sticky note: its text is a text node (never markup); double-click edits it in a textarea,
/// the paper drags it, ✕ or Delete (when selected) removes it. Every change is one undo step.
#[component]
fn NoteNode(id: crate::schema::NoteId, canvas: Canvas) -> impl IntoView {
    let app = expect_context::<App>();
    let note = Memo::new(move |_| app.schema.with(|s| s.notes.iter().find(|n| n.id == id).cloned()));
    let selected = Memo::new(move |_| app.selected.with(|s| s.contains(Item::Note(id))));
    let editing = move || canvas.editing_note.get() == Some(id);
    let offset = drag_offset(app, Item::Note(id));
    let transform = move || note.with(|n| n.as_ref().map(|n| translate(n.position.x, n.position.y, offset.get())));
    let text = move || note.with(|n| n.as_ref().map(|n| n.text.clone()).unwrap_or_default());
    let input = NodeRef::<html::Textarea>::new();
    let editor = move || {
        editing().then(|| {
            let commit = move |value: String| {
                if canvas.editing_note.get_untracked() == Some(id) {
                    canvas.editing_note.set(None);
                    app.set_note_text(id, value);
                }
            };
            view! {
                <foreignObject class="note-edit" x="0" y="0" width=NOTE_WIDTH height=NOTE_HEIGHT>
                    <textarea
                        class="note-input"
                        data-testid="note-input"
                        aria-label="Note text"
                        node_ref=input
                        prop:value=text
                        autofocus
                        on:pointerdown=move |ev| ev.stop_propagation()
                        on:blur=move |ev| commit(event_target_value(&ev))
                        on:keydown=move |ev| match ev.key().as_str() {
                            "Enter" if ev.ctrl_key() || ev.meta_key() => commit(event_target_value(&ev)),
                            "Escape" => canvas.editing_note.set(None),
                            _ => {}
                        }
                    />
                </foreignObject>
            }
        })
    };
    // Focus the textarea once it is in the document (autofocus does not apply to inserted nodes).
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    view! {
        <g
            data-testid="note"
            data-note-id=id.0
            class="note"
            class:selected=selected
            transform=transform
            on:pointerdown=move |ev| press(app, canvas, &ev, Item::Note(id))
            on:dblclick=move |_| canvas.editing_note.set(Some(id))
        >
            <rect class="note-paper" x="0" y="0" width=NOTE_WIDTH height=NOTE_HEIGHT rx="3" />
            <foreignObject class="note-body" x="0" y="0" width=NOTE_WIDTH height=NOTE_HEIGHT>
                <div class="note-text" data-testid="note-text">{text}</div>
            </foreignObject>
            {editor}
            <g
                class="note-delete"
                data-testid="note-delete"
                role="button"
                aria-label="Delete note"
                on:pointerdown=move |ev| ev.stop_propagation()
                on:click=move |_| {
                    app.apply(Edit::DeleteNote { id });
                    app.selected.update(|s| s.remove(Item::Note(id)));
                }
            >
                <title>"Delete note"</title>
                <rect x={NOTE_WIDTH - 20.0} y="2" width="18" height="18" rx="3" />
                <text x={NOTE_WIDTH - 11.0} y="15" text-anchor="middle">"✕"</text>
            </g>
        </g>
    }
}

/// An overview of the whole diagram with the visible rectangle; click or drag to move there.
#[component]
fn Minimap() -> impl IntoView {
    let app = expect_context::<App>();
    let (w, h) = (200.0, 140.0);
    let frame = Memo::new(move |_| {
        let r = app.layout.with(|l| app.schema.with(|s| l.content_bounds(&s.notes))).unwrap_or(Rect { x: 0.0, y: 0.0, width: 1.0, height: 1.0 });
        (r.x, r.y, r.right(), r.bottom())
    });
    let rect_d = |d: &mut String, x: f64, y: f64, w: f64, h: f64| {
        d.push_str(&format!("M{x:.0} {y:.0}h{w:.0}v{h:.0}h{:.0}Z", -w));
    };
    let shapes = Memo::new(move |_| {
        app.layout.with(|l| {
            let mut d = String::with_capacity(l.boxes.len() * 32);
            for b in &l.boxes {
                rect_d(&mut d, b.x, b.y, b.width, b.height);
            }
            d
        })
    });
    let view_shapes = Memo::new(move |_| {
        app.layout.with(|l| {
            let mut d = String::new();
            for b in &l.views {
                rect_d(&mut d, b.x, b.y, b.width, b.height);
            }
            d
        })
    });
    let note_shapes = Memo::new(move |_| {
        app.schema.with(|s| {
            let mut d = String::new();
            for n in &s.notes {
                rect_d(&mut d, n.position.x, n.position.y, NOTE_WIDTH, NOTE_HEIGHT);
            }
            d
        })
    });
    let view_box = move || {
        let (x0, y0, x1, y1) = frame.get();
        format!("{x0} {y0} {} {}", (x1 - x0).max(1.0), (y1 - y0).max(1.0))
    };
    let window_rect = move || {
        let r = app.viewport.get().visible(app.canvas_size.get());
        (r.x, r.y, r.right(), r.bottom())
    };
    let dragging = RwSignal::new(false);
    let go = move |ev: &web_sys::PointerEvent| {
        let Some(el) = browser::closest(ev.target(), "svg.minimap") else { return };
        let (ox, oy) = browser::element_origin(&el);
        let (x0, y0, x1, y1) = frame.get_untracked();
        let sx = (x1 - x0).max(1.0) / w;
        let sy = (y1 - y0).max(1.0) / h;
        // preserveAspectRatio="xMidYMid meet": one scale, centered.
        let s = sx.max(sy);
        let (offx, offy) = ((w - (x1 - x0) / s) / 2.0, (h - (y1 - y0) / s) / 2.0);
        let p = Point { x: x0 + (ev.client_x() as f64 - ox - offx) * s, y: y0 + (ev.client_y() as f64 - oy - offy) * s };
        let size = app.canvas_size.get_untracked();
        app.viewport.update(|v| *v = v.centered_on(p, size));
    };
    view! {
        <svg
            class="minimap"
            data-testid="minimap"
            width=w
            height=h
            viewBox=view_box
            preserveAspectRatio="xMidYMid meet"
            role="img"
            aria-label="Minimap"
            on:pointerdown=move |ev| { ev.stop_propagation(); dragging.set(true); go(&ev); }
            on:pointermove=move |ev| if dragging.get_untracked() { go(&ev) }
            on:pointerup=move |_| dragging.set(false)
            on:pointerleave=move |_| dragging.set(false)
        >
            <path class="mini-tables" d=move || shapes.get() />
            <path class="mini-views" d=move || view_shapes.get() />
            <path class="mini-notes" d=move || note_shapes.get() />
            {move || {
                let (x0, y0, x1, y1) = window_rect();
                view! { <rect class="mini-window" x=x0 y=y0 width={(x1 - x0).max(0.0)} height={(y1 - y0).max(0.0)} /> }
            }}
        </svg>
    }
}
