// erdsmith's import worker (src/ui/worker.rs): the page sends the URL of its wasm-bindgen glue and
// its compiled WebAssembly module; this imports the one and instantiates the other, and the app's
// `main`, seeing a worker, serves imports from then on. A failure to start is reported to the
// page (as the worker's messages are: UTF-8 JSON bytes), which then imports on its own.
self.onmessage = async (event) => {
  self.onmessage = null;
  const { glue, module } = event.data;
  try {
    const bindings = await import(glue);
    await bindings.default({ module_or_path: module });
  } catch (e) {
    self.postMessage(new TextEncoder().encode(JSON.stringify({ Failed: `the import worker did not start: ${e}` })));
  }
};
