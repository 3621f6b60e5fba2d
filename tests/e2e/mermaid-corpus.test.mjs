// Every corpus file exported by the CLI (`erdsmith export FILE --to mermaid`), and every
// Mermaid text the native export tests render (written to target/mermaid-samples), must be
// accepted by the real Mermaid parser (node_modules/mermaid, the pinned version) in headless
// Debian Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = process.env.ERDSMITH_CORPUS ?? join(root, '../shared/corpus');
const cli = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'erdsmith');
const samples = join(root, 'target/mermaid-samples');

let browser;
let page;

before(async () => {
  if (!process.env.ERDSMITH_SKIP_BUILD) {
    execFileSync('cargo', ['build', '--bin', 'erdsmith'], { cwd: root, stdio: 'inherit' });
    // Writes the native tests' Mermaid texts (hostile names, awkward types) to target/mermaid-samples.
    execFileSync('cargo', ['test', '--test', 'it', 'export::mermaid'], { cwd: root, stdio: 'inherit' });
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: join(root, 'node_modules/mermaid/dist/mermaid.min.js') });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
});

after(async () => {
  await browser?.close();
});

/** Parses `text` with Mermaid in the page: `{ ok, type, error }`. */
async function parse(text) {
  return page.evaluate(async (t) => {
    try {
      const r = await window.mermaid.parse(t);
      return { ok: r !== false, type: r && r.diagramType };
    } catch (e) {
      return { ok: false, error: String(e && e.message || e) };
    }
  }, text);
}

/** What Mermaid understood: entity names, attribute count, relationship count. */
async function meaning(text) {
  return page.evaluate(async (t) => {
    await window.mermaid.parse(t);
    const d = await window.mermaid.mermaidAPI.getDiagramFromText(t);
    const ents = d.db.getEntities();
    return {
      entities: [...ents.keys()].sort(),
      attributes: [...ents.values()].reduce((n, e) => n + e.attributes.length, 0),
      relationships: d.db.getRelationships().length,
    };
  }, text);
}

/** What our text declares, read line by line (entity lines, attribute lines, relationship lines). */
function declared(text) {
  const lines = text.split('\n');
  const entities = new Set();
  let attributes = 0;
  let relationships = 0;
  for (const l of lines) {
    let m;
    // An entity, maybe with the class of a change mark (`"orders":::added {`).
    if ((m = /^    "([^"]*)"(:::[a-z]+)?( \{)?$/.exec(l))) entities.add(m[1]);
    else if (/^        \S/.test(l)) attributes += 1;
    else if ((m = /^    "([^"]*)" \S+ "([^"]*)" : "[^"]*"$/.exec(l))) {
      relationships += 1;
      entities.add(m[1]);
      entities.add(m[2]);
    }
  }
  return { entities: [...entities].sort(), attributes, relationships };
}

/** Parses and checks Mermaid read exactly the entities, attributes and relationships we wrote. */
async function check(name, text, failures) {
  const r = await parse(text);
  if (!r.ok) {
    failures.push(`${name}: ${r.error}`);
    return;
  }
  const got = await meaning(text);
  const want = declared(text);
  try {
    assert.deepEqual(got, want);
  } catch {
    failures.push(`${name}: mermaid read ${JSON.stringify(got).slice(0, 300)} but the text declares ${JSON.stringify(want).slice(0, 300)}`);
  }
}

function exportMermaid(file) {
  return execFileSync(cli, ['export', file, '--to', 'mermaid'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20,
  });
}

test('the parser in the page rejects broken ER text (the check can fail)', async () => {
  const bad = await parse('erDiagram\n    "a" {\n        int x y z "c" "d"\n    }\n');
  assert.equal(bad.ok, false);
  const good = await parse('erDiagram\n    "a b" {\n        int x PK "c"\n    }\n    "a b" ||--o{ "c" : "r"\n');
  assert.deepEqual(good, { ok: true, type: 'er' });
});

// The SQL corpus, the schema-as-code folders (DBML, Prisma, Rails schema.rb) and the NoSQL
// ones (MongoDB, Cassandra CQL, DynamoDB), each read as its format is detected.
const folders = { '': ['.sql'], dbml: ['.dbml'], prisma: ['.prisma'], rails: ['.rb'], mongodb: ['.js'], cql: ['.cql'], dynamodb: ['.yaml', '.yml', '.json'] };
const files = Object.entries(folders).flatMap(([dir, exts]) =>
  existsSync(join(corpus, dir))
    ? readdirSync(join(corpus, dir)).filter((f) => exts.some((e) => f.endsWith(e))).sort().map((f) => (dir ? `${dir}/${f}` : f))
    : []);

test('corpus exports parse with mermaid', async () => {
  assert.ok(files.length > 10, `found the corpus in ${corpus}`);
  assert.ok(files.some((f) => f.startsWith('dbml/')) && files.some((f) => f.startsWith('rails/')), 'the DBML, Prisma and Rails folders are checked too');
  assert.ok(['mongodb/', 'cql/', 'dynamodb/'].every((d) => files.some((f) => f.startsWith(d))), 'and the NoSQL folders');
  const failures = [];
  let entities = 0;
  for (const f of files) {
    const text = exportMermaid(join(corpus, f));
    assert.match(text, /^erDiagram\n/, f);
    entities += (text.match(/^    "[^"]*"( \{)?$/gm) ?? []).length;
    await check(f, text, failures);
  }
  console.log(`mermaid.parse + meaning: ${files.length - failures.length}/${files.length} corpus files, ${entities} entities`);
  assert.deepEqual(failures, []);
});

test('native test samples parse with mermaid', async () => {
  assert.ok(existsSync(samples), 'cargo test wrote target/mermaid-samples');
  const names = readdirSync(samples).filter((f) => f.endsWith('.mmd')).sort();
  assert.ok(names.length >= 5, 'samples written');
  const failures = [];
  for (const n of names) {
    await check(n, readFileSync(join(samples, n), 'utf8'), failures);
  }
  console.log(`mermaid.parse + meaning: ${names.length - failures.length}/${names.length} native samples`);
  assert.deepEqual(failures, []);
});
