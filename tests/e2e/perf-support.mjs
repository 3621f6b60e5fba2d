// Helpers for the browser performance scripts (perf-figures.mjs, perf-import.mjs, perf-drag.mjs):
// generated schemas, a measured paste, frame counting during a scripted pan or drag, pointer
// latency from Event Timing. Not tests: these only measure (no timed assertions anywhere).
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, watch } from './app-support.mjs';

export const GEN_SCHEMA = path.join(ROOT, '..', 'shared', 'bench', 'gen_schema.py');

/** The DDL of `n` generated tables (../shared/bench/gen_schema.py, deterministic). */
export const gen = (n, dialect = 'postgres') =>
  execFileSync('python3', [GEN_SCHEMA, String(n), '--dialect', dialect], { encoding: 'utf8', maxBuffer: 256 << 20 });

/**
 * Starts the page-side recorders: long tasks (`__longtasks`, durations), Event Timing entries of
 * 16 ms or more (`__events`), and a count of every pointer event (`__pointerEvents`), since Event
 * Timing leaves out the faster ones.
 */
export async function observe(page) {
  await page.evaluate(() => {
    // Observers are kept referenced: Chromium may collect one no script holds.
    globalThis.__longtasks = [];
    globalThis.__longtaskObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) globalThis.__longtasks.push(e.duration);
    });
    globalThis.__longtaskObserver.observe({ type: 'longtask', buffered: true });
    globalThis.__events = [];
    globalThis.__eventObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) globalThis.__events.push({ name: e.name, duration: e.duration });
    });
    globalThis.__eventObserver.observe({ type: 'event', durationThreshold: 16, buffered: true });
    globalThis.__pointerEvents = 0;
    for (const type of ['pointerdown', 'pointermove', 'pointerup']) {
      addEventListener(type, () => { globalThis.__pointerEvents++; }, { capture: true, passive: true });
    }
  });
}

/**
 * A new 1600×1000 page of the app (its own browser context: no cache, no saved project), with
 * the editor mounted, `settle` ms for the app's warm-up (a person pastes a second or more after
 * the page opens), and the recorders of `observe` running. Returns { page, seen } (`seen`: the
 * console and request watcher).
 */
export async function openPage(browser, origin, { settle = 1000 } = {}) {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  const seen = watch(page, origin);
  await page.goto(origin + '/');
  await page.waitForSelector('[data-testid="ddl-input"]');
  await page.waitForTimeout(settle);
  await quiet(page, { cap: 10_000 });
  await observe(page);
  return { page, seen };
}

/**
 * Waits until the page's main thread has been free for `window` ms: a 5 ms timer loop where a
 * tick more than 20 ms after the previous one means a task ran in between. After an import the
 * app keeps working for a while (the diagram is painted a few boxes per task, the project is
 * saved); a figure measured meanwhile would measure that too. Gives up after `cap` ms; returns
 * the ms waited, or -1 when it gave up (and says so).
 */
export async function quiet(page, { window = 500, cap = 60_000 } = {}) {
  const waited = await page.evaluate(({ window, cap }) => new Promise((resolve) => {
    const start = performance.now();
    let last = start; let quietSince = start;
    const tick = () => {
      const now = performance.now();
      if (now - last > 20) quietSince = now;
      last = now;
      if (now - quietSince >= window) resolve(Math.round(now - start));
      else if (now - start > cap) resolve(-1);
      else setTimeout(tick, 5);
    };
    setTimeout(tick, 5);
  }), { window, cap });
  if (waited < 0) console.log(`  (the page was still busy after ${cap / 1000} s; measuring anyway)`);
  return waited;
}

/** Numbers of the import summary text ("… (import 123 ms (45 ms working, finish 6 ms) · layout 7 ms · review 89 ms)"). */
export function summaryFigures(s) {
  const num = (re) => Number(s.match(re)?.[1] ?? NaN);
  return {
    importMs: num(/import (\d+) ms/),
    busyMs: num(/\((\d+) ms working/),
    finishMs: num(/finish (\d+) ms/),
    layoutMs: num(/layout (\d+) ms/),
    reviewMs: num(/review (\d+) ms/),
    tables: num(/(\d+) tables?\b/),
  };
}

/**
 * Pastes `text` (one whole-text change through the editor, as a paste) and waits for the new
 * import. `until`: 'summary' — the new summary is shown (or the crash panel); 'review' — also the
 * figures filled in after the review has run (the diagram's first boxes and the findings are
 * there). Returns the summary's figures, `wall` (paste → done, ms, clocked in the page),
 * `toSummary` (paste → the new summary, before the review's figures) and the
 * longest task from the paste to 300 ms after it.
 */
export async function pasteMeasured(page, text, { until = 'summary', timeout = 300_000 } = {}) {
  const before = await page.locator('[data-testid="import-summary"]').textContent();
  // The text goes into the page first: handing 10 MB to the page over the DevTools protocol takes
  // seconds that a real paste (the browser's own clipboard) does not; the clock runs in the page.
  await page.evaluate((t) => { globalThis.__payload = t; }, text);
  await page.evaluate(() => { globalThis.__longtasks.length = 0; globalThis.__doneAt = 0; globalThis.__summaryAt = 0; });
  const t0 = await page.evaluate(() => {
    const t = performance.now();
    globalThis.erdsmithEditor.replaceAll(globalThis.__payload);
    return t;
  });
  await waitImport(page, before, { until, timeout });
  const [doneAt, summaryAt] = await page.evaluate(() => [globalThis.__doneAt, globalThis.__summaryAt || globalThis.__doneAt]);
  const wall = Math.round(doneAt - t0);
  const toSummary = Math.round(summaryAt - t0);
  await page.waitForTimeout(300); // let the paint / review tasks after the import land
  const r = await page.evaluate(({ wall, len }) => {
    const s = document.querySelector('[data-testid="import-summary"]')?.textContent ?? '';
    return {
      wall,
      summary: s,
      diagnostics: document.querySelectorAll('[data-testid="diagnostic"]').length,
      findings: document.querySelector('[data-testid="finding-counts"]')?.textContent ?? '',
      longest: Math.max(0, ...globalThis.__longtasks),
      heapMB: (performance.memory?.usedJSHeapSize ?? 0) / 1048576,
      crashed: Boolean(document.querySelector('[data-testid="crash-panel"]')),
      textKept: globalThis.erdsmithEditor.text().length === len, // len: after the editor's CR/CRLF → LF normalisation
    };
  }, { wall, len: text.replace(/\r\n?/g, '\n').length });
  return { ...summaryFigures(r.summary), ...r, toSummary };
}

/**
 * Waits for the import after a change: the summary differs from `before` and no progress bar is
 * shown (or the crash panel is); with `until: 'review'`, also the figures filled in after the
 * review ran. Sets `__doneAt` in the page (performance.now(), the first check that saw it), and
 * `__summaryAt` (the first check that saw the new summary).
 */
export async function waitImport(page, before, { until = 'summary', timeout = 300_000 } = {}) {
  await page.waitForFunction(({ b, review }) => {
    const s = document.querySelector('[data-testid="import-summary"]')?.textContent ?? '';
    const reviewed = !review || Number(s.match(/\((\d+) ms working/)?.[1] ?? 0) > 0;
    const done = (s && s !== b && reviewed && !document.querySelector('[data-testid="import-progress"]'))
      || document.querySelector('[data-testid="crash-panel"]');
    if (s && s !== b && !globalThis.__summaryAt) globalThis.__summaryAt = performance.now();
    if (done && !globalThis.__doneAt) globalThis.__doneAt = performance.now();
    return done;
  }, { b: before, review: until === 'review' }, { timeout, polling: 10 });
}

/** Starts counting animation frames and clears the Event Timing and long-task records. */
const startFrames = (page) => page.evaluate(() => {
  globalThis.__events.length = 0; globalThis.__longtasks.length = 0; globalThis.__pointerEvents = 0;
  globalThis.__frames = 0; globalThis.__run = true;
  const tick = () => { globalThis.__frames++; if (globalThis.__run) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  globalThis.__t = performance.now();
});

/**
 * Stops counting: frames per second, and the pointer events' latency p95 (Event Timing: input
 * delay + processing + next paint; events under 16 ms are not reported, so the rank is taken over
 * every pointer event counted), the slow events, the longest task.
 */
const stopFrames = (page) => page.evaluate(() => {
  globalThis.__run = false;
  const secs = (performance.now() - globalThis.__t) / 1000;
  const pointer = globalThis.__events.filter((e) => e.name.startsWith('pointer'));
  // The p95 is over the gesture's own events (down, move, up: the ones counted); pointerover/out
  // entries are listed in `slow` only.
  const d = pointer.filter((e) => /^pointer(down|move|up)$/.test(e.name)).map((e) => e.duration).sort((a, b) => a - b);
  const total = Math.max(globalThis.__pointerEvents, d.length);
  const rank = Math.ceil(total * 0.95) - (total - d.length);
  return {
    fps: globalThis.__frames / secs,
    secs,
    total,
    slowEvents: d.length,
    p95: rank <= 0 ? 0 : d[rank - 1], // 0: under 16 ms (not reported by Event Timing)
    p95Under16: rank <= 0,
    slow: pointer.map((e) => `${e.name} ${e.duration}`).join(', '),
    maxLong: Math.max(0, ...globalThis.__longtasks),
  };
});

/** Fits the diagram, then pans it with a background drag (60 moves); frame and latency figures. */
export async function panAtFit(page) {
  await page.click('[data-testid="fit"]');
  await page.waitForTimeout(1000); // let the fit's own paint and event entry land before counting
  await quiet(page);
  const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
  await startFrames(page);
  await page.mouse.move(canvas.x + 30, canvas.y + canvas.height - 30);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) await page.mouse.move(canvas.x + 30 + i * 5, canvas.y + canvas.height - 30 - i * 3);
  await page.mouse.up();
  return stopFrames(page);
}

/**
 * Zooms to 100% on a table found by the search box (`name`), then drags its header for 120
 * moves; frame and latency figures.
 */
export async function dragAt100(page, name = 'order_1') {
  await page.click('[data-testid="fit"]');
  await page.locator('[data-testid="table-search"]').fill(name);
  await page.locator('[data-testid="table-search"]').press('Enter');
  await page.waitForTimeout(1000);
  await quiet(page);
  const head = await page.locator('[data-testid="table"] .header').first().boundingBox();
  const x = head.x + head.width / 2; const y = head.y + head.height / 2;
  await startFrames(page);
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 120; i++) await page.mouse.move(x + Math.sin(i / 10) * 200, y + i * 2);
  await page.mouse.up();
  return stopFrames(page);
}

/**
 * `steps` wheel-zoom steps at the canvas centre (in, out, in, …), 200 ms apart; for each, the
 * time from the wheel event to the frame after the app's update (ms). Returns the list.
 */
export async function wheelSteps(page, steps = 6) {
  await quiet(page);
  const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await page.evaluate(() => {
    globalThis.__wheel = [];
    // Capture, so this runs before the app's handler; the rAF callback runs after the handler,
    // its reactive updates and the frame's style/layout, and the timeout after that frame's paint.
    addEventListener('wheel', (e) => {
      const t = e.timeStamp;
      requestAnimationFrame(() => setTimeout(() => globalThis.__wheel.push(performance.now() - t), 0));
    }, { capture: true, passive: true });
  });
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, i % 2 ? 100 : -100);
    await page.waitForTimeout(200);
  }
  return page.evaluate(() => globalThis.__wheel.slice());
}
