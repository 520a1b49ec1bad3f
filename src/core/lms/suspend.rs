//! Resume data for an LMS (`cmi.suspend_data`): the package's runs in a
//! compact text form, short enough for SCORM 1.2's 4,096 characters with
//! every scenario of the whole course on its longest path twice over (its
//! latest finished run and its unfinished one).
//!
//! A run is stored as the saved run is (content hash, seed, mode, choices),
//! with each choice written as the option's position in its decision's
//! file order (`a`-`z`, `0`-`9`), which needs the scenario to read back.
//!
//! `1;u<id>:<hash>:<seed>:<t|a>:<steps>;c<id>:<hash>:<seed>:<t|a>:<when>:<steps>`
//! (numbers in base 36, `when` the finishing time in milliseconds) where
//! steps are separated by `,` and a scene that was continued is `.`.

use crate::core::engine::{Mode, SavedRun, Session, SAVED_RUN_FORMAT};
use crate::core::framework::ForceSettings;
use crate::core::lms::{from_radix36, position_char, radix36};
use crate::core::model::{hash_hex, Scenario, SceneBody};
use std::rc::Rc;

/// SCORM 1.2's limit on `cmi.suspend_data` (CMIString4096).
pub const SCORM12_LIMIT: usize = 4096;
const VERSION: &str = "1";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompactRun {
    pub finished: bool,
    /// When a finished run ended (ms since 1970), so a run restored from the
    /// LMS is known again when the browser already has it.
    pub finished_at: u64,
    pub scenario_id: String,
    pub content_hash: u64,
    pub seed: u64,
    pub mode: Mode,
    /// Per step, the positions chosen in file order; empty where continued.
    pub steps: Vec<Vec<usize>>,
}

impl CompactRun {
    /// A run as it stands (from its start scene; play-tests are not stored).
    pub fn of(session: &Session, finished_at: u64) -> CompactRun {
        let scenario = session.scenario();
        let saved = session.saved();
        // The choices as the officer made them (ticked order), each at its scene.
        let steps = session
            .state()
            .log
            .iter()
            .zip(&saved.choices)
            .map(|(step, chosen)| match &scenario.scenes[step.scene].body {
                SceneBody::Decision(decision) => chosen
                    .iter()
                    .filter_map(|id| decision.options.iter().position(|o| &o.id == id))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        CompactRun {
            finished: session.is_finished(),
            finished_at: if session.is_finished() {
                finished_at
            } else {
                0
            },
            scenario_id: scenario.id.clone(),
            content_hash: scenario.content_hash,
            seed: session.seed(),
            mode: session.mode(),
            steps,
        }
    }

    /// The saved run again, replayed on the scenario to name each option.
    pub fn to_saved(
        &self,
        scenario: &Rc<Scenario>,
        settings: &ForceSettings,
    ) -> Result<SavedRun, String> {
        if scenario.id != self.scenario_id || scenario.content_hash != self.content_hash {
            return Err(format!(
                "the run of `{}` was made with other content of the scenario",
                self.scenario_id
            ));
        }
        let mut session = Session::new(Rc::clone(scenario), settings, self.seed, self.mode);
        for (at, positions) in self.steps.iter().enumerate() {
            let scene = &scenario.scenes[session.state().scene];
            let ids: Vec<String> = match &scene.body {
                SceneBody::Decision(decision) => positions
                    .iter()
                    .map(|&p| decision.options.get(p).map(|o| o.id.clone()))
                    .collect::<Option<_>>()
                    .ok_or_else(|| {
                        format!("step {} names an option that does not exist", at + 1)
                    })?,
                _ => Vec::new(),
            };
            session
                .choose(&ids)
                .map_err(|e| format!("step {}: {e}", at + 1))?;
        }
        Ok(SavedRun {
            format: SAVED_RUN_FORMAT,
            ..session.saved()
        })
    }

    fn encode(&self) -> String {
        let steps: Vec<String> = self
            .steps
            .iter()
            .map(|positions| {
                if positions.is_empty() {
                    ".".to_string()
                } else {
                    positions.iter().map(|&p| position_char(p)).collect()
                }
            })
            .collect();
        let mut out = format!(
            "{}{}:{}:{}:{}:",
            if self.finished { 'c' } else { 'u' },
            self.scenario_id,
            hash_hex(self.content_hash),
            radix36(self.seed),
            match self.mode {
                Mode::Training => 't',
                Mode::Assessment => 'a',
            },
        );
        if self.finished {
            out.push_str(&radix36(self.finished_at));
            out.push(':');
        }
        out.push_str(&steps.join(","));
        out
    }

    fn decode(text: &str) -> Option<CompactRun> {
        let finished = match text.chars().next()? {
            'c' => true,
            'u' => false,
            _ => return None,
        };
        let mut parts = text[1..].split(':');
        let scenario_id = parts.next()?.to_string();
        let hash = parts.next()?;
        let content_hash = u64::from_str_radix(hash, 16)
            .ok()
            .filter(|_| hash.len() == 16)?;
        let seed = from_radix36(parts.next()?)?;
        let mode = match parts.next()? {
            "t" => Mode::Training,
            "a" => Mode::Assessment,
            _ => return None,
        };
        let finished_at = if finished {
            from_radix36(parts.next()?)?
        } else {
            0
        };
        let steps_text = parts.next()?;
        let steps = if steps_text.is_empty() {
            Vec::new()
        } else {
            steps_text
                .split(',')
                .map(|step| {
                    if step == "." {
                        return Some(Vec::new());
                    }
                    step.chars()
                        .map(|c| c.to_digit(36).map(|d| ((d + 26) % 36) as usize))
                        .collect()
                })
                .collect::<Option<_>>()?
        };
        (parts.next().is_none() && !scenario_id.is_empty()).then_some(CompactRun {
            finished,
            finished_at,
            scenario_id,
            content_hash,
            seed,
            mode,
            steps,
        })
    }
}

/// A package's runs for the LMS to keep: the latest finished run and the
/// unfinished run of each scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SuspendData {
    pub runs: Vec<CompactRun>,
}

impl SuspendData {
    /// Records a run: a finished one replaces the scenario's earlier
    /// finished run and its unfinished one.
    pub fn put(&mut self, run: CompactRun) {
        self.runs.retain(|r| {
            r.scenario_id != run.scenario_id || (r.finished != run.finished && !run.finished)
        });
        self.runs.push(run);
        self.runs
            .sort_by(|a, b| (&a.scenario_id, a.finished).cmp(&(&b.scenario_id, b.finished)));
    }

    pub fn encode(&self) -> String {
        let mut out = String::from(VERSION);
        for run in &self.runs {
            out.push(';');
            out.push_str(&run.encode());
        }
        out
    }

    /// Reads what `encode` wrote; anything else (another version, damage)
    /// is an error, and the app starts from its own records instead.
    pub fn decode(text: &str) -> Result<SuspendData, String> {
        if text.is_empty() {
            return Ok(SuspendData::default());
        }
        let mut parts = text.split(';');
        if parts.next() != Some(VERSION) {
            return Err("the LMS's resume data is not in a form this version reads".into());
        }
        let runs = parts
            .map(CompactRun::decode)
            .collect::<Option<Vec<_>>>()
            .ok_or("the LMS's resume data is damaged")?;
        Ok(SuspendData { runs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::SourceFile;
    use crate::core::framework::Framework;
    use crate::core::library::Manifest;
    use crate::core::model::DecisionKind;
    use crate::core::validate::load;

    fn scenarios() -> Vec<Rc<Scenario>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/");
        let manifest = Manifest::parse(&SourceFile::new(
            "manifest.toml",
            std::fs::read_to_string(format!("{dir}manifest.toml")).unwrap(),
        ))
        .unwrap();
        manifest
            .scenario_ids()
            .iter()
            .map(|id| {
                let path = format!("{dir}{id}.toml");
                let text = std::fs::read_to_string(&path).unwrap();
                Rc::new(
                    load(&SourceFile::new(path, text), &Framework::bundled())
                        .scenario
                        .expect("valid"),
                )
            })
            .collect()
    }

    /// A run that ticks every option at a select-all decision and takes the
    /// first option at the others.
    fn ticking_everything(scenario: &Rc<Scenario>, settings: &ForceSettings) -> Session {
        let mut session = Session::new(Rc::clone(scenario), settings, u64::MAX, Mode::Assessment);
        while !session.is_finished() {
            let offered: Vec<String> = session.offered().iter().map(|o| o.id.clone()).collect();
            let pick = match &scenario.scenes[session.state().scene].body {
                SceneBody::Decision(d) if d.kind == DecisionKind::Multiple => offered,
                SceneBody::Decision(_) => offered.into_iter().take(1).collect(),
                _ => Vec::new(),
            };
            session.choose(&pick).expect("offered options are accepted");
        }
        session
    }

    /// The most characters any path through the scenario can take in the
    /// compact form: every step at its widest (a select-all decision with
    /// every option ticked), along the costliest path of the scene graph,
    /// whatever its conditions.
    fn widest_run(scenario: &Scenario) -> usize {
        fn cost(
            scenario: &Scenario,
            scene: usize,
            memo: &mut Vec<Option<usize>>,
            depth: usize,
        ) -> usize {
            assert!(depth <= scenario.scenes.len(), "{} has a loop", scenario.id);
            if let Some(known) = memo[scene] {
                return known;
            }
            let own = match &scenario.scenes[scene].body {
                SceneBody::Decision(d) if d.kind == DecisionKind::Multiple => d.options.len() + 1,
                SceneBody::Ending(_) => 0,
                _ => 2,
            };
            let rest = scenario
                .successors(scene)
                .into_iter()
                .map(|next| cost(scenario, next, memo, depth + 1))
                .max()
                .unwrap_or(0);
            memo[scene] = Some(own + rest);
            own + rest
        }
        let header = CompactRun {
            finished: true,
            finished_at: u64::MAX,
            scenario_id: scenario.id.clone(),
            content_hash: u64::MAX,
            seed: u64::MAX,
            mode: Mode::Assessment,
            steps: Vec::new(),
        }
        .encode()
        .len();
        header
            + cost(
                scenario,
                scenario.start,
                &mut vec![None; scenario.scenes.len()],
                0,
            )
    }

    #[test]
    fn runs_round_trip_through_the_compact_form() {
        let settings = Framework::bundled().settings;
        for scenario in scenarios() {
            let session = ticking_everything(&scenario, &settings);
            let compact = CompactRun::of(&session, 1_764_510_000_000);
            let mut data = SuspendData::default();
            data.put(compact.clone());
            let read = SuspendData::decode(&data.encode()).unwrap();
            assert_eq!(read.runs, vec![compact.clone()]);
            assert_eq!(
                compact.to_saved(&scenario, &settings).unwrap(),
                session.saved()
            );
            assert!(
                compact.encode().len() <= widest_run(&scenario),
                "{}",
                scenario.id
            );
        }
    }

    #[test]
    fn the_whole_course_fits_scorm_12s_limit() {
        // Every scenario of the course with a finished and an unfinished run,
        // each as wide as any path allows: more than a package can ever hold.
        let widths: Vec<(String, usize)> = scenarios()
            .iter()
            .map(|s| (s.id.clone(), widest_run(s)))
            .collect();
        let total = VERSION.len() + widths.iter().map(|(_, w)| 2 * (w + 1)).sum::<usize>();
        let (id, widest) = widths.iter().max_by_key(|(_, w)| *w).unwrap();
        println!(
            "suspend_data at most {total} of {SCORM12_LIMIT} characters for the whole course (the widest run: {id}, {widest} characters)"
        );
        assert!(total <= SCORM12_LIMIT, "{total}");
    }

    #[test]
    fn a_finished_run_replaces_the_unfinished_one_and_damage_is_refused() {
        let mut data = SuspendData::default();
        let run = |finished, seed| CompactRun {
            finished,
            finished_at: if finished { 36 } else { 0 },
            scenario_id: "x".into(),
            content_hash: 7,
            seed,
            mode: Mode::Training,
            steps: vec![vec![0, 2], vec![]],
        };
        data.put(run(false, 1));
        data.put(run(true, 1));
        assert_eq!(data.runs, vec![run(true, 1)]);
        data.put(run(false, 2));
        assert_eq!(data.runs.len(), 2);
        assert_eq!(
            data.encode(),
            "1;ux:0000000000000007:2:t:ac,.;cx:0000000000000007:1:t:10:ac,."
        );
        assert!(SuspendData::decode("1;zx:1").is_err());
        assert!(SuspendData::decode("2;").is_err());
        assert_eq!(SuspendData::decode("").unwrap(), SuspendData::default());
    }
}
