// Shared helpers for the browser tests: Debian Chromium via playwright-core, the release build
// served from loopback, and watchers for console errors and foreign requests.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { startServer } from '../../scripts/static-server.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The release build; ERDSMITH_DIST=dist-debug points the tests at scripts/build-debug.sh's
// build while iterating (a release build takes ~10 minutes on 2 cores).
export const DIST = join(ROOT, process.env.ERDSMITH_DIST ?? 'dist');
export const CORPUS = join(ROOT, '..', 'shared', 'corpus');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Serves dist/ on a free loopback port. */
export function serveDist() {
  return startServer(DIST, 0);
}

/**
 * Records console errors, page errors and requests to any origin but `origin` (null = file://
 * pages, where every http(s) request is foreign).
 */
export function watch(page, origin) {
  const seen = { errors: [], foreign: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('request', (r) => {
    const url = r.url();
    seen.requests.push(url);
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    const isOwn = origin ? url.startsWith(origin + '/') || url === origin : url.startsWith('file://');
    if (!isOwn) seen.foreign.push(url);
  });
  return seen;
}

/** The DDL text as the editor holds it (CodeMirror: `window.erdsmithEditor`, web/editor.js). */
export const ddlText = (page) => page.evaluate(() => globalThis.erdsmithEditor.text());

/** Replaces the DDL text as a paste does: one user change through the editor. */
export const replaceDdl = (page, text) => page.evaluate((t) => globalThis.erdsmithEditor.replaceAll(t), text);

/** Waits until the app has mounted its DDL editor. */
export async function appReady(page) {
  await page.waitForSelector('[data-testid="ddl-input"]', { timeout: 30_000 });
}

/**
 * Waits until the app has mounted its DDL editor and its import worker has loaded (or failed to):
 * everything the page fetches to start. The worker imports the app's glue itself, a request of
 * the start, not of what the user does after it.
 */
export async function appLoaded(page) {
  await appReady(page);
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.documentElement.dataset.importWorker), null, { timeout: 30_000 });
}
