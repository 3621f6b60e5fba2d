// Shared helpers for the app's browser tests: a loopback static server for dist/, Chromium
// launch options, and watchers for foreign requests and console errors.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const MERMAID_JS = path.join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.sql': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Serves `dir` on 127.0.0.1 at a free port; resolves to { origin, close }. */
export async function serve(dir = DIST) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: build the app first (trunk build --release)`);
  }
  let server;
  try {
    // Prefer the project's server once it exists (scripts/static-server.mjs).
    const mod = await import(path.join(ROOT, 'scripts', 'static-server.mjs'));
    if (typeof mod.startServer === 'function') {
      const s = await mod.startServer({ root: dir, host: '127.0.0.1', port: 0 });
      if (s && s.origin && s.close) return s;
      if (s && s.url && s.close) return { origin: new URL(s.url).origin, close: s.close };
    }
  } catch { /* not there yet: fall back to the inline server */ }
  server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.normalize(path.join(dir, urlPath));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (urlPath.endsWith('/')) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Records requests to other origins and console errors / uncaught exceptions of a page. */
export function watch(page, origin) {
  const foreign = [];
  const errors = [];
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith(origin + '/') || url === origin || url.startsWith(`blob:${origin}/`) || url.startsWith('data:')) return;
    foreign.push(url);
  });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { foreign, errors };
}

/** Replaces the DDL text as a paste would, and waits for `n` table boxes. */
export async function pasteSchema(page, text, expectTables) {
  await page.locator('[data-testid="ddl-input"]').fill(text);
  if (expectTables !== undefined) {
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="table"]').length === n,
      expectTables, { timeout: 60_000 },
    );
  }
}

/** Validates Mermaid text with the real mermaid parser in a blank page; throws on a parse error. */
export async function mermaidParse(browser, text) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: MERMAID_JS });
    return await page.evaluate(async (t) => {
      globalThis.mermaid.initialize({ startOnLoad: false });
      try {
        const r = await globalThis.mermaid.parse(t);
        return { ok: true, type: r && r.diagramType };
      } catch (e) {
        return { ok: false, error: String(e && e.message || e) };
      }
    }, text);
  } finally {
    await context.close();
  }
}

/** Clicks a download button and returns { name, text } of the downloaded file. */
export async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}
