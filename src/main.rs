//! The web app entry point: panic hook and mount (or, in the import worker, its loop); nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    // The same module runs the import worker (src/ui/worker.rs).
    if erdsmith::ui::worker::is_worker() {
        erdsmith::ui::worker::serve();
        return;
    }
    erdsmith::ui::crash::install();
    erdsmith::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("erdsmith-web is the browser app: build it for wasm32 with `trunk build`; the native CLI is `erdsmith`.");
    std::process::exit(2);
}
