// Import figures in Chromium (WASM), not a test; prints numbers:
//  - the 1000-table postgres and mysql schemas (../shared/bench/gen_schema.py): import ms as the
//    app measures it (and its finish / layout / review parts), wall time to the summary, the
//    longest task, JS heap;
//  - the bad inputs of issue 3 (10 MB DDL paste, 10 MB random bytes, 10,000 nested parentheses in
//    a DEFAULT, an unterminated string, an unterminated $$, a 5,000-column table): time to the
//    summary/diagnostics (target < 2 s), crash panel shown or not, longest task, text kept.
// Usage: node tests/e2e/perf-import.mjs [TABLES] [--import-only | --bad-only]   (needs a release build in dist/)
// (--bad-only: the bad inputs alone; scripts/bench.sh takes the import figures from perf-figures.mjs)
import { serve, launch } from './app-support.mjs';
import { gen as generate, openPage, pasteMeasured } from './perf-support.mjs';

const args = process.argv.slice(2);
const importOnly = args.includes('--import-only');
const badOnly = args.includes('--bad-only');
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
const gen = (dialect) => generate(N, dialect);

function badInputs() {
  const pg = gen('postgres');
  let big = '';
  while (big.length < 10 << 20) big += pg;
  let seed = 0x9e3779b9; // xorshift32: reproducible bytes
  const below256 = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) & 255; };
  let random = '';
  const chunk = [];
  for (let i = 0; i < 10 << 20; i++) {
    chunk.push(String.fromCharCode(below256()));
    if (chunk.length === 65536) { random += chunk.join(''); chunk.length = 0; }
  }
  random += chunk.join('');
  const nested = `CREATE TABLE deep (id int PRIMARY KEY, v int DEFAULT ${'('.repeat(10_000)}1${')'.repeat(10_000)});\nCREATE TABLE after_deep (id int PRIMARY KEY);`;
  const cols = Array.from({ length: 5000 }, (_, i) => `  c${i} varchar(40) NOT NULL DEFAULT 'x'`).join(',\n');
  return [
    ['10 MB DDL paste', big.slice(0, 10 << 20)],
    ['10 MB random bytes', random],
    ['10,000 nested parentheses in a DEFAULT', nested],
    ['unterminated string', "CREATE TABLE ok1 (id int PRIMARY KEY);\nCREATE TABLE bad (s text DEFAULT 'never closed);\n" + pg.slice(0, 100_000)],
    ['unterminated $$', 'CREATE TABLE ok1 (id int PRIMARY KEY);\nCREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1;\n' + pg.slice(0, 100_000)],
    ['5,000-column table', `CREATE TABLE wide (\n  id int PRIMARY KEY,\n${cols}\n);`],
  ];
}

const server = await serve();
const browser = await launch();
try {
  if (!badOnly) console.log(`== import of ${N} generated tables in Chromium (WASM)`);
  for (const dialect of badOnly ? [] : ['postgres', 'mysql']) {
    const ddl = gen(dialect);
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const { page } = await openPage(browser, server.origin);
      runs.push(await pasteMeasured(page, ddl));
      await page.close();
    }
    // A second import in the last page (the text edited): what every import after the first costs.
    const { page: again } = await openPage(browser, server.origin);
    await pasteMeasured(again, ddl);
    const repeat = await pasteMeasured(again, ddl.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'));
    await again.close();
    runs.sort((a, b) => a.importMs - b.importMs);
    const r = runs[1];
    console.log(`${dialect.padEnd(8)} repeat import in the same page ${repeat.importMs} ms (${repeat.busyMs} ms working) · wall to summary ${repeat.wall} ms`);
    console.log(`${dialect.padEnd(8)} import ${r.importMs} ms (median of 3; runs ${runs.map((x) => x.importMs).join('/')}; ${r.busyMs} ms of it working, finish ${r.finishMs} ms) · wall to summary ${r.wall} ms · layout ${r.layoutMs} ms · review ${r.reviewMs} ms · longest task ${r.longest.toFixed(0)} ms · heap ${r.heapMB.toFixed(1)} MB · ${r.tables} tables`);
  }
  if (!importOnly) console.log('== bad inputs (each: diagnostics < 2 s, no crash panel, text kept)');
  for (const [name, text] of importOnly ? [] : badInputs()) {
    const { page, seen } = await openPage(browser, server.origin);
    const r = await pasteMeasured(page, text);
    const ok = r.wall < 2000 && !r.crashed && r.textKept;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(40)} ${r.wall} ms to summary (import ${r.importMs} ms) · ${r.diagnostics} diagnostics shown · ${r.tables} tables · longest task ${r.longest.toFixed(0)} ms · crash panel ${r.crashed ? 'SHOWN' : 'no'} · text kept ${r.textKept ? 'yes' : 'NO'}${seen.errors.length ? ` · console errors: ${seen.errors.slice(0, 2).join(' | ')}` : ''}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
