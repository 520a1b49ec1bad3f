//! The guidance pages (`#/guidance`, `#/guidance/<slug>`) and the links
//! every citation becomes. The guidance is not in the first load: it is
//! fetched when a guidance page opens (`compiled/guidance.bin`, made at
//! publishing) with `scenarios/guidance.toml` beside it, as scenarios are;
//! when the file on the server differs from what was compiled, or nothing
//! was compiled, the checker module reads the file instead. Its text is
//! data, rendered as text nodes and links only.

use crate::app::checker;
use crate::app::fetch::{self, LoadFailure};
use crate::app::layout::PageHeading;
use crate::app::route::Route;
use crate::core::framework::{Guidance, GuidanceSection};
use crate::core::guidance::{
    blocks, citation_pieces, cite_of_slug, outline, slug, source_hash, text_pieces, Block,
    CompiledGuidance, Piece, GUIDANCE_FILE,
};
use crate::core::publish::{decode, CHECKER_VERSION, COMPILED_DIR};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
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

enum Loading {
    Pending,
    Ready(Rc<Guidance>),
    Failed(LoadFailure),
}

#[derive(Properties, PartialEq)]
pub struct GuidanceProps {
    /// A section's slug, or none for the index.
    pub slug: Option<AttrValue>,
}

#[component]
pub fn GuidancePage(props: &GuidanceProps) -> Html {
    let loading = use_state(|| match LOADED.with(|l| l.borrow().clone()) {
        Some(guidance) => Loading::Ready(guidance),
        None => Loading::Pending,
    });
    {
        let loading = loading.clone();
        use_effect_with((), move |_| {
            if matches!(*loading, Loading::Pending) {
                wasm_bindgen_futures::spawn_local(async move {
                    loading.set(match load().await {
                        Ok(guidance) => Loading::Ready(guidance),
                        Err(failure) => Loading::Failed(failure),
                    });
                });
            }
        });
    }
    match &*loading {
        Loading::Pending => html! {
            <>
                <PageHeading text="Loading the guidance" />
                <p class="body" role="status">{ "Loading the guidance…" }</p>
            </>
        },
        Loading::Failed(failure) => html! {
            <>
                <PageHeading text="The guidance could not be loaded" />
                <p class="body">{ &failure.summary }</p>
                if !failure.details.is_empty() {
                    <details class="details">
                        <summary class="details__summary">{ "Details for trainers" }</summary>
                        <div class="details__text">
                            { for failure.details.iter().map(|d| html! { <pre class="diagnostic">{ d }</pre> }) }
                        </div>
                    </details>
                }
                <p class="body"><a class="link" href={Route::Home.href()}>{ "Go to the scenarios" }</a></p>
            </>
        },
        Loading::Ready(guidance) => match &props.slug {
            None => index(guidance),
            Some(slug) => match cite_of_slug(slug).and_then(|cite| guidance.section(&cite)) {
                Some(section) => page(guidance, section),
                None => html! {
                    <>
                        <PageHeading text="Guidance section not found" />
                        <p class="body">{ "There is no guidance section at this address. It may have been mistyped." }</p>
                        { back_to_index() }
                    </>
                },
            },
        },
    }
}

fn back_to_index() -> Html {
    html! {
        <p class="body"><a class="link" href={Route::Guidance(None).href()}>{ "All guidance sections" }</a></p>
    }
}

/// A link to a section that names it: "Ref §4: The law…".
fn section_link(section: &GuidanceSection) -> Html {
    html! {
        <a class="link" href={section_href(&section.cite)}>{ format!("{}: {}", section.cite, section.title) }</a>
    }
}

fn index(guidance: &Guidance) -> Html {
    html! {
        <>
            <PageHeading text="Guidance" />
            <p class="body">{ "Every source cited in feedback, key actions and reports opens its section here. Use your browser's Back button to return to where you were." }</p>
            { for guidance.sources.iter().map(|source| {
                let id = format!("source-{}", source.prefix.to_ascii_lowercase());
                html! {
                    <section class="guidance__source" aria-labelledby={id.clone()}>
                        <h2 class="heading-m" id={id}>{ format!("{} (cited as “{} §…”)", source.title, source.prefix) }</h2>
                        { for blocks(&source.about).into_iter().map(|block| block_html(guidance, block)) }
                        <ul class="list guidance__index">
                            { for outline(guidance, &source.prefix).into_iter().map(|group| html! {
                                <li>
                                    { section_link(group.head) }
                                    if !group.under.is_empty() {
                                        <ul class="list guidance__under">
                                            { for group.under.iter().map(|s| html! { <li>{ section_link(s) }</li> }) }
                                        </ul>
                                    }
                                </li>
                            }) }
                        </ul>
                    </section>
                }
            }) }
        </>
    }
}

fn page(guidance: &Guidance, section: &GuidanceSection) -> Html {
    let source = guidance
        .sources
        .iter()
        .find(|s| section.cite.starts_with(&format!("{} §", s.prefix)))
        .map_or("Guidance", |s| s.title.as_str());
    html! {
        <article class="guidance">
            <PageHeading text={section.title.clone()} caption={format!("{} · {source}", section.cite)} />
            { for blocks(&section.text).into_iter().map(|block| block_html(guidance, block)) }
            if !section.read_more.is_empty() {
                <h2 class="heading-m">{ "Read more" }</h2>
                <p class="body">{ "The original public sources:" }</p>
                <ul class="list list--bullet">
                    { for section.read_more.iter().map(|r| html! { <li>{ r }</li> }) }
                </ul>
            }
            { back_to_index() }
        </article>
    }
}

/// A paragraph or list of guidance text, with the sections it cites as links.
fn block_html(guidance: &Guidance, block: Block) -> Html {
    let linked = |text: &str| -> Html {
        text_pieces(text)
            .into_iter()
            .map(|piece| match piece {
                Piece::Section { text, cite } => match guidance.section(&cite) {
                    Some(target) => html! {
                        <a class="link" href={section_href(&cite)} aria-label={format!("{cite}: {}", target.title)}>{ text.to_string() }</a>
                    },
                    None => html! { { text.to_string() } },
                },
                Piece::Text(text) => html! { { text.to_string() } },
            })
            .collect()
    };
    match block {
        Block::Paragraph(text) => html! { <p class="body">{ linked(&text) }</p> },
        Block::List(items) => html! {
            <ul class="list list--bullet">
                { for items.iter().map(|item| html! { <li>{ linked(item) }</li> }) }
            </ul>
        },
    }
}
