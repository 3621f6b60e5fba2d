//! The layered auto layout, flowing left to right (referenced tables left of referencing ones):
//!
//! 1. cycle breaking: a depth-first search drops the edges that close a cycle (self-references
//!    never constrain layers);
//! 2. layer assignment: longest path from the referenced side, then tables are pulled right next
//!    to their nearest referencing table so edges stay short;
//! 3. crossing minimisation: a few down and up barycenter sweeps per connected component;
//! 4. coordinates: layers become columns; a layer taller than the component's target height
//!    wraps into several columns (so one huge component still comes out roughly 16:10), and a
//!    single-column layer is pulled level with the tables it links to;
//! 5. packing: components and a grid block of isolated tables are shelf-packed to about 16:10.
//!
//! All of it is integer bookkeeping plus `f64` arithmetic in a fixed order: deterministic.

use crate::schema::{Point, Schema};

/// Space between columns (room for the edge lanes) and between stacked boxes.
const GAP_X: f64 = 90.0;
const GAP_Y: f64 = 30.0;
/// Space between isolated tables in their grid (wider than `GAP_Y`, so routing sees rows).
const GAP_ISOLATED: f64 = 45.0;
/// Space between packed components.
const GAP_COMPONENT: f64 = 80.0;
/// Width to height ratio the packing aims for.
const ASPECT: f64 = 16.0 / 10.0;
const SWEEPS: usize = 4;

/// Undirected FK neighbours of each table (by index in `Schema::tables`), without self-loops,
/// sorted and deduplicated.
pub(super) fn adjacency(schema: &Schema) -> Vec<Vec<usize>> {
    adjacency_of(schema.tables.len(), &parent_edges(schema))
}

/// Undirected neighbours of each of `n` nodes given (child, parent) edges without self-loops.
fn adjacency_of(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut adj = vec![Vec::new(); n];
    for &(child, parent) in edges {
        if let Some(list) = adj.get_mut(child) {
            list.push(parent);
        }
        if let Some(list) = adj.get_mut(parent) {
            list.push(child);
        }
    }
    for list in &mut adj {
        list.sort_unstable();
        list.dedup();
    }
    adj
}

/// (referencing, referenced) table index pairs, deduplicated, without self-references.
pub(super) fn parent_edges(schema: &Schema) -> Vec<(usize, usize)> {
    let mut edges = Vec::new();
    for (i, t) in schema.tables.iter().enumerate() {
        for fk in &t.foreign_keys {
            if let Ok(j) = schema.table_position(fk.ref_table)
                && j != i
            {
                edges.push((i, j));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// Top-left corners for every node (by index), given the box sizes (one per node) and the
/// (referencing, referenced) node pairs, deduplicated and without self-references. Nodes are the
/// tables and, after them, the views (a view references the tables it reads).
pub(super) fn layout(edges: &[(usize, usize)], sizes: &[(f64, f64)]) -> Vec<Point> {
    let n = sizes.len();
    let adj = adjacency_of(n, edges);
    let layer = assign_layers(n, edges);

    let mut items: Vec<Block> = Vec::new();
    let mut isolated = Vec::new();
    for component in components(&adj) {
        match component.as_slice() {
            [single] => isolated.push(*single),
            _ => items.push(lay_out_component(&component, &layer, &adj, sizes)),
        }
    }
    if !isolated.is_empty() {
        let boxes: Vec<Block> = isolated
            .iter()
            .map(|&i| {
                let (width, height) = size_of(sizes, i);
                Block { nodes: vec![(i, Point::default())], width, height }
            })
            .collect();
        items.push(pack(boxes, GAP_ISOLATED));
    }
    points_of(n, pack(items, GAP_COMPONENT))
}

/// The size of node `i` (node numbers index `sizes`, one entry a node).
fn size_of(sizes: &[(f64, f64)], i: usize) -> (f64, f64) {
    sizes.get(i).copied().unwrap_or_default()
}

/// The top-left corner of each of the `n` nodes, by node number, from the packed block.
fn points_of(n: usize, all: Block) -> Vec<Point> {
    let mut points = vec![Point::default(); n];
    for (i, p) in all.nodes {
        if let Some(at) = points.get_mut(i) {
            *at = p;
        }
    }
    points
}

/// Room kept around a namespace's boxes for its area's frame (`AREA_PAD`) and label
/// (`AREA_HEAD`, above them).
pub const AREA_PAD: f64 = 24.0;
pub const AREA_HEAD: f64 = 40.0;

/// [`layout`] with the nodes in groups (`groups[i]`: the group of node `i`, one per
/// namespace): each group is laid out on its own (edges between groups do not pull them
/// together) with room for its area around it, and the groups are packed like components. With
/// one group it is `layout`.
pub(super) fn layout_grouped(edges: &[(usize, usize)], sizes: &[(f64, f64)], groups: &[usize]) -> Vec<Point> {
    let n = sizes.len();
    let n_groups = groups.iter().copied().max().map_or(0, |m| m + 1);
    if n_groups <= 1 {
        return layout(edges, sizes);
    }
    let mut blocks = Vec::with_capacity(n_groups);
    for g in 0..n_groups {
        let members: Vec<usize> = (0..n).filter(|&i| groups.get(i) == Some(&g)).collect();
        if members.is_empty() {
            continue;
        }
        // A node's number within the group, for the group's members.
        let mut local = vec![None; n];
        for (k, &i) in members.iter().enumerate() {
            if let Some(l) = local.get_mut(i) {
                *l = Some(k);
            }
        }
        let local_of = |i: usize| local.get(i).copied().flatten();
        let sub_sizes: Vec<(f64, f64)> = members.iter().map(|&i| size_of(sizes, i)).collect();
        let sub_edges: Vec<(usize, usize)> = edges.iter().filter_map(|&(a, b)| Some((local_of(a)?, local_of(b)?))).collect();
        let points = layout(&sub_edges, &sub_sizes);
        let width = points.iter().zip(&sub_sizes).map(|(p, s)| p.x + s.0).fold(0.0, f64::max);
        let height = points.iter().zip(&sub_sizes).map(|(p, s)| p.y + s.1).fold(0.0, f64::max);
        let nodes = members.iter().zip(points).map(|(&i, p)| (i, Point { x: p.x + AREA_PAD, y: p.y + AREA_HEAD })).collect();
        blocks.push(Block { nodes, width: width + 2.0 * AREA_PAD, height: height + AREA_HEAD + AREA_PAD });
    }
    points_of(n, pack(blocks, GAP_COMPONENT))
}

/// Longest-path layers over the edges left after cycle breaking, then pulled right.
fn assign_layers(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    // Node numbers index the per-node vectors (each one entry a node).
    let mut parents = vec![Vec::new(); n];
    for &(c, p) in edges {
        if let Some(ps) = parents.get_mut(c) {
            ps.push(p);
        }
    }
    // Iterative DFS from child to parent; an edge into a node still on the stack closes a cycle.
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut dag_parents = vec![Vec::new(); n];
    let mut order = Vec::with_capacity(n); // parents before children (post-order)
    for root in 0..n {
        match state.get_mut(root) {
            Some(s) if *s == 0 => *s = 1,
            _ => continue,
        }
        let mut stack = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&p) = parents.get(v).and_then(|ps| ps.get(*next)) {
                *next += 1;
                let kept = match state.get_mut(p) {
                    Some(s) if *s == 0 => {
                        *s = 1;
                        stack.push((p, 0));
                        true
                    }
                    Some(2) => true,
                    _ => false, // back edge: dropped
                };
                if kept && let Some(d) = dag_parents.get_mut(v) {
                    d.push(p);
                }
            } else {
                if let Some(s) = state.get_mut(v) {
                    *s = 2;
                }
                order.push(v);
                stack.pop();
            }
        }
    }
    let mut layer = vec![0usize; n];
    for &v in &order {
        let l = dag_parents.get(v).into_iter().flatten().filter_map(|&p| layer.get(p)).map(|l| l + 1).max().unwrap_or(0);
        if let Some(at) = layer.get_mut(v) {
            *at = l;
        }
    }
    // Pull each referenced table right, next to its nearest referencing table.
    let mut children = vec![Vec::new(); n];
    for (c, ps) in dag_parents.iter().enumerate() {
        for &p in ps {
            if let Some(cs) = children.get_mut(p) {
                cs.push(c);
            }
        }
    }
    for &v in order.iter().rev() {
        if let Some(min_child) = children.get(v).into_iter().flatten().filter_map(|&c| layer.get(c).copied()).min()
            && let Some(at) = layer.get_mut(v)
        {
            *at = (*at).max(min_child.saturating_sub(1));
        }
    }
    layer
}

/// Connected components (by index, each sorted), ordered by their smallest index.
fn components(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    // Node numbers index `adj` and `seen` (one entry a node).
    let mut seen = vec![false; adj.len()];
    let mut out = Vec::new();
    for start in 0..adj.len() {
        match seen.get_mut(start) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        let mut nodes = vec![start];
        let mut k = 0;
        while let Some(&node) = nodes.get(k) {
            for &j in adj.get(node).into_iter().flatten() {
                if let Some(s) = seen.get_mut(j)
                    && !*s
                {
                    *s = true;
                    nodes.push(j);
                }
            }
            k += 1;
        }
        nodes.sort_unstable();
        out.push(nodes);
    }
    out
}

/// Placed nodes (table index, top-left relative to the block) and the block's size.
struct Block {
    nodes: Vec<(usize, Point)>,
    width: f64,
    height: f64,
}

fn lay_out_component(nodes: &[usize], layer: &[usize], adj: &[Vec<usize>], sizes: &[(f64, f64)]) -> Block {
    // Node numbers index the per-node slices (each one entry a node); layer numbers `layers`.
    // Compact layer numbers to 0..k within the component.
    let layer_of = |i: usize| layer.get(i).copied().unwrap_or_default();
    let mut used: Vec<usize> = nodes.iter().map(|&i| layer_of(i)).collect();
    used.sort_unstable();
    used.dedup();
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); used.len()];
    let mut local_layer = vec![usize::MAX; sizes.len()];
    for &i in nodes {
        let l = used.partition_point(|&u| u < layer_of(i));
        if let Some(members) = layers.get_mut(l) {
            members.push(i);
        }
        if let Some(at) = local_layer.get_mut(i) {
            *at = l;
        }
    }
    order_layers(&mut layers, &local_layer, adj);

    let area: f64 = nodes.iter().map(|&i| size_of(sizes, i)).map(|(w, h)| (w + GAP_X) * (h + GAP_Y)).sum();
    let tallest = nodes.iter().map(|&i| size_of(sizes, i).1).fold(0.0, f64::max);
    let target_height = (area / ASPECT).sqrt().max(tallest);

    let mut center_y = vec![f64::NAN; sizes.len()];
    let mut placed = Vec::with_capacity(nodes.len());
    let mut x = 0.0;
    let mut height: f64 = 0.0;
    for members in &layers {
        let total: f64 = members.iter().map(|&i| size_of(sizes, i).1 + GAP_Y).sum();
        let columns = chunk(members, sizes, target_height);
        let wrapped = columns.len() > 1 || total > target_height;
        for column in columns {
            let width = column.iter().map(|&i| size_of(sizes, i).0).fold(0.0, f64::max);
            let mut bottom = -GAP_Y;
            for &i in &column {
                let h = size_of(sizes, i).1;
                let mut y = bottom + GAP_Y;
                if !wrapped {
                    let linked: Vec<f64> =
                        adj.get(i).into_iter().flatten().filter_map(|&j| center_y.get(j).copied()).filter(|c| c.is_finite()).collect();
                    if !linked.is_empty() {
                        let want = linked.iter().sum::<f64>() / linked.len() as f64 - h / 2.0;
                        y = y.max(want);
                    }
                }
                if let Some(c) = center_y.get_mut(i) {
                    *c = y + h / 2.0;
                }
                placed.push((i, Point { x, y }));
                bottom = y + h;
            }
            height = height.max(bottom);
            x += width + GAP_X;
        }
    }
    Block { nodes: placed, width: (x - GAP_X).max(0.0), height }
}

/// Splits an ordered layer into columns no taller than `target` (each holds at least one box).
fn chunk(members: &[usize], sizes: &[(f64, f64)], target: f64) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut used = f64::INFINITY;
    for &i in members {
        // Node numbers index `sizes` (one entry a node).
        let h = sizes.get(i).map_or(0.0, |s| s.1) + GAP_Y;
        if used + h > target + GAP_Y {
            out.push(Vec::new());
            used = 0.0;
        }
        used += h;
        if let Some(last) = out.last_mut() {
            last.push(i);
        }
    }
    out
}

/// Barycenter sweeps: each table moves toward the mean relative position of its neighbours in
/// the layers before (down sweep) or after (up sweep) its own.
fn order_layers(layers: &mut [Vec<usize>], local_layer: &[usize], adj: &[Vec<usize>]) {
    // Node numbers index `rank`, `adj` and `local_layer` (one entry a node).
    let mut rank = vec![0.0f64; local_layer.len()];
    for members in layers.iter() {
        set_ranks(members, &mut rank);
    }
    let count = layers.len();
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let order: Vec<usize> = if down { (1..count).collect() } else { (0..count.saturating_sub(1)).rev().collect() };
        for l in order {
            let Some(layer) = layers.get_mut(l) else { continue };
            let rank_of = |j: usize| rank.get(j).copied().unwrap_or(0.0);
            let mut keyed: Vec<(f64, usize)> = layer
                .iter()
                .map(|&i| {
                    let (sum, n) = adj
                        .get(i)
                        .into_iter()
                        .flatten()
                        .filter(|&&j| match local_layer.get(j) {
                            Some(&lj) => if down { lj < l } else { lj > l && lj != usize::MAX },
                            None => false,
                        })
                        .fold((0.0, 0usize), |(s, n), &j| (s + rank_of(j), n + 1));
                    let key = if n == 0 { rank_of(i) } else { sum / n as f64 };
                    (key, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            *layer = keyed.into_iter().map(|(_, i)| i).collect();
            set_ranks(layer, &mut rank);
        }
    }
}

/// Sets the rank of each member of a layer to its relative position in it, in (0, 1).
fn set_ranks(members: &[usize], rank: &mut [f64]) {
    let n = members.len() as f64;
    for (k, &i) in members.iter().enumerate() {
        if let Some(r) = rank.get_mut(i) {
            *r = (k as f64 + 0.5) / n;
        }
    }
}

/// Shelf packing, tallest first, into rows about `ASPECT` times as wide as the result is tall.
fn pack(mut items: Vec<Block>, gap: f64) -> Block {
    let area: f64 = items.iter().map(|b| (b.width + gap) * (b.height + gap)).sum();
    let widest = items.iter().map(|b| b.width).fold(0.0, f64::max);
    let row_width = (area * ASPECT).sqrt().max(widest);
    // Stable: equal heights keep their component order.
    items.sort_by(|a, b| b.height.total_cmp(&a.height));
    let mut nodes = Vec::new();
    let (mut x, mut y, mut row_height, mut width) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for item in items {
        if x > 0.0 && x + item.width > row_width {
            y += row_height + gap;
            x = 0.0;
            row_height = 0.0;
        }
        for (i, p) in item.nodes {
            nodes.push((i, Point { x: x + p.x, y: y + p.y }));
        }
        width = width.max(x + item.width);
        row_height = row_height.max(item.height);
        x += item.width + gap;
    }
    Block { nodes, width, height: y + row_height }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::synthetic;

    /// Crossings between consecutive layers for edges joining them.
    fn crossings(layers: &[Vec<usize>], adj: &[Vec<usize>], n: usize) -> usize {
        let mut pos = vec![usize::MAX; n];
        for members in layers {
            for (k, &i) in members.iter().enumerate() {
                pos[i] = k;
            }
        }
        let mut total = 0;
        for pair in layers.windows(2) {
            let next: std::collections::HashSet<usize> = pair[1].iter().copied().collect();
            let mut segs = Vec::new();
            for &i in &pair[0] {
                for &j in adj[i].iter().filter(|j| next.contains(j)) {
                    segs.push((pos[i], pos[j]));
                }
            }
            for (k, a) in segs.iter().enumerate() {
                total += segs[k + 1..].iter().filter(|b| (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1)).count();
            }
        }
        total
    }

    #[test]
    fn barycenter_sweeps_reduce_crossings() {
        for (tables, seed) in [(60, 1), (200, 2), (400, 3)] {
            let schema = synthetic::schema(tables, seed);
            let n = schema.tables.len();
            let adj = adjacency(&schema);
            let layer = assign_layers(n, &parent_edges(&schema));
            let count = layer.iter().max().map_or(0, |m| m + 1);
            let mut layers = vec![Vec::new(); count];
            for (i, &l) in layer.iter().enumerate() {
                layers[l].push(i);
            }
            let before = crossings(&layers, &adj, n);
            order_layers(&mut layers, &layer, &adj);
            let after = crossings(&layers, &adj, n);
            assert!(after < before, "{tables} tables: {before} crossings before the sweeps, {after} after");
        }
    }

    #[test]
    fn layers_respect_every_edge_not_closing_a_cycle() {
        let schema = synthetic::schema(300, 5);
        let edges = parent_edges(&schema);
        let layer = assign_layers(schema.tables.len(), &edges);
        // The synthetic schema only references earlier tables: acyclic, so every edge counts.
        for (child, parent) in edges {
            assert!(layer[parent] < layer[child], "table {parent} is left of {child}");
        }
        // A two-table cycle still gets distinct layers.
        let layer = assign_layers(2, &[(0, 1), (1, 0)]);
        assert_ne!(layer[0], layer[1]);
    }
}
