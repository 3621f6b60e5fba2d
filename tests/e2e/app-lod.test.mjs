// The zoomed-out picture (issue 17's level of detail): a big diagram below the detail zoom is
// one canvas, not thousands of SVG boxes, and it works like the SVG: a press on a box selects
// it, a drag moves it (one undo step), a double click shows it at a readable zoom; zoomed in,
// the SVG draws what is on screen and the picture is cleared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, openApp, useServedApp } from './app-support.mjs';

const app = useServedApp();
const box = '[data-testid="table"][data-table="order_1"], [data-testid="table"][data-table="public.order_1"]';
const xy = (t) => (t.match(/translate\(([-\d.]+),([-\d.]+)\)/) || []).slice(1).map(Number);
const zoomOf = async (page) => parseFloat(await page.locator('[data-testid="zoom-level"]').innerText()) / 100;
const picture = (page) => page.locator('[data-testid="lod-canvas"]').evaluate((c) => ({
  tables: Number(c.dataset.tables ?? 0), svg: document.querySelectorAll('[data-testid="table"]').length,
}));

/** Searches `order_1` (100 %, centred) and returns its box's position and header centre. */
async function showOrder(page) {
  await page.locator('[data-testid="table-search"]').fill('order_1');
  await page.locator('[data-testid="table-search"]').press('Enter');
  const el = page.locator(box).first();
  await el.waitFor();
  const head = await el.locator('.header').boundingBox();
  return { at: xy(await el.getAttribute('transform')), head: [head.x + head.width / 2, head.y + head.height / 2] };
}

/** Zooms out by the toolbar five times (about the canvas centre); where `p` is then. */
async function zoomOutFrom(page, p) {
  const c = await page.locator('[data-testid="canvas"]').boundingBox();
  const [cx, cy] = [c.x + c.width / 2, c.y + c.height / 2];
  const before = await zoomOf(page);
  for (let i = 0; i < 5; i++) await page.click('[data-testid="zoom-out"]');
  const f = (await zoomOf(page)) / before;
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="lod-canvas"]')?.dataset.tables ?? 0) > 0);
  return [cx + (p[0] - cx) * f, cy + (p[1] - cy) * f];
}

/** A new page with 300 generated tables, at fit: the canvas picture of all of them. */
async function pictureOf300() {
  const big = execFileSync('python3', [path.join(ROOT, '..', 'shared', 'bench', 'gen_schema.py'), '300'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, big);
  await page.waitForFunction(() => /\b300 tables\b/.test(document.querySelector('[data-testid="import-summary"]')?.textContent ?? ''), null, { timeout: 120_000 });
  await page.click('[data-testid="fit"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="lod-canvas"]')?.dataset.tables === '300');
  return { context, page, seen };
}

test('a big diagram zoomed out is one canvas picture that selects, drags and opens boxes', async () => {
  const { context, page, seen } = await pictureOf300();
  assert.ok((await zoomOf(page)) < 0.45, 'fit is below the detail zoom');
  assert.deepEqual(await picture(page), { tables: 300, svg: 0 });

  // Zoomed in: SVG boxes, no picture.
  const start = await showOrder(page);
  assert.equal(await zoomOf(page), 1);
  assert.equal((await picture(page)).tables, 0);

  // A press on the box in the picture selects it (the inspector shows it).
  const p = await zoomOutFrom(page, start.head);
  assert.equal((await picture(page)).svg, 0, 'zoomed out, the SVG draws no box');
  await page.mouse.click(p[0], p[1]);
  await page.waitForFunction(() => /order_1/.test(document.querySelector('[data-testid="inspector"]')?.textContent ?? ''));

  // A drag moves it by the pointer's distance in diagram units, as one undoable edit.
  const zoom = await zoomOf(page);
  await page.mouse.move(p[0], p[1]);
  await page.mouse.down();
  await page.mouse.move(p[0] + 60, p[1], { steps: 5 });
  await page.mouse.move(p[0] + 120, p[1], { steps: 5 });
  await page.mouse.up();
  const moved = await showOrder(page);
  assert.ok(Math.abs(moved.at[0] - start.at[0] - 120 / zoom) < 4, `moved by ${moved.at[0] - start.at[0]}, expected ${120 / zoom}`);
  assert.ok(Math.abs(moved.at[1] - start.at[1]) < 4, `kept its y: ${moved.at[1]} vs ${start.at[1]}`);
  await page.click('[data-testid="undo"]');
  await page.waitForFunction((x) => {
    const t = document.querySelector('[data-testid="table"][data-table="order_1"], [data-testid="table"][data-table="public.order_1"]')?.getAttribute('transform') ?? '';
    return Number((t.match(/translate\(([-\d.]+)/) || [])[1]) === x;
  }, start.at[0]);

  // A double click on the box in the picture shows it at a readable zoom, selected.
  const again = await showOrder(page);
  const q = await zoomOutFrom(page, again.head);
  await page.mouse.dblclick(q[0], q[1]);
  await page.waitForFunction(() => document.querySelector('[data-testid="zoom-level"]')?.textContent === '100%');
  await page.locator(`${box.split(', ').map((s) => `${s}.selected`).join(', ')}`).waitFor();
  assert.equal((await picture(page)).tables, 0);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a wheel zoom over the picture scales the picture of the last zoom at once, and paints the new zoom when it rests', async () => {
  const { context, page, seen } = await pictureOf300();
  const painted = () => page.locator('[data-testid="lod-canvas"]').evaluate((c) => Number(c.dataset.zoom));
  // The picture shows the pane's zoom (the toolbar rounds it to a percent) and is kept off
  // screen for the next steps.
  const rests = async () => {
    await page.waitForFunction(() => {
      const z = Number(document.querySelector('[data-testid="lod-canvas"]')?.dataset.zoom);
      const shown = parseFloat(document.querySelector('[data-testid="zoom-level"]')?.textContent ?? '') / 100;
      return Math.abs(z * 100 - Math.round(shown * 100)) <= 0.5 && document.querySelector('[data-testid="lod-canvas"]')?.dataset.cached === '1';
    }, null, { timeout: 5_000 });
  };
  const c = await page.locator('[data-testid="canvas"]').boundingBox();
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  // The first step may have no picture to scale (none is made for a new diagram until a pan
  // or a zoom rests).
  await page.mouse.wheel(0, -100);
  await rests();
  for (const dy of [-100, -100, 100, -100]) {
    const before = await painted();
    const zoomBefore = await zoomOf(page);
    await page.mouse.wheel(0, dy);
    // Two frames later the step is on screen (the toolbar says the new zoom) but the picture
    // is the last zoom's, scaled: no paint of the scene yet.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.notEqual(await zoomOf(page), zoomBefore, 'the wheel changed the zoom');
    assert.equal(await painted(), before, 'a zoom step scales the cached picture instead of painting');
    // At rest, the picture at the new zoom.
    await rests();
    assert.notEqual(await painted(), before);
  }
  assert.equal((await picture(page)).svg, 0);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

// The review's finding dots are a layer of their own: findings that arrive or change repaint
// the dots in view, not the picture of a thousand boxes under them (that repaint was the
// longest task after a big paste).
test('findings that change repaint only the finding dots over the picture, not the picture', async () => {
  const { context, page, seen } = await pictureOf300();
  const layers = () => page.evaluate(() => ({
    paints: Number(document.querySelector('[data-testid="lod-canvas"]').dataset.paints ?? 0),
    dots: Number(document.querySelector('[data-testid="lod-dots"]').dataset.dots ?? -1),
  }));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="lod-dots"]')?.dataset.dots ?? 0) > 0, null, { timeout: 60_000 });
  await page.locator('[data-testid="rule-settings"] summary').click();
  await page.waitForTimeout(300); // the panel opened: any repaint it causes is done
  const before = await layers();
  const rules = await page.$$eval('[data-testid="finding"]', (fs) => [...new Set(fs.map((f) => f.dataset.rule))]);
  assert.ok(rules.length > 0 && before.dots > 0, `findings on the tables: ${JSON.stringify(before)}`);
  for (const rule of rules) await page.locator(`[data-testid="rule-toggle"][data-rule="${rule}"]`).uncheck();
  await page.waitForFunction(() => document.querySelector('[data-testid="lod-dots"]')?.dataset.dots === '0', null, { timeout: 20_000 });
  assert.equal((await layers()).paints, before.paints, 'the picture was not painted again for the findings');
  await page.locator(`[data-testid="rule-toggle"][data-rule="${rules[0]}"]`).check();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="lod-dots"]')?.dataset.dots ?? 0) > 0, null, { timeout: 20_000 });
  assert.equal((await layers()).paints, before.paints, 'nor when they came back');
  // A pan moves the dots with the picture: both are painted for the frame.
  const dotsBefore = await page.evaluate(() => Number(document.querySelector('[data-testid="lod-dots"]').dataset.paints));
  const c = await page.locator('[data-testid="canvas"]').boundingBox();
  await page.mouse.move(c.x + 5, c.y + 5);
  await page.mouse.down();
  await page.mouse.move(c.x + 60, c.y + 45, { steps: 3 });
  await page.mouse.up();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="lod-dots"]').dataset.paints) > n, dotsBefore);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
