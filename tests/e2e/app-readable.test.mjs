// A diagram that reads (issue 16, what was left): the schemas (namespaces) of AdventureWorks
// in labelled areas with a legend, each holding its own tables and no other, in the app and
// in the SVG export; foreign keys a person can follow: no two drawn on one path (read from the
// SVG paths on screen), and hovering a column or an edge highlights the edge and the columns
// at both of its ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, useServedApp, openApp } from './app-support.mjs';

const PAGILA = fs.readFileSync(path.join(CORPUS, 'pagila_schema.sql'), 'utf8');
const ADVENTUREWORKS = fs.readFileSync(path.join(CORPUS, 'adventureworks_mssql_instawdb.sql'), 'utf8');
const app = useServedApp();
const table = (name) => `[data-testid="table"][data-table="public.${name}"]`;

test('AdventureWorks: one labelled area per schema holding its tables, a legend, and both in the SVG export', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const { page, seen } = await openApp(app, context, ADVENTUREWORKS);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length > 60, null, { timeout: 120_000 });
  await page.click('[data-testid="fit"]');
  await page.waitForTimeout(800);
  // A box is its frame: zoomed out, its name is drawn larger than the box may hold
  // (layout::lod_label lets it run up to 1.6 box widths so it stays legible).
  const boxes = await page.$$eval('[data-testid="table"]', (els) => els.map((e) => {
    const r = e.querySelector('rect.box').getBoundingClientRect();
    return { name: e.dataset.table, r: [r.left, r.top, r.right, r.bottom] };
  }));
  const schemas = [...new Set(boxes.map((b) => b.name.split('.')[0]))].sort();
  assert.ok(schemas.length >= 5, schemas.join(', '));
  const areas = await page.$$eval('[data-testid="namespace-area"]', (els) => els.map((e) => {
    const r = e.querySelector('rect').getBoundingClientRect();
    return { ns: e.dataset.namespace, label: e.querySelector('text').textContent, r: [r.left, r.top, r.right, r.bottom] };
  }));
  assert.deepEqual(areas.map((a) => a.ns).sort(), schemas, 'one area per schema');
  for (const a of areas) assert.equal(a.label, a.ns, 'each area is labelled with its schema');
  const inside = (b, a) => b[0] >= a[0] - 0.5 && b[1] >= a[1] - 0.5 && b[2] <= a[2] + 0.5 && b[3] <= a[3] + 0.5;
  const meets = (b, a) => b[0] < a[2] && a[0] < b[2] && b[1] < a[3] && a[1] < b[3];
  for (const b of boxes) {
    const ns = b.name.split('.')[0];
    for (const a of areas) {
      if (a.ns === ns) assert.ok(inside(b.r, a.r), `${b.name} inside its area`);
      else assert.ok(!meets(b.r, a.r), `${b.name} is not in the area of ${a.ns}`);
    }
  }
  // The legend names every schema with its table count; a click brings its area into view.
  const legend = await page.$$eval('[data-testid="legend-item"]', (els) => els.map((e) => [e.dataset.namespace, e.textContent.trim()]));
  assert.deepEqual(legend.map(([ns]) => ns).sort(), schemas);
  for (const [ns, text] of legend) {
    const n = boxes.filter((b) => b.name.split('.')[0] === ns).length;
    assert.equal(text, `${ns} (${n})`);
  }
  await page.click('[data-testid="zoom-in"]');
  await page.click('[data-testid="zoom-in"]');
  await page.click('[data-testid="zoom-in"]');
  const target = schemas[schemas.length - 1];
  await page.click(`[data-testid="legend-item"][data-namespace="${target}"]`);
  await page.waitForTimeout(300);
  const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
  const area = await page.locator(`[data-testid="namespace-area"][data-namespace="${target}"] rect`).boundingBox();
  const [cx, cy] = [canvas.x + canvas.width / 2, canvas.y + canvas.height / 2];
  assert.ok(Math.abs(area.x + area.width / 2 - cx) < 2 && Math.abs(area.y + area.height / 2 - cy) < 2, 'the area is centred');
  // The SVG export draws the areas under the boxes and the legend.
  const select = page.locator('[data-testid="export-format"]');
  const value = await select.locator('option', { hasText: 'SVG' }).first().getAttribute('value');
  const [dl] = await Promise.all([page.waitForEvent('download'), select.selectOption(value)]);
  const svg = fs.readFileSync(await dl.path(), 'utf8');
  const frames = [...svg.matchAll(/class="ns-frame" data-namespace="([^"]*)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(frames, schemas);
  for (const ns of schemas) assert.match(svg, new RegExp(`class="legend-item"[^>]*>${ns} \\(\\d+\\)<`));
  assert.ok(svg.indexOf('class="areas"') < svg.indexOf('class="tables"'), 'areas under the tables');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

/** Segments of an SVG path `M x y L x y …`. */
function segments(d) {
  const pts = [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  return pts.slice(1).map((p, i) => [pts[i], p]);
}

test('pagila: no two foreign keys are drawn on one path, and hovering a column or an edge highlights it at both ends', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('film')).waitFor({ timeout: 60_000 });
  await page.click('[data-testid="fit"]');
  await page.waitForTimeout(800);
  const edges = await page.$$eval('[data-testid="relationship"]', (els) => els.map((e) => ({
    from: e.dataset.from, to: e.dataset.to, d: e.querySelector('.edge-line').getAttribute('d'),
  })));
  // One edge per foreign key declared on a table that is not a partition (partitions are
  // folded into their parent), counted from the dump's ALTER TABLE … FOREIGN KEY statements.
  const declared = [...PAGILA.matchAll(/ALTER TABLE ONLY (\S+)\s+ADD CONSTRAINT \S+ FOREIGN KEY/g)].filter((m) => !/_p\d{4}_\d\d$/.test(m[1]));
  assert.ok(declared.length >= 15, `${declared.length} foreign keys found in the dump`);
  assert.equal(edges.length, declared.length, `${edges.length} edges for ${declared.length} foreign keys`);
  // Two routes share a stretch when collinear segments less than a unit apart overlap by more
  // than a unit; routes converging on one row (their last segments ending at one box side
  // within a row's height) may meet there.
  const overlap = (a0, a1, b0, b1) => Math.min(Math.max(a0, a1), Math.max(b0, b1)) - Math.max(Math.min(a0, a1), Math.min(b0, b1));
  const shares = (s, t) => {
    const [[px, py], [qx, qy]] = s;
    const [[rx, ry], [ux, uy]] = t;
    if (py === qy && ry === uy && Math.abs(py - ry) < 1) return overlap(px, qx, rx, ux) > 1;
    if (px === qx && rx === ux && Math.abs(px - rx) < 1) return overlap(py, qy, ry, uy) > 1;
    return false;
  };
  const shared = [];
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [a, b] = [segments(edges[i].d), segments(edges[j].d)];
      const [la, lb] = [a[a.length - 1], b[b.length - 1]];
      const converge = edges[i].to === edges[j].to && Math.abs(la[1][0] - lb[1][0]) < 0.5 && Math.abs(la[1][1] - lb[1][1]) < 20;
      const [fa, fb] = [a[0], b[0]];
      const diverge = edges[i].from === edges[j].from && Math.abs(fa[0][0] - fb[0][0]) < 0.5 && Math.abs(fa[0][1] - fb[0][1]) < 20;
      a.forEach((s, si) => b.forEach((t, ti) => {
        if (converge && si === a.length - 1 && ti === b.length - 1) return;
        if (diverge && si === 0 && ti === 0) return;
        if (shares(s, t)) shared.push(`${edges[i].from}->${edges[i].to} / ${edges[j].from}->${edges[j].to}: ${JSON.stringify(s)}`);
      }));
    }
  }
  assert.deepEqual(shared, [], 'no two routes share a stretch');

  // Hovering film.language_id: its edge and both its columns are highlighted.
  const filmId = await page.locator(table('film')).getAttribute('data-table-id');
  const languageId = await page.locator(table('language')).getAttribute('data-table-id');
  await page.locator('[data-testid="table-search"]').fill('film');
  await page.locator('[data-testid="table-search"]').press('Enter');
  await page.waitForTimeout(300);
  await page.locator(`${table('film')} [data-column="language_id"]`).hover();
  const hot = () => page.$$eval('[data-testid="relationship"].hot', (els) => els.map((e) => `${e.dataset.from}->${e.dataset.to}`));
  assert.deepEqual(await hot(), [`${filmId}->${languageId}`]);
  assert.match(await page.locator(`${table('film')} [data-column="language_id"]`).getAttribute('class'), /\bhot\b/);
  assert.match(await page.locator(`${table('language')} [data-column="language_id"]`).getAttribute('class'), /\bhot\b/);
  assert.doesNotMatch(await page.locator(`${table('film')} [data-column="title"]`).getAttribute('class'), /\bhot\b/);
  // The referenced key: every foreign key to it (language_id and original_language_id).
  // Search brings language into view (at a readable zoom it can sit under the text pane).
  await page.locator('[data-testid="table-search"]').fill('language');
  await page.locator('[data-testid="table-search"]').press('Enter');
  await page.waitForTimeout(300);
  await page.locator(`${table('language')} [data-column="language_id"]`).hover();
  assert.deepEqual(await hot(), [`${filmId}->${languageId}`, `${filmId}->${languageId}`]);
  assert.match(await page.locator(`${table('film')} [data-column="original_language_id"]`).getAttribute('class'), /\bhot\b/);
  // Away from the columns: nothing is highlighted.
  await page.mouse.move(5, 5);
  assert.deepEqual(await hot(), []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
