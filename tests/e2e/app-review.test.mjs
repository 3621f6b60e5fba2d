// Review and migration panels (issues 5 and 6): findings grouped by severity and rule with
// per-table badges, clicking a finding selects its table, applying a fix is one undo step, the
// Markdown review; a rename in the inspector is a RENAME in the up/down migration scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, download, useServedApp, exportSql, pasteSchema } from './app-support.mjs';
import { gen } from './perf-support.mjs';

// orders.customer_id is a foreign key without an index; audit_log has no primary key.
const DDL = `CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL
);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  placed_at timestamptz NOT NULL
);
CREATE TABLE audit_log (
  happened_at timestamptz NOT NULL,
  note text
);
`;

const table = (name) => `[data-testid="table"][data-table="${name}"], [data-testid="table"][data-table="public.${name}"]`;
const finding = (rule, tableName) => `[data-testid="finding"][data-rule="${rule}"][data-table="${tableName}"]`;
const plain = (n) => n.replace(/^public\./, '');

const app = useServedApp();

async function open(context) {
  const { page, seen } = await openApp(app, context, DDL, 3);
  await page.locator('[data-testid="finding"]').first().waitFor({ timeout: 30_000 });
  return { page, seen };
}

/** The number on a table's badge (0 when it has none). */
async function badge(page, name) {
  const b = page.locator(table(name)).first().locator('[data-testid="finding-badge"]');
  return (await b.count()) === 0 ? 0 : Number(await b.getAttribute('data-count'));
}

test('findings: grouped, badges, select, apply fix, undo, export review', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const { page, seen } = await open(context);

  // Grouping: severity groups in order error → warning → info, each count = its findings.
  const groups = await page.locator('[data-testid="severity-group"]').evaluateAll((els) => els.map((g) => ({
    severity: g.getAttribute('data-severity'),
    count: Number(g.querySelector('[data-testid="group-count"]').textContent),
    findings: g.querySelectorAll('[data-testid="finding"]').length,
    rules: [...g.querySelectorAll('[data-testid="rule-group"]')].map((r) => ({
      rule: r.getAttribute('data-rule'),
      count: Number(r.querySelector('[data-testid="rule-count"]').textContent),
      findings: [...r.querySelectorAll('[data-testid="finding"]')].map((f) => f.getAttribute('data-rule')),
    })),
  })));
  assert.ok(groups.length >= 1);
  const order = ['error', 'warning', 'info'];
  const idx = groups.map((g) => order.indexOf(g.severity));
  assert.deepEqual(idx, [...idx].sort(), `severity order: ${groups.map((g) => g.severity)}`);
  for (const g of groups) {
    assert.equal(g.count, g.findings, `${g.severity} count`);
    for (const r of g.rules) {
      assert.equal(r.count, r.findings.length, `${r.rule} count`);
      assert.ok(r.findings.every((f) => f === r.rule), `${r.rule} group holds only its rule`);
    }
  }
  const allRules = groups.flatMap((g) => g.rules.map((r) => r.rule));
  assert.ok(allRules.includes('unindexed-foreign-key'), allRules.join());
  assert.ok(allRules.includes('missing-primary-key'), allRules.join());
  assert.equal(new Set(allRules).size, allRules.length, 'one group per rule');

  // The rule's documentation is one click away.
  const doc = page.locator('[data-testid="rule-group"][data-rule="unindexed-foreign-key"] [data-testid="rule-doc"]');
  assert.equal(await doc.isVisible(), false);
  await page.locator('[data-testid="rule-group"][data-rule="unindexed-foreign-key"] .rule-doc > summary').click();
  assert.equal(await doc.isVisible(), true);
  assert.match(await doc.textContent(), /index/i);

  // Badges: each table's badge shows the number of its findings in the list.
  const perTable = await page.locator('[data-testid="finding"]').evaluateAll((els) => {
    const m = {};
    for (const e of els) { const t = e.getAttribute('data-table'); m[t] = (m[t] || 0) + 1; }
    return m;
  });
  for (const name of ['customers', 'orders', 'audit_log']) {
    const listed = Object.entries(perTable).filter(([t]) => plain(t) === name).reduce((a, [, n]) => a + n, 0);
    assert.equal(await badge(page, name), listed, `badge of ${name}`);
  }
  assert.ok(await badge(page, 'orders') >= 1);
  assert.ok(await badge(page, 'audit_log') >= 1);

  // Severity checkboxes and the text filter narrow the list.
  const total = await page.locator('[data-testid="finding"]').count();
  await page.locator('[data-testid="show-warning"]').uncheck();
  assert.equal(await page.locator('[data-testid="finding"][data-rule="unindexed-foreign-key"]').count(), 0);
  await page.locator('[data-testid="show-warning"]').check();
  await page.fill('input[aria-label="Filter findings"]', 'audit_log');
  const filtered = await page.locator('[data-testid="finding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-table')));
  assert.ok(filtered.length >= 1 && filtered.every((t) => plain(t) === 'audit_log'), filtered.join());
  await page.fill('input[aria-label="Filter findings"]', '');
  assert.equal(await page.locator('[data-testid="finding"]').count(), total);

  // Clicking the finding selects its table and highlights its column.
  const fk = page.locator(finding('unindexed-foreign-key', 'orders') + ', ' + finding('unindexed-foreign-key', 'public.orders')).first();
  await fk.click();
  const orders = page.locator(table('orders')).first();
  await page.waitForFunction(() => document.querySelector('[data-testid="table"].selected') !== null);
  assert.match(await orders.getAttribute('class'), /\bselected\b/);
  assert.match(await orders.locator('[data-column="customer_id"]').getAttribute('class'), /\bhot\b/);
  // The highlight belongs to the selection: selecting another table clears it.
  await page.locator(table('audit_log')).first().locator('.header').click();
  assert.doesNotMatch(await orders.locator('[data-column="customer_id"]').getAttribute('class'), /\bhot\b/);

  // Apply the fix: the finding disappears, the SQL gains the index and nothing else changes.
  const sqlBefore = await exportSql(page);
  const ordersBadge = await badge(page, 'orders');
  await fk.locator('[data-testid="apply-fix"]').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="finding"][data-rule="unindexed-foreign-key"]'));
  assert.equal(await badge(page, 'orders'), ordersBadge - 1);
  assert.equal(await page.locator('[data-testid="finding"]').count(), total - 1);
  const sqlAfter = await exportSql(page);
  const added = sqlAfter.split('\n').filter((l) => !sqlBefore.split('\n').includes(l));
  const removed = sqlBefore.split('\n').filter((l) => !sqlAfter.split('\n').includes(l));
  assert.deepEqual(removed, [], 'the fix removes nothing');
  assert.ok(added.length >= 1 && added.every((l) => /index/i.test(l) && /customer_id/.test(l)), added.join('\n'));

  // Undo brings the finding back.
  await page.click('[data-testid="undo"]');
  await page.locator('[data-testid="finding"][data-rule="unindexed-foreign-key"]').first().waitFor();
  assert.equal(await page.locator('[data-testid="finding"]').count(), total);
  assert.equal(await exportSql(page), sqlBefore);

  // Export review: Markdown named after the project, listing the findings.
  const md = await download(page, '[data-testid="export-review"]');
  assert.equal(md.name, 'schema.review.md');
  assert.match(md.text, /^# Design review/);
  assert.match(md.text, new RegExp(`^${total} findings:`, 'm'));
  assert.match(md.text, /`unindexed-foreign-key` \| (public\.)?orders \| customer_id/);
  assert.match(md.text, /`missing-primary-key` \| (public\.)?audit_log/);

  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('migration: a column renamed in the inspector is a rename up and back down', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const { page, seen } = await open(context);
  await page.locator('[data-testid="migration-panel"] summary').click();
  const up = page.locator('[data-testid="migration-up"]');
  const down = page.locator('[data-testid="migration-down"]');
  assert.doesNotMatch(await up.inputValue(), /RENAME|ALTER TABLE/i, 'nothing to migrate before an edit');
  assert.equal(await page.locator('[data-testid="migration-hazard"]').count(), 0);

  await page.locator(table('customers')).first().locator('.header').click();
  const input = page.locator('[data-testid="inspector"] [data-testid="inspector-column"][data-column="email"] [data-testid="column-name"]');
  await input.fill('email_address');
  await input.press('Enter');
  await page.locator(table('customers')).first().locator('[data-column="email_address"]').waitFor();

  await page.waitForFunction(() => /RENAME COLUMN/i.test(document.querySelector('[data-testid="migration-up"]').value));
  const upText = await up.inputValue();
  const downText = await down.inputValue();
  assert.match(upText, /RENAME COLUMN "?email"? TO "?email_address"?/i, upText);
  assert.match(downText, /RENAME COLUMN "?email_address"? TO "?email"?/i, downText);
  assert.doesNotMatch(upText, /DROP COLUMN/i, 'a rename, not drop + add');
  // The hazards summary names the rename (deployed code using the old name breaks).
  const hazards = await page.locator('[data-testid="migration-hazard"]').allTextContents();
  assert.ok(hazards.some((h) => /rename: column customers\.email → email_address/.test(h)), hazards.join('\n'));

  const file = await download(page, '[data-testid="download-migration-up"]');
  assert.equal(file.name, 'V1__schema.sql');
  assert.equal(file.text, upText);
  const back = await download(page, '[data-testid="download-migration-down"]');
  assert.equal(back.name, 'U1__schema.sql');
  assert.equal(back.text, downText);

  // Another target dialect re-plans the scripts.
  await page.selectOption('[data-testid="migration-dialect"]', 'mysql');
  await page.waitForFunction((pg) => document.querySelector('[data-testid="migration-up"]').value !== pg, upText);
  assert.match(await up.inputValue(), /email_address/);

  assert.deepEqual(seen.foreign, []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

// A long review is listed a few dozen rows per task (the rows are keyed, so each step builds only
// its own). Oracle: the list built step by step equals the list built in one go (a filter typed
// and cleared lists the same findings anew), row for row, with each rule's count its rows.
test('a long review listed step by step is the list built in one go', async () => {
  const context = await app.browser.newContext();
  try {
    const { page } = await openApp(app, context);
    // The number of rows listed after each batch of DOM changes (one per task, or more).
    await page.evaluate(() => {
      const counts = globalThis.__findingCounts = [];
      globalThis.__findingObserver = new MutationObserver(() => counts.push(document.querySelectorAll('[data-testid="finding"]').length));
      globalThis.__findingObserver.observe(document.body, { childList: true, subtree: true });
    });
    await pasteSchema(page, gen(300));
    // 546 findings (0 errors, 337 warnings, 209 info): the panel lists the first 400.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="finding"]').length === 400, null, { timeout: 60_000 });
    const listing = () => page.locator('[data-testid="rule-group"]').evaluateAll((els) => els.map((r) => ({
      severity: r.closest('[data-testid="severity-group"]').getAttribute('data-severity'),
      rule: r.getAttribute('data-rule'),
      count: Number(r.querySelector('[data-testid="rule-count"]').textContent),
      rows: [...r.querySelectorAll('[data-testid="finding"]')].map((f) => `${f.getAttribute('data-rule')} ${f.getAttribute('data-table')}: ${f.textContent}`),
    })));
    const counts = await page.evaluate(() => globalThis.__findingCounts);
    const most = Math.max(...counts.map((c, i) => c - (counts[i - 1] ?? 0)));
    const shown = counts.filter((c, i) => c !== counts[i - 1]);
    assert.ok(most <= 60, `at most 60 rows are added at once: ${shown.join(' ')}`);
    // The first batch shares its frame with the diagram's repaint: about a window's worth.
    assert.ok(shown.find((c) => c > 0) <= 30, `the first batch lists at most 30 rows: ${shown.join(' ')}`);
    const stepwise = await listing();
    assert.ok(stepwise.length > 3, `several rule groups: ${stepwise.map((g) => g.rule)}`);
    for (const g of stepwise) {
      assert.equal(g.count, g.rows.length, `${g.rule}: its count is its rows`);
      assert.ok(g.rows.every((r) => r.startsWith(g.rule + ' ')), `${g.rule} holds only its rule`);
    }
    const filter = page.locator('input[aria-label="Filter findings"]');
    await filter.fill('zzz-no-such-finding');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="finding"]').length === 0);
    await filter.fill('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="finding"]').length === 400);
    assert.deepEqual(await listing(), stepwise);
  } finally {
    await context.close();
  }
});
