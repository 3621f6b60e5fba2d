// The import worker (src/ui/worker.rs): the served app imports in a dedicated worker running the
// same WebAssembly module; a newer text wins over an import in flight; a statement still being
// typed is held back there as on the page; and where there is no worker — its script does not
// load, or the single-file build — the page imports by itself and nothing is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import fs from 'node:fs';
import { ROOT, CORPUS, DRAWN_TABLES, useServedApp, watch, replaceDdl, waitDrawn, download } from './app-support.mjs';
import { appReady } from './lib.mjs';

const app = useServedApp();
const root = (page, key) => page.evaluate((k) => document.documentElement.dataset[k] ?? null, key);
const summary = (page) => page.locator('[data-testid="import-summary"]').innerText();
const SMALL = 'CREATE TABLE author (id int PRIMARY KEY);\nCREATE TABLE book (id int PRIMARY KEY, author_id int REFERENCES author(id));\n';

async function open(context, url) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  const seen = watch(page, url.startsWith('file:') ? null : app.server.origin);
  await page.goto(url);
  await appReady(page);
  return { page, seen };
}

test('imports run in the worker, and a newer text wins over the one in flight', async () => {
  const context = await app.browser.newContext();
  try {
    const { page, seen } = await open(context, app.server.origin + '/');
    await page.waitForFunction(() => document.documentElement.dataset.importWorker === 'ready', null, { timeout: 30_000 });
    await replaceDdl(page, SMALL);
    await waitDrawn(page, 2, { timeout: 30_000 });
    assert.equal(await root(page, 'lastImport'), 'worker');
    assert.match(await summary(page), /\b2 tables\b/);

    // A 3000-table text, replaced by a small one while the worker is still reading it: the
    // small one is what the diagram shows, and stays so once the big one would have finished.
    const big = execFileSync('python3', [path.join(ROOT, '..', 'shared', 'bench', 'gen_schema.py'), '3000'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    await replaceDdl(page, big);
    await page.waitForSelector('[data-testid="import-progress"]');
    const newer = SMALL.replace(/book/g, 'novel') + 'CREATE TABLE shelf (id int PRIMARY KEY);\n';
    await replaceDdl(page, newer);
    await page.waitForFunction(() => /\b3 tables\b/.test(document.querySelector('[data-testid="import-summary"]')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.waitForTimeout(3000);
    assert.equal(await page.evaluate(DRAWN_TABLES), 3, 'the older, bigger import was never installed');
    assert.match(await summary(page), /\b3 tables\b/);
    assert.equal(await page.locator('[data-testid="table"][data-table="novel"]').count(), 1);
    assert.equal(await root(page, 'lastImport'), 'worker');

    // A statement still being typed: held back in the worker, reported at its parenthesis.
    await replaceDdl(page, newer + 'CREATE TABLE draft (id int, name varch');
    await page.waitForFunction(() => /is not closed/.test(document.body.textContent));
    assert.equal(await page.evaluate(DRAWN_TABLES), 3, 'the unfinished table is not drawn');
    assert.equal(await root(page, 'lastImport'), 'worker');
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
});

test('on a blank page the worker reviews the import too, and finds what the page finds', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  try {
    const { page, seen } = await open(context, app.server.origin + '/');
    await page.waitForFunction(() => document.documentElement.dataset.importWorker === 'ready', null, { timeout: 30_000 });
    // Lago: 139 tables and some 600 findings of many rules, fixes among them.
    const text = fs.readFileSync(path.join(CORPUS, 'lago_structure.sql'), 'utf8');
    await page.evaluate(() => { delete document.documentElement.dataset.lastReview; }); // the empty page's review
    await replaceDdl(page, text);
    await page.waitForFunction(() => document.documentElement.dataset.lastReview, null, { timeout: 60_000 });
    assert.equal(await root(page, 'lastReview'), 'worker', 'a blank page takes the worker\'s review');
    assert.match(await summary(page), /review [1-9]\d* ms/, 'the summary says how long that review ran');
    // The list shows its first rows with the review and the rest, up to 400, a task later.
    const listed = () => page.locator('[data-testid="finding"]').count();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="finding"]').length === 400, null, { timeout: 10_000 });
    assert.equal(await listed(), 400);
    const byWorker = (await download(page, '[data-testid="export-review"]')).text;
    assert.ok((byWorker.match(/^\| /gm) ?? []).length > 100, `the review lists its findings:\n${byWorker.slice(0, 400)}`);

    // The page reviews the same model itself: a rule off and on again (the same settings).
    const toggle = (rule) => page.evaluate((r) => document.querySelector(`[data-testid="rule-toggle"][data-rule="${r}"]`).click(), rule);
    const reviewedOnPage = async () => {
      await page.waitForFunction(() => document.documentElement.dataset.lastReview === 'page', null, { timeout: 60_000 });
      await page.evaluate(() => { delete document.documentElement.dataset.lastReview; });
    };
    await toggle('missing-primary-key');
    await reviewedOnPage();
    await toggle('missing-primary-key');
    await reviewedOnPage();
    const byPage = (await download(page, '[data-testid="export-review"]')).text;
    assert.equal(await listed(), 400, 'a new review of as many findings lists as many');
    assert.equal(byWorker, byPage, 'the worker found what the page finds');

    // A page that is not blank reviews an import itself (the worker's ids would not be its ids).
    await replaceDdl(page, text + '\nCREATE TABLE extra_one (id bigint PRIMARY KEY, note text);\n');
    await reviewedOnPage();
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
});

test('when the worker cannot start, the page imports by itself', async () => {
  const context = await app.browser.newContext();
  try {
    await context.route('**/import-worker.js', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(app.server.origin + '/');
    await appReady(page);
    await page.waitForFunction(() => document.documentElement.dataset.importWorker === 'failed', null, { timeout: 30_000 });
    await replaceDdl(page, SMALL);
    await waitDrawn(page, 2, { timeout: 30_000 });
    assert.equal(await root(page, 'lastImport'), 'page');
  } finally {
    await context.close();
  }
});

test('the single-file build has no worker and imports on the page', async () => {
  const context = await app.browser.newContext();
  try {
    const { page, seen } = await open(context, pathToFileURL(path.join(ROOT, 'dist-single', 'erdsmith.html')).href);
    await replaceDdl(page, SMALL);
    await waitDrawn(page, 2, { timeout: 30_000 });
    assert.equal(await root(page, 'lastImport'), 'page');
    assert.equal(await root(page, 'importWorker'), null, 'no worker was started');
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
});
