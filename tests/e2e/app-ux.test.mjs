// Reads at a glance (issue 16, items 6–8): names readable zoomed out, a hideable minimap, help
// on `?`/F1 with a sample schema, dark mode from the system with a toggle, layouts at 1024×700
// and on a phone, an inspector whose names fit and whose new column is ready to type, a delete
// button, and findings shown as text with the fix visible before it is applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, ARTIFACTS, useServedApp, openApp, ddlText, waitDrawn } from './app-support.mjs';

const PAGILA = fs.readFileSync(path.join(CORPUS, 'pagila_schema.sql'), 'utf8');
const app = useServedApp();
const table = (name) => `[data-testid="table"][data-table="${name}"], [data-testid="table"][data-table="public.${name}"]`;

test('zoomed out, every drawn name is at least 10 px tall; the minimap hides', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  await page.click('[data-testid="fit"]');
  const zoom = parseFloat(await page.locator('[data-testid="zoom-level"]').innerText());
  assert.ok(zoom < 60, `pagila fits at ${zoom}%`);
  const heights = await page.$$eval('[data-testid="lod-name"]', (els) => els.map((e) => e.getBoundingClientRect().height));
  assert.ok(heights.length >= 10, `${heights.length} names drawn`);
  assert.ok(Math.min(...heights) >= 10, `smallest name ${Math.min(...heights)} px`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'pagila-fit-light.png') });
  // Far out still.
  for (let i = 0; i < 6; i++) await page.click('[data-testid="zoom-out"]');
  const far = await page.$$eval('[data-testid="lod-name"]', (els) => els.map((e) => e.getBoundingClientRect().height));
  assert.ok(far.length > 0 && Math.min(...far) >= 10, `far out: ${far.length} names, smallest ${Math.min(...far)} px`);
  // The minimap (shown for 30+ tables) can be hidden and shown again.
  await page.locator('.minimap').waitFor();
  await page.click('[data-testid="minimap-toggle"]');
  assert.equal(await page.locator('.minimap').count(), 0);
  await page.click('[data-testid="minimap-toggle"]');
  await page.locator('.minimap').waitFor();
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('? and F1 open the help with the shortcuts; the sample schema loads from it', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.server.origin + '/');
  await page.waitForSelector('[data-testid="ddl-input"]');
  await page.locator('[data-testid="try-sample"]').waitFor();
  await page.locator('[data-testid="canvas"]').click();
  await page.keyboard.press('?');
  const help = page.locator('[data-testid="help"]');
  await help.waitFor();
  assert.ok(await page.locator('[data-testid="shortcuts"] tr').count() >= 10);
  assert.match(await help.innerText(), /Ctrl\+Z/);
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached' });
  await page.keyboard.press('F1');
  await help.waitFor();
  await page.click('[data-testid="help-sample"]');
  await help.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 4);
  assert.match(await ddlText(page), /CREATE TABLE customer/);
  // `?` typed in the text is text, not help.
  await page.locator('[data-testid="ddl-input"]').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('-- ?');
  assert.equal(await help.count(), 0);
  await context.close();
});

test('dark mode follows the system, and the toggle overrides it', async () => {
  const context = await app.browser.newContext({ colorScheme: 'dark' });
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  await page.click('[data-testid="fit"]');
  // The diagram's background is the pane's (the SVG over it is transparent, over the zoomed-out picture).
  const bg = () => page.$eval('[data-testid="canvas"]', (e) => getComputedStyle(e).backgroundColor);
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  assert.ok(luminance(await bg()) < 60, `dark canvas: ${await bg()}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'pagila-fit-dark.png') });
  await page.locator('[data-testid="zoom-in"]').click();
  await page.locator('[data-testid="zoom-in"]').click();
  await page.locator('[data-testid="zoom-in"]').click();
  await page.screenshot({ path: path.join(ARTIFACTS, 'pagila-100-dark.png') });
  await page.selectOption('[data-testid="theme"]', 'light');
  assert.ok(luminance(await bg()) > 200, `light canvas when chosen: ${await bg()}`);
  // The choice is kept by the browser.
  await page.reload();
  await page.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  assert.ok(luminance(await bg()) > 200, 'still light after a reload');
  await page.selectOption('[data-testid="theme"]', 'system');
  assert.ok(luminance(await bg()) < 60);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('layouts at 1024×700 and on a phone keep every pane usable', async () => {
  const context = await app.browser.newContext();
  const { page } = await openApp(app, context, PAGILA);
  await page.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.waitForTimeout(300);
  const width = (sel) => page.$eval(sel, (e) => e.getBoundingClientRect().width);
  assert.ok(await width('.input-pane') >= 220, 'text pane');
  assert.ok(await width('.diagram-pane') >= 420, 'diagram pane');
  assert.ok(await width('.side') >= 250, 'side panel');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scrolling');
  await page.click('[data-testid="fit"]');
  await page.screenshot({ path: path.join(ARTIFACTS, 'pagila-1024x700.png') });
  // A phone: the diagram first and nearly full width; the text and panels below it.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const diagram = await page.$eval('.diagram-pane', (e) => e.getBoundingClientRect().toJSON());
  const input = await page.$eval('.input-pane', (e) => e.getBoundingClientRect().toJSON());
  assert.ok(diagram.width >= 370 && diagram.height >= 500, JSON.stringify(diagram));
  assert.ok(input.top >= diagram.bottom - 1, 'the text comes after the diagram');
  await page.click('[data-testid="fit"]');
  await page.screenshot({ path: path.join(ARTIFACTS, 'pagila-phone.png') });
  await context.close();
});

test('inspector: names fit, a new column is ready to type, a table can be deleted', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('film')).first().waitFor({ timeout: 60_000 });
  // Search selects the table and shows it at a readable zoom.
  await page.locator('[data-testid="table-search"]').fill('public.film');
  await page.locator('[data-testid="table-search"]').press('Enter');
  const name = page.locator('[data-testid="inspector-column"][data-column="replacement_cost"] [data-testid="column-name"]');
  const fits = await name.evaluate((e) => e.scrollWidth <= e.clientWidth);
  assert.ok(fits, 'a 16-character name is not cut');
  await page.click('[data-testid="add-column"]');
  const added = page.locator('[data-testid="inspector-column"][data-column="new_column"] [data-testid="column-name"]');
  await added.waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('[data-column="new_column"]') != null);
  await page.keyboard.type('rating_note');
  await page.keyboard.press('Enter');
  await page.locator(table('film')).first().locator('[data-column="rating_note"]').waitFor();
  assert.match(await ddlText(page), /rating_note text/);
  // A table that a view reads cannot be deleted: the edit is refused, saying which view.
  const pick = async (name) => {
    await page.locator('[data-testid="table-search"]').fill(name);
    await page.locator('[data-testid="table-search"]').press('Enter');
    await page.waitForFunction((n) => document.querySelector('[data-testid="inspector"] [data-testid="table-name"]')?.value === n, name);
  };
  await pick('film_category');
  await page.click('[data-testid="delete-table"]');
  await page.waitForFunction(() => /Edit refused: .*view public\.\w+ reads public\.film_category/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''));
  assert.equal(await page.locator('[data-testid="table"][data-table="public.film_category"]').count(), 1, 'the table stays');
  assert.match(await ddlText(page), /CREATE TABLE public\.film_category/);
  // One no view reads is deleted from the inspector; undo brings it (and its text) back.
  await pick('language');
  await page.click('[data-testid="delete-table"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="table"][data-table="public.language"]'));
  assert.doesNotMatch(await ddlText(page), /CREATE TABLE public\.language/);
  await page.click('[data-testid="undo"]');
  await page.locator(table('language')).first().waitFor();
  assert.match(await ddlText(page), /CREATE TABLE public\.language/);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('findings read as text and show their fix before it is applied', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int, a_id int REFERENCES a (id));\n', 2);
  const finding = page.locator('[data-testid="finding"][data-rule="missing-primary-key"]');
  await finding.waitFor();
  const message = finding.locator('[data-testid="finding-message"]');
  assert.doesNotMatch(await message.innerText(), /`/, 'no raw backticks');
  assert.ok(await message.locator('code').count() >= 1, 'names are shown as code');
  const fix = finding.locator('[data-testid="fix"]');
  assert.match(await fix.locator('summary').innerText(), /^Fix: /);
  await fix.locator('summary').click();
  const preview = fix.locator('[data-testid="fix-preview"]');
  await page.waitForFunction(() => /^[+-] /m.test(document.querySelector('[data-testid="fix-preview"]')?.textContent ?? ''));
  const p = await preview.innerText();
  assert.match(p, /^- CREATE TABLE b/m);
  assert.match(p, /^\+ .*PRIMARY KEY/m);
  const before = await ddlText(page);
  assert.doesNotMatch(before, /CREATE TABLE b \(.*PRIMARY KEY/s, 'the preview changed nothing');
  await finding.locator('[data-testid="apply-fix"]').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="finding"][data-rule="missing-primary-key"]'));
  assert.notEqual(await ddlText(page), before, 'the fix is written into the text');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('screenshots: pagila, AdventureWorks and a 300-table schema at fit and 100%, light and dark', async () => {
  const { execFileSync } = await import('node:child_process');
  const { ROOT } = await import('./app-support.mjs');
  const generated = execFileSync('python3', [path.join(ROOT, '..', 'shared', 'bench', 'gen_schema.py'), '300'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const schemas = [
    ['pagila', PAGILA],
    ['adventureworks', fs.readFileSync(path.join(CORPUS, 'adventureworks_mssql_instawdb.sql'), 'utf8')],
    ['generated-300', generated],
  ];
  for (const scheme of ['light', 'dark']) {
    const context = await app.browser.newContext({ colorScheme: scheme });
    for (const [name, ddl] of schemas) {
      const { page, seen } = await openApp(app, context, ddl);
      await waitDrawn(page, 10, { more: true, timeout: 120_000 });
      await page.waitForTimeout(500);
      // Pasted over the last project's text: a new schema, with a new history.
      assert.equal(await page.locator('[data-testid="undo"]').isEnabled(), false, `${name} ${scheme}: nothing to undo after a new paste`);
      await page.click('[data-testid="fit"]');
      await page.waitForTimeout(300);
      // At fit every drawn name is readable: no name smaller than 10 px on screen.
      // A big diagram is a canvas picture at fit: its last paint says how many names it drew
      // and the smallest one's size on screen.
      const heights = await page.$$eval('[data-testid="lod-name"], .table-name', (els) => els.map((e) => e.getBoundingClientRect().height).filter((h) => h > 0));
      const lod = await page.locator('[data-testid="lod-canvas"]').evaluate((c) => ({ names: Number(c.dataset.names ?? 0), px: Number(c.dataset.namePx || Infinity) }));
      if (lod.names > 0) heights.push(...Array(lod.names).fill(lod.px));
      assert.ok(heights.length > 10 && Math.min(...heights) >= 9.5, `${name} ${scheme}: ${heights.length} names, smallest ${Math.min(...heights)} px`);
      await page.screenshot({ path: path.join(ARTIFACTS, `screen-${name}-fit-${scheme}.png`) });
      // 100% around the first table.
      const first = ddl.match(/CREATE TABLE (?:IF NOT EXISTS )?([\w."\[\]]+)/i)[1].replace(/["\[\]]/g, '').split('.').pop();
      await page.locator('[data-testid="table-search"]').fill(first);
      await page.locator('[data-testid="table-search"]').press('Enter');
      await page.waitForTimeout(300);
      assert.equal(await page.locator('[data-testid="zoom-level"]').innerText(), '100%');
      await page.screenshot({ path: path.join(ARTIFACTS, `screen-${name}-100-${scheme}.png`) });
      assert.deepEqual(seen.errors, [], `${name} ${scheme}`);
      await page.close();
    }
    await context.close();
  }
});

test('findings a DBA would not mark wrong: partitions report once on their table, which is no orphan', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator('[data-testid="finding"]').first().waitFor({ timeout: 60_000 });
  const partitions = [...PAGILA.matchAll(/^CREATE TABLE public\.(payment_p\w+) /gm)].map((m) => m[1]);
  assert.ok(partitions.length >= 5, `${partitions.length} partitions in pagila`);
  const rows = await page.$$eval('[data-testid="finding"]', (els) => els.map((e) => [e.dataset.rule, e.dataset.table, e.innerText]));
  const onPartitions = rows.filter(([, t]) => partitions.some((p) => t === p || t === `public.${p}`));
  assert.deepEqual(onPartitions, [], 'no finding is repeated per partition');
  const onPayment = rows.filter(([, t]) => t === 'payment' || t === 'public.payment');
  // One finding for the partitions' unindexed rental_id, saying on how many of them it is.
  const folded = onPayment.filter(([r, , m]) => r === 'unindexed-foreign-key' && m.includes('(rental_id)'));
  assert.equal(folded.length, 1, JSON.stringify(onPayment));
  const n = Number(/on (\d+) partitions of payment/.exec(folded[0][2])?.[1]);
  assert.ok(n >= 2 && n <= partitions.length, folded[0][2]);
  assert.equal((folded[0][2].match(/create index payment_p\w+_rental_id_idx/g) ?? []).length, n, 'the fix indexes every one of them');
  assert.ok(!onPayment.some(([r]) => r === 'orphan-table'), 'payment is linked through its partitions');
  const perRule = new Map();
  for (const [r] of onPayment) perRule.set(r, (perRule.get(r) ?? 0) + 1);
  assert.ok(perRule.get('unindexed-foreign-key') <= 3, JSON.stringify([...perRule]));
  assert.deepEqual(seen.errors, []);
  await context.close();
});
