//! The officer's web app: a thin yew shell over the pure core.
//!
//! The core decides everything (what a scene shows, what a choice is worth,
//! what the report says); the views render its data and send choices back.
//! The edges that touch the browser are small and separate: `fetch` (the
//! scenario files), `storage` (localStorage), `browser` (focus, title,
//! downloads). Scenario text is only ever rendered as text nodes.

// The workshop (`crate::workshop`) reuses these pieces of the officer's app.
pub(crate) mod browser;
pub(crate) mod chart;
mod checker;
pub(crate) mod fetch;
mod files;
pub mod guidance;
mod home;
pub(crate) mod layout;
pub mod lms;
pub mod pages;
pub(crate) mod play;
mod record;
mod records;
mod report;
mod route;
pub(crate) mod scene;
mod start;
pub(crate) mod storage;

use crate::core::catalogue::Catalogue;
use fetch::LoadFailure;
use gloo::events::EventListener;
use layout::{trainer_details, Frame, PageHeading};
use records::{RecordsAction, RecordsHandle};
use route::Route;
use std::ops::Deref;
use std::rc::Rc;
use yew::prelude::*;

/// Read-only data shared with the views, compared by identity: once
/// loaded it never changes.
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The scenarios, as loaded and checked.
pub type Library = Shared<Catalogue>;

/// What any view may ask of the app (tell screen readers something, or go
/// somewhere), the library, and where results go. One context for these:
/// each context type adds a kilobyte of yew's code to the officers'
/// download. (The records are a context of their own: they change with
/// every decision, and most views need not redraw then.)
#[derive(Clone, PartialEq)]
pub struct Shell {
    pub announce: Callback<String>,
    pub navigate: Callback<String>,
    /// None only when it could not be read, and then only the failure and
    /// the guidance are drawn.
    pub library: Option<Library>,
    pub lms: lms::Status,
}

impl Shell {
    /// The library, for a view drawn only once it has been read.
    pub fn library(&self) -> Library {
        self.library.clone().expect("the library is provided")
    }
}

/// The library as `prepare` read it, before the app's first render.
#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub library: Result<Library, LoadFailure>,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let route = use_state(|| Route::parse(&browser::current_hash()));
    // Before the records are read (and after `lms::begin`, which names an
    // LMS learner's own): on a shared computer they live only as long as
    // the browser session.
    let _started = use_state(|| {
        if !lms::in_lms() {
            storage::apply_computer_choice();
        }
    });
    let records = use_reducer(|| records::open(browser::now()));
    let update = use_force_update();
    let live = use_state(|| (0_u32, String::new()));

    {
        let route = route.setter();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("the app runs in a browser window");
            let listener = EventListener::new(&window, "hashchange", move |_| {
                browser::note_interaction();
                route.set(Route::parse(&browser::current_hash()));
            });
            move || drop(listener)
        });
    }
    use_effect_with((*route).clone(), |route| {
        if let Route::Guidance(slug) = route {
            guidance::show_page(slug.clone());
        }
    });
    {
        let library = props.library.clone();
        let records = records.clone();
        let route = route.setter();
        use_effect_with((), move |_| {
            lms::on_change(Callback::from(move |_| update.force_update()));
            if let Ok(library) = library {
                wasm_bindgen_futures::spawn_local(async move {
                    // An LMS, a cmi5 launch or the force's LRS: nothing otherwise.
                    if let Some(id) = lms::connect(Rc::clone(&library.0), records).await {
                        if Route::parse(&browser::current_hash()) == Route::Home {
                            let play = Route::Play {
                                id,
                                seed: None,
                                mode: None,
                            };
                            browser::replace_address(&play.href());
                            route.set(play);
                        }
                    }
                });
            }
        });
    }
    {
        let officer = records.progress.officer.clone();
        use_effect_with(officer, |officer| lms::set_officer(officer));
    }
    {
        let records = records.clone();
        use_effect_with(records.revision, move |_| {
            if let Some(result) = records::persist(&records) {
                records.dispatch(RecordsAction::Stored(result));
            }
        });
    }
    let (announce, navigate) = &*{
        let live = live.clone();
        let route = route.setter();
        use_memo((), move |_| {
            let announce = Callback::from(move |text: String| {
                let count = live.0 + 1;
                live.set((count, text));
            });
            let navigate = Callback::from(move |href: String| {
                // Going to the address already shown fires no `hashchange`.
                if !browser::go(&href) {
                    route.set(Route::parse(&href));
                }
            });
            (announce, navigate)
        })
    };
    let shell = Shell {
        announce: announce.clone(),
        navigate: navigate.clone(),
        library: props.library.as_ref().ok().cloned(),
        lms: lms::status(),
    };

    let page = match &props.library {
        // The guidance needs nothing from the library.
        _ if matches!(*route, Route::Guidance(_)) => page(&route),
        Err(failure) => failed(failure),
        Ok(_) => page(&route),
    };
    // The same words twice are still announced: a no-break space alternates.
    let spoken = format!("{}{}", live.1, if live.0 % 2 == 0 { "" } else { "\u{a0}" });
    html! {
        <ContextProvider<RecordsHandle> context={records}>
            <ContextProvider<Shell> context={shell}>
                <Frame route={(*route).clone()}>{ page }</Frame>
                <div class="visually-hidden" aria-live="polite" aria-atomic="true">{ spoken }</div>
            </ContextProvider<Shell>>
        </ContextProvider<RecordsHandle>>
    }
}

/// The view for a route, keyed so each visit starts afresh.
fn page(route: &Route) -> Html {
    let key = route.href();
    match route {
        Route::Home => html! { <home::Home key={key} /> },
        Route::Play { id, seed, mode } => {
            html! { <play::Play key={key} id={id.clone()} seed={*seed} mode={*mode} /> }
        }
        Route::Scenario(_) | Route::Report(_) | Route::Record => {
            html! { <pages::ModulePage key={key} route={route.clone()} /> }
        }
        Route::Guidance(_) => guidance::page(key),
        Route::NotFound => html! {
            <>
                <PageHeading text="Page not found" />
                <p class="body">{ "There is no page at this address. It may have been mistyped." }</p>
                <p class="body"><a class="link" href={Route::Home.href()}>{ "Go to the scenarios" }</a></p>
            </>
        },
    }
}

pub(crate) fn failed(failure: &LoadFailure) -> Html {
    let reload = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    html! {
        <>
            <PageHeading text="The scenarios could not be loaded" />
            <p class="body">{ &failure.summary }</p>
            <p class="body">{ "Your saved progress is safe in this browser. Try again, and if the problem stays, tell your trainer or the team that runs this site." }</p>
            if !failure.details.is_empty() {
                { trainer_details(&failure.details, Html::default()) }
            }
            <button type="button" class="button" onclick={reload}>{ "Try again" }</button>
        </>
    }
}

/// What the officer's app does before it draws: an LMS, when there is one,
/// says whose records to read; records an earlier version stored as JSON are
/// read (`records::upgrade`) while the library is read (`fetch::catalogue`,
/// mostly from requests `boot.js` made while the code loaded). The first
/// render is then the page asked for, with no loading page before it.
pub async fn prepare() -> AppProps {
    lms::begin().await;
    let (_, library) = futures::future::join(records::upgrade(), fetch::catalogue()).await;
    AppProps {
        library: library.map(|catalogue| Shared(Rc::new(catalogue))),
    }
}

/// Starts a root component in the page's `#app` element, replacing the
/// loading message the page shows until the wasm has started.
pub fn mount<Root: BaseComponent<Properties = ()>>() {
    mount_with::<Root>(());
}

/// `mount`, for a root with properties.
pub fn mount_with<Root: BaseComponent>(props: Root::Properties) {
    let document = gloo::utils::document();
    let root = document
        .get_element_by_id("app")
        .unwrap_or_else(|| document.body().expect("the page has a body").into());
    root.set_text_content(None);
    yew::Renderer::<Root>::with_root_and_props(root, props).render();
}
