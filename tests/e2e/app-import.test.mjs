// Import UX (issue 3): detected dialect and override, file open and drop, the summary line, a
// progress indicator on a large input, and the user's text kept in the editor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, serve, launch, watch, pasteSchema, useServedApp, ddlText } from './app-support.mjs';

const MYSQL = `CREATE TABLE \`author\` (
  \`id\` int unsigned NOT NULL AUTO_INCREMENT,
  \`name\` varchar(100) NOT NULL,
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE \`book\` (
  \`id\` int unsigned NOT NULL AUTO_INCREMENT,
  \`author_id\` int unsigned NOT NULL,
  PRIMARY KEY (\`id\`),
  KEY \`book_author_idx\` (\`author_id\`),
  CONSTRAINT \`book_author_fk\` FOREIGN KEY (\`author_id\`) REFERENCES \`author\` (\`id\`)
) ENGINE=InnoDB;
`;

const app = useServedApp();

async function open() {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  const seen = watch(page, app.server.origin);
  await page.goto(app.server.origin + '/');
  return { context, page, seen };
}
const summary = (page) => page.locator('[data-testid="import-summary"]').textContent();

test('detects the dialect, shows the summary, and an override re-imports', async () => {
  const { context, page, seen } = await open();
  await pasteSchema(page, MYSQL, 2);
  assert.match(await page.locator('[data-testid="detected"]').textContent(), /detected MySQL/);
  assert.match(await summary(page), /^2 statements: 2 tables, 1 foreign key, 1 index imported; 0 skipped/);
  await page.selectOption('[data-testid="dialect"]', 'postgres');
  await page.waitForFunction(() => /using PostgreSQL/.test(document.querySelector('[data-testid="detected"]').textContent));
  // Back to auto: "detected MySQL" again can only come from a fresh import (the forced one
  // reports PostgreSQL as its dialect).
  await page.selectOption('[data-testid="dialect"]', 'auto');
  await page.waitForFunction(() => /detected MySQL/.test(document.querySelector('[data-testid="detected"]').textContent));
  assert.equal(await page.locator('[data-testid="table"]').count(), 2);
  assert.equal(await ddlText(page), MYSQL, 'the text is untouched');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('open a .sql file with the file button, and drop one on the page', async () => {
  const { context, page, seen } = await open();
  await page.setInputFiles('[data-testid="file-input"]', { name: 'library.sql', mimeType: 'application/sql', buffer: Buffer.from(MYSQL) });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 2);
  assert.equal(await ddlText(page), MYSQL);
  assert.equal(await page.locator('[data-testid="project-name"]').inputValue(), 'library');

  const dropped = 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\nCREATE TABLE c (id int PRIMARY KEY);\n';
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.sql', { type: 'application/sql' }));
    const target = document.querySelector('[data-testid="diagram"]');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, dropped);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 3);
  assert.equal(await ddlText(page), dropped);
  assert.equal(await page.locator('[data-testid="project-name"]').inputValue(), 'dropped');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a large input shows progress and is imported in slices; the text stays', async () => {
  const { context, page, seen } = await open();
  const big = execFileSync('python3', [path.join(ROOT, '..', 'shared', 'bench', 'gen_schema.py'), '1000'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  // A mutation observer sees the progress bar however briefly it is shown (a rAF poll can miss
  // it while the import keeps the main thread busy). It reads its records, not the page as it is
  // when the callback runs, and is kept referenced: Chromium may collect an observer no script
  // holds, and then it sees nothing (1 run in 30 on a busy machine failed so).
  await page.evaluate(() => {
    globalThis.__progressSeen = false;
    globalThis.__progressObserver = new MutationObserver((records) => {
      const added = records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1 && (n.matches('[data-testid="import-progress"]') || n.querySelector('[data-testid="import-progress"]'))));
      if (added) globalThis.__progressSeen = true;
    });
    globalThis.__progressObserver.observe(document.body, { childList: true, subtree: true });
  });
  await pasteSchema(page, big);
  await page.waitForFunction(() => /\b1000 tables\b/.test(document.querySelector('[data-testid="import-summary"]').textContent), null, { timeout: 120_000 });
  assert.ok(await page.evaluate(() => globalThis.__progressSeen), 'a progress bar was shown during the import');
  assert.equal(await page.locator('[data-testid="import-progress"]').count(), 0, 'progress goes away when done');
  assert.equal((await ddlText(page)).length, big.length);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
