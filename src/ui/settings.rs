//! Rule settings: switch each rule on or off and edit the thresholds. Changes go into
//! `App::analysis`, which the findings memo reads and the project save stores. The settings
//! import from and export to `erdsmith.toml` (`analysis::config_file`), the file the CLI reads.

use super::browser;
use super::state::App;
use crate::analysis::{self, Thresholds, config_file};
use leptos::prelude::*;

thread_local! {
    static READER: std::cell::RefCell<Option<gloo::file::callbacks::FileReader>> = const { std::cell::RefCell::new(None) };
}

#[component]
pub fn RuleSettingsPanel() -> impl IntoView {
    let app = expect_context::<App>();
    let rows = move || app.analysis.with(analysis::rule_settings);
    let threshold = move |label: &'static str, testid: &'static str, get: fn(&Thresholds) -> usize, set: fn(&mut Thresholds, usize)| {
        view! {
            <label class="threshold">
                {label} " "
                <input type="number" min="1" data-testid=testid aria-label=label
                    prop:value=move || app.analysis.with(|c| get(&c.thresholds).to_string())
                    on:change=move |ev| {
                        if let Some(n) = analysis::parse_count_threshold(&event_target_value(&ev)) {
                            app.analysis.update(|c| set(&mut c.thresholds, n));
                        }
                    } />
            </label>
        }
    };
    let export = move |_| {
        let text = app.analysis.with_untracked(config_file::write);
        if let Err(e) = browser::download("erdsmith.toml", &text, "application/toml;charset=utf-8") {
            app.status.set(e);
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        let reader = browser::read_text(file, move |name, result| {
            let read = result.and_then(|text| {
                let base = app.analysis.with_untracked(config_file::without_settings);
                config_file::read(&text, &base).map_err(|e| format!("{name}:{e}"))
            });
            match read {
                Ok((config, warnings)) => {
                    app.analysis.set(config);
                    let note = warnings.first().map(|w| format!(" ({}:{}: {})", w.span.line, w.span.column, w.message)).unwrap_or_default();
                    app.status.set(format!("Rule settings imported from {name}{note}"));
                }
                Err(e) => app.status.set(format!("Could not import {e}")),
            }
        });
        READER.with(|r| *r.borrow_mut() = Some(reader));
    };
    view! {
        <details class="panel rule-settings" data-testid="rule-settings">
            <summary><h2>"Rule settings"</h2></summary>
            <div class="settings-file">
                <button data-testid="settings-export" aria-label="Export rule settings as erdsmith.toml" on:click=export>"Export erdsmith.toml"</button>
                <label class="field">"Import "
                    <input type="file" accept=".toml,text/plain" data-testid="settings-import" aria-label="Import rule settings from erdsmith.toml"
                        on:change=import />
                </label>
            </div>
            <div class="thresholds">
                {threshold("Max indexes per table", "threshold-max-indexes", |t| t.max_indexes, |t, n| t.max_indexes = n)}
                {threshold("Max columns per table", "threshold-max-columns", |t| t.max_columns, |t, n| t.max_columns = n)}
                {threshold("Max columns per index", "threshold-max-index-columns", |t| t.max_index_columns, |t, n| t.max_index_columns = n)}
            </div>
            <ul class="rule-toggles">
                {move || rows().into_iter().map(|r| {
                    let id = r.id;
                    view! {
                        <li>
                            <label title=r.summary>
                                <input type="checkbox" data-testid="rule-toggle" data-rule=id
                                    aria-label=format!("Enable rule {id}")
                                    prop:checked=r.enabled
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        app.analysis.update(|c| c.set_enabled(id, on));
                                    } />
                                " " <code>{id}</code> " " <span class="muted">{r.severity.as_str()}</span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}
