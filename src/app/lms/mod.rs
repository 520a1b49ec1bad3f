//! Training records, the app's side: finds an LMS (`load.js`) and, only
//! when there is one, or the force's settings name an LRS, imports the LMS
//! module (`dist/lms/`, whose runtime is `link`) and tells it what the
//! officer does. Officers with neither never download that code, and no
//! request is made.
//!
//! The app calls in at four seams: `begin` (before the records are read,
//! so they are the LMS learner's), `connect` (once the library is loaded),
//! `after_step` (after each decision or scene) and `after_run` (when a run
//! ends); the module ends the LMS session when the page goes. Runs and
//! records cross packed (`progress::pack_run`, `Progress::pack`), and the module replays them.

pub mod link;

use crate::app::records::{RecordsAction, RecordsHandle};
use crate::app::{browser, storage};
use crate::core::catalogue::Catalogue;
use crate::core::engine::Session;
use crate::core::lms::outbox::{run_key, Reached};
use crate::core::lms::scorm::Version;
use crate::core::progress::{self, Progress};
use crate::core::report::GapReport;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

#[wasm_bindgen(module = "/src/app/lms/load.js")]
extern "C" {
    fn discover() -> String;
    fn load(changed: &js_sys::Function) -> js_sys::Promise;
    #[wasm_bindgen(js_name = begin)]
    fn begin_session() -> String;
    fn call(name: &str, args: Vec<JsValue>) -> js_sys::Promise;
    fn ask(name: &str, args: Vec<JsValue>) -> JsValue;
}

/// Where results go, as the views describe it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Scorm(Version),
    Cmi5,
    Lrs,
}

impl Kind {
    /// From the name `discover` and the module use (`link::Kind::name`).
    fn named(name: &str) -> Option<Kind> {
        match name {
            "scorm12" => Some(Kind::Scorm(Version::Scorm12)),
            "scorm2004" => Some(Kind::Scorm(Version::Scorm2004)),
            "cmi5" => Some(Kind::Cmi5),
            "lrs" => Some(Kind::Lrs),
            _ => None,
        }
    }
}

/// What the views show: where results go, and any problem.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    pub kind: Option<Kind>,
    pub problem: Option<String>,
    pub revision: u32,
}

thread_local! {
    static STATUS: RefCell<Status> = RefCell::new(Status::default());
    /// Whether the module has been asked for (so calls go to it, in order).
    static LINKED: Cell<bool> = const { Cell::new(false) };
    static NOTIFY: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

pub fn status() -> Status {
    STATUS.with(|s| s.borrow().clone())
}

pub fn on_change(callback: Callback<()>) {
    NOTIFY.with(|n| *n.borrow_mut() = Some(callback));
}

/// The `i`th of the module's answer (`browser::strings`), if given and not
/// empty: the module answers in lists of strings, and nothing before it
/// has loaded.
fn nth(texts: &[String], i: usize) -> Option<String> {
    texts.get(i).filter(|t| !t.is_empty()).cloned()
}

/// Takes the module's status (or `problem`, when it could not be loaded)
/// and redraws the views.
fn changed(problem: Option<String>) {
    let answer = browser::strings(&ask("status", Vec::new()));
    STATUS.with(|s| {
        let mut status = s.borrow_mut();
        if let Some(kind) = nth(&answer, 0).as_deref().and_then(Kind::named) {
            status.kind = Some(kind);
        }
        status.problem = problem.or_else(|| nth(&answer, 1));
        status.revision += 1;
    });
    if let Some(callback) = NOTIFY.with(|n| n.borrow().clone()) {
        callback.emit(());
    }
}

/// Imports the module (once): resolves when it is ready.
fn import() -> JsFuture {
    LINKED.with(|l| l.set(true));
    let on_change = Closure::<dyn Fn()>::new(|| changed(None)).into_js_value();
    JsFuture::from(load(on_change.unchecked_ref()))
}

fn could_not_load(why: JsValue) {
    changed(Some(format!(
        "The link to your force's training records could not be loaded ({}). Your progress is kept in this browser.",
        crate::app::fetch::describe(why)
    )));
}

/// At start, before the records are read: finds an LMS (SCORM or a cmi5
/// launch) and, when there is one, loads the module, which starts the
/// session and names the learner whose records alone are then read.
pub async fn begin() {
    let Some(kind) = Kind::named(&discover()) else {
        return;
    };
    STATUS.with(|s| s.borrow_mut().kind = Some(kind));
    match import().await {
        Ok(_) => {
            storage::use_learner_scope(&begin_session());
            changed(None);
        }
        Err(why) => could_not_load(why),
    }
}

/// Whether the app is inside an LMS (its learner's records, no local name).
pub fn in_lms() -> bool {
    matches!(status().kind, Some(Kind::Scorm(_) | Kind::Cmi5))
}

/// Once the library is loaded: the module (imported now for an LRS)
/// restores runs the LMS kept, starts the cmi5 session or the LRS link,
/// and sends whatever is waiting. Returns a scenario to open again
/// (SCORM's location), if any.
pub async fn connect(catalogue: Rc<Catalogue>, records: RecordsHandle) -> Option<String> {
    let linked = LINKED.with(Cell::get);
    if !linked && catalogue.framework.settings.lrs.is_none() {
        return None;
    }
    // Asked for before awaiting, so any step the officer takes meanwhile
    // reaches the module after this.
    let loading = (!linked).then(import);
    // The name the records hold was given before there was a module to tell.
    set_officer(&records.progress.officer);
    let answer = JsFuture::from(call("connect", vec![records.progress.pack().into()]));
    if let Some(loading) = loading {
        if let Err(why) = loading.await {
            could_not_load(why);
            return None;
        }
    }
    let answer = browser::strings(&answer.await.ok()?);
    if let Some(restored) = nth(&answer, 1) {
        let found = Progress::unpack(&restored).progress;
        records.dispatch(RecordsAction::Merge(Box::new(found)));
    }
    changed(None);
    nth(&answer, 0)
}

/// Calls the module when it is linked; the calls arrive in order.
fn tell(name: &str, args: Vec<JsValue>) {
    if LINKED.with(Cell::get) {
        // Failures are the module's to report (through `changed`).
        let _ = call(name, args);
    }
}

/// Tells the module of a run's step or end (`name`), at `at`: the run as
/// its saved form and the records, packed only when linked.
fn tell_run(name: &str, session: &Session, progress: &Progress, at: u64) {
    if LINKED.with(Cell::get) {
        let run = progress::pack_run(&session.saved());
        tell(
            name,
            vec![run.into(), progress.pack().into(), (at as f64).into()],
        );
    }
}

/// Marks when a scene was shown, for the next decision's latency.
pub fn scene_shown() {
    tell("sceneShown", vec![(browser::now() as f64).into()]);
}

/// After a step of a run: the decision as an interaction or `answered`
/// statement, and (SCORM) the resume data, committed.
pub fn after_step(session: &Session, progress: &Progress) {
    tell_run("afterStep", session, progress, browser::now());
}

/// When a run ends, finished at `finished_at` (the time its record keeps):
/// the package's result, as each standard asks.
pub fn after_run(session: &Session, progress: &Progress, finished_at: u64) {
    tell_run("afterRun", session, progress, finished_at);
}

/// The name or collar number an LRS names the officer by (standalone).
pub fn set_officer(name: &str) {
    tell("setOfficer", vec![name.into()]);
}

/// Whether a finished run's result reached the force's records.
pub fn reached(report: &GapReport) -> Option<Reached> {
    let key = run_key(&report.scenario_id, report.seed);
    Reached::from_words(&browser::strings(&ask("reached", vec![key.into()])))
}

/// Sends again now (the report's "try again").
pub fn retry() {
    tell("retry", Vec::new());
}

/// cmi5: ends the session and goes to the LMS's return address.
pub fn exit() {
    tell("exit", Vec::new());
}

/// Results still waiting, for the warning before clearing data.
pub fn waiting() -> usize {
    ask("waiting", Vec::new()).as_f64().unwrap_or(0.0) as usize
}

/// After "clear my data": nothing waiting is kept.
pub fn cleared() {
    tell("cleared", Vec::new());
}
