// The documentation folder of every corpus file (`erdsmith docs FILE --out DIR`): every Mermaid
// block of every page must be accepted by the real Mermaid parser (node_modules/mermaid, the
// pinned version) in headless Debian Chromium, and Mermaid must read exactly the entities,
// attributes and relationships the block declares — as tests/e2e/mermaid-corpus.test.mjs does
// for the whole-schema export. (Links and page structure are checked natively in
// tests/it/export/docs_folder.rs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = process.env.ERDSMITH_CORPUS ?? join(root, '../shared/corpus');
const cli = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'erdsmith');

let browser;
let page;

before(async () => {
  if (!process.env.ERDSMITH_SKIP_BUILD) {
    execFileSync('cargo', ['build', '--bin', 'erdsmith'], { cwd: root, stdio: 'inherit' });
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

/** Parses each text with Mermaid in the page: `{ ok, error, entities, attributes, relationships }`. */
async function parseAll(texts) {
  return page.evaluate(async (all) => {
    const out = [];
    for (const t of all) {
      try {
        await window.mermaid.parse(t);
        const d = await window.mermaid.mermaidAPI.getDiagramFromText(t);
        const ents = d.db.getEntities();
        out.push({
          ok: true,
          entities: [...ents.keys()].sort(),
          attributes: [...ents.values()].reduce((n, e) => n + e.attributes.length, 0),
          relationships: d.db.getRelationships().length,
        });
      } catch (e) {
        out.push({ ok: false, error: String(e && e.message || e) });
      }
    }
    return out;
  }, texts);
}

/** What the block declares, read line by line (as in mermaid-corpus.test.mjs). */
function declared(text) {
  const entities = new Set();
  let attributes = 0;
  let relationships = 0;
  for (const l of text.split('\n')) {
    let m;
    if ((m = /^    "([^"]*)"( \{)?$/.exec(l))) entities.add(m[1]);
    else if (/^        \S/.test(l)) attributes += 1;
    else if ((m = /^    "([^"]*)" \S+ "([^"]*)" : "[^"]*"$/.exec(l))) {
      relationships += 1;
      entities.add(m[1]);
      entities.add(m[2]);
    }
  }
  return { entities: [...entities].sort(), attributes, relationships };
}

/** The Mermaid blocks of a Markdown page (fences of three or more backticks). */
function mermaidBlocks(markdown) {
  const blocks = [];
  const re = /^(`{3,})mermaid\n([\s\S]*?)^\1$/gm;
  let m;
  while ((m = re.exec(markdown))) blocks.push(m[2]);
  return blocks;
}

const files = readdirSync(corpus).filter((f) => f.endsWith('.sql')).sort();

test('the parser in the page rejects a broken block (the check can fail)', async () => {
  const [bad] = await parseAll(['erDiagram\n    "a" {\n        int x y z "c" "d"\n    }\n']);
  assert.equal(bad.ok, false);
});

test('every Mermaid block of every corpus docs folder parses with mermaid as declared', async () => {
  assert.ok(files.length > 10, `found the corpus in ${corpus}`);
  const started = Date.now();
  const failures = [];
  let pages = 0;
  let blocks = 0;
  for (const f of files) {
    const dir = mkdtempSync(join(tmpdir(), 'erdsmith-docs-'));
    try {
      execFileSync(cli, ['docs', join(corpus, f), '--out', dir], { stdio: ['ignore', 'ignore', 'ignore'] });
      const names = readdirSync(dir).filter((n) => n.endsWith('.md')).sort();
      pages += names.length;
      const texts = [];
      const where = [];
      for (const n of names) {
        const page = readFileSync(join(dir, n), 'utf8');
        const found = mermaidBlocks(page);
        if (n !== 'README.md' && found.length !== 1) failures.push(`${f}/${n}: ${found.length} Mermaid blocks`);
        for (const b of found) {
          texts.push(b);
          where.push(n);
        }
      }
      blocks += texts.length;
      const results = await parseAll(texts);
      results.forEach((r, i) => {
        if (!r.ok) {
          failures.push(`${f}/${where[i]}: ${r.error}`);
          return;
        }
        const want = declared(texts[i]);
        const got = { entities: r.entities, attributes: r.attributes, relationships: r.relationships };
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          failures.push(`${f}/${where[i]}: mermaid read ${JSON.stringify(got).slice(0, 200)}, the block declares ${JSON.stringify(want).slice(0, 200)}`);
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`docs: ${blocks} Mermaid blocks on ${pages} pages of ${files.length} corpus folders, ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(1)}s`);
  assert.deepEqual(failures, []);
});
