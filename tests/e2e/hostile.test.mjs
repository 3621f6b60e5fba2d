// Hostile input never executes: identifiers, comments, defaults and enum values full of HTML,
// javascript: URLs and Mermaid directives are shown as text, trigger no dialog, no script and
// no request, and the Mermaid export stays valid and faithful.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, appReady, launch, serveDist, watch } from './lib.mjs';

const EVIL_TABLE = '<script>window.__pwned=1</script>';
const EVIL_COLUMN = '"><img src=x onerror=window.__pwned=2>';
const HOSTILE = `
CREATE TYPE mood AS ENUM ('<b>ok</b>', '%%{init: {"theme":"dark"}}%%', 'it''s');
CREATE TABLE "${EVIL_TABLE}" (
  id int PRIMARY KEY,
  "${EVIL_COLUMN.replaceAll('"', '""')}" text DEFAULT '<img src=x onerror=window.__pwned=3>',
  "javascript:window.__pwned=4" int,
  feeling mood
);
COMMENT ON TABLE "${EVIL_TABLE}" IS '%%{init: {"theme":"forest"}}%% <svg onload=window.__pwned=5>';
COMMENT ON COLUMN "${EVIL_TABLE}".id IS '" } erDiagram x ||--|| y : "';
CREATE TABLE "x"" onmouseover=""window.__pwned=6" (
  id int PRIMARY KEY,
  ref int REFERENCES "${EVIL_TABLE}"(id),
  CONSTRAINT "a\`b]c;--" CHECK (ref > 0)
);
`;

test('a schema full of payloads is shown as text and executes nothing', async () => {
  const server = await serveDist();
  const browser = await launch();
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const seen = watch(page, server.url);
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    await page.goto(server.url + '/');
    await appReady(page);
    const loaded = seen.requests.length;
    await page.fill('[data-testid="ddl-input"]', HOSTILE);
    await page.click('[data-testid="import"]');
    await page.waitForSelector('[data-testid="relationship"]', { timeout: 15_000 });

    const tables = page.locator('[data-testid="table"]');
    assert.equal(await tables.count(), 2);
    assert.equal(await page.locator(`[data-testid="table"][data-table="${EVIL_TABLE.replaceAll('"', '\\"')}"]`).count(), 1);
    // The name is rendered as text, not as markup.
    const text = await page.locator('svg').first().textContent();
    assert.ok(text.includes(EVIL_TABLE), 'the table name is shown literally');
    for (const t of await tables.all()) await t.hover();

    const mermaidFile = await (async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-mermaid"]')]);
      return readFile(await download.path(), 'utf8');
    })();

    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no payload ran');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(seen.foreign, []);
    const late = seen.requests.slice(loaded).filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'));
    assert.deepEqual(late, [], 'importing made no request (an injected <img> would fetch /x)');
    assert.deepEqual(seen.errors, []);

    // The export stays valid and keeps the names recognisable, directives neutralised.
    assert.doesNotMatch(mermaidFile, /%%\{/);
    assert.match(mermaidFile, /^erDiagram/m);
    const parser = await browser.newPage();
    await parser.setContent('<!DOCTYPE html><html><body></body></html>');
    await parser.addScriptTag({ path: join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js') });
    const verdict = await parser.evaluate(async (src) => {
      try {
        await window.mermaid.parse(src);
        return 'ok';
      } catch (e) {
        return String(e.message ?? e);
      }
    }, mermaidFile);
    assert.equal(verdict, 'ok', `mermaid.parse rejected:\n${mermaidFile}`);
    assert.equal(await parser.evaluate(() => window.__pwned), undefined);
  } finally {
    await browser.close();
    await server.close();
  }
});
