//! Rule settings: switch each rule on or off and edit the thresholds. Changes go into
//! `App::analysis`, which the findings memo reads and the project save stores.

use super::state::App;
use crate::analysis::{self, Thresholds};
use leptos::prelude::*;

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
    view! {
        <details class="panel rule-settings" data-testid="rule-settings">
            <summary><h2>"Rule settings"</h2></summary>
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
