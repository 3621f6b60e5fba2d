// Objects beyond tables in the UI (issue 14, item 4): the statements the model keeps as written
// (functions, triggers, policies, owners…) are listed with the table they belong to and open to
// their statement; each table box marks the triggers, policies and settings on it and its
// inspector lists them. A text with several databases imports one, and a selector switches to
// another without touching the text. Expected values are read from the SQL with regular
// expressions here, not from the importer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, useServedApp, openApp, ddlText, saves, savedAfter } from './app-support.mjs';

const PAGILA = fs.readFileSync(path.join(CORPUS, 'pagila_schema.sql'), 'utf8');
const app = useServedApp();

/** pagila's triggers: name → table (without the schema), read from the text. */
const TRIGGERS = [...PAGILA.matchAll(/^CREATE TRIGGER (\w+) .*? ON (?:public\.)?(\w+) /gm)].map((m) => [m[1], m[2]]);
const FUNCTIONS = [...PAGILA.matchAll(/^CREATE (?:OR REPLACE )?FUNCTION public\.(\w+)\(/gm)].map((m) => m[1]);

const objects = (page) => page.$$eval('[data-testid="objects-panel"] [data-testid="object"]', (els) =>
  els.map((e) => [e.dataset.kind, e.dataset.name, e.dataset.table]));

test('pagila: every trigger and function is listed with its table, opens read-only, and marks its table', async () => {
  assert.ok(TRIGGERS.length >= 10 && FUNCTIONS.length >= 5, `${TRIGGERS.length} triggers, ${FUNCTIONS.length} functions in pagila`);
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator('[data-testid="objects-panel"]').waitFor({ timeout: 60_000 });
  const listed = await objects(page);
  for (const [name, table] of TRIGGERS) {
    assert.ok(listed.some(([k, n, t]) => k === 'trigger' && n === name && t === `public.${table}`), `trigger ${name} on ${table}: ${JSON.stringify(listed.filter(([k]) => k === 'trigger'))}`);
  }
  for (const f of FUNCTIONS) {
    assert.ok(listed.some(([k, n]) => k === 'function' && n === `public.${f}`), `function ${f}`);
  }
  assert.equal(Number(await page.locator('[data-testid="object-count"]').innerText()), listed.length);
  // The panel starts closed (one line, the findings stay in view) and opens on a click.
  assert.equal(await page.locator('[data-testid="objects-panel"]').evaluate((d) => d.open), false);
  await page.locator('[data-testid="objects-panel"] summary').click();

  // A click shows the statement as written, read-only.
  const [trigger, on] = TRIGGERS.find(([, t]) => t === 'film');
  const row = page.locator(`[data-testid="objects-panel"] [data-testid="object"][data-name="${trigger}"]`);
  await row.locator('[data-testid="object-open"]').click();
  const sql = await row.locator('[data-testid="object-sql"]').innerText();
  assert.ok(sql.startsWith(`CREATE TRIGGER ${trigger} `) && sql.includes(`ON public.${on}`), sql);
  assert.equal(await row.locator('[data-testid="object-sql"]').evaluate((e) => e.tagName === 'PRE' && !e.isContentEditable), true);
  // The filter narrows the list to what names the table.
  await page.locator('[data-testid="object-filter"]').fill('film_actor');
  const narrowed = await objects(page);
  assert.ok(narrowed.length > 0 && narrowed.every(([, n, t]) => `${n} ${t}`.includes('film_actor')), JSON.stringify(narrowed));
  await page.locator('[data-testid="object-filter"]').fill('');

  // Each drawn table box marks as many objects as the text has triggers on it (owners and
  // grants are not marked: nearly every table of a dump has one).
  await page.locator('[data-testid="table-search"]').fill('film');
  await page.locator('[data-testid="table-search"]').press('Enter');
  await page.waitForTimeout(300);
  const boxes = await page.$$eval('[data-testid="table"]', (els) => els.map((e) => {
    const b = e.querySelector('[data-testid="object-badge"]');
    return [e.dataset.table, b ? Number(b.dataset.count) : 0, b?.dataset.kinds ?? ''];
  }));
  assert.ok(boxes.length > 3, `${boxes.length} boxes drawn`);
  for (const [name, count, kinds] of boxes) {
    const expected = TRIGGERS.filter(([, t]) => `public.${t}` === name).length;
    assert.equal(count, expected, `${name}: ${count} marked (${kinds}), ${expected} triggers in the text`);
    if (expected) assert.equal(kinds, `${expected} trigger${expected === 1 ? '' : 's'}`);
  }
  const film = boxes.find(([n]) => n === 'public.film');
  assert.ok(film && film[1] >= 2, JSON.stringify(film));

  // Clicking the marker selects the table; its inspector lists its objects.
  await page.locator('[data-testid="table"][data-table="public.film"] [data-testid="object-badge"]').click();
  const inspector = page.locator('[data-testid="inspector"] [data-testid="table-objects"]');
  await inspector.waitFor();
  const onFilm = await inspector.locator('[data-testid="object"]').evaluateAll((els) => els.map((e) => [e.dataset.kind, e.dataset.name]));
  for (const [name] of TRIGGERS.filter(([, t]) => t === 'film')) {
    assert.ok(onFilm.some(([k, n]) => k === 'trigger' && n === name), `inspector lists ${name}: ${JSON.stringify(onFilm)}`);
  }
  const owners = (PAGILA.match(/^ALTER TABLE public\.film OWNER TO /gm) ?? []).length;
  assert.equal(onFilm.length, TRIGGERS.filter(([, t]) => t === 'film').length + owners, JSON.stringify(onFilm));
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a table renamed in the inspector keeps its triggers: the text and the list follow, Import changes nothing', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, PAGILA);
  await page.locator('[data-testid="objects-panel"]').waitFor({ timeout: 60_000 });
  const onFilm = TRIGGERS.filter(([, t]) => t === 'film').map(([n]) => n);
  await page.locator('[data-testid="table-search"]').fill('film');
  await page.locator('[data-testid="table-search"]').press('Enter');
  await page.locator('[data-testid="inspector"] [data-testid="table-name"]').fill('movie');
  await page.locator('[data-testid="inspector"] [data-testid="table-name"]').press('Enter');
  await page.locator('[data-testid="table"][data-table="public.movie"]').waitFor();
  const text = await ddlText(page);
  for (const name of onFilm) {
    assert.match(text, new RegExp(`CREATE TRIGGER ${name} [^;]* ON public\\.movie `), `${name} follows the rename in the text`);
  }
  // Import the text again: every trigger still belongs to the renamed table.
  await page.click('[data-testid="import"]');
  await page.waitForTimeout(1500);
  const listed = await objects(page);
  for (const name of onFilm) {
    assert.ok(listed.some(([k, n, t]) => k === 'trigger' && n === name && t === 'public.movie'), `${name}: ${JSON.stringify(listed.filter(([k]) => k === 'trigger'))}`);
  }
  assert.equal(await page.locator('[data-testid="table"][data-table="public.movie"] [data-testid="object-badge"]').getAttribute('data-count'), String(onFilm.length));
  assert.deepEqual(seen.errors, []);
  await context.close();
});

// Two databases with a same-named table, as pg_dumpall writes them.
const DUMPALL = `--
-- PostgreSQL database cluster dump
--
\\connect shop

CREATE TABLE public.customer (
    id integer NOT NULL,
    name text
);
CREATE TABLE public.orders (
    id integer NOT NULL,
    customer_id integer
);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch();

\\connect blog

CREATE TABLE public.customer (
    id integer NOT NULL,
    email text,
    joined date
);
CREATE TABLE public.post (
    id integer NOT NULL,
    author_id integer,
    body text
);
CREATE POLICY post_owner ON public.post USING (true);
ALTER TABLE public.post ENABLE ROW LEVEL SECURITY;
`;

const tables = (page) => page.$$eval('[data-testid="table"]', (els) => els.map((e) => e.dataset.table).sort());
const columnsOf = async (page, table) => {
  await page.locator('[data-testid="table-search"]').fill(table);
  await page.locator('[data-testid="table-search"]').press('Enter');
  await page.locator('[data-testid="inspector"] [data-testid="inspector-column"]').first().waitFor();
  return page.$$eval('[data-testid="inspector"] [data-testid="inspector-column"]', (els) => els.map((e) => e.dataset.column));
};

test('a pg_dumpall with two databases: one is imported, the selector switches, the text is kept, a reload keeps the choice', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, DUMPALL, 2);
  const picker = page.locator('[data-testid="database"]');
  await picker.waitFor();
  assert.equal(await picker.inputValue(), 'shop');
  assert.deepEqual(await picker.locator('option').evaluateAll((os) => os.map((o) => o.value)), ['shop', 'blog']);
  assert.deepEqual(await tables(page), ['public.customer', 'public.orders']);
  assert.deepEqual(await columnsOf(page, 'customer'), ['id', 'name'], 'shop.customer, not merged with blog.customer');
  const diagnostics = await page.locator('[data-testid="diagnostic"]').allInnerTexts();
  assert.ok(diagnostics.some((d) => d.includes('`blog`')), diagnostics.join('\n'));
  assert.deepEqual((await objects(page)).map(([k, n]) => `${k} ${n}`).sort(), ['function public.touch', 'trigger orders_touch']);

  // Something typed into the text, then the other database.
  const before = await saves(page);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n-- typed before switching\n');
  await savedAfter(page, before);
  const typed = await ddlText(page);
  assert.ok(typed.includes('-- typed before switching'));
  const beforeSwitch = await saves(page);
  await picker.selectOption('blog');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="table"]')].some((e) => e.dataset.table === 'public.post'), null, { timeout: 30_000 });
  assert.deepEqual(await tables(page), ['public.customer', 'public.post']);
  assert.deepEqual(await columnsOf(page, 'customer'), ['id', 'email', 'joined'], 'blog.customer');
  assert.equal(await ddlText(page), typed, 'switching databases leaves the text as it was');
  const blog = await objects(page);
  assert.ok(blog.some(([k, n, t]) => k === 'policy' && n === 'post_owner' && t === 'public.post'), JSON.stringify(blog));
  assert.ok(!blog.some(([, n]) => n === 'orders_touch'), 'no object of the other database');
  const badge = page.locator('[data-testid="table"][data-table="public.post"] [data-testid="object-badge"]');
  // (`ENABLE ROW LEVEL SECURITY` is a property of the table in the model, not a kept statement.)
  assert.equal(await badge.getAttribute('data-count'), '1');
  assert.equal(await badge.getAttribute('data-kinds'), '1 policy');

  // The switch is one undo step and the history before it stays: undo reads shop again (the
  // text as it was), redo blog; the typing before the switch is still undoable after it.
  assert.equal(await page.locator('[data-testid="undo"]').isEnabled(), true, 'undo after a switch');
  await page.click('[data-testid="undo"]');
  await page.locator('[data-testid="table"][data-table="public.orders"]').waitFor();
  assert.deepEqual(await tables(page), ['public.customer', 'public.orders']);
  assert.equal(await picker.inputValue(), 'shop');
  assert.equal(await ddlText(page), typed);
  assert.equal(await page.locator('[data-testid="undo"]').isEnabled(), true, 'the typing before the switch can still be undone');
  await page.click('[data-testid="redo"]');
  await page.locator('[data-testid="table"][data-table="public.post"]').waitFor();
  assert.equal(await picker.inputValue(), 'blog');
  assert.deepEqual(await picker.locator('option').evaluateAll((os) => os.map((o) => o.value).sort()), ['blog', 'shop'], 'the list comes from the import, not from a message');

  // A reload comes back to the same database and text.
  await savedAfter(page, beforeSwitch);
  await page.reload();
  await page.locator('[data-testid="table"][data-table="public.post"]').waitFor({ timeout: 30_000 });
  assert.deepEqual(await tables(page), ['public.customer', 'public.post']);
  assert.equal(await page.locator('[data-testid="database"]').inputValue(), 'blog');
  assert.equal(await ddlText(page), typed);
  // Typing after the reload re-imports the chosen database, not the first one.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('-- more\n');
  await page.waitForTimeout(1000);
  assert.deepEqual(await tables(page), ['public.customer', 'public.post']);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
