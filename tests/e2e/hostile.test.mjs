// Hostile input never executes: identifiers, comments, defaults and enum values full of HTML,
// javascript: URLs and Mermaid directives are shown as text, trigger no dialog, no script and
// no request, and the Mermaid export stays valid and faithful.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { ROOT, appLoaded, launch, serveDist, watch } from './lib.mjs';

/** The release CLI (built if missing), to re-import the SQL downloads. */
function cli() {
  const bin = join(process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache', 'erdsmith', 'target'), 'release', 'erdsmith');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '--release', '--locked', '--bin', 'erdsmith'], { cwd: ROOT, stdio: 'inherit' });
  return bin;
}

/** Table name → column names, from the CLI's import JSON. */
function namesOf(json) {
  const schema = JSON.parse(json);
  return Object.fromEntries(schema.tables.map((t) => [t.name, t.columns.map((c) => c.name)]).sort());
}

async function importNames(dir, file, text, dialect) {
  const path = join(dir, file);
  await writeFile(path, text);
  return namesOf(execFileSync(cli(), ['import', path, '--dialect', dialect], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Picks a format in the "Export as…" menu and returns the downloaded text. */
async function exportAs(page, label) {
  const select = page.locator('[data-testid="export-format"]');
  // The label starts the option's text ("SQL — " aside): "Operations kit — mysql" and "Review
  // report (Markdown)" are other downloads.
  const value = await select.locator('option', { hasText: new RegExp(`^(SQL — )?${label}`) }).getAttribute('value');
  const [dl] = await Promise.all([page.waitForEvent('download'), select.selectOption(value)]);
  return readFile(await dl.path(), 'utf8');
}

const EVIL_TABLE = '<script>window.__pwned=1</script>';
const EVIL_COLUMN = '"><img src=x onerror=window.__pwned=2>';
const HOSTILE = `
CREATE TYPE mood AS ENUM ('<b>ok</b>', '%%{init: {"theme":"dark"}}%%', 'it''s');
CREATE TABLE "${EVIL_TABLE}" (
  id int PRIMARY KEY,
  "${EVIL_COLUMN.replaceAll('"', '""')}" text DEFAULT '<img src=x onerror=window.__pwned=3>',
  "javascript:window.__pwned=4" int,
  feeling mood,
  "'); DROP TABLE t; --" text DEFAULT ''');DROP TABLE t;--',
  "**bold** [x](javascript:alert(1)) | a" int CHECK ("**bold** [x](javascript:alert(1)) | a" > 0),
  note text CHECK (note <> '<script>window.__pwned=7</script>')
);
COMMENT ON TABLE "${EVIL_TABLE}" IS '%%{init: {"theme":"forest"}}%% <svg onload=window.__pwned=5>';
COMMENT ON COLUMN "${EVIL_TABLE}".id IS '" } erDiagram x ||--|| y : "';
COMMENT ON COLUMN "${EVIL_TABLE}".note IS '<img src=x onerror=window.__pwned=8> \`tick\` *emph* [l](javascript:alert(2)) ''); DROP TABLE t; --';
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
    await appLoaded(page);
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

test('the inspector and the SQL, DBML and Markdown downloads keep the payloads inert and faithful', async () => {
  const server = await serveDist();
  const browser = await launch();
  const dir = await mkdtemp(join(tmpdir(), 'erdsmith-hostile-'));
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
    await appLoaded(page);
    const loaded = seen.requests.length;
    await page.selectOption('[data-testid="dialect"]', 'postgres');
    await page.fill('[data-testid="ddl-input"]', HOSTILE);
    await page.click('[data-testid="import"]');
    await page.waitForSelector('[data-testid="relationship"]', { timeout: 15_000 });
    const expected = await importNames(dir, 'hostile.sql', HOSTILE, 'postgres');
    assert.deepEqual(Object.keys(expected).sort(), [EVIL_TABLE, 'x" onmouseover="window.__pwned=6'].sort());
    assert.ok(expected[EVIL_TABLE].includes(EVIL_COLUMN), 'the CLI reads the hostile column name');

    // Inspector: the hostile table's names are shown literally in its fields, no element injected.
    await page.locator(`[data-testid="table"][data-table="${EVIL_TABLE.replaceAll('"', '\\"')}"] .header`).first().click();
    const inspector = page.locator('[data-testid="inspector"]');
    await inspector.locator('[data-testid="table-name"]').waitFor();
    assert.equal(await inspector.locator('[data-testid="table-name"]').inputValue(), EVIL_TABLE);
    const columns = await inspector.locator('[data-testid="column-name"]').evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(columns, expected[EVIL_TABLE], 'every column name shown as typed');
    assert.equal(await inspector.locator('script, img, svg [onload], iframe, object, [onerror], [onmouseover], a[href^="javascript"]').count(), 0, 'no element injected in the inspector');
    const inspectorText = await inspector.evaluate((el) => el.textContent + [...el.querySelectorAll('input, textarea')].map((i) => i.value).join('\n'));
    assert.ok(inspectorText.includes('<img src=x onerror=window.__pwned=3>'), 'the hostile default is shown as text');
    assert.ok(inspectorText.includes('<svg onload=window.__pwned=5>'), 'the hostile table comment is shown as text');

    // SQL downloads re-import to the same table and column names in their own dialect.
    for (const [label, dialect] of [['PostgreSQL', 'postgres'], ['MySQL', 'mysql'], ['SQLite', 'sqlite']]) {
      const sql = await exportAs(page, label);
      assert.deepEqual(await importNames(dir, `export-${dialect}.sql`, sql, dialect), expected, `${label} export re-imports to the same names`);
      if (dialect === 'sqlite') {
        // The real SQLite runs the script: no statement broke out (DROP TABLE t would fail here
        // or remove nothing), and it creates exactly the tables and columns of the schema.
        const db = join(dir, 'hostile.db');
        execFileSync('sqlite3', ['-bail', db], { input: sql });
        const rows = JSON.parse(execFileSync('sqlite3', ['-json', db,
          "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid"], { encoding: 'utf8' }));
        const real = {};
        for (const { t, c } of rows) (real[t] ??= []).push(c);
        assert.deepEqual(Object.fromEntries(Object.entries(real).sort()), expected, 'SQLite created the same names');
      }
    }

    // Markdown: outside code spans no HTML tag but the exporter's own <br>; names escaped.
    const md = await exportAs(page, 'Markdown');
    const prose = md.replace(/```[\s\S]*?```/g, '').replace(/(?<!\\)(`+)[\s\S]*?(?<!\\)\1/g, '').replaceAll('<br>', '');
    assert.doesNotMatch(prose, /<[a-z!/?]/i, 'no raw HTML tag outside code spans');
    assert.doesNotMatch(prose, /(?<!\\)\]\(javascript:/i, 'no live javascript: link (brackets escaped)');
    assert.match(md, /&lt;script&gt;window\.\\?_\\?_pwned=1&lt;\/script&gt;/, 'the table name is shown, escaped');

    // DBML: every table and column name stays one quoted string that unescapes to the original.
    const dbml = await exportAs(page, 'DBML');
    const unq = (q) => JSON.parse(q.replace(/\\'/g, "'"));
    const tables = [...dbml.matchAll(/^Table ("(?:[^"\\\n]|\\.)*") \{$/gm)].map((m) => unq(m[1]));
    assert.deepEqual(tables.sort(), Object.keys(expected).sort(), `DBML table names:\n${dbml}`);
    const evilBlock = dbml.split(/^Table /m).find((b) => b.startsWith(JSON.stringify(EVIL_TABLE)));
    const cols = [...evilBlock.matchAll(/^ {2}("(?:[^"\\\n]|\\.)*") "/gm)].map((m) => unq(m[1]));
    assert.deepEqual(cols, expected[EVIL_TABLE], 'DBML column names quoted and intact');

    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no payload ran');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(seen.foreign, []);
    const late = seen.requests.slice(loaded).filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'));
    assert.deepEqual(late, [], 'no request (an injected <img> would fetch /x)');
    assert.deepEqual(seen.errors, []);
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
