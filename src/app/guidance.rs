//! The guidance pages (`#/guidance`, `#/guidance/<slug>`) and the links
//! every citation becomes. Neither the guidance nor the code that draws it
//! is in the officer's first load: the app holds `citation` and a page
//! with a heading and an empty container, and imports the guidance module
//! (`dist/guidance/`, built from `src/guidance/` around `show` below) when a
//! guidance page opens. The module fetches `compiled/guidance.bin` (made at
//! publishing) with `scenarios/guidance.toml` beside it, as scenarios are;
//! when the file on the server differs from what was compiled, or nothing
//! was compiled, the checker module reads the file instead. The text is
//! data: the module builds text nodes and links, never markup.

use crate::app::browser;
use crate::app::checker;
use crate::app::fetch::{self, LoadFailure};
use crate::app::route::Route;
use crate::core::framework::{Guidance, GuidanceSection};
use crate::core::guidance::{
    blocks, citation_pieces, cite_of_slug, outline, slug, source_hash, text_pieces, Block,
    CompiledGuidance, Piece, GUIDANCE_FILE,
};
use crate::core::publish::{decode, CHECKER_VERSION, COMPILED_DIR};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};
use yew::prelude::*;

thread_local! {
    /// The guidance once read this visit.
    static LOADED: RefCell<Option<Rc<Guidance>>> = const { RefCell::new(None) };
    /// Where the app is from the page showing a citation: "" in the app,
    /// "../" in the workshop.
    static APP: Cell<&'static str> = const { Cell::new("") };
}

/// Makes citation links on this page open the app's guidance at `app`,
/// a relative path such as "../" (the workshop is beside the app).
pub fn link_to_app_at(app: &'static str) {
    APP.with(|a| a.set(app));
}

/// A section's page, as a link from this page.
fn section_href(cite: &str) -> String {
    format!(
        "{}{}",
        APP.with(Cell::get),
        Route::Guidance(Some(slug(cite))).href()
    )
}

/// A citation string with each section it names as a link to its page and
/// every other word (a note, a source outside the guidance) as plain text.
pub fn citation(cite: &str) -> Html {
    citation_pieces(cite)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => html! { { text.to_string() } },
            // "§5" in "Ref §1, §5" is named in full for screen readers.
            Piece::Section { text, cite } => html! {
                <a class="link" href={section_href(&cite)} aria-label={(text != cite).then(|| cite.clone())}>{ text.to_string() }</a>
            },
        })
        .collect()
}

async fn load() -> Result<Rc<Guidance>, LoadFailure> {
    if let Some(guidance) = LOADED.with(|l| l.borrow().clone()) {
        return Ok(guidance);
    }
    let compiled = fetch::send(&format!("{COMPILED_DIR}/{GUIDANCE_FILE}"));
    let source = fetch::send("scenarios/guidance.toml");
    let compiled = match fetch::bytes(compiled).await {
        Ok(Some(bytes)) => decode::<CompiledGuidance>(&bytes)
            .ok()
            .filter(|c| c.checker == CHECKER_VERSION),
        _ => None,
    };
    // Without the file (or if it cannot be fetched), the release's own is shown.
    let source = fetch::text(source).await.ok().flatten();
    let guidance = match (compiled, source) {
        (Some(compiled), Some(text)) if compiled.source == source_hash(&text) => {
            compiled.guidance
        }
        (Some(compiled), None) => compiled.guidance,
        (_, Some(text)) => read_by_checker(text).await?,
        (None, None) => {
            return Err(LoadFailure {
                summary: "The guidance is not on the server (compiled/guidance.bin and scenarios/guidance.toml are missing).".into(),
                details: Vec::new(),
            })
        }
    };
    let guidance = Rc::new(guidance);
    LOADED.with(|l| *l.borrow_mut() = Some(Rc::clone(&guidance)));
    Ok(guidance)
}

/// A `guidance.toml` edited on the server since the release (or never
/// compiled), read by the checker module.
async fn read_by_checker(text: String) -> Result<Guidance, LoadFailure> {
    let answer = checker::guidance(text).await.map_err(|error| LoadFailure {
        summary: format!(
            "The guidance file on the server has changed since this release, and the checker that reads it could not be loaded: {}.",
            fetch::describe(error)
        ),
        details: Vec::new(),
    })?;
    decode::<Result<Guidance, LoadFailure>>(&js_sys::Uint8Array::new(&answer).to_vec()).map_err(
        |why| LoadFailure {
            summary: format!("The checker's answer could not be read ({why})."),
            details: Vec::new(),
        },
    )?
}

#[wasm_bindgen(module = "/src/app/modules.js")]
extern "C" {
    /// Imports the guidance module if need be and has it draw a page.
    #[wasm_bindgen(catch, js_name = showGuidance)]
    async fn show_in_module(
        container: Element,
        slug: Option<String>,
        focus: bool,
    ) -> Result<JsValue, JsValue>;
}

/// The element a guidance page is drawn in.
const PAGE: &str = "guidance-page";

/// A guidance page as the app renders it: a container, keyed by the route,
/// that says it is loading until the guidance module draws the page in it
/// (`show_page`, run by the app once the route has been rendered), with
/// its heading, focus and title.
pub fn page(key: String) -> Html {
    html! {
        <div key={key} id={PAGE}>
            <p class="body" role="status">{ "Loading the guidance…" }</p>
        </div>
    }
}

/// Has the guidance module draw the page for `slug` (the index when none).
pub fn show_page(slug: Option<String>) {
    let focus = browser::may_move_focus();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(container) = gloo::utils::document().get_element_by_id(PAGE) else {
            return;
        };
        if let Err(error) = show_in_module(container.clone(), slug, focus).await {
            container.set_text_content(Some(&format!(
                "The guidance could not be loaded: {}.",
                fetch::describe(error)
            )));
        }
    });
}

/// The guidance module's one call: draws the page for `slug` (the index
/// when none) into `container`, with its heading (focused when `focus`)
/// and the page title. What cannot be loaded is said on the page, with
/// details for trainers.
pub async fn show(container: Element, slug: Option<String>, focus: bool) {
    let page = Page {
        document: gloo::utils::document(),
    };
    let body = page
        .document
        .create_element("div")
        .expect("a document makes elements");
    let (heading, caption) = match load().await {
        Err(failure) => {
            page.failure(&body, &failure);
            ("The guidance could not be loaded".to_string(), None)
        }
        Ok(guidance) => {
            match &slug {
                None => {
                    page.index(&body, &guidance);
                    ("Guidance".to_string(), None)
                }
                Some(slug) => match cite_of_slug(slug).and_then(|cite| guidance.section(&cite)) {
                    Some(section) => {
                        page.section(&body, &guidance, section);
                        let source = guidance
                            .sources
                            .iter()
                            .find(|s| section.cite.starts_with(&format!("{} §", s.prefix)))
                            .map_or("Guidance", |s| s.title.as_str());
                        (
                            section.title.clone(),
                            Some(format!("{} · {source}", section.cite)),
                        )
                    }
                    None => {
                        let p = page.add(&body, "p", "body");
                        page.text(&p, "There is no guidance section at this address. It may have been mistyped.");
                        page.back_to_index(&body);
                        ("Guidance section not found".to_string(), None)
                    }
                },
            }
        }
    };
    container.set_text_content(None);
    if let Some(caption) = caption {
        let p = page.add(&container, "p", "caption");
        page.text(&p, &caption);
    }
    let h1 = page.add(&container, "h1", "heading-l");
    let _ = h1.set_attribute("tabindex", "-1");
    page.text(&h1, &heading);
    while let Some(child) = body.first_child() {
        let _ = container.append_child(&child);
    }
    browser::set_title(&heading);
    if focus {
        browser::focus(&h1);
    }
}

/// Builds a page's elements: every piece of text is a text node.
struct Page {
    document: Document,
}

impl Page {
    fn add(&self, parent: &Element, tag: &str, class: &str) -> Element {
        let element = self
            .document
            .create_element(tag)
            .expect("a document makes elements");
        if !class.is_empty() {
            element.set_class_name(class);
        }
        let _ = parent.append_child(&element);
        element
    }

    fn text(&self, parent: &Element, text: &str) {
        let _ = parent.append_child(&self.document.create_text_node(text));
    }

    fn link(&self, parent: &Element, href: &str, text: &str, label: Option<&str>) {
        let a = self.add(parent, "a", "link");
        let _ = a.set_attribute("href", href);
        if let Some(label) = label {
            let _ = a.set_attribute("aria-label", label);
        }
        self.text(&a, text);
    }

    fn back_to_index(&self, parent: &Element) {
        let p = self.add(parent, "p", "body");
        self.link(
            &p,
            &Route::Guidance(None).href(),
            "All guidance sections",
            None,
        );
    }

    fn failure(&self, parent: &Element, failure: &LoadFailure) {
        let p = self.add(parent, "p", "body");
        self.text(&p, &failure.summary);
        if !failure.details.is_empty() {
            let details = self.add(parent, "details", "details");
            let summary = self.add(&details, "summary", "details__summary");
            self.text(&summary, "Details for trainers");
            let inner = self.add(&details, "div", "details__text");
            for detail in &failure.details {
                let pre = self.add(&inner, "pre", "diagnostic");
                self.text(&pre, detail);
            }
        }
        let p = self.add(parent, "p", "body");
        self.link(&p, &Route::Home.href(), "Go to the scenarios", None);
    }

    /// The two sources with what they are, and every section as a link
    /// that names it ("Ref §4: The law…"), grouped under its top-level section.
    fn index(&self, parent: &Element, guidance: &Guidance) {
        let intro = self.add(parent, "p", "body");
        self.text(&intro, "Every source cited in feedback, key actions and reports opens its section here. Use your browser's Back button to return to where you were.");
        for source in &guidance.sources {
            let id = format!("source-{}", source.prefix.to_ascii_lowercase());
            let part = self.add(parent, "section", "guidance__source");
            let _ = part.set_attribute("aria-labelledby", &id);
            let h2 = self.add(&part, "h2", "heading-m");
            h2.set_id(&id);
            self.text(
                &h2,
                &format!("{} (cited as “{} §…”)", source.title, source.prefix),
            );
            for block in blocks(&source.about) {
                self.block(&part, guidance, block);
            }
            let list = self.add(&part, "ul", "guidance__index");
            for group in outline(guidance, &source.prefix) {
                let item = self.add(&list, "li", "");
                self.section_link(&item, group.head);
                if !group.under.is_empty() {
                    let under = self.add(&item, "ul", "guidance__under");
                    for section in group.under {
                        let item = self.add(&under, "li", "");
                        self.section_link(&item, section);
                    }
                }
            }
        }
    }

    fn section_link(&self, parent: &Element, section: &GuidanceSection) {
        let text = format!("{}: {}", section.cite, section.title);
        self.link(parent, &section_href(&section.cite), &text, None);
    }

    /// A section's text, its original public sources and the way back.
    fn section(&self, parent: &Element, guidance: &Guidance, section: &GuidanceSection) {
        for block in blocks(&section.text) {
            self.block(parent, guidance, block);
        }
        if !section.read_more.is_empty() {
            let h2 = self.add(parent, "h2", "heading-m");
            self.text(&h2, "Read more");
            let p = self.add(parent, "p", "body");
            self.text(&p, "The original public sources:");
            let list = self.add(parent, "ul", "list list--bullet");
            for source in &section.read_more {
                let item = self.add(&list, "li", "");
                self.text(&item, source);
            }
        }
        self.back_to_index(parent);
    }

    /// A paragraph or list, with each section its text cites as a link.
    fn block(&self, parent: &Element, guidance: &Guidance, block: Block) {
        let linked = |parent: &Element, text: &str| {
            for piece in text_pieces(text) {
                match piece {
                    Piece::Section { text, cite } => match guidance.section(&cite) {
                        Some(target) => {
                            let label = format!("{cite}: {}", target.title);
                            self.link(parent, &section_href(&cite), text, Some(&label));
                        }
                        None => self.text(parent, text),
                    },
                    Piece::Text(text) => self.text(parent, text),
                }
            }
        };
        match block {
            Block::Paragraph(text) => linked(&self.add(parent, "p", "body"), &text),
            Block::List(items) => {
                let list = self.add(parent, "ul", "list list--bullet");
                for item in items {
                    linked(&self.add(&list, "li", ""), &item);
                }
            }
        }
    }
}
