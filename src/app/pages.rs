//! The pages beside play (a scenario's start page, the report and the
//! record page), out of the officers' first load. The app holds only
//! `ModulePage` (a place for the page, and what it says while the page
//! loads) and the app's side of `Host`; the pages module (`dist/pages/`,
//! built from `src/pages/` around `show` and `hide` below) is imported when
//! one of these pages opens, or while the officer reads the home page, and
//! draws it with a yew root of its own. The app stays the one owner of the
//! records: it hands them to the module (packed) with what the LMS says,
//! again whenever they change, and does what the pages ask of it (`Act`).

use crate::app::fetch::{self, LoadFailure};
use crate::app::layout::PageHeading;
use crate::app::records::{self, AsideEntry, Records, RecordsAction, RecordsHandle, SaveState};
use crate::app::route::Route;
use crate::app::{browser, home, lms, record, report, start, storage, Library, Shared, Shell};
use crate::core::engine::Mode;
use crate::core::lms::outbox::Reached;
use crate::core::progress::{AsideRecord, Progress};
use crate::core::publish::{decode, encode};
use js_sys::Function;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::prelude::*;

/// What the pages are given, and may ask of the app: the module's one
/// context.
#[derive(Clone, PartialEq)]
pub struct Host {
    pub library: Library,
    pub records: Rc<Records>,
    /// Inside an LMS: the records are the LMS learner's.
    pub in_lms: bool,
    /// Whether a start page asks if this is a shared computer: not yet
    /// answered in this browser, and not inside an LMS.
    pub ask_computer: bool,
    /// A cmi5 launch, which the report can finish.
    pub cmi5: bool,
    /// Result items not yet in the force's records.
    pub waiting: usize,
    /// Whether the report's result has reached the force's records.
    pub reached: Option<Reached>,
    pub act: Callback<Act, Result<(), String>>,
}

/// What the pages ask of the app.
pub enum Act {
    /// The officer's name or collar number.
    Officer(String),
    /// Runs brought in from a file.
    Merge(Progress),
    /// Deletes data kept aside (its storage key).
    Forget(String),
    /// Clears the officer's data from this browser.
    Clear,
    /// Sends waiting results again now.
    Retry,
    /// cmi5: ends the session.
    Exit,
    /// The officer's answer to "Is this a shared computer?".
    Computer(bool),
}

impl Act {
    /// As it crosses from the module to the app: a name and one text.
    fn words(self) -> (&'static str, String) {
        match self {
            Act::Officer(name) => ("officer", name),
            Act::Merge(progress) => ("merge", progress.pack()),
            Act::Forget(key) => ("forget", key),
            Act::Clear => ("clear", String::new()),
            Act::Retry => ("retry", String::new()),
            Act::Exit => ("exit", String::new()),
            Act::Computer(shared) => ("computer", if shared { "shared" } else { "own" }.into()),
        }
    }

    /// As the app reads it back.
    fn from_words(name: &str, text: String) -> Option<Act> {
        Some(match name {
            "officer" => Act::Officer(text),
            "merge" => Act::Merge(Progress::unpack(&text).progress),
            "forget" => Act::Forget(text),
            "clear" => Act::Clear,
            "retry" => Act::Retry,
            "exit" => Act::Exit,
            "computer" => Act::Computer(match text.as_str() {
                "shared" => true,
                "own" => false,
                _ => return None,
            }),
            _ => return None,
        })
    }
}

/// What the app hands the pages module each time it draws a page: one
/// message, written by the app and read by the module.
#[derive(Serialize, Deserialize)]
struct PageCall {
    /// `#/scenario/ID`, `#/report/N` or `#/record`.
    page: String,
    /// The records, packed.
    progress: String,
    /// Data kept aside: its storage key (none when kept only in memory) and
    /// the record, packed.
    aside: Vec<(Option<String>, String)>,
    in_lms: bool,
    ask_computer: bool,
    cmi5: bool,
    waiting: u32,
    reached: Option<Reached>,
    /// Whether focus may move to the page's heading.
    focus: bool,
}

// The app's side.

#[wasm_bindgen(module = "/src/app/modules.js")]
extern "C" {
    /// Imports the pages module if need be and has it draw (or redraw) a
    /// page: `call` is an encoded `PageCall`.
    #[wasm_bindgen(catch, js_name = showPage)]
    async fn show_in_module(
        container: Element,
        call: Vec<u8>,
        act: &Function,
    ) -> Result<JsValue, JsValue>;

    /// Takes the page drawn in `container` down, if the module drew one.
    #[wasm_bindgen(js_name = hidePage)]
    fn hide_in_module(container: Element);

    /// Imports the pages module now, for a page the officer will likely open.
    #[wasm_bindgen(js_name = warmPages)]
    pub fn warm();
}

thread_local! {
    /// The records the pages' requests act on.
    static RECORDS: RefCell<Option<RecordsHandle>> = const { RefCell::new(None) };
    /// The one function the module calls with the pages' requests.
    static ACT: Closure<dyn Fn(String, String) -> String> = Closure::new(act);
}

/// Does what a page asked: "" when done, or why not, in plain words.
fn act(name: String, text: String) -> String {
    let Some(records) = RECORDS.with(|r| r.borrow().clone()) else {
        return "the app is not ready".into();
    };
    let Some(request) = Act::from_words(&name, text) else {
        return format!("the app cannot {name}");
    };
    let done = match request {
        Act::Officer(name) => {
            records.dispatch(RecordsAction::Officer(name));
            Ok(())
        }
        Act::Merge(progress) => {
            records.dispatch(RecordsAction::Merge(Box::new(progress)));
            Ok(())
        }
        Act::Forget(key) => {
            records::forget(&key).map(|()| records.dispatch(RecordsAction::Forgotten(key)))
        }
        Act::Clear => storage::clear_scope().map(|()| {
            lms::cleared();
            records.dispatch(RecordsAction::Cleared);
        }),
        Act::Retry => {
            lms::retry();
            Ok(())
        }
        Act::Exit => {
            lms::exit();
            Ok(())
        }
        Act::Computer(shared) => storage::choose_computer(shared),
    };
    done.err().map(|e| e.to_string()).unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct ModulePageProps {
    pub route: Route,
}

#[derive(Clone, PartialEq)]
enum Shown {
    Loading,
    Drawn,
    Failed(String),
}

/// A page the module draws, as the app renders it: the module draws
/// the page in a container the app never touches, and redraws it whenever
/// the records or the LMS's news change; until then, the app says it is
/// loading, or why the page could not be shown.
#[component]
pub fn ModulePage(props: &ModulePageProps) -> Html {
    let records = use_context::<RecordsHandle>().expect("records are provided");
    let shell = use_context::<Shell>().expect("the shell is provided");
    let lms_news = shell.lms.revision;
    let container = use_node_ref();
    let shown = use_state(|| Shown::Loading);
    RECORDS.with(|r| *r.borrow_mut() = Some(records.clone()));
    {
        // On a start page the officer is about to start: fetch the scenario now.
        let library = shell.library.clone();
        use_effect_with(props.route.clone(), move |route| {
            if let (Route::Scenario(id), Some(library)) = (route, library) {
                if let Some(scenario) = library.listing(id) {
                    fetch::prefetch(scenario);
                }
            }
        });
    }
    {
        let container = container.clone();
        let shown = shown.clone();
        let reached = match props.route {
            Route::Report(number) => records
                .progress
                .run(number)
                .and_then(|run| lms::reached(&run.report)),
            _ => None,
        };
        // The handle compares the records by identity first, so nothing is cloned.
        let deps = (props.route.href(), records.clone(), lms_news, reached);
        use_effect_with(deps, move |(page, records, _, reached)| {
            let Some(element) = container.cast::<Element>() else {
                return;
            };
            let call = encode(&PageCall {
                page: page.clone(),
                progress: records.progress.pack(),
                aside: records
                    .set_aside
                    .iter()
                    .map(|entry| (entry.key.clone(), entry.record.pack()))
                    .collect(),
                in_lms: lms::in_lms(),
                ask_computer: storage::shared_computer().is_none() && !lms::in_lms(),
                cmi5: lms::status().kind == Some(lms::Kind::Cmi5),
                waiting: lms::waiting() as u32,
                reached: reached.clone(),
                focus: browser::may_move_focus(),
            });
            wasm_bindgen_futures::spawn_local(async move {
                let act: Function =
                    ACT.with(|act| act.as_ref().unchecked_ref::<Function>().clone());
                let drawn = show_in_module(element, call, &act).await;
                shown.set(match drawn {
                    Ok(_) => Shown::Drawn,
                    Err(error) => Shown::Failed(fetch::describe(error)),
                });
            });
        });
    }
    {
        let container = container.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(element) = container.cast::<Element>() {
                    hide_in_module(element);
                }
            }
        });
    }
    let (loading, failed) = match props.route {
        Route::Scenario(_) => ("Loading the scenario…", "This scenario could not be shown"),
        Route::Report(_) => ("Loading the report…", "Your report could not be shown"),
        _ => ("Loading your record…", "Your record could not be shown"),
    };
    html! {
        <>
            {
                match &*shown {
                    Shown::Loading => html! {
                        <p class="body" role="status">{ loading }</p>
                    },
                    Shown::Drawn => html! {},
                    Shown::Failed(why) => html! {
                        <>
                            <PageHeading text={failed} />
                            <p class="body">{ format!("The part of the app that shows it could not be loaded: {why}.") }</p>
                            <p class="body">{ "Your progress is safe in this browser. Reload the page to try again." }</p>
                            if let Route::Scenario(id) = &props.route {
                                { take_anyway(id, &records.progress, shell.library.as_ref()) }
                            }
                        </>
                    },
                }
            }
            <div ref={container}></div>
        </>
    }
}

/// When a start page cannot be drawn: play is in the app itself, so the
/// scenario can still be taken, after its content note. An unfinished run
/// is continued, never replaced by a new one.
fn take_anyway(id: &str, progress: &Progress, library: Option<&Library>) -> Html {
    let note = library
        .and_then(|library| library.listing(id))
        .map(|listing| home::content_note(&listing.content_note));
    // With no seed, play continues the unfinished run.
    let new_run = progress.unfinished(id).is_none();
    let route = Route::Play {
        id: id.to_string(),
        seed: new_run.then(browser::fresh_seed),
        mode: new_run.then_some(Mode::Training),
    };
    let text = if new_run {
        "Or start it now in training mode"
    } else {
        "Or continue your unfinished run"
    };
    html! {
        <>
            { for note }
            <p class="body"><a class="link" href={route.href()}>{ text }</a></p>
        </>
    }
}

// The module's side.

thread_local! {
    /// The page drawn, and where.
    static MOUNTED: RefCell<Option<(Element, yew::AppHandle<Pages>)>> = const { RefCell::new(None) };
    /// The library, once read this visit.
    static LIBRARY: RefCell<Option<Result<Library, LoadFailure>>> = const { RefCell::new(None) };
    /// Counts the app's calls.
    static LATEST: Cell<u32> = const { Cell::new(0) };
}

#[derive(Properties, PartialEq)]
pub struct PagesProps {
    pub route: Route,
    /// Or why the library could not be read.
    pub host: Result<Host, Rc<LoadFailure>>,
}

/// The module's root: the page for the route, with the library and the host.
#[component]
pub fn Pages(props: &PagesProps) -> Html {
    let host = match &props.host {
        Ok(host) => host.clone(),
        Err(failure) => return crate::app::failed(failure),
    };
    let page = match &props.route {
        Route::Scenario(id) => html! { <start::StartPage id={id.clone()} /> },
        Route::Report(number) => html! { <report::ReportPage number={*number} /> },
        _ => html! { <record::RecordPage /> },
    };
    html! {
        <ContextProvider<Host> context={host}>{ page }</ContextProvider<Host>>
    }
}

/// The pages module's call: draws the page named in `call` (an encoded
/// `PageCall`) in `container`, or updates the page already there. The
/// library is read once per visit, as the app reads it. Fails only when
/// `call` cannot be read (a module from another release).
pub async fn show(container: Element, call: Vec<u8>, act: Function) -> Result<(), JsValue> {
    let PageCall {
        page,
        progress,
        aside,
        in_lms,
        ask_computer,
        cmi5,
        waiting,
        reached,
        focus,
    } = decode(&call).map_err(|why| {
        JsValue::from_str(&format!("the copy found does not fit this page ({why})"))
    })?;
    if focus {
        browser::note_interaction();
    }
    // Only the latest call draws: an earlier one may finish reading the
    // library later, with records that are no longer current.
    let this_call = LATEST.with(|latest| {
        latest.set(latest.get() + 1);
        latest.get()
    });
    let library = match LIBRARY.with(|l| l.borrow().clone()) {
        Some(library) => library,
        None => {
            let library = fetch::catalogue().await.map(|c| Shared(Rc::new(c)));
            LIBRARY.with(|l| *l.borrow_mut() = Some(library.clone()));
            library
        }
    };
    if this_call != LATEST.with(Cell::get) || !container.is_connected() {
        return Ok(());
    }
    let set_aside = aside
        .into_iter()
        .map(|(key, record)| AsideEntry {
            key,
            record: AsideRecord::unpack(&record),
        })
        .collect();
    let records = Records {
        progress: Progress::unpack(&progress).progress,
        revision: 0,
        save: SaveState::Saved,
        set_aside,
        notices: Vec::new(),
    };
    let act = Callback::from(move |request: Act| {
        let (name, text) = request.words();
        match act.call2(&JsValue::NULL, &name.into(), &text.into()) {
            Ok(answer) if answer.as_string().as_deref() == Some("") => Ok(()),
            Ok(answer) => Err(answer
                .as_string()
                .unwrap_or_else(|| "the app did not answer".into())),
            Err(_) => Err("the app did not answer".into()),
        }
    });
    let props = PagesProps {
        route: Route::parse(&page),
        host: library
            .map(|library| Host {
                library,
                records: Rc::new(records),
                in_lms,
                ask_computer,
                cmi5,
                waiting: waiting as usize,
                reached,
                act,
            })
            .map_err(Rc::new),
    };
    MOUNTED.with(|mounted| {
        let mut mounted = mounted.borrow_mut();
        match &mut *mounted {
            Some((element, handle)) if *element == container => handle.update(props),
            _ => {
                if let Some((_, handle)) = mounted.take() {
                    handle.destroy();
                }
                let handle =
                    yew::Renderer::<Pages>::with_root_and_props(container.clone(), props).render();
                *mounted = Some((container, handle));
            }
        }
    });
    Ok(())
}

/// The module's start (`src/pages/main.rs`), before any root of its own.
/// yew numbers its roots from 1 in each wasm instance and brands the
/// elements it draws with that number, to tell whose events are whose.
/// The app's one root is 1, so the module's first would be 1 too, and the
/// app's yew would take the page's events for its own: it handles events
/// first (they reach the app's root first) and would run whichever of its
/// own handlers shares a number with the page's, such as the skip link's,
/// which cancels a click. A root drawn into a detached element and taken
/// down at once takes number 1 in this instance. (This holds while the
/// app draws with one root and no portal: a second would take number 2.)
pub fn number_roots_after_the_app() {
    #[component]
    fn Nothing() -> Html {
        Html::default()
    }
    if let Ok(detached) = gloo::utils::document().create_element("div") {
        yew::Renderer::<Nothing>::with_root(detached)
            .render()
            .destroy();
    }
}

/// Takes down the page drawn in `container`, when the app leaves it.
pub fn hide(container: Element) {
    MOUNTED.with(|mounted| {
        let mut mounted = mounted.borrow_mut();
        if mounted
            .as_ref()
            .is_some_and(|(element, _)| *element == container)
        {
            if let Some((_, handle)) = mounted.take() {
                handle.destroy();
            }
        }
    });
}
