// Issue 19, item 4: the Scale panel. A multi-tenant schema gets its distribution key (the
// tenant column), its reference table and the constraints a distributed layout breaks; a row
// estimate typed into the panel is written into the text as a hint, turns the time-keyed table
// into a partitioning candidate with its DDL and a finding, and goes away with one undo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, useServedApp, ddlText } from './app-support.mjs';

const app = useServedApp();

const DDL = `CREATE TABLE tenants (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id), country char(2) REFERENCES countries (code), email text UNIQUE);
CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id), customer_id bigint REFERENCES customers (id), total numeric(12,2));
CREATE TABLE order_lines (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id), order_id bigint REFERENCES orders (id), sku text);
CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id), created_at timestamptz NOT NULL, kind text);
CREATE INDEX events_created ON events (created_at);
`;

test('the Scale panel proposes the tenant column, and a row estimate makes a partitioning candidate', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, DDL, 6);
  await page.locator('[data-testid="scale-panel"] summary').click();
  await page.waitForSelector('[data-testid="distribution-column"]');
  assert.equal(await page.locator('[data-testid="distribution-column"]').getAttribute('data-column'), 'tenant_id');
  const panel = page.locator('[data-testid="scale-panel"]');
  assert.match(await panel.textContent(), /Reference tables \(replicated to every node\): countries/);
  // Unique keys without the tenant column break when the tables are distributed by it.
  const breaking = await page.locator('[data-testid="breaking-constraint"]').allTextContents();
  assert.ok(breaking.some((b) => /customers: unique \(email\)/.test(b)), breaking.join('\n'));
  assert.match(await page.locator('[data-testid="tenant-key"]').textContent(), /tenant_id/);
  assert.equal(await page.locator('[data-testid="partition-advice"]').count(), 0);

  // A row estimate, typed where the panel asks for it, lands in the text as a hint.
  const input = page.locator('[data-testid="row-estimate"][data-table="events"]');
  await input.fill('50M');
  await input.press('Enter');
  await page.waitForSelector('[data-testid="partition-advice"][data-table="events"]', { timeout: 30_000 });
  assert.match(await ddlText(page), /-- erdsmith:rows 50M\nCREATE TABLE events/);
  const ddl = await page.locator('[data-testid="partition-ddl"]').textContent();
  assert.match(ddl, /PARTITION BY RANGE \(created_at\)/);
  assert.match(await page.locator('[data-testid="partition-advice"]').textContent(), /50M rows: range-partition by created_at per month/);
  assert.equal(await page.locator('[data-testid="row-estimate"][data-table="events"]').inputValue(), '50M');

  // Bad input is refused with a reason; the text keeps its hint.
  await input.fill('lots');
  await input.press('Enter');
  await page.waitForFunction(() => /not a row count/.test(document.querySelector('[data-testid="status"]').textContent));
  assert.match(await ddlText(page), /-- erdsmith:rows 50M\n/);

  // One undo takes the hint, and the advice with it.
  await page.click('[data-testid="undo"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="partition-advice"]'), null, { timeout: 30_000 });
  assert.doesNotMatch(await ddlText(page), /erdsmith:rows/);

  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
