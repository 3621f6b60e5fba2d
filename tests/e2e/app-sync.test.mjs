// One source of truth (issue 16, item 1): an inspector or diagram edit is written into the SQL
// text, so typing after it (or pressing Import) keeps it; undo spans both, and the editor's own
// Mod-Z is the app's undo. A longer random sequence of text and diagram edits with reloads in
// between loses nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, ARTIFACTS, useServedApp, openApp, ddlText, savedAfter, saves } from './app-support.mjs';

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
  await renameInInspector(page, 'actor', 'last_name', 'family_name');
  const world = await page.locator('g.world').getAttribute('transform');
  const zoom = await page.locator('[data-testid="zoom-level"]').innerText();
  const count = await saves(page);
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
