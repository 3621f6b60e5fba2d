// Offline for real: the service worker precaches the build so a reload works with the network
// off; the single-file build opens from file:// with no server; the CSP is in force; the app
// never requests anything beyond its own files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/static-server.mjs';
import { pathToFileURL } from 'node:url';
import { ROOT, appReady, launch, serveDist, watch } from './lib.mjs';

test('after one visit the app loads and imports with the network off', async () => {
  const server = await serveDist();
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watch(page, server.url);
    const encodings = {};
    page.on('response', (r) => {
      const ext = new URL(r.url()).pathname.match(/\.(wasm|js|css)$/)?.[1];
      if (ext) encodings[ext] = r.headers()['content-encoding'] ?? 'identity';
    });
    await page.goto(server.url + '/');
    await appReady(page);
    // The build's brotli copies are what the server sends (scripts/postbuild.mjs, static-server.mjs).
    assert.deepEqual(encodings, { wasm: 'br', js: 'br', css: 'br' });
    // `ready` resolves once a worker is active, possibly still 'activating': wait for the end.
    const activated = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      const worker = reg.active;
      if (worker.state !== 'activated') {
        await new Promise((done) => worker.addEventListener('statechange', () => worker.state === 'activated' && done()));
      }
      return worker.state;
    });
    assert.equal(activated, 'activated');
    // The page is controlled after a reload (clients.claim covers the first visit as well).
    await page.reload();
    await appReady(page);
    await context.setOffline(true);
    await server.close();
    await page.reload();
    await appReady(page);
    await page.fill('[data-testid="ddl-input"]', 'CREATE TABLE offline_ok (id int PRIMARY KEY);');
    await page.click('[data-testid="import"]');
    await page.waitForSelector('[data-testid="table"][data-table="offline_ok"]', { timeout: 10_000 });
    assert.deepEqual(seen.foreign, [], 'no request left the origin');
    assert.deepEqual(seen.errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await browser.close();
    await server.close().catch(() => {});
  }
});

test('each brotli copy in dist/ decodes to the file beside it, and the big ones have one', async () => {
  const names = await readdir(join(ROOT, 'dist'), { recursive: true });
  const copies = names.filter((n) => n.endsWith('.br'));
  for (const big of names.filter((n) => /\.(wasm|js)$/.test(n) && !n.startsWith('public'))) {
    assert.ok(copies.includes(`${big}.br`), `${big} has a brotli copy`);
  }
  for (const copy of copies) {
    const original = await readFile(join(ROOT, 'dist', copy.slice(0, -3)));
    const decoded = brotliDecompressSync(await readFile(join(ROOT, 'dist', copy)));
    assert.ok(decoded.equals(original), `${copy} decodes to its file`);
  }
});

test('the server sends a brotli copy only while it decodes to its file, whatever the file times say', async () => {
  // A file rewritten within one tick of the file system's clock keeps the time of its old copy:
  // times cannot tell a stale copy (the PWA update test in CI met exactly that).
  const dir = await mkdtemp(join(tmpdir(), 'erdsmith-br-'));
  const server = await startServer(dir);
  const get = async () => {
    const res = await fetch(`${server.url}/a.js`, { headers: { 'accept-encoding': 'br' } });
    return { encoding: res.headers.get('content-encoding'), text: await res.text() };
  };
  try {
    const file = join(dir, 'a.js');
    const when = new Date('2026-01-01T00:00:00Z');
    await writeFile(file, 'const build = "A";');
    await writeFile(`${file}.br`, brotliCompressSync('const build = "A";'));
    await utimes(file, when, when);
    await utimes(`${file}.br`, when, when);
    assert.deepEqual(await get(), { encoding: 'br', text: 'const build = "A";' }, 'a matching copy is sent');
    await writeFile(file, 'const build = "B";'); // same size, and the same times as the copy
    await utimes(file, when, when);
    assert.deepEqual(await get(), { encoding: null, text: 'const build = "B";' }, 'a stale copy with equal times is not');
    await writeFile(`${file}.br`, brotliCompressSync('const build = "B";'));
    assert.deepEqual(await get(), { encoding: 'br', text: 'const build = "B";' }, 'a fresh copy is sent again');
    await writeFile(`${file}.br`, 'not brotli');
    assert.deepEqual(await get(), { encoding: null, text: 'const build = "B";' }, 'a broken copy is not');
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the served page carries a strict Content-Security-Policy', async () => {
  const html = await readFile(join(ROOT, 'dist', 'index.html'), 'utf8');
  const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'/);
  assert.match(policy, /connect-src 'self'/);
  assert.doesNotMatch(policy, /(?<!wasm-)unsafe-eval/);
  assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/);
  assert.doesNotMatch(html, /https?:\/\/(?!127\.0\.0\.1)/, 'no absolute URL to another origin');
});

test('the single-file build works from file:// with no server', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const seen = watch(page, null);
    await page.goto(pathToFileURL(join(ROOT, 'dist-single', 'erdsmith.html')).href);
    await appReady(page);
    await page.fill('[data-testid="ddl-input"]', 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));');
    await page.click('[data-testid="import"]');
    await page.waitForSelector('[data-testid="relationship"]', { timeout: 10_000 });
    assert.equal(await page.locator('[data-testid="table"]').count(), 2);
    assert.deepEqual(seen.foreign, [], 'no request at all beyond the file');
    assert.deepEqual(seen.errors, [], 'no console errors (CSP violations included)');
  } finally {
    await browser.close();
  }
});
