// The diagram people expect (issue 16, items 2–4): moving one table moves only that table (to
// the pixel, on screen and in the saved project) and a new foreign key moves nothing; crow's
// feet are drawn on top of the boxes, so nothing covers them; pagila's partitions are drawn
// collapsed under their parent as a count that expands them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, ARTIFACTS, useServedApp, openApp, saves, savedAfter } from './app-support.mjs';

const CHINOOK = fs.readFileSync(path.join(CORPUS, 'chinook_postgres.sql'), 'utf8');
const PAGILA = fs.readFileSync(path.join(CORPUS, 'pagila_schema.sql'), 'utf8');
const app = useServedApp();
const table = (name) => `[data-testid="table"][data-table="${name}"], [data-testid="table"][data-table="public.${name}"]`;

/** Every table box's transform, by name. */
const transforms = (page) => page.$$eval('[data-testid="table"]', (els) => Object.fromEntries(els.map((e) => [e.dataset.table, e.getAttribute('transform')])));

async function drag(page, locator, dx, dy) {
  const b = await locator.boundingBox();
  const [x, y] = [b.x + b.width / 2, b.y + b.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 6 });
  await page.mouse.move(x + dx, y + dy, { steps: 6 });
  await page.mouse.up();
}

test('dragging chinook\'s genre moves genre only, on screen and in the saved project', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, CHINOOK, 11);
  await page.click('[data-testid="fit"]');
  const before = await transforms(page);
  const count = await saves(page);
  await drag(page, page.locator(table('genre')).locator('.header'), 60, 0);
  const after = await transforms(page);
  assert.notEqual(after.genre, before.genre, 'genre moved');
  for (const [name, t] of Object.entries(before)) {
    if (name !== 'genre') assert.equal(after[name], t, `${name} kept its position`);
  }
  // A new foreign key (drag a column onto another table's column) moves nothing either.
  const from = page.locator(table('track')).locator('[data-column="milliseconds"]');
  const to = page.locator(table('genre')).locator('[data-column="genre_id"]');
  const [a, b] = [await from.boundingBox(), await to.boundingBox()];
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="relationship"]').length === 12);
  assert.deepEqual(await transforms(page), after, 'a new foreign key moved no box');
  // The saved project has the same positions after a reload.
  await savedAfter(page, count);
  await page.reload();
  await page.locator(table('genre')).waitFor({ timeout: 60_000 });
  assert.deepEqual(await transforms(page), after, 'every position survives a reload');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('crow\'s feet are drawn above the boxes: nothing covers them', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, CHINOOK, 11);
  await page.click('[data-testid="fit"]');
  const feet = page.locator('[data-testid="crows-foot"]');
  assert.equal(await feet.count(), 11, 'one symbol pair per foreign key');
  // The topmost element at points on each symbol's strokes is the symbol itself.
  const hits = await page.evaluate(() => {
    const out = [];
    for (const p of document.querySelectorAll('[data-testid="crows-foot"]')) {
      p.style.pointerEvents = 'visibleStroke';
      const m = p.getScreenCTM();
      const len = p.getTotalLength();
      let covered = 0;
      let probes = 0;
      for (let l = 0.5; l < len; l += 3) {
        const q = p.getPointAtLength(l);
        const x = m.a * q.x + m.c * q.y + m.e;
        const y = m.b * q.x + m.d * q.y + m.f;
        probes += 1;
        if (document.elementFromPoint(x, y) !== p) covered += 1;
      }
      p.style.pointerEvents = '';
      out.push({ kinds: `${p.dataset.start}/${p.dataset.end}`, probes, covered });
    }
    return out;
  });
  for (const h of hits) {
    assert.ok(h.probes > 10, `probed ${h.probes}`);
    // Another symbol or a crossing edge may lie on a few points; a box never covers a symbol.
    assert.ok(h.covered <= h.probes * 0.1, `${h.kinds}: ${h.covered} of ${h.probes} points covered`);
  }
  assert.ok(hits.some((h) => h.kinds.startsWith('many-')), 'a "many" end is drawn');
  // And in pixels: a dark crow's foot next to invoice_line's box, where the box fill is white.
  await page.locator('[data-testid="zoom-in"]').click();
  await page.locator('[data-testid="zoom-in"]').click();
  const foot = page.locator('[data-testid="crows-foot"][data-start="many-optional"]').first();
  const box = await foot.boundingBox();
  const png = await page.screenshot({ clip: { x: box.x, y: box.y, width: Math.max(box.width, 4), height: Math.max(box.height, 4) } });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'crows-foot.png'), png);
  assert.ok(png.length > 100);
  await page.screenshot({ path: path.join(ARTIFACTS, 'chinook-crows-feet.png') });
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('pagila\'s partitions are collapsed under payment and expand on a click', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('payment')).waitFor({ timeout: 60_000 });
  await page.click('[data-testid="fit"]');
  const partitions = await page.locator('[data-testid="table"][data-table^="public.payment_p"]').count();
  assert.equal(partitions, 0, 'no partition has a box of its own');
  const badge = page.locator(table('payment')).locator('[data-testid="partition-badge"]');
  const n = Number(await badge.getAttribute('data-count'));
  assert.ok(n >= 7, `payment has ${n} partitions`);
  assert.match(await badge.textContent(), new RegExp(`${n} partitions`));
  await page.screenshot({ path: path.join(ARTIFACTS, 'pagila-partitions-collapsed.png') });
  const before = await transforms(page);
  await badge.click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"][data-table^="public.payment_p"]').length > 0);
  // Expanding moves no other box.
  const after = await transforms(page);
  for (const [name, t] of Object.entries(before)) assert.equal(after[name], t, `${name} kept its place`);
  // All of them are drawn (once the view shows them) and overlap no box.
  await page.click('[data-testid="fit"]');
  await page.waitForFunction((k) => document.querySelectorAll('[data-testid="table"][data-table^="public.payment_p"]').length === k, n);
  const rects = await page.$$eval('[data-testid="table"] rect.box', (els) =>
    els.map((e) => ({ name: e.closest('[data-testid="table"]').dataset.table, r: e.getBoundingClientRect().toJSON() })));
  const seenNames = new Set();
  const boxes = rects.filter((x) => !seenNames.has(x.name) && seenNames.add(x.name));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [p, q] = [boxes[i].r, boxes[j].r];
      const overlap = p.left + 1 < q.right && q.left + 1 < p.right && p.top + 1 < q.bottom && q.top + 1 < p.bottom;
      assert.ok(!overlap, `${boxes[i].name} and ${boxes[j].name} overlap`);
    }
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'pagila-partitions-expanded.png') });
  await badge.click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"][data-table^="public.payment_p"]').length === 0);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
