//! Playing a scenario. The state is a thin reducer around the core's
//! `Session`; the page saves the run after every step and records the
//! report when the run ends.

use crate::app::browser;
use crate::app::fetch;
use crate::app::files;
use crate::app::layout::{trainer_details, PageHeading};
use crate::app::lms;
use crate::app::pages;
use crate::app::records::{self, Notice, RecordsAction, RecordsHandle};
use crate::app::route::Route;
use crate::app::scene::{Scene, SceneProps};
use crate::app::{Shared, Shell};
use crate::core::engine::{ChoiceError, Mode, Outcome, ResumeError, SavedRun, Session};
use crate::core::framework::{ForceSettings, Framework};
use crate::core::model::Scenario;
use crate::core::progress::{self, Progress, SetAside};
use crate::core::report::GapReport;
use crate::core::text::capitalise;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Debug)]
pub struct PlayState {
    pub session: Session,
    /// What the last step produced: its feedback, and whether the clock moved.
    pub last: Option<Outcome>,
    /// Why the last attempt was refused, and how many times in a row.
    pub refused: Option<(ChoiceError, u32)>,
}

pub enum PlayAction {
    /// Option ids at a decision, none to continue. `step` is the step the
    /// choice was made at, so a late second click changes nothing.
    Choose { step: usize, ids: Vec<String> },
}

impl PlayState {
    pub fn new(session: Session) -> PlayState {
        PlayState {
            session,
            last: None,
            refused: None,
        }
    }

    pub fn step(&self) -> usize {
        self.session.state().log.len()
    }
}

impl Reducible for PlayState {
    type Action = PlayAction;

    fn reduce(self: Rc<Self>, action: PlayAction) -> Rc<Self> {
        let PlayAction::Choose { step, ids } = action;
        if step != self.step() || self.session.is_finished() {
            return self;
        }
        let mut next = Rc::unwrap_or_clone(self);
        // A refused choice leaves the session as it was.
        match next.session.choose(&ids) {
            Ok(outcome) => {
                next.last = Some(outcome);
                next.refused = None;
            }
            Err(error) => {
                let repeats = next.refused.as_ref().map_or(0, |(_, n)| n + 1);
                next.refused = Some((error, repeats));
            }
        }
        Rc::new(next)
    }
}

/// The run a play page opens, and any unfinished run it could not resume.
pub struct Opened {
    pub session: Session,
    pub unresumable: Option<(SavedRun, ResumeError)>,
}

/// Resumes the scenario's unfinished run when it matches the request (any
/// run when no seed is asked for, else the same seed and mode); otherwise
/// starts a new run from the requested seed, or `fresh_seed`.
pub fn open_run(
    scenario: &Rc<Scenario>,
    settings: &ForceSettings,
    unfinished: Option<&SavedRun>,
    seed: Option<u64>,
    mode: Option<Mode>,
    fresh_seed: u64,
) -> Opened {
    let wanted = seed.map(|seed| (seed, mode.unwrap_or(Mode::Training)));
    let mut unresumable = None;
    if let Some(saved) = unfinished {
        if wanted.is_none_or(|(seed, mode)| saved.seed == seed && saved.mode == mode) {
            match Session::resume(Rc::clone(scenario), settings, saved) {
                Ok(session) => {
                    return Opened {
                        session,
                        unresumable: None,
                    }
                }
                Err(error) => unresumable = Some((saved.clone(), error)),
            }
        }
    }
    let fallback_mode = unresumable
        .as_ref()
        .map_or(Mode::Training, |(saved, _)| saved.mode);
    let (seed, mode) = wanted.unwrap_or((fresh_seed, mode.unwrap_or(fallback_mode)));
    Opened {
        session: Session::new(Rc::clone(scenario), settings, seed, mode),
        unresumable,
    }
}

/// What a screen reader hears after a step.
pub fn announcement(outcome: &Outcome, mode: Mode, title: &str, clock: &str) -> String {
    let mut parts = vec![if outcome.feedback.is_empty() {
        "Next scene.".to_string()
    } else {
        "Decision recorded.".to_string()
    }];
    if mode == Mode::Training && !outcome.feedback.is_empty() {
        parts.push("Feedback on your decision follows the heading.".into());
    }
    if outcome.clock_moved {
        parts.push(format!("Time has moved on: it is now {clock}."));
    }
    if outcome.finished {
        parts.push(format!(
            "The scenario has ended: {title}. Your report is ready."
        ));
    } else {
        parts.push(format!("Now: {title}."));
    }
    parts.join(" ")
}

#[derive(Properties, PartialEq)]
pub struct PlayRouteProps {
    pub id: AttrValue,
    pub seed: Option<u64>,
    pub mode: Option<Mode>,
}

/// The play route: the run once the scenario's compiled form is here, else why not.
#[component]
pub fn Play(props: &PlayRouteProps) -> Html {
    let library = use_context::<Shell>()
        .expect("the shell is provided")
        .library();
    let listing = library.listing(&props.id).cloned();
    let loaded = use_state(|| listing.as_ref().and_then(fetch::cached).map(Ok));
    {
        let loaded = loaded.clone();
        use_effect_with(listing.clone(), move |listing| {
            if let (Some(listing), None) = (listing.clone(), &*loaded) {
                wasm_bindgen_futures::spawn_local(async move {
                    loaded.set(Some(fetch::scenario(&listing).await));
                });
            }
        });
    }
    match (&listing, &*loaded) {
        (Some(_), Some(Ok(opened))) => html! {
            <PlayPage
                scenario={Shared(Rc::clone(&opened.scenario))}
                // The index's framework with this scenario's practices, for its report.
                framework={Shared(Rc::new(Framework {
                    practices: opened.practices.clone(),
                    ..(*library.framework).clone()
                }))}
                seed={props.seed}
                mode={props.mode}
            />
        },
        (Some(listing), None) => html! {
            <>
                <PageHeading text="Loading the scenario" />
                <p class="body" role="status">{ format!("Loading “{}”…", listing.title) }</p>
            </>
        },
        (Some(_), Some(Err(failure))) => html! {
            <>
                <PageHeading text="The scenario could not be loaded" />
                <p class="body">{ &failure.summary }</p>
                <p class="body">{ "Your saved progress is safe in this browser. Try again later, and if the problem stays, tell your trainer." }</p>
                if !failure.details.is_empty() {
                    { trainer_details(&failure.details, Html::default()) }
                }
                <p class="body"><a class="link" href={Route::Home.href()}>{ "Back to the scenarios" }</a></p>
            </>
        },
        (None, _) => html! {
            <>
                <PageHeading text="Scenario not available" />
                <p class="body">{ "This scenario is not in the list, or its file has errors. The home page lists every scenario and, for trainers, what is wrong with any that cannot be played." }</p>
                <p class="body"><a class="link" href={Route::Home.href()}>{ "Back to the scenarios" }</a></p>
            </>
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct PlayProps {
    pub scenario: Shared<Scenario>,
    pub framework: Shared<Framework>,
    pub seed: Option<u64>,
    pub mode: Option<Mode>,
}

/// Why the page cannot go on: an unfinished run that could not be resumed
/// and could not be kept aside either, so it is left exactly as it was.
#[derive(Clone, PartialEq)]
struct Held {
    reason: String,
    /// The run, packed (`progress::pack_run`) for the files module.
    run: String,
    error: String,
}

#[component]
pub fn PlayPage(props: &PlayProps) -> Html {
    let records = use_context::<RecordsHandle>().expect("records are provided");
    let shell = use_context::<Shell>().expect("the shell is provided");
    // The parent keys this page by route, so a run is opened once per visit.
    let opened = use_memo((), |_| {
        open_run(
            &props.scenario.0,
            &props.framework.settings,
            records.progress.unfinished(&props.scenario.id),
            props.seed,
            props.mode,
            browser::fresh_seed(),
        )
    });
    let play = use_reducer({
        let session = opened.session.clone();
        move || PlayState::new(session)
    });
    let held = use_state(|| None::<Held>);
    let finished_as = use_state(|| None::<u32>);
    let first = use_mut_ref(|| true);
    // The result of a finished run, shown with the ending and stored as its report.
    let result = use_memo(play.step(), {
        let play = play.clone();
        let framework = props.framework.clone();
        move |_| {
            play.session
                .is_finished()
                .then(|| Rc::new(GapReport::build(&play.session, &framework.0)))
        }
    });

    {
        let play = play.clone();
        let records = records.clone();
        let held = held.clone();
        let finished_as = finished_as.clone();
        let opened = Rc::clone(&opened);
        let shell = shell.clone();
        let title = props.scenario.title.clone();
        let result = Rc::clone(&result);
        use_effect_with(play.step(), move |_| {
            let is_first = std::mem::replace(&mut *first.borrow_mut(), false);
            if is_first {
                if let Some((saved, error)) = &opened.unresumable {
                    if let Err(why) = keep_unresumable(&records, saved, error, &title) {
                        held.set(Some(why));
                        return;
                    }
                }
            } else if let Some(outcome) = &play.last {
                let view = play.session.view();
                let mode = play.session.mode();
                shell
                    .announce
                    .emit(announcement(outcome, mode, &view.title, &view.clock));
            }
            if !play.session.is_finished() {
                records.dispatch(RecordsAction::SaveUnfinished(play.session.saved()));
                // The LMS or LRS, when there is one, hears of each step.
                if is_first {
                    lms::scene_shown();
                } else {
                    lms::after_step(&play.session, &records.progress);
                }
            } else if let (Some(report), None) = (result.as_ref(), *finished_as) {
                let number = records.progress.next_number();
                let report = Box::new(GapReport::clone(report));
                let finished_at = browser::now();
                let mut after = records.progress.clone();
                after.complete(GapReport::clone(&report), finished_at);
                records.dispatch(RecordsAction::Complete {
                    report,
                    finished_at,
                });
                lms::after_run(&play.session, &after, finished_at);
                // The report is the likely next page: its code loads meanwhile.
                pages::warm();
                // A reload from here opens the report rather than a new run.
                browser::replace_address(&Route::Report(number).href());
                finished_as.set(Some(number));
            }
        });
    }

    if let Some(held) = &*held {
        return held_view(held);
    }

    let on_choose = {
        let play = play.clone();
        Callback::from(move |ids: Vec<String>| {
            browser::note_interaction();
            play.dispatch(PlayAction::Choose {
                step: play.step(),
                ids,
            });
        })
    };
    let on_report = {
        let shell = shell.clone();
        let finished_as = *finished_as;
        Callback::from(move |_| {
            if let Some(number) = finished_as {
                shell.navigate.emit(Route::Report(number).href());
            }
        })
    };
    let scene = SceneProps {
        scenario_title: props.scenario.title.clone().into(),
        view: Rc::new(play.session.view()),
        mode: play.session.mode(),
        outcome: play.last.clone(),
        refused: play.refused.clone(),
        report: *finished_as,
        result: (*result).clone().map(Shared),
        on_choose,
        on_report,
    };
    html! { <Scene ..scene /> }
}

/// Keeps an unfinished run that cannot be resumed aside in storage before a
/// new run replaces it; when that fails, says why so nothing is replaced.
fn keep_unresumable(
    records: &RecordsHandle,
    saved: &SavedRun,
    error: &ResumeError,
    title: &str,
) -> Result<(), Held> {
    let reason = format!("your unfinished run of “{title}” could not be resumed, because {error}");
    // Kept as a record of its own, which imports once the run can be replayed.
    let alone = Progress {
        unfinished: vec![saved.clone()],
        ..Progress::default()
    };
    let part = SetAside {
        reason: reason.clone(),
        data: alone.pack(),
    };
    match records::keep_aside(part, browser::now()) {
        Ok(entry) => {
            records.dispatch(RecordsAction::RunSetAside {
                scenario_id: saved.scenario_id.clone(),
                entry,
                notice: Notice {
                    heading: "Your unfinished run could not be resumed".into(),
                    lines: vec![
                        format!("{}.", capitalise(&reason)),
                        "It has been kept aside in this browser, where you can download it from Your record, and a new run has started.".into(),
                    ],
                },
            });
            Ok(())
        }
        Err(store) => Err(Held {
            reason,
            run: progress::pack_run(saved),
            error: store.to_string(),
        }),
    }
}

fn held_view(held: &Held) -> Html {
    let run = held.run.clone();
    let download = Callback::from(move |_| {
        let run = run.clone();
        files::download(
            "unfinished-run.json".into(),
            async move { files::run_file(&run).await },
            |_| {},
        );
    });
    html! {
        <>
            <PageHeading text="Your unfinished run could not be resumed" />
            <p class="body">{ format!("{}.", capitalise(&held.reason)) }</p>
            <p class="body">{ format!("The app could not keep it aside, because {}, so it has left it exactly as it was and has not started a new run.", held.error) }</p>
            <p class="body">{ "Download the run to keep it, then make space (for example by deleting data kept aside on Your record) and open the scenario again." }</p>
            <div class="button-group">
                <button type="button" class="button" onclick={download}>{ "Download the unfinished run" }</button>
                <a class="link" href={Route::Home.href()}>{ "Back to the scenarios" }</a>
            </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::SourceFile;
    use crate::core::engine::BodyView;
    use crate::core::validate::load;

    fn scenario(text_edit: impl Fn(String) -> String) -> Rc<Scenario> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/after-the-break-up.toml"
        );
        let text = text_edit(std::fs::read_to_string(path).expect("the reference scenario exists"));
        Rc::new(
            load(&SourceFile::new(path, text), &Framework::bundled())
                .scenario
                .expect("it is valid"),
        )
    }

    fn first_option(session: &Session) -> Vec<String> {
        session
            .offered()
            .first()
            .map(|o| vec![o.id.clone()])
            .unwrap_or_default()
    }

    fn option_order(session: &Session) -> Vec<String> {
        match session.view().body {
            BodyView::Decision { options, .. } => options.into_iter().map(|o| o.id).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn the_reducer_steps_refuses_and_ignores_late_clicks() {
        let settings = Framework::bundled().settings;
        let state = Rc::new(PlayState::new(Session::new(
            scenario(|t| t),
            &settings,
            3,
            Mode::Training,
        )));
        let refused = Rc::clone(&state).reduce(PlayAction::Choose {
            step: 0,
            ids: Vec::new(),
        });
        assert_eq!(refused.refused, Some((ChoiceError::NothingChosen, 0)));
        assert_eq!(refused.step(), 0);
        let again = Rc::clone(&refused).reduce(PlayAction::Choose {
            step: 0,
            ids: Vec::new(),
        });
        assert_eq!(again.refused, Some((ChoiceError::NothingChosen, 1)));
        let ids = first_option(&state.session);
        let stepped = Rc::clone(&again).reduce(PlayAction::Choose {
            step: 0,
            ids: ids.clone(),
        });
        assert_eq!((stepped.step(), stepped.refused.clone()), (1, None));
        assert!(stepped.last.is_some());
        // The same click arriving again after the scene changed is a no-op: the same Rc.
        let late = Rc::clone(&stepped).reduce(PlayAction::Choose { step: 0, ids });
        assert!(Rc::ptr_eq(&late, &stepped));
    }

    #[test]
    fn an_unfinished_run_resumes_at_the_same_decision_with_the_same_order() {
        let settings = Framework::bundled().settings;
        let scenario = scenario(|t| t);
        let mut session = Session::new(Rc::clone(&scenario), &settings, 11, Mode::Assessment);
        for _ in 0..2 {
            let ids = first_option(&session);
            session.choose(&ids).unwrap();
        }
        let saved = session.saved();
        for seed in [None, Some(11)] {
            let opened = open_run(
                &scenario,
                &settings,
                Some(&saved),
                seed,
                Some(Mode::Assessment),
                99,
            );
            assert!(opened.unresumable.is_none());
            assert_eq!(opened.session.view(), session.view());
            assert_eq!(option_order(&opened.session), option_order(&session));
        }
        // Another seed starts a new run instead.
        let other = open_run(
            &scenario,
            &settings,
            Some(&saved),
            Some(12),
            Some(Mode::Assessment),
            99,
        );
        assert_eq!(
            (other.session.seed(), other.session.state().log.len()),
            (12, 0)
        );
        // No request and nothing saved: a fresh seed, training mode.
        let fresh = open_run(&scenario, &settings, None, None, None, 99);
        assert_eq!(
            (fresh.session.seed(), fresh.session.mode()),
            (99, Mode::Training)
        );
    }

    #[test]
    fn a_run_of_changed_content_is_reported_and_a_new_run_starts() {
        let settings = Framework::bundled().settings;
        let mut session = Session::new(scenario(|t| t), &settings, 5, Mode::Assessment);
        let ids = first_option(&session);
        session.choose(&ids).unwrap();
        // Any edit to the file changes its content hash.
        let changed = scenario(|t| format!("{t}\n# edited by a trainer\n"));
        let opened = open_run(&changed, &settings, Some(&session.saved()), None, None, 42);
        let (saved, error) = opened.unresumable.expect("the content changed");
        assert_eq!(
            (saved, error),
            (session.saved(), ResumeError::ScenarioChanged)
        );
        assert_eq!(
            (opened.session.seed(), opened.session.mode()),
            (42, Mode::Assessment)
        );
    }

    #[test]
    fn announcements_say_what_changed() {
        let outcome = Outcome {
            feedback: vec![crate::core::engine::ChoiceFeedback {
                option_id: "a".into(),
                option_text: "A".into(),
                feedback: None,
                cite: None,
                critical: false,
                points: Default::default(),
            }],
            clock_moved: true,
            finished: false,
        };
        assert_eq!(
            announcement(&outcome, Mode::Training, "The voicemail", "Day 1, 20:15"),
            "Decision recorded. Feedback on your decision follows the heading. Time has moved on: it is now Day 1, 20:15. Now: The voicemail."
        );
        let end = Outcome {
            feedback: Vec::new(),
            clock_moved: false,
            finished: true,
        };
        assert_eq!(
            announcement(&end, Mode::Assessment, "Safe for now", "Day 4, 10:00"),
            "Next scene. The scenario has ended: Safe for now. Your report is ready."
        );
    }
}
