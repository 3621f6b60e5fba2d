//! The zoomed-out diagram painted into one canvas (`canvas::lod`): while a big diagram is below
//! the detail zoom, the SVG draws no table, view or edge and this layer, under the SVG, paints
//! the scene `canvas::lod::scene` computes. A change of what it shows asks for one paint in the
//! next animation frame (several changes in a frame paint once). When the whole diagram at this
//! zoom fits in a few screens of pixels it is painted once off screen and a pan only copies it
//! (`Cached`); else each paint costs O(what is in view). A zoom step over an unchanged diagram
//! scales the cached picture of the last zoom for its frame and the picture at the new zoom is
//! made when the zoom rests (`Painted::ForNow`). The review's finding dots are a second canvas
//! over it (`lod-dots`), painted from `canvas::lod::finding_dots` each frame the picture or the
//! findings change: findings arriving after an import, or changing with a rule's setting, cost
//! only the dots in view, never the picture (the picture's paint does not read them). Colours
//! come from the page's CSS variables, so the light and dark themes apply.
//! Pointer presses on a box are hit-tested in `ui/diagram.rs` (`canvas::lod::hit`).

use super::state::App;
use crate::canvas::lod::{Head, LodBox, Scene, SceneState, finding_dots, scene};
use crate::export::diff_marks::Mark;
use crate::layout::{HEADER_HEIGHT, Rect};
use crate::schema::{Point, TableId};
use leptos::html;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// The picture of the whole diagram at one zoom, painted once off screen: a pan only copies it
/// (one `drawImage`) instead of painting thousands of boxes and edges again. Made again when
/// anything but the pan changes (`epoch`), or the zoom does.
#[derive(Default)]
struct Cached {
    key: Option<(u64, f64)>,
    /// What the last paint showed: the picture is cached only when a paint shows the same as the
    /// one before it but for the pan, so a zoom step or a drag frame (each a change) is one
    /// direct paint of what is in view, not a whole picture made for one frame.
    last: Option<(u64, f64)>,
    canvas: Option<web_sys::HtmlCanvasElement>,
    /// The diagram point at the cached picture's top left corner.
    origin: Point,
}

/// At most this many times the pane's pixels are kept as a cached picture; a diagram bigger than
/// that at the current zoom is painted directly, which then costs only what is in view.
const CACHE_MAX_SCREENS: f64 = 2.5;
/// No side of the cached picture is longer (the browser's canvas limit is larger).
const CACHE_MAX_SIDE: f64 = 8192.0;

/// The canvas layer and its finding dots; `picture` says when they paint (else they are
/// cleared), `shown` is focus mode's set of tables.
#[component]
pub fn LodLayer(picture: Memo<bool>, shown: Memo<Option<Vec<TableId>>>) -> impl IntoView {
    let app = expect_context::<App>();
    let node = NodeRef::<html::Canvas>::new();
    let dots_node = NodeRef::<html::Canvas>::new();
    // What the next frame paints: the picture, the dots (a paint of the picture paints the dots
    // too, as the view may have moved).
    let queued = Rc::new(Cell::new(None::<bool>));
    let epoch = Rc::new(Cell::new(0u64));
    let cached = Rc::new(std::cell::RefCell::new(Cached::default()));
    // A zoom step shown by scaling the cached picture asks, once the zoom rests, for the
    // picture at the new zoom (`rested`).
    let rested = Trigger::new();
    let previews = Rc::new(Cell::new(0u64));
    let schedule = {
        let (queued, epoch) = (queued.clone(), epoch.clone());
        move |picture_too: bool| {
            let before = queued.replace(Some(picture_too || queued.get() == Some(true)));
            if before.is_some() {
                return;
            }
            let (queued, epoch, cached, previews) = (queued.clone(), epoch.clone(), cached.clone(), previews.clone());
            request_animation_frame(move || {
                let picture_too = queued.take() == Some(true);
                let on = picture.get_untracked();
                if let Some(el) = dots_node.get_untracked() {
                    paint_dots(app, &el, on, shown);
                }
                if !picture_too {
                    return;
                }
                let Some(el) = node.get_untracked() else { return };
                if paint(app, &el, on, shown, (epoch.get(), &mut cached.borrow_mut())) == Painted::ForNow {
                    let n = previews.get().wrapping_add(1);
                    previews.set(n);
                    let previews = previews.clone();
                    super::browser::later(ZOOM_REST_MS, move || {
                        if previews.get() == n {
                            rested.notify();
                        }
                    });
                }
            });
        }
    };
    // What the picture shows, besides where the view is: a change makes the cached picture old.
    // While there is no picture only its coming and going count (one paint clears it), so a pan
    // or drag in the detailed view costs this layer nothing.
    let content = schedule.clone();
    let bump = epoch.clone();
    Effect::new(move |_| {
        if picture.get() {
            shown.track();
            app.canvas_size.track();
            app.schema.track();
            app.layout.track();
            app.drag.track();
            app.selected.track();
            app.changes.track();
            app.hot_fks.track();
        }
        bump.set(bump.get().wrapping_add(1));
        content(true);
    });
    let dots = schedule.clone();
    Effect::new(move |_| {
        if picture.get() {
            app.finding_counts.track();
            dots(false);
        }
    });
    Effect::new(move |_| {
        if picture.get() {
            app.viewport.track();
            rested.track();
            schedule(true);
        }
    });
    view! {
        <canvas class="lod" node_ref=node data-testid="lod-canvas" aria-hidden="true" />
        <canvas class="lod" node_ref=dots_node data-testid="lod-dots" aria-hidden="true" />
    }
}

/// The finding dots' radius at zoom `z`, in diagram units: 9, but never under 2.5 pixels.
fn dot_radius(z: f64) -> f64 {
    9.0f64.max(2.5 / z)
}

/// Sizes the dots' canvas to the pane and paints the finding dots in view (one path, one fill),
/// or clears it. `data-dots` says how many it drew and `data-paints` counts its paints, for the
/// browser tests.
fn paint_dots(app: App, el: &web_sys::HtmlCanvasElement, on: bool, shown: Memo<Option<Vec<TableId>>>) {
    let Some((ctx, dpr, (w, h), _)) = cleared(app, el) else { return };
    let view = app.viewport.get_untracked();
    let z = view.zoom;
    let radius = dot_radius(z);
    let dots = if on {
        let drag = app.drag.get_untracked();
        shown.with_untracked(|shown| {
            app.finding_counts.with_untracked(|findings| {
                app.schema.with_untracked(|s| {
                    app.layout.with_untracked(|l| finding_dots(s, l, (drag.as_ref(), shown.as_deref()), view.visible((w, h)), radius, findings))
                })
            })
        })
    } else {
        Vec::new()
    };
    if !dots.is_empty() {
        ctx.set_transform(dpr * z, 0.0, 0.0, dpr * z, dpr * view.pan.x, dpr * view.pan.y).ok();
        ctx.begin_path();
        for p in &dots {
            ctx.move_to(p.x + radius, p.y);
            let _ = ctx.arc(p.x, p.y, radius, 0.0, std::f64::consts::TAU);
        }
        ctx.set_fill_style_str(&Colors::of(el).var("--hot", "#e8590c"));
        ctx.fill();
    }
    let _ = el.set_attribute("data-dots", &dots.len().to_string());
    count_paint(el);
}

/// How a paint drew the picture.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Painted {
    /// As it stays: the scene at this zoom (directly, or from the cached picture at this zoom),
    /// or nothing.
    Exact,
    /// A zoom step, for this frame: over an unchanged diagram, the cached picture of another
    /// zoom scaled — one `drawImage`, so the step shows in the next frame even with thousands of
    /// boxes (names a little soft) — or, with no such picture, the scene in view. When the zoom
    /// rests (`ZOOM_REST_MS`) the picture at the new zoom is made.
    ForNow,
}

/// How long after the last zoom step the picture at the new zoom is made.
const ZOOM_REST_MS: u32 = 150;

/// A cached picture is scaled for a zoom step only this far (else the step is painted).
const PREVIEW_MAX_SCALE: f64 = 2.0;

/// Sizes the canvas to the pane (in device pixels) and paints the scene, or clears it: from the
/// cached picture when the whole diagram fits in it at this zoom, else directly; a zoom step
/// over an unchanged diagram scales the cached picture of another zoom (`Painted::ForNow`).
fn paint(app: App, el: &web_sys::HtmlCanvasElement, on: bool, shown: Memo<Option<Vec<TableId>>>, (epoch, cache): (u64, &mut Cached)) -> Painted {
    let Some((ctx, dpr, (w, h), (pw, ph))) = cleared(app, el) else { return Painted::Exact };
    if !on {
        *cache = Cached::default();
        counts(el, &Scene::default(), 1.0);
        return Painted::Exact;
    }
    let view = app.viewport.get_untracked();
    let z = view.zoom;
    // The whole diagram, with room for names wider than their box and outlines a few pixels wide.
    let pad = 160.0 + 12.0 / z;
    let b = app.layout.with_untracked(|l| l.bounds());
    let whole = Rect { x: b.x - pad, y: b.y - pad, width: b.width + 2.0 * pad, height: b.height + 2.0 * pad };
    let (cw, ch) = ((whole.width * z * dpr).ceil(), (whole.height * z * dpr).ceil());
    let fits = cw * ch <= CACHE_MAX_SCREENS * f64::from(pw) * f64::from(ph) && cw <= CACHE_MAX_SIDE && ch <= CACHE_MAX_SIDE;
    let now = (epoch, z);
    let settled = cache.last == Some(now);
    // Only the zoom changed since the last paint.
    let zoom_step = cache.last.is_some_and(|(e, last_z)| e == epoch && last_z != z);
    cache.last = Some(now);
    if zoom_step && let (Some((drawn, cz)), Some(off)) = (cache.key, &cache.canvas) {
        let scale = z / cz;
        if drawn == epoch && scale != 1.0 && (1.0 / PREVIEW_MAX_SCALE..=PREVIEW_MAX_SCALE).contains(&scale) {
            // Diagram point p is at device pixel dpr · (pan + p · z); the cached picture's pixel u
            // shows p = origin + u / (dpr · cz).
            let (dx, dy) = (dpr * (view.pan.x + cache.origin.x * z), dpr * (view.pan.y + cache.origin.y * z));
            let (dw, dh) = (f64::from(off.width()) * scale, f64::from(off.height()) * scale);
            let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(off, dx, dy, dw, dh);
            return Painted::ForNow;
        }
    }
    if !fits || (cache.key != Some(now) && !settled) {
        // The old picture stays for the next zoom steps to scale (its epoch says whether it
        // still shows this diagram).
        let scene = scene_of(app, shown, view.visible((w, h)), z);
        ctx.set_transform(dpr * z, 0.0, 0.0, dpr * z, dpr * view.pan.x, dpr * view.pan.y).ok();
        draw(&ctx, &scene, z, &Colors::of(el));
        counts(el, &scene, z);
        el.set_attribute("data-cached", "0").ok();
        // A zoom step: once the zoom rests the picture at this zoom is made, for the pans and
        // steps after (a change of the diagram waits for a pan, as typing changes it often).
        return if fits && zoom_step { Painted::ForNow } else { Painted::Exact };
    }
    if cache.key != Some(now) || cache.canvas.is_none() {
        // The old picture's canvas is painted over when it has the size (a drag repaints it per
        // frame); else a new one.
        let made = cache.canvas.take().or_else(|| {
            gloo::utils::document().create_element("canvas").ok().and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        });
        let Some(off) = made else { return Painted::Exact };
        if off.width() != cw as u32 || off.height() != ch as u32 {
            off.set_width(cw as u32);
            off.set_height(ch as u32);
        }
        let Some(octx) = context(&off) else { return Painted::Exact };
        octx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
        octx.clear_rect(0.0, 0.0, cw, ch);
        let scene = scene_of(app, shown, whole, z);
        octx.set_transform(dpr * z, 0.0, 0.0, dpr * z, -whole.x * z * dpr, -whole.y * z * dpr).ok();
        draw(&octx, &scene, z, &Colors::of(el));
        counts(el, &scene, z);
        el.set_attribute("data-cached", "1").ok();
        *cache = Cached { key: Some(now), last: Some(now), canvas: Some(off), origin: Point { x: whole.x, y: whole.y } };
    }
    if let Some(off) = &cache.canvas {
        let (dx, dy) = ((dpr * (view.pan.x + cache.origin.x * z)).round(), (dpr * (view.pan.y + cache.origin.y * z)).round());
        let _ = ctx.draw_image_with_html_canvas_element(off, dx, dy);
    }
    Painted::Exact
}

/// A layer's canvas, cleared: its context, the device pixel ratio, the pane's size in CSS pixels
/// and the canvas's in device pixels.
type Cleared = (web_sys::CanvasRenderingContext2d, f64, (f64, f64), (u32, u32));

/// Sizes a layer's canvas to the pane (in device pixels) and clears it.
fn cleared(app: App, el: &web_sys::HtmlCanvasElement) -> Option<Cleared> {
    let (w, h) = app.canvas_size.get_untracked();
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0);
    let (pw, ph) = ((w * dpr).round().max(1.0) as u32, (h * dpr).round().max(1.0) as u32);
    if el.width() != pw || el.height() != ph {
        el.set_width(pw);
        el.set_height(ph);
    }
    let ctx = context(el)?;
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
    ctx.clear_rect(0.0, 0.0, f64::from(pw), f64::from(ph));
    Some((ctx, dpr, (w, h), (pw, ph)))
}

/// Counts one more paint of a layer in its `data-paints` (the browser tests read it).
fn count_paint(el: &web_sys::HtmlCanvasElement) {
    let paints = el.get_attribute("data-paints").and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
    let _ = el.set_attribute("data-paints", &(paints + 1).to_string());
}

fn context(el: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    el.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
}

/// The scene of what `visible` holds at zoom `z`.
fn scene_of(app: App, shown: Memo<Option<Vec<TableId>>>, visible: Rect, z: f64) -> Scene {
    let selection = app.selected.get_untracked();
    let hot = app.hot_fks.get_untracked();
    let drag = app.drag.get_untracked();
    shown.with_untracked(|shown| {
        app.changes.with_untracked(|marks| {
            app.schema.with_untracked(|s| {
                app.layout.with_untracked(|l| {
                    let state =
                        SceneState { visible, zoom: z, drag: drag.as_ref(), shown: shown.as_deref(), selection: &selection, marks: marks.as_ref(), hot: &hot };
                    scene(s, l, &state)
                })
            })
        })
    })
}

/// What the picture holds (the cached whole diagram, or what is in view when painted directly),
/// on the element: `data-tables`, `data-views`, `data-edges`, and `data-names` with the smallest
/// name's on-screen size in `data-name-px`, and the zoom it was painted at in `data-zoom` (a zoom
/// step's scaled picture leaves them as they were; `data-cached` says whether the picture at
/// that zoom is kept off screen), and counts in `data-paints` the paints of a scene (a pan that
/// copies the cached picture is not one). The browser tests read what the picture shows here.
fn counts(el: &web_sys::HtmlCanvasElement, scene: &Scene, z: f64) {
    let tables = scene.boxes.iter().filter(|b| matches!(b.item, crate::canvas::Item::Table(_))).count();
    let fonts = scene.boxes.iter().filter_map(|b| b.label.as_ref().map(|l| l.1));
    let (names, smallest) = fonts.fold((0usize, f64::INFINITY), |(n, m), f| (n + 1, m.min(f * z)));
    let views = scene.boxes.len() - tables;
    for (name, n) in [("data-tables", tables), ("data-views", views), ("data-edges", scene.edges.len()), ("data-names", names)] {
        let _ = el.set_attribute(name, &n.to_string());
    }
    let _ = el.set_attribute("data-name-px", &if names > 0 { format!("{smallest:.1}") } else { String::new() });
    let _ = el.set_attribute("data-zoom", &format!("{z:.4}"));
    count_paint(el);
}

/// The page's colours, read from its CSS variables at each paint.
struct Colors {
    style: Option<web_sys::CssStyleDeclaration>,
}

impl Colors {
    fn of(el: &web_sys::HtmlCanvasElement) -> Colors {
        Colors { style: web_sys::window().and_then(|w| w.get_computed_style(el).ok().flatten()) }
    }

    fn var(&self, name: &str, fallback: &str) -> String {
        let v = self.style.as_ref().and_then(|s| s.get_property_value(name).ok()).unwrap_or_default();
        let v = v.trim();
        if v.is_empty() { fallback.to_string() } else { v.to_string() }
    }
}

/// A line `world` diagram units wide, but never thinner than `min_px` on screen.
fn width(world: f64, min_px: f64, zoom: f64) -> f64 {
    world.max(min_px / zoom)
}

fn polyline(ctx: &web_sys::CanvasRenderingContext2d, points: &[Point]) {
    let mut it = points.iter();
    if let Some(p) = it.next() {
        ctx.move_to(p.x, p.y);
        for p in it {
            ctx.line_to(p.x, p.y);
        }
    }
}

fn draw(ctx: &web_sys::CanvasRenderingContext2d, scene: &Scene, z: f64, c: &Colors) {
    // Edges in one path per style: a stroke call per edge would cost more than the lines.
    ctx.set_line_join("round");
    ctx.begin_path();
    scene.edges.iter().filter(|e| !e.hot).for_each(|e| polyline(ctx, &e.points));
    ctx.set_stroke_style_str(&c.var("--edge", "#667085"));
    ctx.set_line_width(width(1.4, 0.6, z));
    ctx.stroke();
    ctx.begin_path();
    scene.edges.iter().filter(|e| e.hot).for_each(|e| polyline(ctx, &e.points));
    ctx.set_stroke_style_str(&c.var("--hot", "#e8590c"));
    ctx.set_line_width(width(2.4, 1.5, z));
    ctx.stroke();
    if !scene.reads.is_empty() {
        ctx.begin_path();
        scene.reads.iter().for_each(|p| polyline(ctx, p));
        ctx.set_stroke_style_str(&c.var("--view-head", "#7c5cbf"));
        ctx.set_line_width(width(1.2, 0.6, z));
        let _ = ctx.set_line_dash(&dash(5.0, 4.0));
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }

    boxes(ctx, scene, z, c);
    // Names over every box, so a neighbour's box never hides a name.
    labels(ctx, scene, c);
}

/// The boxes in a few batched paths: every body, then the heads of each colour, then the plain
/// outlines (a style change and a fill per box would cost more than the pixels at 5,000
/// boxes); selected, changed and view outlines one by one over them.
fn boxes(ctx: &web_sys::CanvasRenderingContext2d, scene: &Scene, z: f64, c: &Colors) {
    let fill_all = |color: &str, rects: &mut dyn Iterator<Item = Rect>| {
        ctx.begin_path();
        rects.for_each(|r| ctx.rect(r.x, r.y, r.width, r.height));
        ctx.set_fill_style_str(color);
        ctx.fill();
    };
    fill_all(&c.var("--box", "#ffffff"), &mut scene.boxes.iter().map(|b| b.rect));
    let head_rect = |b: &LodBox| Rect { height: HEADER_HEIGHT.min(b.rect.height), ..b.rect };
    let hues: Vec<String> = (0..8).map(|i| c.var(&format!("--hue-{i}"), "#4a6fa5")).collect();
    let (view_head, matview_head) = (c.var("--view-head", "#7c5cbf"), c.var("--matview-head", "#4c2f8f"));
    let mut heads: Vec<(String, Vec<Rect>)> = Vec::new();
    for b in &scene.boxes {
        let color = match (&b.fill, b.head) {
            (Some(fill), Head::Hue(_)) => fill.clone(),
            (None, Head::Hue(i)) => hues.get(i).cloned().unwrap_or_default(),
            (_, Head::View) => view_head.clone(),
            (_, Head::MaterializedView) => matview_head.clone(),
        };
        match heads.iter_mut().find(|(k, _)| *k == color) {
            Some((_, rects)) => rects.push(head_rect(b)),
            None => heads.push((color, vec![head_rect(b)])),
        }
    }
    for (color, rects) in &heads {
        fill_all(color, &mut rects.iter().copied());
    }
    let special = |b: &LodBox| b.selected || b.mark.is_some() || !matches!(b.head, Head::Hue(_));
    ctx.begin_path();
    scene.boxes.iter().filter(|b| !special(b)).for_each(|b| ctx.rect(b.rect.x, b.rect.y, b.rect.width, b.rect.height));
    ctx.set_stroke_style_str(&c.var("--box-stroke", "#98a2b3"));
    ctx.set_line_width(1.0);
    ctx.stroke();
    scene.boxes.iter().filter(|b| special(b)).for_each(|b| frame(ctx, b, z, c));
}

/// The outline of a box: dashed for a view, thick and coloured when selected or changed.
fn frame(ctx: &web_sys::CanvasRenderingContext2d, b: &LodBox, z: f64, c: &Colors) {
    let r: Rect = b.rect;
    let (color, w) = match (b.selected, b.mark) {
        (true, _) => (c.var("--accent", "#2f6fde"), width(2.5, 2.0, z)),
        (false, Some(Mark::Added)) => (c.var("--mark-added", "#2b8a3e"), width(2.5, 2.0, z)),
        (false, Some(Mark::Renamed)) => (c.var("--mark-renamed", "#5f3dc4"), width(2.5, 2.0, z)),
        (false, Some(Mark::Changed | Mark::Removed)) => (c.var("--mark-changed", "#e67700"), width(2.5, 2.0, z)),
        (false, None) => (c.var("--box-stroke", "#98a2b3"), 1.0),
    };
    ctx.set_stroke_style_str(&color);
    ctx.set_line_width(w);
    let dashed = matches!(b.head, Head::View | Head::MaterializedView);
    if dashed {
        let _ = ctx.set_line_dash(&dash(5.0, 3.0));
    }
    ctx.stroke_rect(r.x, r.y, r.width, r.height);
    if dashed {
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
}

/// The boxes' names, each over a halo of the canvas colour (as the SVG's `.lod-name`).
fn labels(ctx: &web_sys::CanvasRenderingContext2d, scene: &Scene, c: &Colors) {
    let (ink, halo, mono) = (c.var("--ink", "#1d2330"), c.var("--canvas", "#fbfcfd"), c.var("--mono", "monospace"));
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_line_join("round");
    ctx.set_fill_style_str(&ink);
    ctx.set_stroke_style_str(&halo);
    let mut font_of = f64::NAN;
    for b in &scene.boxes {
        let Some((text, font)) = &b.label else { continue };
        if *font != font_of {
            font_of = *font;
            ctx.set_font(&format!("600 {font:.2}px {mono}"));
            ctx.set_line_width(font / 4.0);
        }
        let (x, y) = (b.rect.x + b.rect.width / 2.0, b.rect.y + (b.rect.height / 2.0).min(font * 0.9));
        let _ = ctx.stroke_text(text, x, y);
        let _ = ctx.fill_text(text, x, y);
    }
}

fn dash(on: f64, off: f64) -> js_sys::Array {
    [on, off].iter().map(|v| wasm_bindgen::JsValue::from_f64(*v)).collect()
}
