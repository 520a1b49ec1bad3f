//! The checker's messages as a GOV.UK-style error summary: each names its
//! line and column, says what is wrong and how to fix it, and links to the
//! place in the editor. Root causes come first; the problems each one
//! causes are listed under it, folded away, since they should clear when it
//! is fixed. The count is always shown in words, and errors and warnings
//! are told apart by words, not colour.

use super::check::Checked;
use super::text::count_problems;
use crate::app::Shared;
use crate::core::diagnostic::{LocatedDiagnostic, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub checked: Option<Shared<Checked>>,
    /// Line, column and width (in characters) to select in the editor.
    pub on_jump: Callback<(usize, usize, usize)>,
    pub editor_id: AttrValue,
}

fn class_of(d: &LocatedDiagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "problem problem--error",
        Severity::Warning => "problem problem--warning",
    }
}

/// One problem: where, what, the code and how to fix it, linking to the editor.
fn problem_body(
    d: &LocatedDiagnostic,
    on_jump: &Callback<(usize, usize, usize)>,
    editor_id: &AttrValue,
) -> Html {
    let (line, column, width) = (d.line, d.column, d.underline);
    let on_jump = on_jump.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        on_jump.emit((line, column, width));
    });
    let severity = match d.severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    };
    html! {
        <>
            <a class="problem__link" href={format!("#{editor_id}")} {onclick}>
                <span class="problem__where">{ format!("Line {line}, column {column}") }</span>
                { ": " }
                <span class="problem__severity">{ severity }</span>
                { ": " }{ &d.message }
            </a>
            <span class="problem__code">{ format!(" ({})", d.code) }</span>
            if let Some(hint) = &d.hint {
                <p class="problem__hint"><span class="label">{ "How to fix it: " }</span>{ hint }</p>
            }
        </>
    }
}

fn problem(
    d: &LocatedDiagnostic,
    on_jump: &Callback<(usize, usize, usize)>,
    editor_id: &AttrValue,
) -> Html {
    html! { <li class={class_of(d)}>{ problem_body(d, on_jump, editor_id) }</li> }
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
                let folded = d.consequences_summary().map(|summary| {
                    html! {
                        <details class="details problem__consequences">
                            <summary class="details__summary">{ summary }</summary>
                            <ul class="list">
                                { for d.consequences.iter().map(|c| problem(c, &props.on_jump, &props.editor_id)) }
                            </ul>
                        </details>
                    }
                });
                html! {
                    <li class={class_of(d)}>
                        { problem_body(d, &props.on_jump, &props.editor_id) }
                        { for folded }
                    </li>
                }
            });
            html! {
                <div class={if checked.errors > 0 { "error-summary problems" } else { "warning-summary problems" }}>
                    <p class="problems__status" id="problems-status">
                        { format!("{} in {}.", count_problems(checked.errors, checked.warnings), checked.source.name) }
                        if checked.errors > 0 {
                            { " The file cannot be played until every error is fixed. Start with the first: the problems a mistake causes are listed under it, and should clear when it is fixed." }
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
