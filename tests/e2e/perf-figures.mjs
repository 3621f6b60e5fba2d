// The benchmark figures of issue 17 (not a test: it measures and prints, it asserts nothing).
// Each figure is measured RUNS times (default 3) and printed as one table:
//   figure | median | the runs | goal | met / missed (by how much)
// Rows: first visit (cold), transfer size (the brotli copies the server sends), single-file size; 1000-table paste (first
// after load and warm: import, review, wall, longest task), pan at fit, drag at 100%; 300-table
// pan and wheel-zoom step; typing into a 3,000-table text and into pagila; 5,000 tables; the largest real
// schemas of the corpus; @dbml/core's importer vs the native CLI on the 1000-table file.
// Usage: node tests/e2e/perf-figures.mjs [--runs N] [--only WORD[,WORD]]   (needs a release build in dist/)
//   --only: the sections whose name contains one of the words (size, cold, 1000, 300, typing,
//   5000, corpus, dbml), to iterate on one of them.
//   ERDSMITH_BIN: the native CLI for the @dbml/core comparison (default: the release build in
//   $CARGO_TARGET_DIR or ~/.cache/erdsmith/target); the row is skipped when there is none.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { execFileSync, spawnSync } from 'node:child_process';
import { ROOT, DIST, CORPUS, serve, launch } from './app-support.mjs';
import { gen, openPage, pasteMeasured, quiet, panAtFit, dragAt100, wheelSteps } from './perf-support.mjs';

const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const RUNS = Number(opt('--runs') ?? 3);
const only = opt('--only')?.split(',');
const wanted = (section) => !only || only.some((w) => section.includes(w));

// ---- the table ------------------------------------------------------------------------------

/** Rows in print order: { figure, unit, runs: [numbers], goal: { op: '≤' | '≥', value } | null, note }. */
const rows = [];
const row = (figure, unit, goal, note = '') => {
  const r = { figure, unit, goal, runs: [], note };
  rows.push(r);
  return r;
};
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, unit) => {
  if (!Number.isFinite(x)) return 'n/a';
  const digits = unit === 'fps' || unit === 'x' ? 1 : unit === 'MB' ? 2 : 0;
  return `${x.toFixed(digits)}${unit === 'x' ? '×' : ' ' + unit}`;
};
function verdict(r) {
  const m = median(r.runs);
  if (!r.goal) return '';
  if (!Number.isFinite(m)) return 'not measured';
  const { op, value } = r.goal;
  const met = op === '≤' ? m <= value : m >= value;
  if (met) return 'met';
  const by = Math.abs(m - value);
  return `MISSED by ${fmt(by, r.unit)} (${((by / value) * 100).toFixed(0)}%)`;
}
function printTable() {
  const lines = rows.map((r) => [
    r.figure,
    fmt(median(r.runs), r.unit),
    r.runs.length ? r.runs.map((x) => fmt(x, r.unit).replace(/ \S+$|×$/, '')).join(' / ') : '—',
    r.goal ? `${r.goal.op} ${fmt(r.goal.value, r.unit)}` : '',
    verdict(r) + (r.note ? (verdict(r) ? ' · ' : '') + r.note : ''),
  ]);
  const head = ['figure', 'median', `runs (${RUNS})`, 'goal', 'met / missed'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const l of lines) console.log(line(l));
}

/** Runs `fn(run)` RUNS times; a failed run is reported and left out. */
async function repeat(label, fn) {
  for (let i = 0; i < RUNS; i++) {
    try {
      await fn(i);
    } catch (e) {
      console.log(`  ${label} run ${i + 1} failed: ${String(e.message ?? e).split('\n')[0]}`);
    }
  }
}
const progress = (msg) => console.log(`… ${msg}`);

// ---- sizes (no browser) ---------------------------------------------------------------------

const kB = (n) => n / 1000;
function sizes() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const jsName = html.match(/from '\/([^']+\.js)'/)?.[1];
  const wasmName = html.match(/module_or_path: '\/([^']+\.wasm)'/)?.[1];
  const cssName = html.match(/<link rel="stylesheet" href="\/([^"]+)"/)?.[1];
  const parts = [['wasm', wasmName], ['editor js', 'editor.js'], ['app js', jsName], ['css', cssName]];
  let total = 0;
  for (const [label, name] of parts) {
    if (!name || !fs.existsSync(path.join(DIST, name))) {
      row(`transfer: ${label}`, 'kB', null, 'file not found in dist/');
      continue;
    }
    const bytes = fs.readFileSync(path.join(DIST, name));
    // What scripts/static-server.mjs sends a browser that accepts br: the build's brotli copy.
    const brPath = path.join(DIST, `${name}.br`);
    const br = fs.existsSync(brPath) ? fs.statSync(brPath).size : null;
    const gz = zlib.gzipSync(bytes, { level: 6 }).length;
    total += br ?? gz;
    row(`transfer: ${label}`, 'kB', null, `${name}, ${kB(bytes.length).toFixed(0)} kB raw, ${kB(gz).toFixed(0)} kB gzip -6${br === null ? ' (no .br: gzip counted)' : ''} (size: one measurement)`).runs.push(kB(br ?? gz));
  }
  row('transfer: total', 'kB', { op: '≤', value: 800 }, 'brotli copies from the build (gzip -6 where none); the served index.html, icons, sw.js not counted').runs.push(kB(total));

  // scripts/postbuild.mjs writes dist-single/erdsmith.html next to dist/ (in the directory the
  // build ran in); dist/ may be a link to another checkout's build.
  const candidates = [path.join(ROOT, 'dist-single', 'erdsmith.html'), path.join(path.dirname(fs.realpathSync(DIST)), 'dist-single', 'erdsmith.html')];
  const single = candidates.find((f) => fs.existsSync(f));
  if (single) {
    const stale = fs.statSync(single).mtimeMs < fs.statSync(path.join(DIST, wasmName)).mtimeMs ? ' (OLDER than dist/\'s wasm: a previous build)' : '';
    row('single-file build (dist-single/erdsmith.html)', 'MB', { op: '≤', value: 3 }, path.relative(path.join(ROOT, '..'), single) + stale).runs.push(fs.statSync(single).size / 1e6);
  } else {
    // Not built: what scripts/postbuild.mjs would write — the page with the css and the app js
    // inlined, the wasm and the editor gzipped as 7-bit text (8/7 of the gzipped size).
    const read = (n) => fs.readFileSync(path.join(DIST, n));
    const packed = (n) => Math.ceil((zlib.gzipSync(read(n), { level: 9 }).length * 8) / 7);
    const estimate = html.length + read(jsName).length + packed(wasmName) + read(cssName).length + packed('editor.js') + 2000;
    row('single-file build (estimated)', 'MB', { op: '≤', value: 3 }, 'no dist-single/erdsmith.html next to dist/: estimated from dist/ (html + js + css + the wasm and editor gzipped as 7-bit text)').runs.push(estimate / 1e6);
  }
}

// ---- browser figures ------------------------------------------------------------------------

async function coldVisit(browser, origin) {
  const r = row('first visit → editor ready (cold)', 'ms', { op: '≤', value: 1000 }, 'fresh context, empty cache; navigation start → editor in the DOM, next frame');
  await repeat('cold visit', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(() => {
        // Kept referenced: Chromium may collect an observer no script holds.
        globalThis.__readyObserver = new MutationObserver((_, obs) => {
          if (!document.querySelector('[data-testid="ddl-input"]')) return;
          obs.disconnect();
          requestAnimationFrame(() => setTimeout(() => { globalThis.__readyAt = performance.now(); }, 0));
        });
        globalThis.__readyObserver.observe(document, { subtree: true, childList: true });
      });
      await page.goto(origin + '/');
      await page.waitForFunction(() => globalThis.__readyAt, null, { timeout: 60_000 });
      r.runs.push(await page.evaluate(() => globalThis.__readyAt));
    } finally {
      await context.close();
    }
  });
}

const WALL = 'paste → the review figures in the summary (findings listed; the boxes out of the first batches follow a few per task)';

/** A second whole-text paste of the same schema (a trailing comment makes it a new text). */
const again = (ddl, i) => `${ddl}\n-- pasted again (${i})\n`;

async function tables1000(browser, origin) {
  const ddl = gen(1000);
  const first = {
    importMs: row('1000-table paste, first after load: import', 'ms', null),
    reviewMs: row('1000-table paste, first after load: review', 'ms', null),
    toSummary: row('1000-table paste, first after load: wall to the summary', 'ms', null, 'paste → import installed, first boxes painted'),
    wall: row('1000-table paste, first after load: wall to diagram + findings', 'ms', { op: '≤', value: 500 }, WALL),
    longest: row('1000-table paste, first after load: longest task', 'ms', { op: '≤', value: 50 }),
  };
  const warm = {
    importMs: row('1000-table paste, warm: import', 'ms', null),
    reviewMs: row('1000-table paste, warm: review', 'ms', null),
    toSummary: row('1000-table paste, warm: wall to the summary', 'ms', null, 'paste → import installed, first boxes painted'),
    wall: row('1000-table paste, warm: wall to diagram + findings', 'ms', { op: '≤', value: 250 }, WALL),
    longest: row('1000-table paste, warm: longest task', 'ms', { op: '≤', value: 50 }),
  };
  const pan = row('pan at fit-all, 1000 tables', 'fps', { op: '≥', value: 55 });
  const dragFps = row('drag at 100%, 1000 tables', 'fps', { op: '≥', value: 58 });
  const dragP95 = row('drag at 100%, 1000 tables: latency p95', 'ms', { op: '≤', value: 16 }, 'Event Timing; 0 = every event under 16 ms');
  await repeat('1000 tables', async (i) => {
    const { page } = await openPage(browser, origin);
    try {
      const a = await pasteMeasured(page, ddl, { until: 'review' });
      if (a.tables !== 1000) throw new Error(`imported ${a.tables} tables: ${a.summary}`);
      for (const k of Object.keys(first)) first[k].runs.push(a[k]);
      await quiet(page); // a person pastes again once the first paste is done with
      const b = await pasteMeasured(page, again(ddl, i), { until: 'review' });
      for (const k of Object.keys(warm)) warm[k].runs.push(b[k]);
      pan.runs.push((await panAtFit(page)).fps);
      const d = await dragAt100(page);
      dragFps.runs.push(d.fps);
      dragP95.runs.push(d.p95);
    } finally {
      await page.close();
    }
  });
}

async function tables300(browser, origin) {
  const ddl = gen(300);
  const pan = row('pan at fit-all, 300 tables', 'fps', { op: '≥', value: 55 });
  const wheel = row('wheel-zoom step, 300 tables (median of 6 steps)', 'ms', { op: '≤', value: 16 }, 'wheel event → the frame after the update');
  const wheelMax = row('wheel-zoom step, 300 tables (slowest of 6)', 'ms', null);
  await repeat('300 tables', async () => {
    const { page } = await openPage(browser, origin);
    try {
      await pasteMeasured(page, ddl, { until: 'review' });
      pan.runs.push((await panAtFit(page)).fps);
      const steps = await wheelSteps(page, 6);
      wheel.runs.push(median(steps));
      wheelMax.runs.push(Math.max(...steps));
    } finally {
      await page.close();
    }
  });
}

/**
 * Arms the echo probe for the next keystroke: `__echo.ms`, from the keydown to the frame after
 * the editor has the character (a timer right after that frame's animation callbacks).
 */
const armEcho = (page) => page.evaluate(() => {
  const echo = globalThis.__echo = { len: globalThis.erdsmithEditor.length(), t: 0, ms: 0 };
  addEventListener('keydown', (e) => {
    echo.t = e.timeStamp;
    const check = () => {
      if (globalThis.erdsmithEditor.length() > echo.len) setTimeout(() => { echo.ms = performance.now() - echo.t; }, 0);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, { capture: true, once: true });
});

async function typing(browser, origin) {
  const ddl = gen(3000);
  const echo = row('typing 1 character, 3000 tables: echo in the editor', 'ms', { op: '≤', value: 16 }, 'keydown → the frame after the editor has the character');
  const idle = row('typing 1 character, 3000 tables: until idle', 'ms', null, `keydown → re-import and review done (incl. the app's 300 ms typing pause), then the end of the last task > ~15 ms`);
  const reimport = row('typing 1 character, 3000 tables: re-import (in page)', 'ms', null);
  const keyEvent = row('typing 1 character, 3000 tables: Event Timing, slowest key/input event', 'ms', null, 'cross-check of the echo; 0 = all under 16 ms');
  await repeat('typing', async (i) => {
    const { page } = await openPage(browser, origin);
    try {
      await pasteMeasured(page, ddl, { until: 'review' });
      // The cursor inside a table name in the middle of the text (a rename: the model follows).
      const at = ddl.indexOf('CREATE TABLE "', ddl.length >> 1) + 'CREATE TABLE "'.length + 2;
      await page.evaluate((p) => globalThis.erdsmithEditor.select(p, p), at);
      await page.waitForTimeout(500);
      await quiet(page, { cap: 120_000 });
      const before = await page.locator('[data-testid="import-summary"]').textContent();
      await page.evaluate((b) => {
        globalThis.__events.length = 0;
        const state = globalThis.__type = { t: 0, idle: 0 };
        addEventListener('keydown', (e) => {
          state.t = e.timeStamp;
          // Idle: the re-import's review figures are in, and from then on no task held the main
          // thread: a 5 ms timer loop, where a late tick (> 20 ms apart) is a busy stretch; the
          // app is idle from the end of the last one, once 250 ms have passed without one.
          let last = performance.now(); let quietSince = 0;
          const tick = () => {
            const now = performance.now();
            const s = document.querySelector('[data-testid="import-summary"]')?.textContent ?? '';
            const reviewed = s !== b && Number(s.match(/\((\d+) ms working/)?.[1] ?? 0) > 0 && !document.querySelector('[data-testid="import-progress"]');
            if (reviewed && !quietSince) quietSince = now;
            if (now - last > 20 && quietSince) quietSince = now;
            last = now;
            if (quietSince && now - quietSince >= 250) state.idle = quietSince - state.t;
            else setTimeout(tick, 5);
          };
          setTimeout(tick, 5);
        }, { capture: true, once: true });
      }, before);
      await armEcho(page);
      await page.keyboard.type('xyz'[i % 3]);
      const t = await page.waitForFunction(() => globalThis.__echo.ms > 0 && globalThis.__type.idle > 0 && { echo: globalThis.__echo.ms, idle: globalThis.__type.idle }, null, { timeout: 120_000 }).then((h) => h.jsonValue());
      keyEvent.runs.push(await page.evaluate(() => Math.max(0, ...globalThis.__events.filter((e) => /^key|input/.test(e.name)).map((e) => e.duration))));
      const s = await page.locator('[data-testid="import-summary"]').textContent();
      echo.runs.push(t.echo);
      idle.runs.push(t.idle);
      reimport.runs.push(Number(s.match(/import (\d+) ms/)?.[1] ?? NaN));
    } finally {
      await page.close();
    }
  });
}

/**
 * The echo of one keystroke into a real small schema (pagila, ~20 tables), where the diagram is
 * drawn as boxes (SVG) rather than on the canvas: a layout of the whole document there costs
 * what a keystroke may not (the first keystroke of a run enables Undo; a button faded by
 * opacity laid out the whole page, 30 ms with 30 tables).
 */
async function typingSmall(browser, origin) {
  const text = fs.readFileSync(path.join(CORPUS, 'pagila_schema.sql'), 'utf8');
  const echo = row('typing 1 character, pagila: echo in the editor', 'ms', { op: '≤', value: 16 }, 'the first keystroke of a run; as above');
  await repeat('typing pagila', async (i) => {
    const { page } = await openPage(browser, origin);
    try {
      await pasteMeasured(page, text, { until: 'summary' });
      await quiet(page, { cap: 30_000 });
      const at = text.indexOf('CREATE TABLE public.film') + 'CREATE TABLE public.fi'.length;
      await page.evaluate((p) => globalThis.erdsmithEditor.select(p, p), at);
      await page.waitForTimeout(500);
      await quiet(page, { cap: 30_000 });
      await armEcho(page);
      await page.keyboard.type('xyz'[i % 3]);
      echo.runs.push(await page.waitForFunction(() => globalThis.__echo.ms > 0 && globalThis.__echo.ms, null, { timeout: 30_000 }).then((h) => h.jsonValue()));
    } finally {
      await page.close();
    }
  });
}

async function tables5000(browser, origin) {
  const ddl = gen(5000);
  const wall = row('5000 tables: import + layout + review (paste → diagram + findings)', 'ms', { op: '≤', value: 1000 }, 'first paste after load');
  const parts = row('5000 tables: import (in page)', 'ms', null);
  const pan = row('pan at fit-all, 5000 tables', 'fps', { op: '≥', value: 50 });
  await repeat('5000 tables', async () => {
    const { page } = await openPage(browser, origin);
    try {
      const r = await pasteMeasured(page, ddl, { until: 'review' });
      if (r.tables !== 5000) throw new Error(`imported ${r.tables} tables: ${r.summary}`);
      wall.runs.push(r.wall);
      parts.runs.push(r.importMs);
      pan.runs.push((await panAtFit(page)).fps);
    } finally {
      await page.close();
    }
  });
}

const CORPUS_FILES = ['zabbix_postgres.sql', 'lago_structure.sql', 'keycloak_pgdump.sql', 'adventureworks_mssql_instawdb.sql'];

async function corpus(browser, origin) {
  for (const file of CORPUS_FILES) {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8').replace(/^\uFEFF/, '');
    const name = file.replace(/\.sql$/, '');
    const wall = row(`${name}: paste → diagram + findings`, 'ms', { op: '≤', value: 500 }, 'first paste after load; goal: the 1000-table one');
    const longest = row(`${name}: longest task`, 'ms', { op: '≤', value: 50 });
    const pan = row(`${name}: pan at fit`, 'fps', { op: '≥', value: 55 });
    let tables = NaN;
    await repeat(name, async () => {
      const { page } = await openPage(browser, origin);
      try {
        const r = await pasteMeasured(page, text, { until: 'review' });
        tables = r.tables;
        wall.runs.push(r.wall);
        longest.runs.push(r.longest);
        pan.runs.push((await panAtFit(page)).fps);
      } finally {
        await page.close();
      }
    });
    wall.note += `; ${tables} tables`;
  }
}

// ---- @dbml/core vs the native CLI -----------------------------------------------------------

function cliBinary() {
  const candidates = [
    process.env.ERDSMITH_BIN,
    process.env.CARGO_TARGET_DIR && path.join(process.env.CARGO_TARGET_DIR, 'release', 'erdsmith'),
    path.join(os.homedir(), '.cache', 'erdsmith', 'target', 'release', 'erdsmith'),
  ].filter(Boolean);
  return candidates.find((f) => fs.existsSync(f));
}

function dbmlVsCli() {
  const file = path.join(os.tmpdir(), `erdsmith-bench-1000-${process.pid}.sql`);
  fs.writeFileSync(file, gen(1000));
  try {
    const dbmlPath = createRequire(path.join(ROOT, 'package.json')).resolve('@dbml/core');
    const dbml = row('@dbml/core importer.import(sql, "postgres"), 1000 tables', 'ms', null, 'node, one fresh process per run; the import call alone');
    // Each run in its own process: the first call, as the CLI's is (no warmed-up JIT).
    const script = `const { importer } = require(${JSON.stringify(dbmlPath)});
      const sql = require('fs').readFileSync(${JSON.stringify(file)}, 'utf8');
      const t = performance.now(); const out = importer.import(sql, 'postgres'); const ms = performance.now() - t;
      if (!/Table/.test(out)) throw new Error('no tables in the DBML');
      console.log(ms);`;
    for (let i = 0; i < RUNS; i++) {
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
      if (r.status === 0) dbml.runs.push(Number(r.stdout.trim()));
      else console.log(`  @dbml/core run ${i + 1} failed: ${(r.stderr || r.error?.message || '').split('\n').slice(0, 3).join(' ')}`);
    }
    const bin = cliBinary();
    const cli = row('native CLI `erdsmith import`, same file', 'ms', null, bin ? `${path.relative(os.homedir(), bin)}; process wall time (start, read, import, JSON out)` : 'no release erdsmith binary (set ERDSMITH_BIN): not measured');
    if (bin) {
      for (let i = 0; i < RUNS; i++) {
        const t = process.hrtime.bigint();
        const r = spawnSync(bin, ['import', file], { stdio: ['ignore', 'ignore', 'ignore'], timeout: 600_000 });
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (r.status === 0) cli.runs.push(ms);
        else console.log(`  erdsmith import run ${i + 1} exited ${r.status}`);
      }
    }
    const ratio = row('@dbml/core ÷ native CLI (medians)', 'x', null);
    if (dbml.runs.length && cli.runs.length) ratio.runs.push(median(dbml.runs) / median(cli.runs));
  } finally {
    fs.rmSync(file, { force: true });
  }
}

// ---- main -----------------------------------------------------------------------------------

const started = Date.now();
console.log(`== benchmark figures (${RUNS} runs each; median) · ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} · headless Chromium ${execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()} · dist: ${fs.realpathSync(DIST)}`);
if (wanted('size')) sizes();
const sections = [['cold', coldVisit], ['1000', tables1000], ['300', tables300], ['typing', typing], ['typing small', typingSmall], ['5000', tables5000], ['corpus', corpus]].filter(([n]) => wanted(n));
if (sections.length) {
  const server = await serve();
  const browser = await launch();
  try {
    for (const [name, fn] of sections) {
      progress(`${name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      await fn(browser, server.origin);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
if (wanted('dbml')) {
  progress(`dbml (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  dbmlVsCli();
}
console.log(`== done in ${((Date.now() - started) / 1000).toFixed(0)} s; load now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
printTable();
