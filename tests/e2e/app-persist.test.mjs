// Nothing is lost: projects live in IndexedDB (a 1000-table project saves and restores), an
// unload flushes the pending save, old localStorage projects migrate once, and a panic shows the
// crash panel with the user's text, a download and a reload (debug build only: dist-debug, built
// by scripts/build-debug.sh, which skips the build when it is up to date).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, CORPUS, serve, launch, watch, pasteSchema, download, useServedApp, saves, savedAfter, ddlText } from './app-support.mjs';
import { startServer } from '../../scripts/static-server.mjs';

const PAGILA = fs.readFileSync(path.join(CORPUS, 'pagila_schema.sql'), 'utf8');
const table = (name) => `[data-testid="table"][data-table="${name}"], [data-testid="table"][data-table="public.${name}"]`;

const app = useServedApp();

async function renameColumn(page, tableName, from, to) {
  await page.locator(table(tableName)).first().locator('.header').click();
  const input = page.locator(`[data-testid="inspector"] [data-testid="inspector-column"][data-column="${from}"] [data-testid="column-name"]`);
  await input.fill(to);
  await input.press('Enter');
  await page.locator(`[data-testid="inspector"] [data-testid="inspector-column"][data-column="${to}"]`).waitFor({ timeout: 10_000 });
}

/** A page with gen_schema's 1000 tables pasted, imported and saved once. */
async function pagePasted1000() {
  const big = execFileSync('python3', [path.join(ROOT, '..', 'shared', 'bench', 'gen_schema.py'), '1000'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  const seen = watch(page, app.server.origin);
  await page.goto(app.server.origin + '/');
  await page.waitForSelector('[data-testid="ddl-input"]', { timeout: 30_000 });
  await pasteSchema(page, big);
  await page.waitForFunction(() => /\b1000 tables\b/.test(document.querySelector('[data-testid="import-summary"]')?.textContent ?? ''), null, { timeout: 180_000 });
  await savedAfter(page, 0);
  return { big, context, page, seen };
}

/** Reloads `page` and checks that the text is `edited` and order_1's column is named headline. */
async function reloadShowsRename(page, edited) {
  await page.reload();
  await page.waitForSelector('[data-testid="ddl-input"]', { timeout: 30_000 });
  assert.equal(await ddlText(page), edited, 'the text is restored, with the rename');
  await page.locator('[data-testid="table-search"]').fill('order_1');
  await page.locator('[data-testid="table-search"]').press('Enter');
  await page.locator(table('order_1')).first().locator('.header').click();
  await page.locator('[data-testid="inspector"] [data-testid="inspector-column"][data-column="headline"]').waitFor({ timeout: 10_000 });
}

test('a 1000-table project and an edit to it survive a reload (IndexedDB)', async () => {
  const { big, context, page, seen } = await pagePasted1000();
  assert.equal(await page.evaluate(() => typeof window.__erdsmithPanic), 'undefined', 'release builds have no panic trigger');
  // The edit: rename a column of order_1 in the inspector.
  await page.locator('[data-testid="table-search"]').fill('order_1');
  await page.locator('[data-testid="table-search"]').press('Enter');
  const n = await saves(page);
  await renameColumn(page, 'order_1', 'title_0', 'headline');
  await savedAfter(page, n);
  // The rename is in the text (issue 16: the text says the model).
  const edited = await ddlText(page);
  assert.notEqual(edited, big);
  assert.match(edited, /\bheadline\b/);
  const status = await page.locator('body').innerText();
  assert.doesNotMatch(status, /Not auto-saved/, 'no storage error for 6 MB');
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('erdsmith.project')).length), 0,
    'the project is not in localStorage');

  await reloadShowsRename(page, edited);
  assert.equal(await page.locator('[data-testid="inspector"] [data-testid="inspector-column"][data-column="title_0"]').count(), 0);
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a big save runs in slices; leaving the page mid-way finishes it at once, written once', async () => {
  const { context, page, seen } = await pagePasted1000();
  const n = await saves(page);
  // The first time the save is between slices ("writing"), the page is hidden: the rest of the
  // save runs at once, in that task. The observer is kept referenced (Chromium may collect one
  // that no script holds).
  await page.evaluate(() => {
    globalThis.__states = [];
    globalThis.__saveObserver = new MutationObserver(() => {
      const state = document.documentElement.dataset.saveState;
      if (globalThis.__states.at(-1) !== state) globalThis.__states.push(state);
      if (state === 'writing' && !globalThis.__flushed) {
        globalThis.__flushed = true;
        dispatchEvent(new Event('pagehide'));
        globalThis.__afterFlush = document.documentElement.dataset.saveState;
      }
    });
    globalThis.__saveObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-save-state'] });
  });
  await page.locator('[data-testid="table-search"]').fill('order_1');
  await page.locator('[data-testid="table-search"]').press('Enter');
  await renameColumn(page, 'order_1', 'title_0', 'headline');
  await savedAfter(page, n);
  const states = await page.evaluate(() => globalThis.__states);
  assert.ok(states.includes('writing'), `the save ran in slices: ${states.join(' → ')}`);
  assert.notEqual(await page.evaluate(() => globalThis.__afterFlush), 'writing', 'the flush finished the save');
  // The slices still queued stop: one write for the edit, not two.
  await page.waitForTimeout(1000);
  assert.equal(await saves(page), n + 1, `one write: ${states.join(' → ')}`);
  const edited = await ddlText(page);
  assert.match(edited, /\bheadline\b/);
  await reloadShowsRename(page, edited);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('an edit still waiting for the save delay survives an immediate reload', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(app.server.origin + '/');
  await pasteSchema(page, PAGILA);
  await page.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  await savedAfter(page, 0);
  await page.click('[data-testid="fit"]');
  await renameColumn(page, 'actor', 'first_name', 'given_name');
  // No wait: pagehide flushes the pending save.
  await page.reload();
  await page.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  await page.locator(table('actor')).first().locator('.header').click();
  await page.locator('[data-testid="inspector"] [data-testid="inspector-column"][data-column="given_name"]').waitFor({ timeout: 10_000 });
  await context.close();
});

test('a project left in localStorage by an older build moves to IndexedDB once', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(app.server.origin + '/');
  await pasteSchema(page, PAGILA);
  await page.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  const file = await download(page, '[data-testid="save-project"]');
  await context.close();

  const project = JSON.parse(file.text);
  project.name = 'from-localstorage';
  const fresh = await app.browser.newContext();
  const page2 = await fresh.newPage();
  await page2.goto(app.server.origin + '/');
  await page2.waitForSelector('[data-testid="ddl-input"]', { timeout: 30_000 });
  // The new empty project's first save must settle first: a write still in flight at unload is
  // stashed under the legacy keys and would (rightly) make that project the current one.
  await savedAfter(page2, 0);
  await page2.evaluate((json) => {
    localStorage.setItem('erdsmith.projects', JSON.stringify(['from-localstorage']));
    localStorage.setItem('erdsmith.project.from-localstorage', json);
    localStorage.setItem('erdsmith.current', JSON.stringify('from-localstorage'));
  }, JSON.stringify(project));
  await page2.reload();
  await page2.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  assert.equal(await page2.locator('[data-testid="project-name"]').inputValue(), 'from-localstorage');
  assert.equal(await ddlText(page2), PAGILA);
  assert.deepEqual(await page2.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('erdsmith.project'))), [],
    'the legacy keys are gone after the move');
  // Now from IndexedDB alone.
  await page2.reload();
  await page2.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  assert.equal(await page2.locator('[data-testid="project-name"]').inputValue(), 'from-localstorage');
  await fresh.close();
});

test('a panic shows the crash panel; the download and a reload keep the text (debug build)', async () => {
  execFileSync(path.join(ROOT, 'scripts', 'build-debug.sh'), { stdio: 'inherit', timeout: 20 * 60_000 });
  const debug = await startServer(path.join(ROOT, 'dist-debug'), 0);
  try {
    const context = await app.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(debug.url);
    await pasteSchema(page, PAGILA);
    await page.locator(table('actor')).first().waitFor({ timeout: 120_000 });
    await savedAfter(page, 0);
    assert.equal(await page.locator('[data-testid="crash-panel"]').count(), 0);

    // Text typed after the last save, then a panic before the save delay is over.
    const marker = '\n-- typed just before the crash\n';
    const threw = await page.evaluate((m) => {
      const ed = globalThis.erdsmithEditor;
      ed.replaceAll(ed.text() + m);
      try {
        window.__erdsmithPanic();
        return false;
      } catch (_) {
        return true;
      }
    }, marker);
    assert.equal(threw, true, 'the panic reached the caller');
    const panel = page.locator('[data-testid="crash-panel"]');
    await panel.waitFor({ timeout: 10_000 });
    assert.match(await panel.innerText(), /internal error/);
    assert.equal(await ddlText(page), PAGILA + marker, 'the editor text is intact under the panel');

    const file = await download(page, '[data-testid="crash-download"]');
    assert.match(file.name, /\.erdsmith\.json$/);
    const project = JSON.parse(file.text);
    assert.equal(project.format, 'erdsmith-project');
    assert.equal(project.baseline_text, PAGILA + marker);
    assert.match(JSON.stringify(project.current), /"actor"/, 'the schema is in the file');

    await Promise.all([page.waitForNavigation(), page.click('[data-testid="crash-reload"]')]);
    await page.locator(table('actor')).first().waitFor({ timeout: 120_000 });
    assert.equal(await ddlText(page), PAGILA + marker, 'the text typed before the crash is restored');
    assert.equal(await page.locator('[data-testid="crash-panel"]').count(), 0);
    await context.close();
  } finally {
    await debug.close();
  }
});
