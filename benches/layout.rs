//! Layout benchmark: `cargo bench --bench layout`. Lays out a synthetic schema shaped like
//! `shared/bench/gen_schema.py 1000` and prints the median time (budget: 300 ms natively), then
//! the time to place three quarters of it as new tables beside the first quarter, placed (what
//! a paste of a bigger version of a schema does: `place_unplaced`).

// The core's no-panic lints (Cargo.toml [lints]) do not apply to a bench or the fuzzer: a panic here fails the run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use erdsmith::layout::{geometry, place_unplaced, synthetic};
use std::time::Instant;

fn main() {
    let tables: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(1000);
    let schema = synthetic::schema(tables, 7);
    let fks: usize = schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
    let mut times = Vec::new();
    let mut layout = geometry(&schema);
    for _ in 0..15 {
        let start = Instant::now();
        layout = std::hint::black_box(geometry(std::hint::black_box(&schema)));
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "layout of {tables} tables, {fks} foreign keys: median {median:.2} ms (min {:.2}, max {:.2}); diagram {:.0} x {:.0} (aspect {:.2})",
        times[0],
        times[times.len() - 1],
        layout.width,
        layout.height,
        layout.width / layout.height.max(1.0)
    );
    // A quarter placed by the auto layout, the rest new.
    let mut quarter = schema.clone();
    quarter.tables.truncate(tables / 4);
    for t in &mut quarter.tables {
        t.foreign_keys.retain(|fk| fk.ref_table < schema.tables[tables / 4].id);
    }
    place_unplaced(&mut quarter);
    let mut grown = schema.clone();
    for (t, q) in grown.tables.iter_mut().zip(&quarter.tables) {
        t.position = q.position;
    }
    let mut place_times = Vec::new();
    for _ in 0..7 {
        let mut s = grown.clone();
        let start = Instant::now();
        place_unplaced(std::hint::black_box(&mut s));
        place_times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert!(s.tables.iter().all(|t| t.position.is_some() || t.parent.is_some()));
    }
    place_times.sort_by(f64::total_cmp);
    println!("placing {} new tables beside {} placed: median {:.2} ms (min {:.2})", tables - tables / 4, tables / 4, place_times[3], place_times[0]);
    // What the page draws for the edges of the whole diagram at fit-all (every frame of a pan
    // recomputes it for what is visible).
    let mut edge_times = Vec::new();
    let mut drawn = 0;
    for _ in 0..15 {
        let start = Instant::now();
        let views = std::hint::black_box(erdsmith::canvas::edge_views(&schema, &layout, None, layout.bounds(), None, erdsmith::canvas::EdgeSet::Still(&[])));
        edge_times.push(start.elapsed().as_secs_f64() * 1000.0);
        drawn = views.len();
    }
    edge_times.sort_by(f64::total_cmp);
    println!("edge views of the whole diagram ({drawn} edges): median {:.2} ms (min {:.2})", edge_times[7], edge_times[0]);
    // The zoomed-out picture's scene at fit-all (`canvas::lod::scene`), computed for every
    // painted frame of a pan or zoom.
    let mut scene_times = Vec::new();
    let selection = erdsmith::canvas::Selection::default();
    let state = erdsmith::canvas::lod::SceneState {
        visible: layout.bounds(),
        zoom: 0.05,
        drag: None,
        shown: None,
        selection: &selection,
        marks: None,
        hot: &[],
    };
    let mut boxes = 0;
    for _ in 0..15 {
        let start = Instant::now();
        let scene = std::hint::black_box(erdsmith::canvas::lod::scene(&schema, &layout, &state));
        scene_times.push(start.elapsed().as_secs_f64() * 1000.0);
        boxes = scene.boxes.len();
    }
    scene_times.sort_by(f64::total_cmp);
    println!("zoomed-out picture of the whole diagram ({boxes} boxes): median {:.2} ms (min {:.2})", scene_times[7], scene_times[0]);
    if median > 300.0 {
        eprintln!("over the 300 ms budget");
        std::process::exit(1);
    }
}
