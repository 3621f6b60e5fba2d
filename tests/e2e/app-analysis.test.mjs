// Analysis settings (issue 5): switching a rule off removes its findings at once, and the
// choice is saved with the project, so a reload keeps it off; switching it on brings them back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, useServedApp, saves, savedAfter, download } from './app-support.mjs';

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

// Issue 19: the settings a team keeps in erdsmith.toml (the file `erdsmith check` reads) import
// into the Rule settings and export back; a file with an error changes nothing and says where.
test('rule settings: erdsmith.toml imports (rules, severities, thresholds, ignores) and exports back', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const { page, seen } = await openApp(app, context, DDL, 2);
  await page.locator('[data-testid="finding"][data-rule="missing-primary-key"]').first().waitFor({ timeout: 30_000 });
  assert.ok(await findingsOf(page, 'pii-column') > 0);
  assert.equal(await page.locator('.finding.sev-error[data-rule="table-without-index"]').count(), 0);
  await page.locator('[data-testid="rule-settings"] summary').click();
  const toml = '[rules]\npii-column = "off"\ntable-without-index = "error"\n\n[thresholds]\nmax-columns = 1\n\n' +
    '[[ignore]]\ntable = "audit_log"\nrules = ["missing-primary-key"]\nreason = "append-only"\n';
  const importFile = (text) => page.locator('[data-testid="settings-import"]').setInputFiles({ name: 'erdsmith.toml', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await importFile(toml);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="finding"][data-rule="missing-primary-key"]').length === 0, null, { timeout: 10_000 });
  assert.equal(await findingsOf(page, 'pii-column'), 0, 'off');
  assert.equal(await page.locator('[data-testid="rule-toggle"][data-rule="pii-column"]').isChecked(), false);
  assert.ok(await page.locator('.finding.sev-error[data-rule="table-without-index"]').count() > 0, 'severity from the file');
  assert.ok(await findingsOf(page, 'too-many-columns') > 0, 'threshold from the file');
  assert.equal(await page.locator('[data-testid="threshold-max-columns"]').inputValue(), '1');

  const { name, text } = await download(page, '[data-testid="settings-export"]');
  assert.equal(name, 'erdsmith.toml');
  for (const line of ['pii-column = "off"', 'table-without-index = "error"', 'max-columns = 1', 'table = "audit_log"', 'reason = "append-only"']) {
    assert.ok(text.includes(line), `${line} in\n${text}`);
  }

  // A broken file: an error with line:column, the settings as they were.
  await importFile('[rules]\nno-such-rule = "off"\n');
  await page.getByText(/Could not import erdsmith\.toml:2:16: no rule `no-such-rule`/).waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('[data-testid="rule-toggle"][data-rule="pii-column"]').isChecked(), false);

  // The exported file gives a fresh project the same review settings.
  const fresh = await app.browser.newContext();
  const other = await openApp(app, fresh, DDL, 2);
  await other.page.locator('[data-testid="finding"]').first().waitFor({ timeout: 30_000 });
  await other.page.locator('[data-testid="rule-settings"] summary').click();
  await other.page.locator('[data-testid="settings-import"]').setInputFiles({ name: 'erdsmith.toml', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await other.page.waitForFunction(() => document.querySelectorAll('[data-testid="finding"][data-rule="missing-primary-key"]').length === 0, null, { timeout: 10_000 });
  assert.equal(await other.page.locator('[data-testid="rule-toggle"][data-rule="pii-column"]').isChecked(), false);
  assert.equal(await other.page.locator('[data-testid="threshold-max-columns"]').inputValue(), '1');
  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await fresh.close();
  await context.close();
});
