// Share without a server (issue 19, item 2): "Copy link" packs the project into the URL
// fragment; the link, opened in a fresh browser context (no storage), shows the same diagram —
// text, a model edit, a moved table, the viewport — read-only until "Edit a copy"; a damaged
// link says why and the app still works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, useServedApp, openApp, ddlText, watch } from './app-support.mjs';

const PAGILA = fs.readFileSync(path.join(CORPUS, 'pagila_schema.sql'), 'utf8');
const app = useServedApp();
const table = (name) => `[data-testid="table"][data-table="public.${name}"]`;

async function drag(page, locator, dx, dy) {
  const b = await locator.boundingBox();
  const [x, y] = [b.x + b.width / 2, b.y + 8];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 });
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}

/** Every drawn box's place, and the edges, as the page shows them. */
const picture = (page) => page.evaluate(() => ({
  boxes: [...document.querySelectorAll('[data-testid="table"]')].map((e) => `${e.dataset.table} ${e.getAttribute('transform')}`).sort(),
  edges: document.querySelectorAll('[data-testid="relationship"]').length,
  world: document.querySelector('g.world')?.getAttribute('transform'),
}));

async function rename(page, tableName, column, to) {
  await page.locator('[data-testid="table-search"]').fill(tableName);
  await page.locator('[data-testid="table-search"]').press('Enter');
  const input = page.locator(`[data-testid="inspector"] [data-testid="inspector-column"][data-column="${column}"] [data-testid="column-name"]`);
  await input.fill(to);
  await input.press('Enter');
}

test('a share link opens the same diagram in a fresh browser, read-only until "Edit a copy"', async () => {
  const context = await app.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('actor')).waitFor({ timeout: 60_000 });
  // A model edit (written into the text) and a moved table travel with the link.
  await rename(page, 'actor', 'last_name', 'family_name');
  await page.locator(`${table('actor')} [data-column="family_name"]`).waitFor();
  const before = await page.locator(table('actor')).getAttribute('transform');
  await drag(page, page.locator(`${table('actor')} .header`), 90, 60);
  await page.waitForFunction((t) => document.querySelector('[data-testid="table"][data-table="public.actor"]')?.getAttribute('transform') !== t, before);
  await page.click('[data-testid="share-link"]');
  const url = await page.locator('[data-testid="share-url"]').inputValue();
  assert.ok(url.startsWith(`${app.server.origin}/#share=2.`), url.slice(0, 80));
  const status = await page.locator('[data-testid="status"]').textContent();
  const kb = Number(/Link copied \(([\d.]+) KB\)/.exec(status)?.[1]);
  assert.ok(Math.abs(kb - (url.length - url.indexOf('#share=') - 7) / 1024) < 0.1, `${status} vs ${url.length} chars`);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url, 'the link is on the clipboard');
  const text = await ddlText(page);
  assert.match(text, /family_name/);
  const shown = await picture(page);

  // A fresh context: no storage, nothing of the first page but the link.
  const fresh = await app.browser.newContext();
  const other = await fresh.newPage();
  await other.setViewportSize({ width: 1600, height: 1000 });
  const seen2 = watch(other, app.server.origin);
  await other.goto(url);
  await other.locator('[data-testid="shared-banner"]').waitFor({ timeout: 60_000 });
  await other.locator(table('actor')).waitFor({ timeout: 60_000 });
  assert.equal(await ddlText(other), text, 'the same text');
  assert.deepEqual(await picture(other), shown, 'the same boxes at the same places, the same edges and view');
  // Read-only: a rename is refused with a reason and changes nothing; nothing is saved.
  await rename(other, 'actor', 'first_name', 'given_name');
  await other.waitForFunction(() => /read-only/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''));
  assert.equal(await ddlText(other), text);
  assert.equal(await other.locator(`${table('actor')} [data-column="first_name"]`).count(), 1);
  assert.equal(await other.locator('[data-testid="ddl-input"]').getAttribute('contenteditable'), 'false', 'the text cannot be typed into');
  // "Edit a copy": editable, saved under its own name, the fragment gone from the address.
  await other.click('[data-testid="edit-copy"]');
  await other.locator('[data-testid="shared-banner"]').waitFor({ state: 'detached' });
  assert.ok(!other.url().includes('#share='), other.url().slice(0, 80));
  await rename(other, 'actor', 'first_name', 'given_name');
  await other.locator(`${table('actor')} [data-column="given_name"]`).waitFor();
  await other.waitForFunction(() => Number(document.documentElement.dataset.saves ?? 0) > 0 && document.documentElement.dataset.saveState === 'saved');
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen2.errors, []);
  await fresh.close();
  await context.close();
});

test('a damaged link says why, and the app still works', async () => {
  // A first-release (deflate) link and a current one, each cut after a few bytes; each in a
  // fresh context (the app reads the fragment when it starts).
  for (const cut of ['1.eJzLSM3JyQcABiwCFQ', '2.tgHUNDh8AHqnHoLSXh-0l95AMWRLEKIs']) {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    const seen = watch(page, app.server.origin);
    await page.goto(`${app.server.origin}/#share=${cut}`);
    await page.waitForFunction(() => /shared link cannot be opened/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''));
    assert.equal(await page.locator('[data-testid="shared-banner"]').count(), 0, cut);
    assert.equal(await page.locator('[data-testid="ddl-input"]').getAttribute('contenteditable'), 'true', cut);
    assert.deepEqual(seen.errors, [], cut);
    await context.close();
  }
});
