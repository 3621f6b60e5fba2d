// Views follow the diagram (issue 16, what was left): renaming a table or a column that a view
// reads rewrites the view's query in the SQL text (checked by importing the page's text with
// the native CLI); what cannot be rewritten safely, or would leave a view reading what is gone,
// is refused with a message naming the view; a view can be deleted from the inspector, and
// undo brings it back.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, CORPUS, useServedApp, openApp, ddlText } from './app-support.mjs';

const CLI = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'debug', 'erdsmith');
before(() => {
  if (!process.env.ERDSMITH_SKIP_BUILD) execFileSync('cargo', ['build', '--bin', 'erdsmith'], { cwd: ROOT, stdio: 'inherit' });
});

const PAGILA = fs.readFileSync(path.join(CORPUS, 'pagila_schema.sql'), 'utf8');
const app = useServedApp();
const table = (name) => `[data-testid="table"][data-table="public.${name}"]`;

/** The page's text imported by the native CLI: `{ views: [{ name, reads, definition }] }`. */
function imported(text) {
  const file = path.join(os.tmpdir(), `erdsmith-views-${process.pid}.sql`);
  fs.writeFileSync(file, text);
  return JSON.parse(execFileSync(CLI, ['import', file, '--dialect', 'postgres'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

async function select(page, name) {
  await page.locator('[data-testid="table-search"]').fill(name);
  await page.locator('[data-testid="table-search"]').press('Enter');
}

async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="import-progress"]'));
  await page.waitForTimeout(400);
}

test('renaming a table and a column in the inspector rewrites the views that read them', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('film')).waitFor({ timeout: 60_000 });
  const before = imported(PAGILA).views.map((v) => [v.name, v.reads.length]);
  assert.ok(before.find(([n]) => n === 'film_list')[1] >= 5, JSON.stringify(before));

  await select(page, 'film');
  await page.locator('[data-testid="table-name"]').fill('movie');
  await page.locator('[data-testid="table-name"]').press('Enter');
  await page.locator(table('movie')).waitFor();
  await select(page, 'category');
  await page.locator('[data-testid="inspector-column"][data-column="name"] [data-testid="column-name"]').fill('label');
  await page.locator('[data-testid="inspector-column"][data-column="name"] [data-testid="column-name"]').press('Enter');
  await page.locator(`${table('category')} [data-column="label"]`).waitFor();
  await settle(page);

  const text = await ddlText(page);
  const after = imported(text);
  assert.deepEqual(after.views.map((v) => [v.name, v.reads.length]), before, 'every view reads as many tables as before');
  const filmList = after.views.find((v) => v.name === 'film_list');
  assert.ok(filmList.reads.includes('public.movie') && !filmList.reads.includes('public.film'), JSON.stringify(filmList.reads));
  assert.match(filmList.definition, /LEFT JOIN public\.movie ON/);
  assert.match(filmList.definition, /category\.label AS category/, 'the column keeps its alias');
  assert.doesNotMatch(filmList.definition, /\bfilm\.(title|film_id)/, 'no qualifier names the old table');
  // The inspector shows the view with its rewritten query.
  await select(page, 'film_list');
  await page.locator('[data-testid="view-definition"]').waitFor();
  assert.match(await page.locator('[data-testid="view-definition"]').innerText(), /public\.movie/);
  // Undo twice: the exact text again.
  await page.click('[data-testid="undo"]');
  await page.click('[data-testid="undo"]');
  await settle(page);
  assert.equal(await ddlText(page), PAGILA);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a view can be deleted in the inspector; a table a view reads cannot go before the view', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('actor')).waitFor({ timeout: 60_000 });
  // actor is read by actor_info and film_list: deleting it is refused, naming a view.
  await select(page, 'actor');
  await page.click('[data-testid="delete-table"]');
  await page.waitForFunction(() => /view public\.\w+ reads public\.actor/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''));
  assert.equal(await ddlText(page), PAGILA, 'the refused edit changed nothing');
  assert.equal(await page.locator(table('actor')).count(), 1);
  // The view goes with its owner statement.
  await select(page, 'actor_info');
  await page.locator('[data-testid="delete-view"]').click();
  await page.locator('[data-testid="view"][data-view="public.actor_info"]').waitFor({ state: 'detached' });
  await settle(page);
  const text = await ddlText(page);
  assert.doesNotMatch(text, /CREATE VIEW public\.actor_info|ALTER TABLE public\.actor_info/);
  assert.ok(!imported(text).views.some((v) => v.name === 'actor_info'));
  // A column: the ✕ in the inspector, written into the text.
  await select(page, 'language');
  await page.locator('[data-testid="inspector-column"][data-column="last_update"] [data-testid="delete-column"]').click();
  await page.locator(`${table('language')} [data-column="last_update"]`).waitFor({ state: 'detached' });
  await settle(page);
  const lang = imported(await ddlText(page)).tables.find((t) => t.name === 'language');
  assert.deepEqual(lang.columns.map((c) => c.name), ['language_id', 'name']);
  await page.click('[data-testid="undo"]');
  await page.click('[data-testid="undo"]');
  await settle(page);
  // The diagram draws only what is on screen: search brings the view back into view.
  await select(page, 'actor_info');
  await page.locator('[data-testid="view"][data-view="public.actor_info"]').waitFor();
  assert.equal(await ddlText(page), PAGILA, 'undo brings the view and the column back, text and all');
  assert.deepEqual(seen.errors, []);
  await context.close();
});
