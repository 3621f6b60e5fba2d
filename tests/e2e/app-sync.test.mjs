// One source of truth (issue 16, item 1): an inspector or diagram edit is written into the SQL
// text, so typing after it (or pressing Import) keeps it; undo spans both, and the editor's own
// Mod-Z is the app's undo. A longer random sequence of text and diagram edits with reloads in
// between loses nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, CORPUS, ARTIFACTS, useServedApp, openApp, ddlText, savedAfter, saves } from './app-support.mjs';

// The native CLI imports the page's text independently of the page (`erdsmith export --to json`).
const CLI = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'debug', 'erdsmith');
before(() => {
  if (!process.env.ERDSMITH_SKIP_BUILD) execFileSync('cargo', ['build', '--bin', 'erdsmith'], { cwd: ROOT, stdio: 'inherit' });
});

const PAGILA = fs.readFileSync(path.join(CORPUS, 'pagila_schema.sql'), 'utf8');
const table = (name) => `[data-testid="table"][data-table="${name}"], [data-testid="table"][data-table="public.${name}"]`;
const app = useServedApp();

/** Types `text` at the end of the DDL as a user would (one keystroke after another). */
async function typeAtEnd(page, text) {
  await page.locator('[data-testid="ddl-input"]').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text, { delay: 5 });
}

/** Waits until the debounced import of the typed text has been installed. */
async function imported(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="import-progress"]'));
  await page.waitForTimeout(700);
}

async function renameInInspector(page, tableName, column, to) {
  await page.locator(table(tableName)).first().locator('.header').click();
  const input = page.locator(`[data-testid="inspector"] [data-testid="inspector-column"][data-column="${column}"] [data-testid="column-name"]`);
  await input.fill(to);
  await input.press('Enter');
  await page.locator(table(tableName)).first().locator(`[data-column="${to}"]`).waitFor();
}

/** Renames a column in the inspector; resolves to false when the app refused the rename (a
 * view names the column where the table it means cannot be told) and said so. */
async function tryRename(page, tableName, column, to) {
  await page.locator(table(tableName)).first().locator('.header').click();
  const input = page.locator(`[data-testid="inspector"] [data-testid="inspector-column"][data-column="${column}"] [data-testid="column-name"]`);
  await input.fill(to);
  await input.press('Enter');
  const done = await page.waitForFunction(({ sel, to }) => {
    if (document.querySelector(`${sel} [data-column="${to}"]`)) return 'renamed';
    return /Edit refused/.test(document.querySelector('[data-testid="status"]')?.textContent ?? '') ? 'refused' : false;
  }, { sel: table(tableName).split(', ')[1], to });
  return (await done.jsonValue()) === 'renamed';
}

/** Each table box's place on the canvas, by table id. */
const boxPlaces = (page) => page.$$eval('[data-testid="table"]', (els) => Object.fromEntries(els.map((e) => [e.dataset.tableId, e.getAttribute('transform')])));

test('a rename in the inspector reaches the text and survives typing, Import and undo', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  await renameInInspector(page, 'actor', 'first_name', 'given_name');
  const text = await ddlText(page);
  assert.match(text, /CREATE TABLE public\.actor \(\n    actor_id integer DEFAULT[^\n]*\n    given_name text NOT NULL,/);
  assert.doesNotMatch(text, /\bfirst_name\b.*\n.*last_name text NOT NULL,\n    last_update/);
  // Type a comment at the end of the text: the import that follows keeps the rename.
  await typeAtEnd(page, '\n-- reviewed by the team');
  await imported(page);
  const actor = page.locator(table('actor')).first();
  assert.equal(await actor.locator('[data-column="given_name"]').count(), 1, 'the rename survived typing');
  assert.equal(await actor.locator('[data-column="first_name"]').count(), 0);
  // Pressing Import re-reads the text, which says the rename.
  await page.click('[data-testid="import"]');
  await imported(page);
  assert.equal(await actor.locator('[data-column="given_name"]').count(), 1, 'the rename survived Import');
  // Undo is available and undoes the typing first, then the rename (text and diagram).
  assert.equal(await page.locator('[data-testid="undo"]').isEnabled(), true, 'undo is not greyed out');
  await page.click('[data-testid="undo"]');
  assert.doesNotMatch(await ddlText(page), /-- reviewed by the team/);
  assert.equal(await actor.locator('[data-column="given_name"]').count(), 1);
  await page.click('[data-testid="undo"]');
  await actor.locator('[data-column="first_name"]').waitFor();
  assert.equal(await ddlText(page), PAGILA, 'undo restores the exact text');
  // The editor's Mod-Z is the same history: it redoes via Mod-Shift-Z and undoes again.
  await page.locator('[data-testid="ddl-input"]').click();
  await page.keyboard.press('Control+Shift+Z');
  await actor.locator('[data-column="given_name"]').waitFor();
  await page.keyboard.press('Control+Z');
  await actor.locator('[data-column="first_name"]').waitFor();
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('the text is marked where the import failed, with the message on hover', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int, a_id int REFERENCES nowhere (id));\n', 2);
  await page.waitForFunction(() => globalThis.erdsmithEditor.diagnostics().length > 0);
  const diags = await page.evaluate(() => globalThis.erdsmithEditor.diagnostics());
  const text = await ddlText(page);
  const [from, to, severity, message] = diags[0];
  assert.match(message, /nowhere/);
  assert.ok(['warning', 'error'].includes(severity), severity);
  assert.ok(text.slice(from, to).length > 0 && from >= text.indexOf('CREATE TABLE b'), `marked ${text.slice(from, to)}`);
  // The mark is in the text and in the gutter.
  await page.locator('.cm-lintRange-warning, .cm-lintRange-error').first().waitFor();
  await page.locator('.cm-lint-marker').first().waitFor();
  await page.locator('.cm-lintRange-warning, .cm-lintRange-error').first().hover();
  await page.locator('.cm-tooltip-lint').waitFor();
  assert.match(await page.locator('.cm-tooltip-lint').innerText(), /nowhere/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'editor-diagnostics.png') });
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a statement being typed is marked and waits: no half-typed column reaches the diagram', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, 'CREATE TABLE a (id int PRIMARY KEY);\n', 1);
  await typeAtEnd(page, 'CREATE TABLE b (id int, name varch');
  await imported(page);
  assert.equal(await page.locator('[data-testid="table"]').count(), 1, 'the half-typed table is not drawn');
  await page.locator('.cm-lintRange-error').first().waitFor();
  const diags = await page.evaluate(() => globalThis.erdsmithEditor.diagnostics());
  const text = await ddlText(page);
  const error = diags.find((d) => d[2] === 'error');
  assert.ok(error, JSON.stringify(diags));
  assert.equal(text.slice(error[0], error[0] + 1), '(', 'the mark is at the open parenthesis');
  assert.match(error[3], /not closed/);
  assert.equal(await page.locator('[data-testid="diagnostic"].sev-error').count(), 1, 'and in the list');
  // Finishing it draws the table, with the type as finally typed.
  await page.keyboard.type('ar(20));', { delay: 5 });
  await imported(page);
  const b = page.locator('[data-testid="table"][data-table="b"]');
  await b.waitFor();
  assert.equal(await b.locator('[data-column="name"] .col-type').textContent(), 'varchar(20)');
  assert.equal(await page.locator('.cm-lintRange-error').count(), 0, 'the mark is gone');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('after a reload the view, the selection and the undo history are where they were', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  await page.click('[data-testid="fit"]');
  await page.click('[data-testid="zoom-in"]');
  await page.click('[data-testid="zoom-in"]');
  // Counted before the rename: its save may commit before the lines below have run.
  const count = await saves(page);
  await renameInInspector(page, 'actor', 'last_name', 'family_name');
  const world = await page.locator('g.world').getAttribute('transform');
  const zoom = await page.locator('[data-testid="zoom-level"]').innerText();
  await savedAfter(page, count);
  await page.reload();
  const actor = page.locator(table('actor')).first();
  await actor.waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('g.world').getAttribute('transform'), world, 'the view is restored, not fitted');
  assert.equal(await page.locator('[data-testid="zoom-level"]').innerText(), zoom);
  assert.match(await actor.getAttribute('class'), /\bselected\b/, 'the selection is restored');
  assert.equal(await page.locator('[data-testid="undo"]').isEnabled(), true, 'undo is available after the reload');
  await page.click('[data-testid="undo"]');
  await actor.locator('[data-column="last_name"]').waitFor();
  assert.doesNotMatch(await ddlText(page), /family_name/, 'and undoes the rename in the text');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

/** The name-based JSON of a schema with its lists in a fixed order (the text and the model may
 * list keys differently). */
function normalized(json) {
  const doc = JSON.parse(json);
  const sortBy = (xs) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const tables = doc.tables.map((t) => ({ ...t, uniques: sortBy(t.uniques), foreign_keys: sortBy(t.foreign_keys), checks: sortBy(t.checks), indexes: sortBy(t.indexes) }));
  // Views with what they read and their query; the statements kept as written, all of them.
  const views = sortBy(doc.views.map((v) => ({ ...v, reads: [...v.reads].sort() })));
  return { tables: sortBy(tables.map((t) => JSON.stringify(t))), views, enums: doc.enums, objects: sortBy(doc.objects) };
}

/** The model as the page has it: its JSON export. */
async function modelJson(page) {
  const select = page.locator('[data-testid="export-format"]');
  const value = await select.locator('option', { hasText: 'JSON' }).getAttribute('value');
  const [dl] = await Promise.all([page.waitForEvent('download'), select.selectOption(value)]);
  return fs.readFileSync(await dl.path(), 'utf8');
}

/** The page's text imported by the native CLI. */
function textJson(text) {
  const file = path.join(os.tmpdir(), `erdsmith-sync-${process.pid}.sql`);
  fs.writeFileSync(file, text);
  return execFileSync(CLI, ['import', file, '--dialect', 'postgres'], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

test('a random sequence of text and diagram edits, undo, redo and reloads loses nothing', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator(table('actor')).first().waitFor({ timeout: 60_000 });
  await page.click('[data-testid="fit"]');
  // Tables by their first name; most are read by views, whose queries follow their renames.
  const tables = ['actor', 'film', 'customer', 'staff', 'store', 'address', 'city', 'country', 'category', 'language', 'inventory', 'rental'];
  const initial = JSON.parse(await modelJson(page));
  const columnsOf = (doc, name) => doc.tables.find((t) => t.name === name).columns.map((c) => c.name);
  // What the text and the model must say: the initial names and columns with every applied step
  // replayed.
  const applied = [];
  const undone = [];
  const expected = () => {
    const cols = Object.fromEntries(tables.map((t) => [t, columnsOf(initial, t)]));
    const names = Object.fromEntries(tables.map((t) => [t, t]));
    const typed = [];
    for (const op of applied) {
      if (op.kind === 'rename') cols[op.table] = cols[op.table].map((c) => (c === op.from ? op.to : c));
      if (op.kind === 'add') cols[op.table] = [...cols[op.table], op.name];
      if (op.kind === 'type') typed.push(op.marker);
      if (op.kind === 'renameTable') names[op.table] = op.to;
    }
    return { cols, names, typed };
  };
  const viewReads = (doc) => doc.views.map((v) => `${v.name}:${v.reads.length}`).sort();
  const initialReads = viewReads(initial);
  let seed = 0x2545f491;
  const rand = (n) => {
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const pickTable = () => tables[rand(tables.length)];
  const counts = {};
  for (let step = 0; step < 64; step++) {
    const roll = rand(100);
    const kind = step % 8 === 7 ? 'reload'
      : roll < 20 ? 'rename' : roll < 30 ? 'renameTable' : roll < 45 ? 'type' : roll < 55 ? 'add' : roll < 65 ? 'drag' : roll < 85 ? 'undo' : 'redo';
    const now = expected();
    if (kind === 'rename') {
      const t = pickTable();
      const cols = now.cols[t];
      const from = cols[rand(cols.length)];
      const to = `${from}_r${step}`;
      if (!(await tryRename(page, now.names[t], from, to))) {
        counts.refused = (counts.refused ?? 0) + 1;
        continue;
      }
      applied.push({ kind, table: t, from, to });
      undone.length = 0;
    } else if (kind === 'renameTable') {
      const t = pickTable();
      const to = `${t}_t${step}`;
      await page.locator(table(now.names[t])).first().locator('.header').click();
      await page.locator('[data-testid="table-name"]').fill(to);
      await page.locator('[data-testid="table-name"]').press('Enter');
      await page.locator(table(to)).first().waitFor();
      applied.push({ kind, table: t, to });
      undone.length = 0;
    } else if (kind === 'type') {
      const marker = `-- typed at step ${step}`;
      await typeAtEnd(page, `\n${marker}`);
      await imported(page);
      // A pause ends the typing run: the next keystrokes are another undo step.
      await page.waitForTimeout(1100);
      applied.push({ kind, marker });
      undone.length = 0;
    } else if (kind === 'add') {
      const t = pickTable();
      await page.locator(table(now.names[t])).first().locator('.header').click();
      const before = await page.locator('[data-testid="inspector"] [data-testid="inspector-column"]').count();
      await page.click('[data-testid="add-column"]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="inspector"] [data-testid="inspector-column"]').length === n + 1, before);
      const name = await page.locator('[data-testid="inspector"] [data-testid="inspector-column"]').last().getAttribute('data-column');
      applied.push({ kind, table: t, name });
      undone.length = 0;
    } else if (kind === 'drag') {
      const t = pickTable();
      const box = page.locator(table(now.names[t])).first();
      const was = await box.getAttribute('transform');
      const head = box.locator('.header');
      const b = await head.boundingBox();
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2 + 30, b.y + b.height / 2 + 20, { steps: 5 });
      await page.mouse.up();
      assert.notEqual(await box.getAttribute('transform'), was, `step ${step}: the drag moved ${t}`);
      applied.push({ kind, table: t });
      undone.length = 0;
    } else if (kind === 'undo') {
      if (!applied.length) continue;
      await page.click('[data-testid="undo"]');
      undone.push(applied.pop());
    } else if (kind === 'redo') {
      if (!undone.length) continue;
      await page.click('[data-testid="redo"]');
      applied.push(undone.pop());
    } else {
      // Every change has been saved (a change waits 400 ms before its save starts).
      await page.waitForTimeout(500);
      await page.waitForFunction(() => document.documentElement.dataset.saveState === 'saved', null, { timeout: 60_000 });
      const places = await boxPlaces(page);
      await page.reload();
      await page.locator(table(now.names.actor)).first().waitFor({ timeout: 60_000 });
      await imported(page);
      assert.deepEqual(await boxPlaces(page), places, `step ${step}: every table is where it was before the reload`);
    }
    counts[kind] = (counts[kind] ?? 0) + 1;
    await imported(page);
    // The model, the text and the expectation agree.
    const text = await ddlText(page);
    const model = await modelJson(page);
    assert.deepEqual(normalized(model), normalized(textJson(text)), `step ${step} (${kind}): the model is what the text says`);
    const want = expected();
    const doc = JSON.parse(model);
    for (const t of tables) assert.deepEqual(columnsOf(doc, want.names[t]), want.cols[t], `step ${step} (${kind}): columns of ${t}`);
    for (const m of want.typed) assert.ok(text.includes(m), `step ${step} (${kind}): "${m}" is still in the text`);
    assert.deepEqual(viewReads(doc), initialReads, `step ${step} (${kind}): every view still reads its tables`);
    assert.equal(doc.objects.length, initial.objects.length, `step ${step} (${kind}): no kept statement lost`);
    assert.equal(await page.locator('[data-testid="undo"]').isEnabled(), applied.length > 0, `step ${step}: undo availability`);
  }
  // Undo everything: the exact text pasted.
  while (applied.length) {
    await page.click('[data-testid="undo"]');
    applied.pop();
  }
  await imported(page);
  assert.equal(await ddlText(page), PAGILA, 'undoing every step gives the pasted text back');
  console.log(`steps: ${JSON.stringify(counts)}`);
  assert.ok(counts.rename >= 5 && counts.renameTable >= 3 && counts.reload >= 6 && counts.undo >= 3 && counts.type >= 3 && counts.drag >= 3, JSON.stringify(counts));
  assert.deepEqual(seen.errors, []);
  await context.close();
});
