//! Small browser services the views need: time, fresh seeds, focus, the
//! page title, navigation, printing and downloads.

use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlElement, Url};

pub const SERVICE: &str = "Course of Conduct";

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a browser window")
}

fn document() -> web_sys::Document {
    window().document().expect("the window has a document")
}

/// Runs `then` once the browser has painted what is drawn now: after the
/// next animation frame, in a task of its own.
pub fn after_paint(then: impl FnOnce() + 'static) {
    let next_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        gloo::timers::callback::Timeout::new(0, then).forget();
    });
    let _ = window().request_animation_frame(next_frame.unchecked_ref());
}

/// A lazily loaded module's answer as texts: a JS list of strings (what is
/// not a string reads as empty), or none when the answer is not a list.
pub fn strings(answer: &JsValue) -> Vec<String> {
    answer
        .dyn_ref::<js_sys::Array>()
        .map(|list| {
            list.iter()
                .map(|item| item.as_string().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

/// Milliseconds since 1970-01-01 UTC.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// A fresh seed for a new run. It only varies which cast and option order a
/// run gets, so `Math.random` is enough; the run itself is replayed from it.
pub fn fresh_seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
}

/// "28 Nov 2025, 09:14" in the officer's own time zone.
pub fn date_time(ms: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        // Setting a plain property on a fresh object cannot fail.
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    String::from(date.to_locale_string("en-GB", &options))
}

pub fn set_title(page: &str) {
    document().set_title(&format!("{page} – {SERVICE}"));
}

thread_local! {
    /// Focus is only moved once the officer has done something: on first
    /// load it stays at the top of the page, where the skip link is.
    static MOVED: Cell<bool> = const { Cell::new(false) };
}

/// Notes that the officer has navigated or acted, so focus may follow.
pub fn note_interaction() {
    MOVED.with(|m| m.set(true));
}

pub fn may_move_focus() -> bool {
    MOVED.with(Cell::get)
}

pub fn focus(element: &web_sys::Element) {
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        let _ = element.focus();
    } else if let Some(element) = element.dyn_ref::<web_sys::SvgElement>() {
        // The workshop's map boxes are SVG groups.
        let _ = element.focus();
    }
}

pub fn focus_id(id: &str) {
    focus_existing(id);
}

/// Focuses the element with this id; false if there is none.
pub fn focus_existing(id: &str) -> bool {
    match document().get_element_by_id(id) {
        Some(element) => {
            focus(&element);
            true
        }
        None => false,
    }
}

pub fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Goes to a route's link, adding a history entry. False when the address
/// already is that link, so no `hashchange` will follow.
pub fn go(href: &str) -> bool {
    note_interaction();
    if current_hash() == href {
        return false;
    }
    let _ = window().location().set_hash(href.trim_start_matches('#'));
    true
}

/// Changes the address without a new history entry or a route change, so a
/// reload opens `href` while the current view stays.
pub fn replace_address(href: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(href));
    }
}

pub fn print() {
    let _ = window().print();
}

/// Saves `text` as a file through a temporary Blob URL: nothing leaves the browser.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    save(file_name, mime, &JsValue::from_str(text))
}

/// Saves bytes (a zip the workshop made) the same way.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    save(file_name, mime, &js_sys::Uint8Array::from(bytes))
}

fn save(file_name: &str, mime: &str, content: &JsValue) -> Result<(), String> {
    let describe = |e: JsValue| {
        e.as_string()
            .unwrap_or_else(|| "the browser refused the download".into())
    };
    let parts = js_sys::Array::of1(content);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let link: HtmlAnchorElement = document()
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "could not create a link".to_string())?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Revoke after the click has been handled, or some browsers cancel the download.
    gloo::timers::callback::Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
