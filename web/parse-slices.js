// Imported first by editor.js, before CodeMirror's modules run: keeps the background parse of
// @codemirror/language in slices that leave the page responsive.
//
// @codemirror/language parses in the background in idle callbacks. Where the browser has
// `navigator.scheduling.isInputPending` (Chromium), each slice may run up to 100 ms, stopping
// early only for input — frames wait meanwhile: after a 1000-table paste, one slice was a
// 55–85 ms task. Without it a slice ends with the idle period the browser offered (at most
// 45 ms). The module reads the function once when it loads, so it is hidden before that.
const scheduling = globalThis.navigator?.scheduling;
if (scheduling?.isInputPending) {
  Object.defineProperty(scheduling, 'isInputPending', { value: undefined, configurable: true });
}

// The slice is what remains of the idle period less 5 ms, and an idle period can be 50 ms: a
// 45 ms parse, with its garbage collection sometimes over 50 ms. Idle callbacks (only
// CodeMirror's and the editor's warm-up ask for them) see at most `IDLE_MAX_MS` left, so a
// slice is CodeMirror's least, 25 ms.
const IDLE_MAX_MS = 30;
if (typeof globalThis.requestIdleCallback === 'function') {
  const request = globalThis.requestIdleCallback.bind(globalThis);
  globalThis.requestIdleCallback = (callback, options) => request((deadline) => callback({
    didTimeout: deadline.didTimeout,
    timeRemaining: () => Math.min(deadline.timeRemaining(), IDLE_MAX_MS),
  }), options);
}
