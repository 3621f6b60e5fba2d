// Issue 6, the last exports: "compare two schemas" (a pasted target beside the baseline, likely
// renames confirmed or rejected one by one, the migration following them, Flyway downloads) and
// the whole diagram as SVG and PNG (drawn from the SVG on a canvas, no network).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { CORPUS, ROOT, openApp, download, useServedApp } from './app-support.mjs';

const app = useServedApp();

const open = (context, ddl, tables) => openApp(app, context, ddl, tables);

async function downloadBytes(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

test('diagram: SVG and PNG of a corpus schema hold every table', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const ddl = fs.readFileSync(path.join(CORPUS, 'chinook_postgres.sql'), 'utf8');
  const { page, seen } = await open(context, ddl, 11);
  const shown = (await page.locator('[data-testid="table"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-table'))))
    .map((n) => n.replace(/^public\./, '')).sort();
  assert.equal(shown.length, 11);

  const select = page.locator('[data-testid="export-format"]');
  const value = await select.locator('option', { hasText: 'SVG' }).getAttribute('value');
  const svg = await downloadBytes(page, () => select.selectOption(value));
  assert.equal(svg.name, 'schema.svg');
  const text = svg.bytes.toString('utf8');
  // Parsed by the browser's strict XML parser: no parse error, every table name as text.
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      names: [...doc.querySelectorAll('text.table-name')].map((n) => n.textContent),
      width: Number(doc.documentElement.getAttribute('width')),
      height: Number(doc.documentElement.getAttribute('height')),
    };
  }, text);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  assert.deepEqual(parsed.names.map((n) => n.replace(/^public\./, '')).sort(), shown);
  assert.ok(parsed.width > 300 && parsed.height > 200, `${parsed.width}×${parsed.height}`);

  const png = await downloadBytes(page, () => page.click('[data-testid="download-png"]'));
  assert.equal(png.name, 'schema.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  const [w, h] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
  // The whole diagram at 1:1 (it is small enough), not the viewport.
  assert.ok(Math.abs(w - parsed.width) <= 1 && Math.abs(h - parsed.height) <= 1, `${w}×${h} vs ${parsed.width}×${parsed.height}`);
  assert.ok(png.bytes.length > 5000, `${png.bytes.length} bytes`);

  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

const BASE = `CREATE TABLE users (id int PRIMARY KEY, email varchar(200) NOT NULL, phone varchar(30));
CREATE TABLE posts (id int PRIMARY KEY, author_id int NOT NULL REFERENCES users (id), title varchar(200) NOT NULL, body text);
`;
const TARGET = `CREATE TABLE users (id int PRIMARY KEY, email varchar(200) NOT NULL, mobile varchar(30));
CREATE TABLE articles (id int PRIMARY KEY, author_id int NOT NULL REFERENCES users (id), headline varchar(200) NOT NULL, body text);
`;

const rows = (page) => page.locator('[data-testid="rename-row"]').evaluateAll((els) =>
  els.map((e) => `${e.getAttribute('data-status')} ${e.getAttribute('data-rename')}`));
const upText = (page) => page.locator('[data-testid="compare-up"]').inputValue();

test('diagram: PlantUML, D2 and DOT downloads are the CLI\'s exports of the same schema', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const file = path.join(CORPUS, 'chinook_postgres.sql');
  const { page, seen } = await open(context, fs.readFileSync(file, 'utf8'), 11);
  const select = page.locator('[data-testid="export-format"]');
  const cli = path.join(process.env.CARGO_TARGET_DIR ?? path.join(homedir(), '.cache', 'erdsmith', 'target'), 'debug', 'erdsmith');
  if (!fs.existsSync(cli)) execFileSync('cargo', ['build', '--locked', '--bin', 'erdsmith'], { cwd: ROOT, stdio: 'inherit' });
  for (const [label, to, name] of [['PlantUML', 'plantuml', 'schema.puml'], ['D2', 'd2', 'schema.d2'], ['Graphviz DOT', 'dot', 'schema.dot']]) {
    const value = await select.locator('option', { hasText: label }).getAttribute('value');
    const got = await downloadBytes(page, () => select.selectOption(value));
    assert.equal(got.name, name);
    // The app's model of the unchanged text is the CLI's: the same export, byte for byte.
    const want = execFileSync(cli, ['export', file, '--to', to], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    assert.equal(got.bytes.toString('utf8'), want, label);
  }
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('compare two schemas: renames confirmed one by one drive the migration', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const { page, seen } = await open(context, BASE, 2);
  await page.locator('[data-testid="compare-panel"] summary').click();
  await page.locator('[data-testid="compare-target"]').evaluate((t, v) => {
    t.value = v;
    t.dispatchEvent(new Event('change', { bubbles: true }));
  }, TARGET);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="rename-row"]').length === 2);
  assert.deepEqual(await rows(page), ['open column users.phone → mobile', 'open table posts → articles']);
  assert.match(await upText(page), /DROP TABLE posts;/);
  assert.ok((await page.locator('[data-testid="compare-hazard"]').allTextContents()).some((h) => h.startsWith('DATA LOSS: table posts')));

  await page.click('[data-testid="rename-row"][data-rename="table posts → articles"] [data-testid="confirm-rename"]');
  await page.waitForFunction(() => /RENAME TO articles/.test(document.querySelector('[data-testid="compare-up"]').value));
  assert.doesNotMatch(await upText(page), /DROP TABLE posts/);
  // Now paired, the table's columns are compared: title → headline is proposed next.
  assert.deepEqual(await rows(page), ['confirmed table posts → articles', 'open column users.phone → mobile', 'open column posts.title → headline']);

  await page.click('[data-testid="rename-row"][data-rename="column posts.title → headline"] [data-testid="confirm-rename"]');
  await page.click('[data-testid="rename-row"][data-rename="column users.phone → mobile"] [data-testid="reject-rename"]');
  await page.waitForFunction(() => /RENAME COLUMN title TO headline/.test(document.querySelector('[data-testid="compare-up"]').value));
  const up = await upText(page);
  assert.match(up, /ALTER TABLE users DROP COLUMN phone;/);
  assert.match(up, /ALTER TABLE users ADD COLUMN mobile varchar\(30\);/);
  assert.ok((await rows(page)).includes('rejected column users.phone → mobile'));
  assert.match(await page.locator('[data-testid="compare-down"]').inputValue(), /ALTER TABLE articles RENAME TO posts;/);

  const v = await download(page, '[data-testid="compare-download-up"]');
  assert.equal(v.name, 'V1__schema.sql');
  assert.equal(v.text, up);
  const u = await download(page, '[data-testid="compare-download-down"]');
  assert.equal(u.name, 'U1__schema.sql');
  assert.match(u.text, /RENAME COLUMN headline TO title/);
  const both = await download(page, '[data-testid="compare-download-both"]');
  assert.equal(both.name, 'schema.migration.sql');
  assert.ok(both.text.startsWith('-- ==== up ====\n') && both.text.includes(up) && both.text.includes('-- ALTER TABLE articles RENAME TO posts;'));

  // Another dialect renders the same decisions.
  await page.selectOption('[data-testid="compare-dialect"]', 'mysql');
  await page.waitForFunction(() => /RENAME TABLE posts TO articles/.test(document.querySelector('[data-testid="compare-up"]').value));

  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

// Issue 16, item 10: the comparison follows a paste at once (no blur needed), the buttons say
// up and down, the panels say what the migration starts from and the baseline can be reset.
test('compare follows a paste without blur; clear labels; the baseline is named and can be reset', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await open(context, BASE, 2);
  await page.locator('[data-testid="compare-panel"] summary').click();
  assert.match(await page.locator('[data-testid="compare-baseline"]').innerText(), /baseline .*\(2 tables\)/);
  // An input event only, as a paste fires: the textarea keeps the focus.
  await page.locator('[data-testid="compare-target"]').focus();
  await page.locator('[data-testid="compare-target"]').evaluate((t, v) => {
    t.value = v;
    t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, TARGET);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="rename-row"]').length === 2, null, { timeout: 5_000 });
  assert.equal(await page.locator('[data-testid="compare-target"]').evaluate((t) => document.activeElement === t), true);
  for (const id of ['compare-download-up', 'compare-download-down']) {
    const label = await page.locator(`[data-testid="${id}"]`).innerText();
    assert.match(label, /\b(up|down)\b/i, label);
    assert.doesNotMatch(label, /[VU]1/, label);
  }
  // The migration panel: a table typed into the text is in the migration until the current
  // model becomes the baseline.
  await page.locator('[data-testid="migration-panel"] summary').click();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nCREATE TABLE extra (id int PRIMARY KEY);\n');
  await page.waitForFunction(() => /CREATE TABLE extra/.test(document.querySelector('[data-testid="migration-up"]').value), null, { timeout: 10_000 });
  assert.match(await page.locator('[data-testid="migration-baseline"]').innerText(), /\(2 tables\)/);
  for (const id of ['download-migration-up', 'download-migration-down']) {
    assert.doesNotMatch(await page.locator(`[data-testid="${id}"]`).innerText(), /[VU]1/);
  }
  await page.click('[data-testid="reset-baseline"]');
  await page.waitForFunction(() => !/CREATE TABLE extra/.test(document.querySelector('[data-testid="migration-up"]').value));
  assert.match(await page.locator('[data-testid="migration-baseline"]').innerText(), /\(3 tables\)/);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
