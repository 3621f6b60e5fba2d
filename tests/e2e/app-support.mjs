// Helpers for the app's browser tests, on top of tests/e2e/lib.mjs (Chromium launch, the
// loopback static server, request and console watchers).
import fs from 'node:fs';
import { after, before } from 'node:test';
import path from 'node:path';
import { ROOT, DIST, ARTIFACTS, CORPUS, launch, serveDist, watch, ddlText, replaceDdl } from './lib.mjs';

export { ROOT, DIST, ARTIFACTS, CORPUS, launch, watch, ddlText, replaceDdl };
export const MERMAID_JS = path.join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

/** Serves dist/ on a free loopback port; resolves to { origin, close }. */
export async function serve() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: build the app first (scripts/build.sh)`);
  }
  const { url, close } = await serveDist();
  return { origin: new URL(url).origin, close };
}

/**
 * One served release build and one browser for a whole test file: `app.server.origin`,
 * `app.browser`. Started before the first test, closed after the last.
 */
export function useServedApp() {
  const app = { server: null, browser: null };
  before(async () => {
    app.server = await serve();
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * A new 1600×1000 page of the served app with `ddl` pasted (waiting for `tables` boxes when
 * given; without `ddl`, the editor ready and empty); returns { page, seen } (`seen`: the request
 * and console watcher).
 */
export async function openApp(app, context, ddl, tables) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  const seen = watch(page, app.server.origin);
  await page.goto(app.server.origin + '/');
  if (ddl === undefined) await page.waitForSelector('[data-testid="ddl-input"]');
  else await pasteSchema(page, ddl, tables);
  return { page, seen };
}

/** How many auto-saves the page has committed. */
export const saves = (page) => page.evaluate(() => Number(document.documentElement.dataset.saves ?? 0));

/** Waits until a save newer than `count` has committed and none is waiting or in flight. */
export async function savedAfter(page, count) {
  await page.waitForFunction(
    (n) => Number(document.documentElement.dataset.saves ?? 0) > n && document.documentElement.dataset.saveState === 'saved',
    count, { timeout: 60_000 },
  );
}

/** Picks "SQL — PostgreSQL" in the export menu and returns the downloaded text. */
export async function exportSql(page) {
  const select = page.locator('[data-testid="export-format"]');
  const value = await select.locator('option', { hasText: 'PostgreSQL' }).getAttribute('value');
  const [dl] = await Promise.all([page.waitForEvent('download'), select.selectOption(value)]);
  return fs.readFileSync(await dl.path(), 'utf8');
}

/**
 * How many table boxes the diagram draws: SVG boxes, or the boxes of the zoomed-out canvas
 * picture of a big diagram (its last paint's `data-tables`). Runs in the page.
 */
// A string for `page.evaluate` (sent over the DevTools protocol, which the CSP does not govern);
// to wait for a count, use `waitDrawn`.
export const DRAWN_TABLES = `document.querySelectorAll('[data-testid="table"]').length
  + Number(document.querySelector('[data-testid="lod-canvas"]')?.dataset.tables ?? 0)`;

/**
 * Waits until the diagram draws exactly `n` table boxes (`more`: more than `n`), counted as
 * DRAWN_TABLES does. A function, not a string: under the app's CSP (no 'unsafe-eval'), Chromium
 * 156 refuses the `eval` Playwright polls a string predicate with.
 */
export async function waitDrawn(page, n, { more = false, timeout = 60_000 } = {}) {
  await page.waitForFunction(({ n, more }) => {
    const drawn = document.querySelectorAll('[data-testid="table"]').length
      + Number(document.querySelector('[data-testid="lod-canvas"]')?.dataset.tables ?? 0);
    return more ? drawn > n : drawn === n;
  }, { n, more }, { timeout });
}

/** Replaces the DDL text as a paste would, and waits for `n` drawn table boxes. */
export async function pasteSchema(page, text, expectTables) {
  // One change replacing the whole document, as a paste does; Playwright's fill would type a
  // 700 KB dump through the editing pipeline, which takes minutes.
  await page.waitForSelector('[data-testid="ddl-input"]');
  await replaceDdl(page, text);
  if (expectTables !== undefined) {
    await waitDrawn(page, Number(expectTables));
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

/** A shift-drag on the background from (x0, y0) to (x1, y1): the rubber band. */
export async function band(page, x0, y0, x1, y1) {
  await page.keyboard.down('Shift');
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 5 });
  await page.mouse.move(x1, y1, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
}
