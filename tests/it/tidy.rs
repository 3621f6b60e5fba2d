//! Architecture checks: the core has no web dependency.

use std::path::Path;

const WEB_CRATES: [&str; 5] = ["leptos", "web_sys", "wasm_bindgen", "gloo", "js_sys"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn web_crates_only_in_ui_and_main() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 5, "found the sources");
    let mut offenders = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        if rel.starts_with("ui/") || rel == "main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("utf-8 source");
        for krate in WEB_CRATES {
            if text.contains(&format!("{krate}::")) || text.contains(&format!("use {krate}")) {
                offenders.push(format!("{rel} uses {krate}"));
            }
        }
    }
    assert!(offenders.is_empty(), "web crates outside src/ui and src/main.rs: {offenders:?}");
}

#[test]
fn web_crates_are_wasm_only_dependencies() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).expect("Cargo.toml");
    let wasm_section = manifest
        .split("[target.'cfg(target_arch = \"wasm32\")'.dependencies]")
        .nth(1)
        .expect("a wasm32-only dependency section");
    let wasm_section = wasm_section.split("\n[").next().unwrap_or("");
    for krate in ["leptos", "web-sys", "wasm-bindgen", "gloo"] {
        assert!(wasm_section.contains(&format!("\n{krate} =")), "{krate} is declared wasm32-only");
    }
    let before = manifest.split("[target.'cfg(target_arch = \"wasm32\")'.dependencies]").next().unwrap_or("");
    for krate in ["leptos", "web-sys", "wasm-bindgen", "gloo"] {
        assert!(!before.contains(&format!("\n{krate} =")), "{krate} is not a native dependency");
    }
}
