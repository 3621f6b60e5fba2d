// Walking skeleton (issue 2): paste DDL → diagram, findings, diagnostics, Mermaid download;
// no foreign requests, no console errors. Runs against the release build in dist/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, watch, pasteSchema, mermaidParse, download, useServedApp } from './app-support.mjs';

const SCHEMA = `-- three tables, two foreign keys, one table without a primary key
CREATE TABLE customers (
    id serial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE orders (
    id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id),
    placed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_lines (
    order_id integer NOT NULL,
    product text NOT NULL,
    quantity integer NOT NULL
);

ALTER TABLE order_lines ADD CONSTRAINT order_lines_order_fk
    FOREIGN KEY (order_id) REFERENCES orders (id);
`;

// Strips an implicit `public.` so the test accepts plain or schema-qualified names.
const plain = (name) => name.replace(/^public\./, '');

const app = useServedApp();

test('paste a schema: boxes, relationships, findings, Mermaid download, no network, no errors', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const seen = watch(page, app.server.origin);
  await page.goto(app.server.origin + '/');
  await pasteSchema(page, SCHEMA, 3);

  const tables = (await page.locator('[data-testid="table"]').evaluateAll(
    (els) => els.map((e) => e.getAttribute('data-table')))).map(plain).sort();
  assert.deepEqual(tables, ['customers', 'order_lines', 'orders']);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="relationship"]').length === 2);
  assert.equal(await page.locator('[data-testid="relationship"]').count(), 2);

  // PK/FK markers on the rows.
  const orderRows = await page.locator('[data-testid="table"][data-table$="orders"] [data-testid="column"]').evaluateAll(
    (els) => els.map((e) => `${e.querySelector('.mark').textContent}:${e.querySelector('.col-name').textContent}`));
  assert.deepEqual(orderRows, ['PK:id', 'FK:customer_id', ':placed_at']);

  // Boxes do not overlap.
  const rects = await page.locator('[data-testid="table"] rect.box').evaluateAll(
    (els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }));
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const [a, b] = [rects[i], rects[j]];
      const overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
      assert.ok(!overlap, `boxes ${i} and ${j} overlap: ${a} / ${b}`);
    }
  }

  // The missing-primary-key finding is on order_lines only.
  const missing = (await page.locator('[data-testid="finding"][data-rule="missing-primary-key"]').evaluateAll(
    (els) => els.map((e) => e.getAttribute('data-table')))).map(plain);
  assert.deepEqual(missing, ['order_lines']);

  // Mermaid download: named after the project, names the three entities, parses with real mermaid.
  const file = await download(page, '[data-testid="download-mermaid"]');
  assert.equal(file.name, 'schema.mmd');
  assert.match(file.text, /^\s*erDiagram/);
  for (const name of ['customers', 'orders', 'order_lines']) {
    assert.match(file.text, new RegExp(`\\b${name}\\b`, 'i'), `Mermaid lacks ${name}:\n${file.text}`);
  }
  const parsed = await mermaidParse(app.browser, file.text);
  assert.ok(parsed.ok, `mermaid.parse failed: ${parsed.error}\n${file.text}`);

  assert.deepEqual(seen.foreign, [], 'requests to other origins');
  assert.deepEqual(seen.errors, [], 'console errors');
  await context.close();
});

test('a diagnostic shows line:column and clicking it selects that place in the text', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  const seen = watch(page, app.server.origin);
  await page.goto(app.server.origin + '/');
  // The reference to a table that is not in the input is reported where it is written (3:19).
  const text = 'CREATE TABLE ok (id int PRIMARY KEY);\n\nCREATE TABLE bad (id int REFERENCES nowhere (x));\n';
  await page.locator('[data-testid="ddl-input"]').fill(text);
  await page.click('[data-testid="import"]');
  const diag = page.locator('[data-testid="diagnostic"]').first();
  await diag.waitFor({ timeout: 30_000 });
  const label = await diag.locator('.pos').textContent();
  const [line, column] = label.split(':').map(Number);
  assert.equal(line, 3, `diagnostic at ${label}`);
  assert.ok(column > 1, `column ${column} points into the line`);
  await diag.click();
  const sel = await page.evaluate(() => globalThis.erdsmithEditor.selection());
  assert.ok(sel[2], 'the editor has focus');
  const before = text.slice(0, sel[0]);
  assert.equal(before.split('\n').length, line, `selection starts on line ${line}`);
  assert.equal(sel[0] - before.lastIndexOf('\n'), column, 'selection starts at the column');
  assert.deepEqual(seen.errors, []);
  await context.close();
});
