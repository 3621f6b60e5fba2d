// The canvas beyond tables (issue 4): views and materialized views drawn as their own dashed
// boxes with dashed "reads" edges to the tables they read, moved by dragging (undoable, kept
// across a reload); sticky notes added from the toolbar, edited by double-click (hostile text
// stays text), dragged, deleted, every change undoable, and kept across a reload; a rubber band
// that takes views and notes with the tables (moved and deleted together, one undo step each);
// search that finds a view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, saves, savedAfter, useServedApp, band } from './app-support.mjs';

const DDL = `CREATE TABLE a (id int PRIMARY KEY, name text);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id), total numeric);
CREATE TABLE c (id int PRIMARY KEY);
CREATE VIEW a_names (id, name) AS SELECT id, name FROM a;
CREATE MATERIALIZED VIEW b_totals AS
  SELECT a.name, sum(b.total) AS total FROM b JOIN a ON a.id = b.a_id GROUP BY a.name;
`;
const HOSTILE = '<img src=x onerror=alert(1)> <b>bold?</b>';
const app = useServedApp();

const table = (name) => `[data-testid="table"][data-table="${name}"]`;
const viewSel = (name) => `[data-testid="view"][data-view="${name}"]`;
const xy = (t) => (t.match(/translate\(([-\d.]+),([-\d.]+)\)/) || []).slice(1).map(Number);
const count = (page, sel) => page.locator(sel).count();

async function open(context) {
  const { page, seen } = await openApp(app, context, DDL, 3);
  // Nothing can open a dialog before a note is typed, which comes later.
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.locator(viewSel('b_totals')).waitFor();
  await page.click('[data-testid="fit"]');
  return { page, seen, dialogs };
}

async function drag(page, locator, dx, dy) {
  const b = await locator.boundingBox();
  assert.ok(b, 'the element is laid out');
  const [x, y] = [b.x + b.width / 2, b.y + b.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 });
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}

const zoomOf = async (page) => parseFloat(await page.locator('[data-testid="zoom-level"]').innerText()) / 100;

test('views and materialized views are drawn distinctly, with dashed reads edges to the tables they read', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await open(context);
  const plain = page.locator(viewSel('a_names'));
  const mat = page.locator(viewSel('b_totals'));
  assert.equal(await count(page, '[data-testid="view"]'), 2);
  assert.equal(await count(page, '[data-testid="table"]'), 3, 'views are not drawn as tables');
  assert.equal(await plain.locator('[data-testid="view-tag"]').textContent(), 'view');
  assert.equal(await mat.locator('[data-testid="view-tag"]').textContent(), 'mat. view');
  assert.match(await mat.getAttribute('class'), /\bmaterialized\b/);
  assert.doesNotMatch(await plain.getAttribute('class'), /\bmaterialized\b/);
  assert.deepEqual(
    await plain.locator('[data-testid="view-column"]').evaluateAll((els) => els.map((e) => e.dataset.column)),
    ['id', 'name'], 'the declared output columns are rows');

  // Dashed view boxes, solid table boxes; different header fills.
  const style = (sel, prop) => page.locator(sel).first().evaluate((el, p) => getComputedStyle(el)[p], prop);
  assert.notEqual(await style(`${viewSel('a_names')} .box`, 'strokeDasharray'), 'none');
  assert.equal(await style(`${table('a')} .box`, 'strokeDasharray'), 'none');
  assert.notEqual(await style(`${viewSel('a_names')} .head`, 'fill'), await style(`${table('a')} .head`, 'fill'));

  // One reads edge per (view, table read), dashed, from the view to the right table.
  const ids = {};
  for (const n of ['a', 'b', 'c']) ids[n] = await page.locator(table(n)).getAttribute('data-table-id');
  const vid = { a_names: await plain.getAttribute('data-view-id'), b_totals: await mat.getAttribute('data-view-id') };
  const reads = await page.locator('[data-testid="view-read"]').evaluateAll((els) =>
    els.map((e) => ({ view: e.dataset.viewId, to: e.dataset.to, cls: e.getAttribute('class'), dash: getComputedStyle(e).strokeDasharray })));
  const pairs = reads.map((r) => `${r.view}->${r.to}`).sort();
  assert.deepEqual(pairs, [`${vid.a_names}->${ids.a}`, `${vid.b_totals}->${ids.a}`, `${vid.b_totals}->${ids.b}`].sort());
  for (const r of reads) {
    assert.match(r.cls, /\bview-read\b/);
    assert.notEqual(r.dash, 'none', 'reads edges are dashed');
  }
  assert.equal(await count(page, '[data-testid="relationship"]'), 1, 'the foreign key is still a relationship');

  // No view box overlaps a table box (auto layout treats views as nodes).
  const rects = await page.$$eval('[data-testid="table"], [data-testid="view"]', (els) =>
    els.map((e) => ({ name: e.dataset.table ?? e.dataset.view, r: e.getBoundingClientRect().toJSON() })));
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const [p, q] = [rects[i].r, rects[j].r];
      const overlap = p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom;
      assert.ok(!overlap, `${rects[i].name} and ${rects[j].name} overlap`);
    }
  }

  // Dragging a view moves it and its reads edge; undo puts it back.
  const before = xy(await plain.getAttribute('transform'));
  const edgeBefore = await page.locator(`[data-testid="view-read"][data-view-id="${vid.a_names}"]`).getAttribute('d');
  await drag(page, plain.locator('.header'), 120, 60);
  const zoom = await zoomOf(page);
  const after = xy(await plain.getAttribute('transform'));
  assert.ok(Math.abs(after[0] - before[0] - 120 / zoom) < 3 && Math.abs(after[1] - before[1] - 60 / zoom) < 3,
    `the view moved with the pointer: ${before} → ${after}`);
  assert.notEqual(await page.locator(`[data-testid="view-read"][data-view-id="${vid.a_names}"]`).getAttribute('d'), edgeBefore,
    'its reads edge follows');
  await page.click('[data-testid="undo"]');
  assert.deepEqual(xy(await plain.getAttribute('transform')), before, 'undo moves the view back');
  const savesBeforeRedo = await saves(page);
  await page.click('[data-testid="redo"]');
  assert.deepEqual(xy(await plain.getAttribute('transform')), after, 'redo moves it again');

  // Fit shows every box, views included.
  await page.click('[data-testid="fit"]');
  const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
  for (const sel of [viewSel('a_names'), viewSel('b_totals'), table('a'), table('c')]) {
    const b = await page.locator(sel).boundingBox();
    assert.ok(b.x >= canvas.x - 1 && b.y >= canvas.y - 1 && b.x + b.width <= canvas.x + canvas.width + 1
      && b.y + b.height <= canvas.y + canvas.height + 1, `${sel} is inside the canvas after Fit`);
  }

  // The moved view's position is saved with the project.
  const placed = await plain.getAttribute('transform');
  await savedAfter(page, savesBeforeRedo);
  await page.reload();
  await page.locator(viewSel('a_names')).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator(viewSel('a_names')).getAttribute('transform'), placed, 'the view position survives a reload');
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('notes: add, type hostile text (shown as text), drag, undo, delete, undo, edit by double-click, reload', async () => {
  const context = await app.browser.newContext();
  const { page, seen, dialogs } = await open(context);
  const note = page.locator('[data-testid="note"]');
  await page.getByRole('button', { name: 'Add note' }).click();
  assert.equal(await note.count(), 1);
  const input = note.locator('[data-testid="note-input"]');
  await input.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'note-input', 'the new note is ready for typing');
  await page.keyboard.type(HOSTILE);
  await page.keyboard.press('Control+Enter');
  await input.waitFor({ state: 'detached' });
  const text = note.locator('[data-testid="note-text"]');
  assert.equal(await text.textContent(), HOSTILE, 'the note shows the text as typed');
  assert.equal(await note.locator('img, b').count(), 0, 'no markup was created from it');
  assert.equal(await page.locator('img[src="x"]').count(), 0);

  // Drag, undo, redo.
  const start = xy(await note.getAttribute('transform'));
  await drag(page, note.locator('.note-paper'), 90, 50);
  const zoom = await zoomOf(page);
  const moved = xy(await note.getAttribute('transform'));
  assert.ok(Math.abs(moved[0] - start[0] - 90 / zoom) < 3 && Math.abs(moved[1] - start[1] - 50 / zoom) < 3,
    `the note moved with the pointer: ${start} → ${moved}`);
  await page.keyboard.press('Control+z');
  assert.deepEqual(xy(await note.getAttribute('transform')), start, 'undo moves the note back');
  await page.keyboard.press('Control+Shift+z');
  assert.deepEqual(xy(await note.getAttribute('transform')), moved, 'redo moves it again');

  // Delete with the key (the note is selected after the drag), undo; then with the ✕ button, undo.
  assert.match(await note.getAttribute('class'), /\bselected\b/);
  await page.keyboard.press('Delete');
  assert.equal(await note.count(), 0, 'Delete removes the selected note');
  assert.equal(await count(page, '[data-testid="table"]'), 3, 'and nothing else');
  await page.click('[data-testid="undo"]');
  await note.waitFor();
  assert.equal(await note.locator('[data-testid="note-text"]').textContent(), HOSTILE, 'undo brings it back with its text');
  assert.deepEqual(xy(await note.getAttribute('transform')), moved, 'at its place');
  // Selecting a table afterwards: Delete removes the table, not the note.
  await page.locator(table('c')).locator('.header').click();
  assert.doesNotMatch(await note.getAttribute('class'), /\bselected\b/, 'the note is no longer selected');
  await page.keyboard.press('Delete');
  assert.equal(await count(page, table('c')), 0);
  assert.equal(await note.count(), 1, 'the note stays');
  await page.keyboard.press('Control+z');
  await page.locator(table('c')).waitFor();
  await note.locator('[data-testid="note-delete"]').click();
  assert.equal(await note.count(), 0, 'the ✕ button removes it');
  await page.click('[data-testid="undo"]');
  await note.waitFor();

  // Double-click edits; Escape cancels, Ctrl+Enter keeps; undo restores the previous text.
  await note.dblclick();
  await input.waitFor();
  assert.equal(await input.inputValue(), HOSTILE);
  await input.fill('changed');
  await page.keyboard.press('Escape');
  await input.waitFor({ state: 'detached' });
  assert.equal(await text.textContent(), HOSTILE, 'Escape cancels the edit');
  await note.dblclick();
  await input.fill('line one\nline two');
  await page.keyboard.press('Control+Enter');
  await input.waitFor({ state: 'detached' });
  assert.equal(await text.textContent(), 'line one\nline two');
  const savesBeforeUndo = await saves(page);
  await page.keyboard.press('Control+z');
  assert.equal(await text.textContent(), HOSTILE, 'undo restores the text');

  // Kept with the project.
  await savedAfter(page, savesBeforeUndo);
  await page.reload();
  await page.locator('[data-testid="note"]').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('[data-testid="note-text"]').textContent(), HOSTILE, 'the note survives a reload');
  assert.deepEqual(xy(await page.locator('[data-testid="note"]').getAttribute('transform')), moved, 'at its place');
  assert.deepEqual(dialogs, [], 'the hostile text never ran');
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

const rectOf = (page, sel) => page.locator(sel).evaluate((e) => e.getBoundingClientRect().toJSON());
const selectedItems = (page) => page.$$eval('[data-testid="table"].selected, [data-testid="view"].selected, [data-testid="note"].selected',
  (els) => els.map((e) => e.dataset.table ?? e.dataset.view ?? `note:${e.querySelector('[data-testid="note-text"]')?.textContent}`).sort());

test('a rubber band takes views and notes with the tables; they move and delete together, one undo each', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await open(context);
  // Zoomed out, with a note parked in the empty bottom-right corner of the canvas.
  for (let i = 0; i < 3; i++) await page.click('[data-testid="zoom-out"]');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.locator('[data-testid="note-input"]').waitFor();
  await page.keyboard.type('memo');
  await page.keyboard.press('Control+Enter');
  const note = page.locator('[data-testid="note"]');
  const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
  const paper = await note.locator('.note-paper').boundingBox();
  await drag(page, note.locator('.note-paper'),
    canvas.x + canvas.width - paper.width / 2 - 14 - (paper.x + paper.width / 2),
    canvas.y + canvas.height - paper.height / 2 - 14 - (paper.y + paper.height / 2));
  await page.keyboard.press('Escape');
  assert.deepEqual(await selectedItems(page), []);

  // A band around every table and view leaves the note outside: it is not taken.
  const boxes = await page.$$eval('[data-testid="table"], [data-testid="view"]', (els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  const x0 = Math.min(...boxes.map((b) => b.x)) - 12, y0 = Math.min(...boxes.map((b) => b.y)) - 12;
  const x1 = Math.max(...boxes.map((b) => b.right)) + 6, y1 = Math.max(...boxes.map((b) => b.bottom)) + 6;
  const n = await rectOf(page, '[data-testid="note"] .note-paper');
  assert.ok(n.x > x1 || n.y > y1, `the note is outside the first band: ${JSON.stringify(n)} vs ${[x0, y0, x1, y1]}`);
  await band(page, x0, y0, x1, y1);
  assert.deepEqual(await selectedItems(page), ['a', 'a_names', 'b', 'b_totals', 'c'], 'tables and views inside the band');
  // A second band around the note adds it.
  await band(page, n.x - 8, n.y - 8, n.right + 4, n.bottom + 4);
  assert.deepEqual(await selectedItems(page), ['a', 'a_names', 'b', 'b_totals', 'c', 'note:memo']);
  assert.match(await page.locator('[data-testid="inspector"]').innerText(), /6 items selected/);

  // Dragging one table's header moves every selected item by the same amount; one undo.
  const items = [table('a'), table('c'), viewSel('a_names'), viewSel('b_totals'), '[data-testid="note"]'];
  const before = {};
  for (const sel of items) before[sel] = xy(await page.locator(sel).getAttribute('transform'));
  await drag(page, page.locator(table('a')).locator('.header'), 90, 40);
  const zoom = await zoomOf(page);
  const after = {};
  for (const sel of items) {
    after[sel] = xy(await page.locator(sel).getAttribute('transform'));
    assert.ok(Math.abs(after[sel][0] - before[sel][0] - 90 / zoom) < 3 && Math.abs(after[sel][1] - before[sel][1] - 40 / zoom) < 3,
      `${sel} moved with the others: ${before[sel]} → ${after[sel]}`);
  }
  await page.click('[data-testid="undo"]');
  for (const sel of items) assert.deepEqual(xy(await page.locator(sel).getAttribute('transform')), before[sel], `one undo puts ${sel} back`);
  await page.click('[data-testid="redo"]');
  for (const sel of items) assert.deepEqual(xy(await page.locator(sel).getAttribute('transform')), after[sel], `redo moves ${sel} again`);

  // Arrows nudge the whole selection, one undo step per press.
  await page.keyboard.press('ArrowDown');
  for (const sel of items) {
    assert.deepEqual(xy(await page.locator(sel).getAttribute('transform')), [after[sel][0], after[sel][1] + 10], `ArrowDown nudges ${sel}`);
  }
  await page.keyboard.press('Control+z');
  for (const sel of items) assert.deepEqual(xy(await page.locator(sel).getAttribute('transform')), after[sel]);

  // Delete removes the selected tables, views and the note together (views first, so the
  // tables they read can go too), and one undo brings everything back.
  await page.keyboard.press('Delete');
  assert.equal(await count(page, '[data-testid="table"]'), 0, 'every selected table is deleted');
  assert.equal(await count(page, '[data-testid="note"]'), 0, 'the selected note is deleted with them');
  assert.equal(await count(page, '[data-testid="view"]'), 0, 'and the selected views');
  await page.click('[data-testid="undo"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 3);
  assert.equal(await count(page, '[data-testid="view"]'), 2, 'one undo brings the views back');
  assert.equal(await count(page, '[data-testid="note"]'), 1, 'one undo brings the note back too');
  assert.equal(await page.locator('[data-testid="note-text"]').textContent(), 'memo');
  assert.deepEqual(xy(await note.getAttribute('transform')), after['[data-testid="note"]'], 'at its place');
  assert.equal(await count(page, '[data-testid="relationship"]'), 1, 'and the foreign key');
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('search finds a view: it is centred and highlighted', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await open(context);
  const search = page.locator('[data-testid="table-search"]');
  const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
  const offCentre = async (sel) => {
    const b = await page.locator(sel).boundingBox();
    return Math.hypot(b.x + b.width / 2 - (canvas.x + canvas.width / 2), b.y + b.height / 2 - (canvas.y + canvas.height / 2));
  };
  assert.ok(await offCentre(viewSel('b_totals')) > 20, 'the view is not in the centre to begin with');
  await search.fill('B_TOTALS');
  await search.press('Enter');
  assert.deepEqual(await selectedItems(page), ['b_totals'], 'the view is selected, nothing else');
  assert.ok(await offCentre(viewSel('b_totals')) < 8, 'and centred');
  const stroke = (sel) => page.locator(`${sel} .box`).evaluate((e) => getComputedStyle(e).strokeWidth);
  assert.notEqual(await stroke(viewSel('b_totals')), await stroke(viewSel('a_names')), 'the found view is highlighted');

  // A part of a name finds a view too; an unknown name says so.
  await search.fill('names');
  await search.press('Enter');
  assert.deepEqual(await selectedItems(page), ['a_names']);
  assert.ok(await offCentre(viewSel('a_names')) < 8);
  await search.fill('no_such_thing');
  await search.press('Enter');
  await page.getByText('No table or view matches “no_such_thing”').waitFor();
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
