//! The Leptos UI (wasm32 only). The UI helper owns `src/ui/`.

use leptos::prelude::*;

pub fn start() {
    console_error_panic_hook::set_once();
    mount_to_body(|| view! { <p>"erdsmith"</p> });
}
