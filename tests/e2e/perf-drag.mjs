// Performance figures for a 1000-table diagram in Chromium (not a test; prints numbers, one run):
// import / layout / review time, scripted drag fps, interaction latency p95, JS heap after import.
// perf-figures.mjs measures the same three times each, with the goals of issue 17.
// Usage: node tests/e2e/perf-drag.mjs [TABLES]   (needs a release build in dist/)
import { serve, launch } from './app-support.mjs';
import { gen, openPage, pasteMeasured, dragAt100, panAtFit } from './perf-support.mjs';

const N = Number(process.argv[2] ?? 1000);
const ddl = gen(N);
const server = await serve();
const browser = await launch();
try {
  const { page, seen } = await openPage(browser, server.origin, { settle: 0 });
  const r = await pasteMeasured(page, ddl, { until: 'review' });
  const drag = await dragAt100(page);
  const pan = await panAtFit(page);
  const p95 = (x) => (x.p95Under16 ? '<16' : x.p95.toFixed(0));
  console.log(`tables:               ${N} (${(ddl.length / 1024).toFixed(0)} KiB of DDL)`);
  console.log(`import summary:       ${r.summary}`);
  console.log(`paste→review wall:    ${r.wall} ms`);
  console.log(`import (in page):     ${r.importMs} ms`);
  console.log(`layout (in page):     ${r.layoutMs} ms`);
  console.log(`longest task (import): ${r.longest.toFixed(0)} ms`);
  console.log(`JS heap after import: ${r.heapMB ? r.heapMB.toFixed(1) + ' MiB' : 'n/a'}`);
  console.log(`drag (zoom 100%):     ${drag.fps.toFixed(1)} fps over ${drag.secs.toFixed(1)} s; ${drag.total} pointer events, ${drag.slowEvents} of them ≥16 ms (${drag.slow}); latency p95 ${p95(drag)} ms; longest task ${drag.maxLong.toFixed(0)} ms`);
  console.log(`pan (fit, all boxes): ${pan.fps.toFixed(1)} fps; latency p95 ${p95(pan)} ms`);
  if (seen.errors.length) console.log('console errors:', seen.errors);
  if (seen.foreign.length) console.log('foreign requests:', seen.foreign);
} finally {
  await browser.close();
  await server.close();
}
