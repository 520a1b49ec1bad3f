//! The LMS module's runtime (`dist/lms/`, built from `src/lms/main.rs`):
//! the app inside an LMS, or sending to a force's LRS. It keeps the outbox
//! in storage and sends what the core (`core::lms`) says to send, in order.
//! The app imports it only when there is an LMS, a cmi5 launch or an
//! `[lrs]` in the settings (`super`, the app's side), and talks to it in
//! plain data: saved runs and progress as JSON, which it replays here.
//!
//! The app calls in at four seams: `begin` (before the records are read,
//! so they are the LMS learner's), `connect` (once the library is loaded),
//! `after_step` (after each decision or scene) and `after_run` (when a run
//! ends); leaving the page ends the LMS session.

use crate::app::fetch;
use crate::app::storage::{self, OUTBOX};
use crate::core::catalogue::Catalogue;
use crate::core::engine::{SavedRun, Session, SAVED_RUN_FORMAT};
use crate::core::framework::{Framework, LrsSettings};
use crate::core::lms::outbox::{
    run_key, statement_delivery, Delivery, Item, Outbox, Payload, Reached,
};
use crate::core::lms::scorm::{self, Batch, Version};
use crate::core::lms::suspend::{CompactRun, SuspendData};
use crate::core::lms::xapi::{self, Identifier, Journal, Launch, LaunchData, LaunchMode};
use crate::core::lms::{time, Answer, Summary};
use crate::core::model::{content_hash, hash_hex};
use crate::core::progress::{self, CompletedRun, Progress};
use crate::core::report::GapReport;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/app/lms/link.js")]
extern "C" {
    fn attach(api: JsValue, version: &str);
    fn scorm(call: &str, element: &str, value: &str) -> String;
    fn query(name: &str) -> String;
    async fn send(method: &str, url: &str, auth: &str, body: &str, keepalive: bool) -> JsValue;
    #[wasm_bindgen(js_name = randomBytes)]
    fn random_bytes() -> Vec<u8>;
    fn basic(user: &str, password: &str) -> String;
}

/// Where results go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Scorm(Version),
    Cmi5,
    Lrs,
}

impl Kind {
    /// As the app's side names it (`super::Kind::named`).
    fn name(self) -> &'static str {
        match self {
            Kind::Scorm(Version::Scorm12) => "scorm12",
            Kind::Scorm(Version::Scorm2004) => "scorm2004",
            Kind::Cmi5 => "cmi5",
            Kind::Lrs => "lrs",
        }
    }
}

struct ScormLink {
    version: Version,
    mastery: Option<u32>,
    /// Resume data as the LMS gave it at start.
    suspend: SuspendData,
    /// The scenario the officer was in (`location`), to open again.
    location: String,
    terminated: bool,
}

struct XapiLink {
    launch: Launch,
    endpoint: String,
    auth: String,
    return_url: Option<String>,
    /// Standalone: one registration per run.
    per_run: Option<LrsSettings>,
}

struct Runtime {
    kind: Kind,
    scorm: Option<ScormLink>,
    xapi: Option<XapiLink>,
    outbox: Outbox,
    suspend: SuspendData,
    started_at: u64,
    /// The package's scenarios (every listed one).
    scenario_ids: Vec<String>,
    /// The library as this module read it, to replay the app's runs.
    catalogue: Option<Rc<Catalogue>>,
    framework: Option<Rc<Framework>>,
    /// What went wrong last, in plain words, until something gets through.
    problem: Option<String>,
    sending: bool,
    /// When the current scene was shown, for each decision's latency.
    shown_at: u64,
}

thread_local! {
    static RUNTIME: RefCell<Option<Runtime>> = const { RefCell::new(None) };
    /// The app's `changed`, called whenever what the views show changes.
    static NOTIFY: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

fn with<T>(f: impl FnOnce(&mut Runtime) -> T) -> Option<T> {
    RUNTIME.with(|r| r.borrow_mut().as_mut().map(f))
}

fn notify() {
    if let Some(changed) = NOTIFY.with(|n| n.borrow().clone()) {
        let _ = changed.call0(&JsValue::NULL);
    }
}

fn now() -> u64 {
    crate::app::browser::now()
}

fn new_id() -> String {
    let bytes = random_bytes();
    let mut array = [0u8; 16];
    array.copy_from_slice(&bytes[..16]);
    time::uuid(array)
}

fn refused(answer: &str) -> Option<String> {
    let detail = answer.strip_prefix('!')?;
    let mut parts = detail.splitn(3, '|');
    let code = parts.next().unwrap_or_default();
    let text = parts.next().unwrap_or_default().trim();
    let diagnostic = parts.next().unwrap_or_default().trim();
    let mut words = if text.is_empty() {
        "the LMS refused it".to_string()
    } else {
        format!("the LMS said “{text}”")
    };
    if !code.is_empty() {
        words.push_str(&format!(" (error {code})"));
    }
    if !diagnostic.is_empty() && diagnostic != text {
        words.push_str(&format!(": {diagnostic}"));
    }
    Some(words)
}

/// What the views show: where results go (`Kind::name`, or empty before
/// there is a link) and any problem (or empty).
pub fn status() -> [String; 2] {
    [
        with(|r| r.kind.name().to_string()).unwrap_or_default(),
        with(|r| r.problem.clone()).flatten().unwrap_or_default(),
    ]
}

/// Whether the run `key` (`outbox::run_key`) reached the force's records.
pub fn reached(key: &str) -> Option<Reached> {
    with(|r| r.outbox.reached(key))
}

pub fn listen(changed: js_sys::Function) {
    NOTIFY.with(|n| *n.borrow_mut() = Some(changed));
}

/// At start, before the records are read: opens the LMS the app found
/// (`found`: SCORM's `api` and version, or a cmi5 launch) and answers the
/// storage scope of its learner, whose records alone the app then reads.
pub fn begin(api: JsValue, found: &str) -> String {
    attach(api, found);
    let (kind, scorm_link, learner) = match found {
        "scorm12" | "scorm2004" => {
            let version = if found == "scorm12" {
                Version::Scorm12
            } else {
                Version::Scorm2004
            };
            let init = scorm("init", "", "");
            let get = |element: &str| {
                let value = scorm("get", element, "");
                if value.starts_with('!') {
                    String::new()
                } else {
                    value
                }
            };
            let learner = get(scorm::learner_element(version));
            let mut mastery = scorm::read_mastery(version, &get(scorm::mastery_element(version)));
            if version == Version::Scorm2004 && mastery.is_none() {
                mastery = get("cmi.launch_data")
                    .strip_prefix("mastery=")
                    .and_then(|m| scorm::read_mastery(Version::Scorm12, m));
            }
            let suspend = SuspendData::decode(&get(scorm::SUSPEND_ELEMENT)).unwrap_or_default();
            let link = ScormLink {
                version,
                mastery,
                suspend,
                location: get(scorm::location_element(version)),
                terminated: false,
            };
            let problem = refused(&init).map(|why| {
                format!("The learning management system did not start the session: {why}. Your progress is kept in this browser.")
            });
            RUNTIME.with(|r| {
                *r.borrow_mut() = Some(Runtime {
                    problem,
                    ..runtime(Kind::Scorm(version))
                })
            });
            (
                Kind::Scorm(version),
                Some(link),
                format!("{found}:{learner}"),
            )
        }
        "cmi5" => (Kind::Cmi5, None, format!("cmi5:{}", query("actor"))),
        _ => return String::new(),
    };
    let scope = hash_hex(content_hash(&learner));
    storage::use_learner_scope(&scope);
    let outbox = storage::read(&storage::key(OUTBOX))
        .ok()
        .flatten()
        .and_then(|text| Outbox::decode(&text))
        .unwrap_or_default();
    RUNTIME.with(|r| {
        let mut slot = r.borrow_mut();
        let runtime = slot.get_or_insert_with(|| runtime(kind));
        runtime.scorm = scorm_link;
        runtime.outbox = outbox;
    });
    listen_for_leaving();
    scope
}

fn runtime(kind: Kind) -> Runtime {
    Runtime {
        kind,
        scorm: None,
        xapi: None,
        outbox: Outbox::default(),
        suspend: SuspendData::default(),
        started_at: now(),
        scenario_ids: Vec::new(),
        catalogue: None,
        framework: None,
        problem: None,
        sending: false,
        shown_at: now(),
    }
}

/// Whether the app is inside an LMS (its learner's records, no local name).
fn in_lms() -> bool {
    with(|r| matches!(r.kind, Kind::Scorm(_) | Kind::Cmi5)).unwrap_or(false)
}

fn listen_for_leaving() {
    let Some(window) = web_sys::window() else {
        return;
    };
    gloo::events::EventListener::new(&window, "pagehide", |_| leave()).forget();
}

/// Once the app has loaded the library: reads it too, restores runs the
/// LMS kept, starts the cmi5 session or the LRS link, and sends whatever is
/// waiting. `progress` is the officer's records (JSON). Answers a scenario
/// to open again (SCORM's location) and the runs restored for the records
/// (JSON), each empty when there are none.
pub async fn connect(progress: &str) -> [String; 2] {
    let none = || [String::new(), String::new()];
    let Ok(catalogue) = fetch::catalogue().await else {
        with(|r| {
            r.problem = Some(
                "The app could not read the scenarios to link your results. Your progress is kept in this browser.".into(),
            )
        });
        notify();
        return none();
    };
    let catalogue = Rc::new(catalogue);
    let progress = Progress::unpack(progress).progress;
    let ids: Vec<String> = catalogue
        .entries
        .iter()
        .filter(|e| e.listing().is_some())
        .map(|e| e.id.clone())
        .collect();
    let framework = Rc::clone(&catalogue.framework);
    let lrs = framework.settings.lrs.clone();
    if with(|_| ()).is_none() {
        let Some(lrs) = lrs else { return none() };
        // Standalone with the force's LRS: the same statements, one
        // registration per run, kept where the officer's records are.
        storage::apply_computer_choice();
        let mut runtime = runtime(Kind::Lrs);
        runtime.outbox = storage::read(&storage::key(OUTBOX))
            .ok()
            .flatten()
            .and_then(|text| Outbox::decode(&text))
            .unwrap_or_default();
        let auth = if lrs.username.is_empty() {
            String::new()
        } else {
            basic(&lrs.username, &lrs.password)
        };
        runtime.xapi = Some(XapiLink {
            launch: Launch {
                actor: xapi::agent(&identifier(&lrs), "anonymous"),
                activity_id: String::new(),
                registration: String::new(),
                context: xapi::Context::default(),
                cmi5: false,
                mode: LaunchMode::Normal,
                mastery: None,
            },
            endpoint: lrs.endpoint.clone(),
            auth,
            return_url: None,
            per_run: Some(lrs),
        });
        RUNTIME.with(|r| *r.borrow_mut() = Some(runtime));
    }
    with(|r| {
        r.scenario_ids = ids;
        r.catalogue = Some(Rc::clone(&catalogue));
        r.framework = Some(Rc::clone(&framework));
    });
    let Some(kind) = with(|r| r.kind) else {
        return none();
    };
    let [mut reopen, mut restored] = none();
    match kind {
        Kind::Scorm(_) => {
            let Some((suspend, location)) = with(|r| {
                let link = r.scorm.as_ref().expect("a SCORM runtime has its link");
                (link.suspend.clone(), link.location.clone())
            }) else {
                return none();
            };
            let (progress, found) = restore(&catalogue, progress, suspend).await;
            if let Some(found) = found {
                restored = found.pack();
            }
            if progress.unfinished(&location).is_some() {
                reopen = location;
            }
            with(|r| {
                let summary = summary(r, &progress);
                let link = r.scorm.as_ref().expect("a SCORM runtime has its link");
                let batch = scorm::at_start(link.version, &summary);
                queue(r, String::new(), Payload::Scorm(batch));
            });
        }
        Kind::Cmi5 => {
            if let Err(why) = start_cmi5().await {
                with(|r| r.problem = Some(why));
            }
        }
        Kind::Lrs => {}
    }
    save_outbox();
    flush().await;
    notify();
    [reopen, restored]
}

fn identifier(lrs: &LrsSettings) -> Identifier {
    if lrs.identifier == "email" {
        Identifier::Email {
            domain: lrs.email_domain.clone(),
        }
    } else {
        Identifier::Account {
            home_page: lrs.homepage.clone(),
        }
    }
}

/// The cmi5 launch: the token from the `fetch` URL (asked for once per
/// launch and kept for this tab), the LMS's launch data, then `initialized`.
async fn start_cmi5() -> Result<(), String> {
    let endpoint = query("endpoint");
    let endpoint = if endpoint.ends_with('/') {
        endpoint
    } else {
        format!("{endpoint}/")
    };
    let fetch_url = query("fetch");
    let registration = query("registration");
    let activity_id = query("activityId");
    let actor = query("actor");
    let token_key = storage::key(&format!(
        "cmi5-token.{}",
        hash_hex(content_hash(&fetch_url))
    ));
    let session_area = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
    let kept = session_area
        .as_ref()
        .and_then(|s| s.get_item(&token_key).ok().flatten());
    let token = match kept {
        Some(token) => token,
        None => {
            let (status, body) = answer(send("POST", &fetch_url, "", "", false).await);
            #[derive(serde::Deserialize)]
            struct Token {
                #[serde(rename = "auth-token")]
                token: String,
            }
            let token = serde_json::from_str::<Token>(&body)
                .ok()
                .filter(|_| status == 200)
                .ok_or_else(|| {
                    "The learning management system did not give the app permission to record your result (its token could not be fetched). Your progress is kept in this browser.".to_string()
                })?
                .token;
            if let Some(area) = &session_area {
                let _ = area.set_item(&token_key, &token);
            }
            token
        }
    };
    let auth = format!("Basic {token}");
    let actor_raw = serde_json::value::RawValue::from_string(actor.clone())
        .map_err(|_| "The LMS's launch named no learner the app could read.".to_string())?;
    let agent = encode_query(&actor);
    let url = format!(
        "{endpoint}activities/state?stateId={}&activityId={}&agent={agent}&registration={}",
        xapi::LAUNCH_DATA,
        encode_query(&activity_id),
        encode_query(&registration)
    );
    let (status, body) = answer(send("GET", &url, &auth, "", false).await);
    if status != 200 {
        return Err(format!("The learning management system's launch data could not be read (HTTP {status}). Your progress is kept in this browser."));
    }
    let data = LaunchData::parse(&body).map_err(|why| {
        format!(
            "{}. Your progress is kept in this browser.",
            crate::core::text::capitalise(&why)
        )
    })?;
    let session = data
        .context_template
        .extensions
        .get(xapi::SESSION_ID)
        .map(|v| v.get().to_string())
        .unwrap_or_default();
    let launch = Launch {
        actor: actor_raw,
        activity_id,
        registration: registration.clone(),
        context: data.context_template,
        cmi5: true,
        mode: data.launch_mode,
        mastery: data.mastery_score.clone(),
    };
    with(|r| {
        let journal = r.outbox.journals.entry(registration.clone()).or_default();
        journal.registration = registration.clone();
        if journal.session != session {
            // A new launch: a new session, while the registration's results stand.
            journal.session = session;
            journal.initialized_at = None;
            journal.terminated = false;
        }
        let id = new_id();
        if let Some(ready) = launch.initialized(journal, &id, now()) {
            queue(r, String::new(), statement(&endpoint, ready.json));
        }
        r.xapi = Some(XapiLink {
            launch,
            endpoint,
            auth,
            return_url: data.return_url,
            per_run: None,
        });
    });
    Ok(())
}

fn encode_query(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

fn answer(value: JsValue) -> (u16, String) {
    let array = js_sys::Array::from(&value);
    let status = array.get(0).as_f64().unwrap_or(0.0) as u16;
    (status, array.get(1).as_string().unwrap_or_default())
}

fn statement(endpoint: &str, json: String) -> Payload {
    Payload::Statement {
        endpoint: endpoint.to_string(),
        json,
    }
}

fn queue(runtime: &mut Runtime, run: String, payload: Payload) {
    runtime.outbox.push(Item {
        id: new_id(),
        run,
        payload,
    });
}

fn save_outbox() {
    if !in_lms() {
        // The officer may have said since that this is a shared computer.
        storage::apply_computer_choice();
    }
    if let Some(text) = with(|r| r.outbox.encode()) {
        if let Err(why) = storage::write(&storage::key(OUTBOX), &text) {
            with(|r| {
                r.problem = Some(format!(
                    "Results waiting for the force's records could not be kept in this browser: {why}."
                ))
            });
        }
    }
}

fn summary(runtime: &Runtime, progress: &Progress) -> Summary {
    let mastery = runtime
        .scorm
        .as_ref()
        .and_then(|s| s.mastery)
        .or_else(|| runtime.xapi.as_ref().and_then(|x| x.launch.pass_mark()));
    let framework = runtime.framework.clone().unwrap_or_default_framework();
    Summary::of(progress, &runtime.scenario_ids, &framework, mastery)
}

trait OrDefault {
    fn unwrap_or_default_framework(self) -> Rc<Framework>;
}

impl OrDefault for Option<Rc<Framework>> {
    fn unwrap_or_default_framework(self) -> Rc<Framework> {
        self.expect("connect sets the framework before any run")
    }
}

/// The runs the LMS kept (SCORM's resume data) that this browser lacks:
/// each scenario is fetched and the run replayed, so its report is exact.
/// Then the resume data is made again from everything now in the records,
/// so runs this browser kept while the LMS refused reach it too. Answers
/// the records with those runs, and the runs found, if any.
async fn restore(
    catalogue: &Catalogue,
    mut progress: Progress,
    suspend: SuspendData,
) -> (Progress, Option<Progress>) {
    let settings = &catalogue.framework.settings;
    let opened = |id: String| async move {
        let listing = catalogue.listing(&id)?;
        fetch::scenario(listing).await.ok()
    };
    let mut found = Progress::default();
    for run in suspend.runs {
        let Some(opened) = opened(run.scenario_id.clone()).await else {
            continue;
        };
        let Ok(saved) = run.to_saved(&opened.scenario, settings) else {
            continue;
        };
        if !run.finished {
            found.unfinished.push(saved);
            continue;
        }
        let Ok(session) = Session::resume(Rc::clone(&opened.scenario), settings, &saved) else {
            continue;
        };
        let framework = Framework {
            practices: opened.practices.clone(),
            ..(*catalogue.framework).clone()
        };
        found.completed.push(CompletedRun {
            number: found.completed.len() as u32 + 1,
            finished_at: run.finished_at,
            report: GapReport::build(&session, &framework),
        });
    }
    let found = (!found.completed.is_empty() || !found.unfinished.is_empty()).then_some(found);
    if let Some(found) = &found {
        progress.merge(found.clone());
    }
    let ids = with(|r| r.scenario_ids.clone()).unwrap_or_default();
    let mut data = SuspendData::default();
    for id in ids {
        let latest = progress.latest(&id).map(|run| {
            (
                SavedRun {
                    format: SAVED_RUN_FORMAT,
                    scenario_id: id.clone(),
                    content_hash: u64::from_str_radix(&run.report.content_hash, 16).unwrap_or(0),
                    seed: run.report.seed,
                    mode: run.report.mode,
                    choices: run.report.choices.clone(),
                    start: None,
                },
                run.finished_at,
            )
        });
        let unfinished = progress.unfinished(&id).cloned().map(|saved| (saved, 0));
        for (saved, finished_at) in latest.into_iter().chain(unfinished) {
            let Some(opened) = opened(id.clone()).await else {
                continue;
            };
            if let Ok(session) = Session::resume(Rc::clone(&opened.scenario), settings, &saved) {
                data.put(CompactRun::of(&session, finished_at));
            }
        }
    }
    with(|r| r.suspend = data);
    (progress, found)
}

/// Marks when a scene was shown, for the next decision's latency.
pub fn scene_shown(at: u64) {
    with(|r| r.shown_at = at);
}

/// The app's run (a `SavedRun`, packed) replayed on this module's copy of
/// its scenario, with the officer's records (packed).
async fn replayed(saved: &str, progress: &str) -> Option<(Session, Progress)> {
    let saved = progress::unpack_run(saved)?;
    let catalogue = with(|r| r.catalogue.clone()).flatten()?;
    let listing = catalogue.listing(&saved.scenario_id)?;
    let opened = fetch::scenario(listing).await.ok()?;
    let settings = &catalogue.framework.settings;
    let session = Session::resume(Rc::clone(&opened.scenario), settings, &saved).ok()?;
    Some((session, Progress::unpack(progress).progress))
}

/// After a step of a run: the decision as an interaction or `answered`
/// statement, and (SCORM) the resume data, committed.
pub async fn after_step(saved: &str, progress: &str, at: u64) {
    if let Some((session, progress)) = replayed(saved, progress).await {
        step(&session, &progress, at);
    }
}

fn step(session: &Session, progress: &Progress, at: u64) {
    let sent = with(|r| {
        let shown_at = r.shown_at;
        let latency = at.saturating_sub(shown_at);
        r.shown_at = at;
        let steps = session.state().log.len();
        let answer = steps
            .checked_sub(1)
            .and_then(|step| Answer::of(session, step, at, latency));
        let key = run_key(&session.scenario().id, session.seed());
        if let Some(link) = &r.scorm {
            r.suspend.put(CompactRun::of(session, at));
            let location = if session.is_finished() {
                ""
            } else {
                session.scenario().id.as_str()
            };
            let summary = summary(r, progress);
            let batch = scorm::after_step(
                link.version,
                answer.as_ref(),
                &r.suspend.encode(),
                location,
                &summary,
            );
            queue(r, key.clone(), Payload::Scorm(batch));
        }
        if r.xapi.is_some() {
            start_run_registration(r, session, shown_at);
            if let Some(answer) = &answer {
                let link = r.xapi.as_ref().expect("checked");
                let journal_key = journal_key(link, &key);
                let mut journal = r.outbox.journal(&journal_key);
                let launch = launch_for(link, &journal, session);
                let endpoint = link.endpoint.clone();
                if let Some(ready) = launch.answered(&mut journal, answer, &new_id()) {
                    queue(r, key, statement(&endpoint, ready.json));
                }
                r.outbox.journals.insert(journal_key, journal);
            }
        }
    });
    if sent.is_some() {
        save_outbox();
        spawn_flush();
    }
}

fn journal_key(link: &XapiLink, run: &str) -> String {
    if link.per_run.is_some() {
        run.to_string()
    } else {
        link.launch.registration.clone()
    }
}

/// The launch a statement is made for: standalone, each run is its own
/// activity and registration, the officer named as the settings say.
fn launch_for(link: &XapiLink, journal: &Journal, session: &Session) -> Launch {
    let mut launch = link.launch.clone();
    if let Some(lrs) = &link.per_run {
        launch.registration = journal.registration.clone();
        launch.activity_id = format!(
            "{}/course-of-conduct/scenarios/{}",
            lrs.homepage.trim_end_matches('/'),
            session.scenario().id
        );
        launch.actor = xapi::agent(&identifier(lrs), &officer_name());
    }
    launch
}

fn officer_name() -> String {
    OFFICER.with(|o| o.borrow().clone())
}

thread_local! {
    static OFFICER: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The name or collar number an LRS names the officer by (standalone).
pub fn set_officer(name: &str) {
    let name = if name.trim().is_empty() {
        "anonymous".to_string()
    } else {
        name.trim().to_string()
    };
    OFFICER.with(|o| *o.borrow_mut() = name);
}

/// Standalone: a run's first step opens its registration with `initialized`.
fn start_run_registration(r: &mut Runtime, session: &Session, at: u64) {
    let Some(link) = &r.xapi else { return };
    if link.per_run.is_none() {
        return;
    }
    let key = run_key(&session.scenario().id, session.seed());
    if r.outbox
        .journals
        .get(&key)
        .is_some_and(|j| j.initialized_at.is_some())
    {
        return;
    }
    let mut journal = Journal {
        registration: new_id(),
        ..Journal::default()
    };
    let launch = launch_for(link, &journal, session);
    let endpoint = link.endpoint.clone();
    if let Some(ready) = launch.initialized(&mut journal, &new_id(), at) {
        r.outbox.journals.insert(key.clone(), journal);
        queue(r, key, statement(&endpoint, ready.json));
    }
}

/// When a run ends: (SCORM) the package's status, score and objectives,
/// finishing the LMS session once the package is complete; (cmi5, LRS)
/// `completed` and `passed` or `failed` when the package is complete.
pub async fn after_run(saved: &str, progress: &str, finished_at: u64) {
    let Some((session, progress)) = replayed(saved, progress).await else {
        return;
    };
    let (session, progress) = (&session, &progress);
    // The run's finishing time is the one its record keeps, so the LMS's
    // copy is known again as the same run.
    step(session, progress, finished_at);
    let at = finished_at;
    let finish = with(|r| {
        let key = run_key(&session.scenario().id, session.seed());
        let mut finish = false;
        if let Some(link) = &r.scorm {
            let summary = summary(r, progress);
            let mut batch = scorm::after_run(link.version, &r.suspend.encode(), &summary);
            if summary.complete {
                batch.values.extend(
                    scorm::on_exit(link.version, at.saturating_sub(r.started_at), &summary).values,
                );
                finish = true;
            }
            queue(r, key.clone(), Payload::Scorm(batch));
        }
        if let Some(link) = &r.xapi {
            let summary = match &link.per_run {
                Some(_) => {
                    let framework = r.framework.clone().unwrap_or_default_framework();
                    Summary::of(progress, &[session.scenario().id.clone()], &framework, None)
                }
                None => summary(r, progress),
            };
            let journal_key = journal_key(link, &key);
            let mut journal = r.outbox.journal(&journal_key);
            let launch = launch_for(link, &journal, session);
            let endpoint = link.endpoint.clone();
            let mut ids = std::iter::repeat_with(new_id);
            let mut ready = launch.result(
                &mut journal,
                &summary,
                &mut || ids.next().expect("endless"),
                at,
            );
            if link.per_run.is_some() {
                ready.extend(launch.terminated(&mut journal, &new_id(), at));
            }
            r.outbox.journals.insert(journal_key, journal);
            for statement_ready in ready {
                queue(r, key.clone(), statement(&endpoint, statement_ready.json));
            }
        }
        r.outbox.record(&key);
        finish
    })
    .unwrap_or(false);
    save_outbox();
    if finish {
        wasm_bindgen_futures::spawn_local(async move {
            flush().await;
            finish_scorm();
        });
    } else {
        spawn_flush();
    }
}

fn finish_scorm() {
    let done = with(|r| match &mut r.scorm {
        Some(link) if !link.terminated && r.outbox.items.is_empty() => {
            link.terminated = true;
            true
        }
        _ => false,
    });
    if done == Some(true) {
        let answer = scorm("finish", "", "");
        if let Some(why) = refused(&answer) {
            with(|r| {
                r.problem = Some(format!("The learning management system did not close the session: {why}. Your result is kept in this browser."))
            });
        }
        notify();
    }
}

/// Leaving the page: SCORM's session time and exit, then finish; cmi5's
/// `terminated` (sent so that it outlives the page, and queued in case not).
fn leave() {
    let at = now();
    let kind = with(|r| {
        if let Some(link) = &r.scorm {
            if !link.terminated {
                let summary = Summary {
                    complete: false,
                    ..summary_or_empty(r)
                };
                let batch = scorm::on_exit(link.version, at.saturating_sub(r.started_at), &summary);
                queue(r, String::new(), Payload::Scorm(batch));
            }
        }
        if let Some(link) = &r.xapi {
            if link.per_run.is_none() {
                let key = link.launch.registration.clone();
                let mut journal = r.outbox.journal(&key);
                let endpoint = link.endpoint.clone();
                if let Some(ready) = link.launch.terminated(&mut journal, &new_id(), at) {
                    r.outbox.journals.insert(key, journal);
                    queue(r, String::new(), statement(&endpoint, ready.json));
                }
            }
        }
        r.kind
    });
    if kind.is_none() {
        return;
    }
    save_outbox();
    send_now_on_leaving();
    finish_scorm();
}

fn summary_or_empty(r: &Runtime) -> Summary {
    let progress = Progress::default();
    match &r.framework {
        Some(_) => summary(r, &progress),
        None => Summary {
            complete: false,
            percent: None,
            passed: None,
            mastery: 0,
            pass_mark: 0,
            competencies: Vec::new(),
            finished: 0,
            scenarios: 0,
        },
    }
}

/// The page is going: SCORM batches are set now (the calls are
/// synchronous); statements go with `keepalive` and stay queued until a
/// later visit confirms them.
fn send_now_on_leaving() {
    while let Some(item) = with(|r| r.outbox.next().cloned()).flatten() {
        match &item.payload {
            Payload::Scorm(batch) => {
                let delivery = set_batch(batch);
                let delivered = with(|r| r.outbox.settle(&item.id, delivery)).unwrap_or(false);
                if !delivered {
                    break;
                }
            }
            Payload::Statement { endpoint, json } => {
                let auth = with(|r| r.xapi.as_ref().map(|x| x.auth.clone()))
                    .flatten()
                    .unwrap_or_default();
                let url = format!("{endpoint}statements");
                let json = json.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = send("POST", &url, &auth, &json, true).await;
                });
                break;
            }
        }
    }
    save_outbox();
}

fn spawn_flush() {
    wasm_bindgen_futures::spawn_local(flush());
}

fn set_batch(batch: &Batch) -> Delivery {
    let count = if batch.needs_interaction_count() {
        match scorm("get", "cmi.interactions._count", "") {
            answer if answer.starts_with('!') => {
                return Delivery::Failed(refused(&answer).unwrap_or_default())
            }
            answer => answer.trim().parse().unwrap_or(0),
        }
    } else {
        0
    };
    for (element, value) in batch.resolved(count) {
        let answer = scorm("set", &element, &value);
        if let Some(why) = refused(&answer) {
            return Delivery::Failed(format!("{why}, setting {element}"));
        }
    }
    match refused(&scorm("commit", "", "")) {
        Some(why) => Delivery::Failed(why),
        None => Delivery::Delivered,
    }
}

/// Sends what is waiting, in order, until something fails.
async fn flush() {
    if with(|r| std::mem::replace(&mut r.sending, true)) != Some(false) {
        return;
    }
    loop {
        let next = with(|r| {
            let scorm_closed = r.scorm.as_ref().is_some_and(|s| s.terminated);
            r.outbox
                .next()
                .cloned()
                .map(|item| (item, scorm_closed, r.xapi.as_ref().map(|x| x.auth.clone())))
        })
        .flatten();
        let Some((item, scorm_closed, auth)) = next else {
            break;
        };
        // What the officer is told when this item is refused.
        let problem: fn(&str) -> String;
        let delivery = match &item.payload {
            Payload::Scorm(_) if scorm_closed => break,
            Payload::Scorm(batch) => {
                problem = |why| {
                    format!("The learning management system did not accept your progress: {why}. Your run is kept in this browser, and the app will send it again after your next decision.")
                };
                set_batch(batch)
            }
            Payload::Statement { endpoint, json } => {
                let Some(auth) = auth else { break };
                problem = |why| {
                    format!("Your result has not reached the force's records yet: {why}. It is kept in this browser and will be sent when the service answers.")
                };
                let url = format!("{endpoint}statements");
                let (status, _) = answer(send("POST", &url, &auth, json, false).await);
                statement_delivery(status)
            }
        };
        if let Delivery::Failed(why) = &delivery {
            with(|r| r.problem = Some(problem(why)));
        }
        let delivered = with(|r| {
            let delivered = r.outbox.settle(&item.id, delivery);
            if delivered && r.outbox.items.is_empty() {
                r.problem = None;
            }
            delivered
        })
        .unwrap_or(false);
        save_outbox();
        notify();
        if !delivered {
            retry_later();
            break;
        }
    }
    with(|r| r.sending = false);
}

/// Tries again in a while (statements only: SCORM is tried at the next step).
fn retry_later() {
    let waiting_statement = with(|r| {
        matches!(
            r.outbox.next().map(|i| &i.payload),
            Some(Payload::Statement { .. })
        )
    })
    .unwrap_or(false);
    if waiting_statement {
        gloo::timers::callback::Timeout::new(5_000, spawn_flush).forget();
    }
}

/// Sends again now (the report's "try again").
pub fn retry() {
    spawn_flush();
}

/// cmi5: ends the session (`terminated`, sent before leaving) and goes to
/// the LMS's return address, as the specification asks.
pub fn exit() {
    let at = now();
    let target = with(|r| {
        let link = r.xapi.as_ref()?;
        let key = link.launch.registration.clone();
        let mut journal = r.outbox.journal(&key);
        let endpoint = link.endpoint.clone();
        let url = link.return_url.clone();
        if let Some(ready) = link.launch.terminated(&mut journal, &new_id(), at) {
            r.outbox.journals.insert(key, journal);
            queue(r, String::new(), statement(&endpoint, ready.json));
        }
        url
    })
    .flatten();
    save_outbox();
    wasm_bindgen_futures::spawn_local(async move {
        flush().await;
        if let (Some(url), Some(window)) = (target, web_sys::window()) {
            let _ = window.location().assign(&url);
        }
    });
}

/// Results still waiting, for the warning before clearing data.
pub fn waiting() -> usize {
    with(|r| r.outbox.items.len()).unwrap_or(0)
}

/// After "clear my data": nothing waiting is kept.
pub fn cleared() {
    with(|r| r.outbox = Outbox::default());
}

#[cfg(test)]
mod tests {
    use super::refused;

    #[test]
    fn a_refused_call_is_put_in_plain_words() {
        assert_eq!(refused("ok"), None);
        assert_eq!(refused("true"), None);
        assert_eq!(
            refused("!351|General exception|The test LMS is refusing this call").as_deref(),
            Some(
                "the LMS said “General exception” (error 351): The test LMS is refusing this call"
            )
        );
        assert_eq!(
            refused("!|the LMS answered false|").as_deref(),
            Some("the LMS said “the LMS answered false”")
        );
        assert_eq!(refused("!||").as_deref(), Some("the LMS refused it"));
    }
}
