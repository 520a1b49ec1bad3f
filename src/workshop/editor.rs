//! The editor: a plain textarea (the browser's own editing, undo, paste and
//! accessibility) with a gutter of line numbers that scrolls with it. The
//! textarea is uncontrolled, so the cursor never jumps while the trainer
//! types: the text goes in only when a file is opened, and comes out on
//! each input, checked once typing pauses.

use super::text::{gutter, line_count};
use super::Document;
use gloo::timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

pub const EDITOR_ID: &str = "scenario-text";
/// How long typing must pause before the text is checked.
const PAUSE_MS: u32 = 300;
/// The textarea's padding in CSS pixels (see `.editor__text` in workshop.css).
const PADDING: f64 = 8.0;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub node: NodeRef,
    pub document: Rc<Document>,
    /// The whole text, once typing pauses.
    pub on_change: Callback<String>,
    /// Set while there is typing the page has not been given yet, so an
    /// open, an undo or a switch to the forms can take it first.
    pub unsent: Rc<Cell<bool>>,
}

/// Focuses the textarea with `start..end` (UTF-16 units) selected, and
/// scrolls so that `line` sits in the upper part of the box.
pub fn select(area: &HtmlTextAreaElement, start: u32, end: u32, line: usize) {
    let _ = area.focus();
    let _ = area.set_selection_range(start, end);
    // The whole editor in view, from its top, so the line is on screen too.
    area.scroll_into_view();
    let lines = line_count(&area.value()) as f64;
    let content = f64::from(area.scroll_height()) - 2.0 * PADDING;
    if content > f64::from(area.client_height()) && lines > 0.0 {
        let line_height = content / lines;
        let top = (line as f64 - 1.0) * line_height - f64::from(area.client_height()) / 3.0;
        area.set_scroll_top(top.max(0.0) as i32);
    }
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let lines = use_state_eq(|| line_count(&props.document.text));
    let gutter_node = use_node_ref();
    let pause = use_mut_ref(|| None::<Timeout>);

    // New text from elsewhere (a file opened, a form, an undo) replaces
    // the text; a newly opened file starts at the top.
    let opened = use_mut_ref(|| props.document.opened);
    {
        let node = props.node.clone();
        let gutter_node = gutter_node.clone();
        let lines = lines.setter();
        let document = Rc::clone(&props.document);
        let pause = Rc::clone(&pause);
        let unsent = props.unsent.clone();
        use_effect_with(props.document.seq, move |_| {
            if let Some(area) = node.cast::<HtmlTextAreaElement>() {
                // A check still waiting for a pause would be of the old text.
                pause.borrow_mut().take();
                unsent.set(false);
                if area.value() != document.text {
                    area.set_value(&document.text);
                }
                if *opened.borrow() != document.opened || document.seq == 0 {
                    *opened.borrow_mut() = document.opened;
                    area.set_scroll_top(0);
                    area.set_scroll_left(0);
                }
                if let Some(gutter) = gutter_node.cast::<web_sys::Element>() {
                    gutter.set_scroll_top(area.scroll_top());
                }
            }
            lines.set(line_count(&document.text));
        });
    }

    let oninput = {
        let lines = lines.clone();
        let on_change = props.on_change.clone();
        let unsent = props.unsent.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            lines.set(line_count(&text));
            let on_change = on_change.clone();
            unsent.set(true);
            let unsent = unsent.clone();
            // Replacing the timeout cancels the one before: only a pause checks.
            *pause.borrow_mut() = Some(Timeout::new(PAUSE_MS, move || {
                unsent.set(false);
                on_change.emit(text);
            }));
        })
    };
    let onscroll = {
        let gutter_node = gutter_node.clone();
        Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(gutter) = gutter_node.cast::<web_sys::Element>() {
                gutter.set_scroll_top(area.scroll_top());
            }
        })
    };
    let numbers = use_memo(*lines, |n| gutter(*n));
    html! {
        <div class="form-group">
            <label class="label-block" for={EDITOR_ID}>{ "Scenario file (TOML)" }</label>
            <p class="hint" id="scenario-text-hint">
                { "Type or paste here. The file is checked whenever you pause, and the problems are listed below with their line and column. Tab moves on from the editor; use spaces to indent." }
            </p>
            <div class="editor">
                <pre class="editor__gutter" aria-hidden="true" ref={gutter_node}>{ (*numbers).clone() }</pre>
                <textarea
                    class="editor__text"
                    id={EDITOR_ID}
                    ref={props.node.clone()}
                    rows="24"
                    wrap="off"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    aria-describedby="scenario-text-hint problems-status"
                    {oninput}
                    {onscroll}
                />
            </div>
        </div>
    }
}
