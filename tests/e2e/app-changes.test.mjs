// Issue 19, item 1: the diff on the diagram. Edits made the way a user makes them (typed into
// the text, a table renamed on the diagram) are drawn when the Changes panel opens: added,
// renamed and changed boxes and rows, dropped columns as ghost rows, a dropped table as a ghost
// box; the legend counts them; stepping through the list centres each change; the marked
// SVG parses and holds the ghosts, the marked Mermaid parses with the real Mermaid; closing
// the panel takes every mark away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, download, mermaidParse, useServedApp, ddlText } from './app-support.mjs';

const app = useServedApp();

const BASE = `CREATE TABLE users (id int PRIMARY KEY, email varchar(200) NOT NULL, phone varchar(30));
CREATE TABLE posts (id int PRIMARY KEY, author_id int NOT NULL REFERENCES users (id), title varchar(200) NOT NULL, body text);
CREATE TABLE tags (id int PRIMARY KEY, label text);
`;

/** Types `replacement` over the first `find` of the text, as a user selecting and typing does. */
async function typeOver(page, find, replacement) {
  const text = await ddlText(page);
  const from = text.indexOf(find);
  assert.ok(from >= 0, `"${find}" is in the text`);
  await page.evaluate(([a, b]) => globalThis.erdsmithEditor.select(a, b), [from, from + find.length]);
  await page.keyboard.insertText(replacement);
}

const attr = (page, sel, name) => page.locator(sel).first().getAttribute(name);
const table = (name) => `[data-testid="table"][data-table="${name}"]`;

/** The centre of `sel`'s box on screen, and the centre of the canvas. */
async function centres(page, sel) {
  return page.evaluate((s) => {
    const el = document.querySelector(s);
    const frame = el.querySelector('rect.box') ?? el;
    const r = frame.getBoundingClientRect();
    const c = document.querySelector('[data-testid="diagram"]')?.getBoundingClientRect()
      ?? document.querySelector('svg.diagram, .diagram svg, svg')?.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2, cx: c.x + c.width / 2, cy: c.y + c.height / 2 };
  }, sel);
}

test('changes since the baseline are drawn on the diagram, listed, stepped through and exported', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const { page, seen } = await openApp(app, context, BASE, 3);

  // Typed edits: a wider type and a new column, a dropped column, a dropped table, a new table.
  await typeOver(page, 'phone varchar(30)', 'phone varchar(40), mobile text');
  await typeOver(page, ', body text', '');
  await typeOver(page, 'CREATE TABLE tags (id int PRIMARY KEY, label text);\n', '');
  const end = (await ddlText(page)).length;
  await page.evaluate((e) => globalThis.erdsmithEditor.select(e, e), end);
  await page.keyboard.insertText('CREATE TABLE comments (id int PRIMARY KEY, post_id int REFERENCES posts (id));\n');
  await page.waitForFunction(() => document.querySelector('[data-testid="table"][data-table="comments"]')
    && !document.querySelector('[data-testid="table"][data-table="tags"]')
    && document.querySelector('[data-testid="column"][data-column="mobile"]'), null, { timeout: 30_000 });
  // A rename on the diagram (an edit of the model, kept as a rename).
  await page.dblclick(`${table('posts')} .header`);
  await page.fill('[data-testid="inline-rename"]', 'articles');
  await page.keyboard.press('Enter');
  await page.waitForSelector(table('articles'));

  // Nothing is marked while the panel is closed.
  assert.equal(await page.locator('[data-diff]').count(), 0);
  assert.equal(await page.locator('[data-testid="ghost-table"]').count(), 0);

  await page.locator('[data-testid="changes-panel"] summary').click();
  await page.waitForSelector('[data-testid="ghost-table"]');
  assert.equal(await attr(page, table('users'), 'data-diff'), 'changed');
  assert.equal(await attr(page, `${table('users')} [data-column="mobile"]`, 'data-diff'), 'added');
  assert.equal(await attr(page, `${table('users')} [data-column="phone"]`, 'data-diff'), 'changed');
  assert.equal(await attr(page, `${table('users')} [data-column="email"]`, 'data-diff'), null, 'an unchanged row is not marked');
  assert.equal(await attr(page, table('comments'), 'data-diff'), 'added');
  assert.equal(await attr(page, table('articles'), 'data-diff'), 'renamed');
  assert.match(await page.locator(`${table('articles')} [data-testid="diff-badge"]`).textContent(), /was posts/);
  assert.deepEqual(await page.locator(`${table('articles')} [data-testid="ghost-column"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-column'))), ['body']);
  assert.deepEqual(await page.locator('[data-testid="ghost-table"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-table'))), ['tags']);

  // The legend counts what the list holds, mark by mark.
  const legend = Object.fromEntries(await page.locator('[data-testid="diff-legend-item"]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-mark'), Number(e.getAttribute('data-count'))])));
  const listed = await page.locator('[data-testid="change-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-mark')));
  for (const mark of ['added', 'removed', 'renamed', 'changed']) {
    assert.equal(legend[mark], listed.filter((m) => m === mark).length, mark);
  }
  assert.ok(legend.added >= 2 && legend.removed >= 2 && legend.renamed >= 1 && legend.changed >= 1, JSON.stringify(legend));
  const texts = await page.locator('[data-testid="change-item"]').allTextContents();
  assert.ok(texts.some((t) => /table tags dropped/.test(t)), texts.join('\n'));
  assert.ok(texts.some((t) => /column users\.mobile added/.test(t)), texts.join('\n'));
  // The plan's hazards sit beside the list: dropping tags loses its rows.
  assert.ok((await page.locator('[data-testid="changes-hazard"]').allTextContents()).some((h) => /tags/.test(h)));

  // Next steps through every change; each table change selects and centres its table, the
  // dropped table's change centres its ghost.
  const n = listed.length;
  let ghostVisited = false;
  let centred = 0;
  for (let i = 0; i < n; i += 1) {
    await page.click('[data-testid="change-next"]');
    assert.equal(await page.locator('[data-testid="change-position"]').textContent(), `${i + 1} / ${n}`);
    const text = texts[i];
    const sel = /table tags/.test(text) ? '[data-testid="ghost-table"][data-table="tags"]'
      : /users/.test(text) ? table('users') : /comments/.test(text) ? table('comments') : /posts|articles/.test(text) ? table('articles') : null;
    if (!sel) continue;
    await page.waitForTimeout(50);
    const c = await centres(page, sel);
    assert.ok(Math.abs(c.x - c.cx) < 40 && Math.abs(c.y - c.cy) < 40, `change ${i + 1} (${text}) is centred: ${JSON.stringify(c)}`);
    centred += 1;
    if (sel.includes('ghost')) ghostVisited = true;
    else assert.ok(await page.locator(`${sel}.selected`).count() === 1, `${text}: its table is selected`);
  }
  assert.ok(ghostVisited, 'the ghost was stepped to');
  assert.ok(centred >= n - 1, `${centred} of ${n} changes checked centred`);
  if (process.env.ERDSMITH_SHOT) await page.screenshot({ path: process.env.ERDSMITH_SHOT });
  await page.click('[data-testid="change-next"]');
  assert.equal(await page.locator('[data-testid="change-position"]').textContent(), `1 / ${n}`, 'Next wraps around');

  // The marked SVG: strict XML, the same marks, the ghost inside the page.
  const svg = await download(page, '[data-testid="download-changes-svg"]');
  assert.equal(svg.name, 'schema.changes.svg');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      ghosts: [...doc.querySelectorAll('g.ghost-table title')].map((e) => e.textContent),
      added: doc.querySelectorAll('g.table.diff-added').length,
      legend: [...doc.querySelectorAll('[data-mark]')].map((e) => e.getAttribute('data-mark')),
    };
  }, svg.text);
  assert.equal(parsed.error, null);
  assert.deepEqual(parsed.ghosts, ['dropped table tags']);
  assert.equal(parsed.added, 1);
  assert.deepEqual(parsed.legend, ['added', 'removed', 'renamed', 'changed']);
  // The marked Mermaid parses with the real Mermaid.
  const mmd = await download(page, '[data-testid="download-changes-mermaid"]');
  assert.match(mmd.text, /"tags":::removed \{/);
  assert.match(mmd.text, /"comments":::added \{/);
  assert.deepEqual(await mermaidParse(app.browser, mmd.text), { ok: true, type: 'er' });

  // Closed, the diagram is plain again.
  await page.locator('[data-testid="changes-panel"] summary').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="ghost-table"]'));
  assert.equal(await page.locator('[data-diff]').count(), 0);
  assert.equal(await page.locator('[data-testid="diff-badge"]').count(), 0);

  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('compare two schemas: the target\'s diagram marks the changes and follows confirmed renames', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const base = 'CREATE TABLE users (id int PRIMARY KEY, email varchar(200) NOT NULL);\nCREATE TABLE posts (id int PRIMARY KEY, author_id int NOT NULL REFERENCES users (id), title text);\n';
  const target = 'CREATE TABLE users (id int PRIMARY KEY, email varchar(200) NOT NULL, mobile text);\nCREATE TABLE articles (id int PRIMARY KEY, author_id int NOT NULL REFERENCES users (id), title text);\n';
  const { page, seen } = await openApp(app, context, base, 2);
  await page.locator('[data-testid="compare-panel"] summary').click();
  await page.locator('[data-testid="compare-target"]').evaluate((t, v) => {
    t.value = v;
    t.dispatchEvent(new Event('change', { bubbles: true }));
  }, target);
  await page.waitForSelector('[data-testid="rename-row"][data-rename="table posts → articles"]');
  const before = await download(page, '[data-testid="compare-marked-mermaid"]');
  assert.match(before.text, /"articles":::added \{/);
  assert.match(before.text, /"posts":::removed \{/);
  assert.match(before.text, /text mobile "\+ added"/);
  assert.deepEqual(await mermaidParse(app.browser, before.text), { ok: true, type: 'er' });

  await page.click('[data-testid="rename-row"][data-rename="table posts → articles"] [data-testid="confirm-rename"]');
  await page.waitForFunction(() => /RENAME TO articles/.test(document.querySelector('[data-testid="compare-up"]').value));
  const after = await download(page, '[data-testid="compare-marked-mermaid"]');
  assert.match(after.text, /"articles":::renamed \{/);
  assert.doesNotMatch(after.text, /posts/);
  const svg = await download(page, '[data-testid="compare-marked-svg"]');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null, ghosts: doc.querySelectorAll('g.ghost-table').length, renamed: doc.querySelectorAll('g.table.diff-renamed').length };
  }, svg.text);
  assert.deepEqual(parsed, { error: null, ghosts: 0, renamed: 1 });
  // The app's own diagram is the baseline's, unmarked.
  assert.equal(await page.locator('[data-diff]').count(), 0);
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
