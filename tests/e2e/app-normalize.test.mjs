// Issue 5's FD engine and index advisor in the app: declared dependencies in the inspector's
// Normalization section (errors per line, normal form, violations, both decompositions, Apply
// as one undo step that the diagram and the migration plan follow), saved across a reload; and
// the Workload panel (queries in, index proposals out, "Add index" as an undoable edit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, exportSql, saves, savedAfter, useServedApp } from './app-support.mjs';

const DDL = `CREATE TABLE emp (id int PRIMARY KEY, dept_id int NOT NULL, dept_name text);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text, created_at timestamptz);
`;
const table = (name) => `[data-testid="table"][data-table="${name}"]`;
const inspector = (sel) => `[data-testid="inspector"] ${sel}`;
const app = useServedApp();

async function open(context, ddl = DDL) {
  const { page, seen } = await openApp(app, context, ddl, 2);
  await page.click('[data-testid="fit"]');
  return { page, seen };
}

const tableNames = (page) => page.$$eval('[data-testid="table"]', (els) => els.map((e) => e.dataset.table).sort());


test('declared FDs: 2NF with its violation, the 3NF proposal applies and undoes, the text survives a reload', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await open(context);
  await page.locator(table('emp')).locator('.header').click();
  const nf = page.locator(inspector('[data-testid="normal-form"]'));
  assert.equal(await nf.innerText(), 'BCNF', 'only the key: BCNF');
  assert.match(await page.locator(inspector('[data-testid="fd-seeds"]')).innerText(), /id -> dept_id, dept_name/);

  const fds = page.locator(inspector('[data-testid="fd-input"]'));
  const n0 = await saves(page);
  await fds.fill('dept_id -> dept_name\nbudget -> id');
  await fds.blur();
  await page.waitForFunction(() => document.querySelector('[data-testid="normal-form"]')?.textContent === '2NF');
  const errors = await page.locator(inspector('[data-testid="fd-error"]')).allInnerTexts();
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /^line 2: .*no column `budget`/);
  assert.deepEqual(await page.locator(inspector('[data-testid="fd-violation"] code')).allInnerTexts(), ['dept_id -> dept_name']);
  assert.match(await page.locator(inspector('[data-testid="fd-keys"]')).innerText(), /^\(id\)$/);
  assert.match(await page.locator(inspector('[data-testid="fd-prime"]')).innerText(), /^id$/);
  const synthesis = page.locator(inspector('[data-testid="fd-proposal"][data-kind="3nf"]'));
  assert.match(await synthesis.locator('[data-testid="fd-proposal-verdict"]').innerText(), /lossless \(chase\): yes · dependency preserving: yes/);
  // The review agrees: the declared dependency is a finding.
  await page.locator('[data-testid="finding"][data-rule="declared-dependency-violation"]').waitFor({ timeout: 10_000 });
  await savedAfter(page, n0);

  await synthesis.locator('[data-testid="apply-proposal"]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 3);
  assert.deepEqual(await tableNames(page), ['emp', 'emp_by_dept_id', 'orders']);
  await page.locator('[data-testid="migration-panel"] > summary').click();
  // The plan is made when the panel's toggle event arrives (after the click): wait for it.
  await page.waitForFunction(() => document.querySelector('[data-testid="migration-up"]')?.value !== '');
  const up = await page.locator('[data-testid="migration-up"]').inputValue();
  assert.match(up, /CREATE TABLE "?emp_by_dept_id"?/, up);
  assert.match(up, /DROP COLUMN "?dept_name"?/, up);

  // One undo step takes it all back.
  await page.locator(table('emp')).locator('.header').click();
  const n1 = await saves(page);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 2);
  assert.deepEqual(await tableNames(page), ['emp', 'orders']);
  await page.locator(table('emp')).locator('.header').click();
  assert.deepEqual(await page.locator(inspector('[data-testid="inspector-column"]')).evaluateAll((els) => els.map((e) => e.dataset.column)),
    ['id', 'dept_id', 'dept_name']);
  assert.equal(await nf.innerText(), '2NF');
  await savedAfter(page, n1);

  await page.reload();
  await page.locator(table('emp')).waitFor({ timeout: 30_000 });
  await page.locator(table('emp')).locator('.header').click();
  assert.equal(await page.locator(inspector('[data-testid="fd-input"]')).inputValue(), 'dept_id -> dept_name\nbudget -> id');
  assert.equal(await page.locator(inspector('[data-testid="normal-form"]')).innerText(), '2NF');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('workload: a proposal names its queries and SQL, "Add index" adds it and undo removes it', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await open(context);
  await page.locator('[data-testid="workload-panel"] > summary').click();
  const input = page.locator('[data-testid="workload-input"]');
  await input.fill("-- freq: 5\nSELECT * FROM orders WHERE customer_id = 7 AND status = 'open';\nSELECT id FROM orders WHERE customer_id = 3;\nSELECT * FROM nowhere;");
  await input.blur();
  const proposal = page.locator('[data-testid="workload-proposal"]');
  await proposal.first().waitFor({ timeout: 10_000 });
  assert.equal(await proposal.count(), 1);
  assert.equal(await proposal.getAttribute('data-table'), 'orders');
  assert.match(await proposal.locator('[data-testid="workload-sql"]').innerText(),
    /^CREATE INDEX CONCURRENTLY IF NOT EXISTS "?orders_customer_id_status_idx"? ON "?orders"? \("?customer_id"?, "?status"?\);$/);
  assert.deepEqual(await proposal.locator('[data-testid="workload-served"]').evaluateAll((els) => els.map((e) => e.dataset.query)), ['1', '2']);
  assert.match(await page.locator('[data-testid="workload-diagnostic"]').first().innerText(), /query 3: unknown table `nowhere`/);

  await proposal.locator('[data-testid="add-proposed-index"]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="workload-proposal"]').length === 0);
  await page.locator(table('orders')).locator('.header').click();
  assert.deepEqual(await page.locator(inspector('[data-testid="inspector-index"]')).evaluateAll((els) => els.map((e) => e.dataset.index)),
    ['orders_customer_id_status_idx']);
  assert.match(await exportSql(page), /CREATE INDEX "?orders_customer_id_status_idx"? ON "?orders"? \("?customer_id"?, "?status"?\)/);

  const n = await saves(page);
  await page.keyboard.press('Control+z');
  await proposal.first().waitFor({ timeout: 10_000 });
  assert.equal(await page.locator(inspector('[data-testid="inspector-index"]')).count(), 0);

  // The workload is saved with the project.
  await savedAfter(page, n);
  await page.reload();
  await page.locator(table('orders')).waitFor({ timeout: 30_000 });
  assert.match(await page.locator('[data-testid="workload-input"]').inputValue(), /customer_id = 3/);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('FD discovery: INSERT rows in the text and a pasted CSV suggest dependencies; Add declares one', async () => {
  const context = await app.browser.newContext();
  // dept_id -> dept_name holds on the rows; dept_name -> dept_id does not (two depts named Ops).
  const { page, seen } = await open(context, `${DDL}INSERT INTO emp VALUES (1, 10, 'Ops'), (2, 10, 'Ops'), (3, 20, 'Sales'), (4, 30, 'Ops');\n`);
  await page.locator(table('emp')).locator('.header').click();
  const sample = page.locator(inspector('[data-testid="fd-sample"]'));
  await sample.locator('summary').click();
  await sample.locator('[data-testid="fd-discover-inserts"]').click();
  assert.match(await sample.locator('[data-testid="fd-sample-notes"]').innerText(), /4 sample rows of `emp`/);
  const suggested = await sample.locator('[data-testid="fd-suggestion"] code').allInnerTexts();
  assert.ok(suggested.includes('dept_id -> dept_name'), `suggested: ${suggested}`);
  assert.ok(!suggested.includes('dept_name -> dept_id'), 'a dependency the rows refute is not offered');
  await sample.locator('[aria-label="Declare dept_id -> dept_name"]').click();
  assert.equal(await page.locator(inspector('[data-testid="fd-input"]')).inputValue(), 'dept_id -> dept_name');
  assert.equal(await page.locator(inspector('[data-testid="normal-form"]')).innerText(), '2NF');

  // A CSV naming a column the table does not have says so; a good one suggests again.
  const csv = sample.locator('[data-testid="fd-csv"]');
  await csv.fill('id,budget\n1,5');
  await sample.locator('[data-testid="fd-discover-csv"]').click();
  assert.match(await sample.locator('[data-testid="fd-sample-error"]').innerText(), /budget/);
  await csv.fill('id,dept_id,dept_name\n1,1,a\n2,1,a\n3,2,b\n4,3,b');
  await sample.locator('[data-testid="fd-discover-csv"]').click();
  const fromCsv = await sample.locator('[data-testid="fd-suggestion"] code').allInnerTexts();
  assert.ok(fromCsv.includes('dept_id -> dept_name'), `from CSV: ${fromCsv}`);
  assert.ok(await sample.locator('[aria-label="Declare dept_id -> dept_name"]').isDisabled(), 'an FD already declared cannot be added twice');
  assert.deepEqual(seen.errors, []);
  await context.close();
});
