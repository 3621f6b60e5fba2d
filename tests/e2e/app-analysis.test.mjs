// Analysis settings (issue 5): switching a rule off removes its findings at once, and the
// choice is saved with the project, so a reload keeps it off; switching it on brings them back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, useServedApp, saves, savedAfter } from './app-support.mjs';

// audit_log has no primary key, so the review has findings; the test switches off the rule of the first one.
const DDL = `CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL
);
CREATE TABLE audit_log (
  happened_at timestamptz NOT NULL,
  note text
);
`;

const app = useServedApp();
const findingsOf = (page, rule) => page.locator(`[data-testid="finding"][data-rule="${rule}"]`).count();

test('rule settings: disable a rule, its findings disappear, reload keeps it disabled', async () => {
  const context = await app.browser.newContext();
  const { page, seen } = await openApp(app, context, DDL, 2);
  await page.locator('[data-testid="finding"]').first().waitFor({ timeout: 30_000 });

  // The first rule with findings on this schema is the one we switch off.
  const rule = await page.locator('[data-testid="finding"]').first().getAttribute('data-rule');
  const before = await findingsOf(page, rule);
  assert.ok(before > 0, `${rule} has findings`);
  const total = await page.locator('[data-testid="finding"]').count();

  await page.locator('[data-testid="rule-settings"] summary').click();
  const toggle = page.locator(`[data-testid="rule-toggle"][data-rule="${rule}"]`);
  assert.equal(await toggle.isChecked(), true);
  const n = await saves(page);
  await toggle.uncheck();
  await page.waitForFunction((r) => document.querySelectorAll(`[data-testid="finding"][data-rule="${r}"]`).length === 0, rule, { timeout: 10_000 });
  assert.equal(await page.locator('[data-testid="finding"]').count(), total - before, 'only that rule\'s findings went');
  await savedAfter(page, n);

  await page.reload();
  await page.locator('[data-testid="finding"]').first().waitFor({ timeout: 30_000 }).catch(() => {});
  await page.locator('[data-testid="rule-settings"] summary').click();
  const again = page.locator(`[data-testid="rule-toggle"][data-rule="${rule}"]`);
  assert.equal(await again.isChecked(), false, 'still disabled after reload');
  assert.equal(await findingsOf(page, rule), 0);

  await again.check();
  await page.waitForFunction((r) => document.querySelectorAll(`[data-testid="finding"][data-rule="${r}"]`).length > 0, rule, { timeout: 10_000 });
  assert.equal(await findingsOf(page, rule), before);
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
