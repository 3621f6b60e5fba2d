// Imported first by editor.js, before CodeMirror's modules run.
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
