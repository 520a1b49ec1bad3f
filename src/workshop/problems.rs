//! The checker's messages as a GOV.UK-style error summary: each names its
//! line and column, says what is wrong and how to fix it, and links to the
//! place in the editor. The count is always shown in words, and errors and
//! warnings are told apart by words, not colour.

use super::check::Checked;
use super::text::count_problems;
use crate::app::Shared;
use crate::core::diagnostic::Severity;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub checked: Option<Shared<Checked>>,
    /// Line, column and width (in characters) to select in the editor.
    pub on_jump: Callback<(usize, usize, usize)>,
    pub editor_id: AttrValue,
}

#[component]
pub fn Problems(props: &ProblemsProps) -> Html {
    let body = match &props.checked {
        None => html! {
            <p class="body" id="problems-status">{ "The editor is empty: open a file, paste a scenario or start from the template, and any problems will be listed here." }</p>
        },
        Some(checked) if checked.draft.diagnostics.is_empty() => html! {
            <p class="body problems__clean" id="problems-status">
                <strong class="tag tag--done">{ "No problems" }</strong>
                { " The file passes every check: 0 errors and 0 warnings." }
            </p>
        },
        Some(checked) => {
            let items = checked.draft.diagnostics.iter().map(|d| {
                let (line, column, width) = (d.line, d.column, d.underline);
                let on_jump = props.on_jump.clone();
                let onclick = Callback::from(move |e: MouseEvent| {
                    e.prevent_default();
                    on_jump.emit((line, column, width));
                });
                let (severity, class) = match d.severity {
                    Severity::Error => ("Error", "problem problem--error"),
                    Severity::Warning => ("Warning", "problem problem--warning"),
                };
                html! {
                    <li class={class}>
                        <a class="problem__link" href={format!("#{}", props.editor_id)} {onclick}>
                            <span class="problem__where">{ format!("Line {line}, column {column}") }</span>
                            { ": " }
                            <span class="problem__severity">{ severity }</span>
                            { ": " }{ &d.message }
                        </a>
                        <span class="problem__code">{ format!(" ({})", d.code) }</span>
                        if let Some(hint) = &d.hint {
                            <p class="problem__hint"><span class="label">{ "How to fix it: " }</span>{ hint }</p>
                        }
                    </li>
                }
            });
            html! {
                <div class={if checked.errors > 0 { "error-summary problems" } else { "warning-summary problems" }}>
                    <p class="problems__status" id="problems-status">
                        { format!("{} in {}.", count_problems(checked.errors, checked.warnings), checked.source.name) }
                        if checked.errors > 0 {
                            { " The file cannot be played until every error is fixed. Fix them from the top: one mistake can cause several messages." }
                        } else {
                            { " The file can be played; fix the warnings before publishing it." }
                        }
                    </p>
                    <ol class="problems__list">{ for items }</ol>
                </div>
            }
        }
    };
    html! {
        <section class="section" aria-labelledby="problems-title">
            <h2 class="heading-m" id="problems-title">{ "Problems" }</h2>
            { body }
        </section>
    }
}
