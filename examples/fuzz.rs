//! A fuzzing harness for the reader, the checker and the engine that runs on
//! the stable toolchain. (`cargo fuzz` needs nightly for its sanitizer
//! flags; this needs nothing but cargo.) It has no coverage instrumentation:
//! instead it keeps any input whose diagnostics (their codes and whether the
//! file loads) have not been seen before, and mutates those further.
//!
//! Each input is a file's bytes, mutated from a corpus seeded from the
//! library (`scenarios/`), the fixtures (`tests/fixtures/`) and a few extra
//! seeds kept in `tests/fuzz-corpus/`, with byte flips, cuts, repeats,
//! splices between files and TOML and scenario tokens. For each input it:
//! - decodes the bytes (any encoding) and runs the whole checker on them
//!   (`validate::load_draft`), renders every diagnostic, lays out the map of
//!   whatever could be read and works out its figures;
//! - for a file that passes the checker, plays random runs through the
//!   engine (random options, ids that are not offered, several ticks),
//!   checking that the checker's promise holds: no decision offers nothing
//!   and no choice finds nowhere to go; saves and resumes each run and checks
//!   it replays exactly; builds the gap report; now and then works out the
//!   endings table.
//!
//! A panic is caught, the input saved under `target/fuzz-findings/` and
//! counted; so is a broken promise. The run ends after `--inputs` inputs or
//! `--seconds` seconds, and prints how many inputs ran and how fast.
//!
//!   cargo run --profile fuzz --no-default-features --example fuzz -- --inputs 10000000
//!   cargo run --no-default-features --example fuzz -- --seconds 20    (CI's short pass)
//!
//! Options: --inputs N, --seconds S, --threads T (default: all cores),
//! --seed X (default: 1; the same seed and options give the same inputs
//! per thread), --save-new DIR (write each newly kept input there, to grow
//! `tests/fuzz-corpus/`).

use course_of_conduct::core::analysis::Stats;
use course_of_conduct::core::diagnostic::count;
use course_of_conduct::core::encoding;
use course_of_conduct::core::endings::endings_table;
use course_of_conduct::core::engine::{BodyView, ChoiceError, Mode, Session};
use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::map::layout;
use course_of_conduct::core::model::{DecisionKind, Scenario};
use course_of_conduct::core::report::GapReport;
use course_of_conduct::core::validate::load_draft;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Inputs kept per thread as new seeds, at most.
const KEPT: usize = 4_000;
/// A mutated input never grows past this.
const LARGEST: usize = 96 * 1024;

/// Pieces of TOML and of the scenario format, dropped in by mutations.
const TOKENS: &[&str] = &[
    "\"",
    "\"\"\"",
    "'''",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "{{",
    "}}",
    "=",
    ",",
    "\n",
    "\r\n",
    "\t",
    "#",
    "\\",
    "\\u00e9",
    "\\U0001F600",
    "[[scene]]\n",
    "[scene.decision]\n",
    "[[scene.decision.option]]\n",
    "[[scene.decision.route]]\n",
    "[[scene.route]]\n",
    "[[scene.aside]]\n",
    "[scene.ending]\n",
    "[[scene.exhibit]]\n",
    "[[cast.victim]]\n",
    "[[key_action]]\n",
    "id = \"x\"\n",
    "goto = \"",
    "next = \"",
    "start = \"",
    "when = [\"",
    "when = []\n",
    "kind = \"multiple\"\n",
    "kind = \"single\"\n",
    "critical = true\n",
    "points = { risk = ",
    "points = { identify = 2, advice = -1 }\n",
    "add = { missed = ",
    "set = [\"",
    "clear = [\"",
    "mark = [\"",
    "achieves = [\"",
    "advance = \"",
    "1d12h",
    "182d",
    "99999999999w",
    "elapsed >= ",
    "since ",
    "not ",
    " >= ",
    " != ",
    " == ",
    "-9223372036854775808",
    "9223372036854775807",
    "2147483647",
    "-2147483648",
    "0",
    "{victim.",
    "{victim.they}",
    "{victim.Their}",
    "{force.name}",
    "{helpline}",
    "pronouns = \"they\"\n",
    "§",
    "é",
    "£",
    "\u{201c}",
    "\u{201d}",
    "\u{2019}",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{2014}",
];

struct Options {
    inputs: u64,
    seconds: Option<u64>,
    threads: usize,
    seed: u64,
    save_new: Option<PathBuf>,
}

fn options() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let number = |name: &str| -> Result<Option<u64>, String> {
        value(name)
            .map(|v| {
                v.replace('_', "")
                    .parse()
                    .map_err(|_| format!("{name} takes a whole number"))
            })
            .transpose()
    };
    let seconds = number("--seconds")?;
    Ok(Options {
        inputs: number("--inputs")?.unwrap_or(if seconds.is_some() { u64::MAX } else { 100_000 }),
        seconds,
        threads: number("--threads")?
            .map_or_else(
                || std::thread::available_parallelism().map_or(1, |n| n.get()),
                |t| t as usize,
            )
            .max(1),
        seed: number("--seed")?.unwrap_or(1),
        save_new: value("--save-new").map(PathBuf::from),
    })
}

/// The library, the fixtures and the extra seeds, as bytes.
fn seeds(root: &Path) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for folder in [
        "scenarios",
        "tests/fixtures/valid",
        "tests/fixtures/broken",
        "tests/fuzz-corpus",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        files.extend(
            paths
                .into_iter()
                .filter(|p| p.is_file())
                .filter_map(|p| std::fs::read(p).ok()),
        );
    }
    files
}

/// What an input made the checker say, for keeping inputs that do something new.
fn signature(codes: &mut Vec<String>, loads: bool, plays: bool) -> String {
    codes.sort();
    codes.dedup();
    format!("{loads}{plays}{}", codes.join(","))
}

/// Everything one input goes through. Returns its signature, or a broken
/// promise of the checker's, as text.
fn run_one(
    bytes: &[u8],
    framework: &Framework,
    rng: &mut StdRng,
    endings: bool,
) -> Result<String, String> {
    let source = match encoding::source_file("fuzz.toml", bytes) {
        Ok(source) => source,
        Err(error) => {
            let _ = error.render();
            return Ok("encoding".into());
        }
    };
    let draft = load_draft(&source, framework);
    let mut codes: Vec<String> = Vec::new();
    for root in &draft.diagnostics {
        for d in root.all() {
            assert!(
                d.line >= 1 && d.column >= 1,
                "a diagnostic with no place: {d:?}"
            );
            codes.push(d.code.clone());
        }
        let _ = root.render();
    }
    let _ = count(&draft.diagnostics);
    if let (Some(scenario), Some(analysis)) = (&draft.scenario, &draft.analysis) {
        let map = layout(scenario, analysis);
        let _ = map.to_dot(&scenario.title);
        let _ = Stats::of(scenario, analysis);
    }
    let playable = draft.playable().cloned();
    let plays = playable.is_some();
    if let Some(scenario) = playable {
        let scenario = Rc::new(scenario);
        play(&scenario, framework, rng)?;
        if endings {
            let _ = endings_table(&scenario, &framework.settings, 300).to_text();
        }
    }
    Ok(signature(&mut codes, draft.scenario.is_some(), plays))
}

/// One random run through a scenario that passed the checker.
fn play(scenario: &Rc<Scenario>, framework: &Framework, rng: &mut StdRng) -> Result<(), String> {
    let mode = if rng.random_bool(0.5) {
        Mode::Training
    } else {
        Mode::Assessment
    };
    let mut session = Session::new(Rc::clone(scenario), &framework.settings, rng.random(), mode);
    let limit = scenario.scenes.len() * 3 + 5;
    for _ in 0..limit {
        let view = session.view();
        let chosen: Vec<String> = match &view.body {
            BodyView::Ending { .. } => break,
            BodyView::Continue => Vec::new(),
            BodyView::Decision { options, kind, .. } => {
                if options.is_empty() {
                    return Err(format!(
                        "the checker passed it, but scene `{}` offered nothing",
                        view.scene_id
                    ));
                }
                // Now and then, something the engine must refuse without change.
                if rng.random_ratio(1, 8) {
                    let before = session.saved();
                    let wrong = match rng.random_range(0..3) {
                        0 => vec!["not-an-option".to_string()],
                        1 => Vec::new(),
                        _ => vec![options[0].id.clone(), options[0].id.clone()],
                    };
                    if session.choose(&wrong).is_ok() {
                        return Err(format!(
                            "a wrong choice {wrong:?} was taken at `{}`",
                            view.scene_id
                        ));
                    }
                    if session.saved() != before {
                        return Err("a refused choice changed the run".into());
                    }
                }
                let mut ids: Vec<String> = options
                    .iter()
                    .filter(|_| rng.random_bool(0.4))
                    .map(|o| o.id.clone())
                    .collect();
                if ids.is_empty() || *kind == DecisionKind::Single {
                    ids = vec![options[rng.random_range(0..options.len())].id.clone()];
                }
                ids
            }
        };
        match session.choose(&chosen) {
            Ok(_) => {}
            Err(ChoiceError::NoRoute) => {
                return Err(format!(
                    "the checker passed it, but `{}` led nowhere",
                    view.scene_id
                ));
            }
            Err(other) => {
                return Err(format!(
                    "a valid choice was refused at `{}`: {other}",
                    view.scene_id
                ))
            }
        }
    }
    let saved = session.saved();
    let resumed = Session::resume(Rc::clone(scenario), &framework.settings, &saved)
        .map_err(|e| format!("a saved run did not resume: {e}"))?;
    if resumed.state() != session.state() {
        return Err("a resumed run differs from the run it was saved from".into());
    }
    let report = GapReport::build(&session, framework);
    let _ = report.to_text();
    Ok(())
}

/// A field using a name already in the file (a scene id, a flag), put at
/// the start of a line: rewires the scenario while keeping it readable.
fn rewire(out: &mut Vec<u8>, rng: &mut StdRng) {
    // Offsets into the text must be offsets into the bytes.
    let Ok(text) = String::from_utf8(out.clone()) else {
        return;
    };
    let names: Vec<&str> = text
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|w| {
            !w.is_empty()
                && w.len() < 40
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
        .collect();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < text.len() && !text[i..].starts_with('['))
        .collect();
    if names.is_empty() || line_starts.is_empty() {
        return;
    }
    let name = names[rng.random_range(0..names.len())];
    let field = match rng.random_range(0..9) {
        0 => format!("goto = \"{name}\"\n"),
        1 => format!("when = [\"{name}\"]\n"),
        2 => format!("when = [\"not {name}\"]\n"),
        3 => format!("set = [\"{name}\"]\n"),
        4 => format!("clear = [\"{name}\"]\n"),
        5 => format!("add = {{ {name} = {} }}\n", rng.random_range(-2..3)),
        6 => format!("when = [\"{name} >= {}\"]\n", rng.random_range(0..3)),
        7 => format!(
            "mark = [\"{name}\"]\nadvance = \"{}d\"\n",
            rng.random_range(0..30)
        ),
        _ => format!("when = [\"since {name} < {}d\"]\n", rng.random_range(0..30)),
    };
    let at = line_starts[rng.random_range(0..line_starts.len())];
    out.splice(at..at, field.bytes());
}

fn mutate(input: &[u8], corpus: &[Vec<u8>], rng: &mut StdRng) -> Vec<u8> {
    let mut out = input.to_vec();
    // Mostly one change, so many inputs still pass the checker and are played.
    let changes = if rng.random_bool(0.5) {
        1
    } else {
        rng.random_range(2..=6)
    };
    for _ in 0..changes {
        if rng.random_ratio(1, 3) {
            rewire(&mut out, rng);
            continue;
        }
        let len = out.len();
        let at = if len == 0 {
            0
        } else {
            rng.random_range(0..=len)
        };
        match rng.random_range(0..10) {
            0 if len > 0 => {
                let i = rng.random_range(0..len);
                out[i] ^= 1 << rng.random_range(0..8);
            }
            1 if len > 0 => {
                let i = rng.random_range(0..len);
                out[i] = rng.random();
            }
            2 => {
                let end = (at + rng.random_range(0..200)).min(len);
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.random_range(0..400)).min(len);
                let piece = out[at..end].to_vec();
                let to = rng.random_range(0..=len);
                out.splice(to..to, piece);
            }
            4 => {
                let other = &corpus[rng.random_range(0..corpus.len())];
                if !other.is_empty() {
                    let from = rng.random_range(0..other.len());
                    let end = (from + rng.random_range(1..2_000)).min(other.len());
                    out.splice(at..at, other[from..end].iter().copied());
                }
            }
            5 => {
                // Whole lines: repeat, drop or swap one.
                let lines: Vec<&[u8]> = out.split_inclusive(|&b| b == b'\n').collect();
                if lines.len() > 1 {
                    let (a, b) = (
                        rng.random_range(0..lines.len()),
                        rng.random_range(0..lines.len()),
                    );
                    let mut lines: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
                    match rng.random_range(0..3) {
                        0 => {
                            let copy = lines[a].clone();
                            lines.insert(b, copy);
                        }
                        1 => {
                            lines.remove(a);
                        }
                        _ => lines.swap(a, b),
                    }
                    out = lines.concat();
                }
            }
            6 => {
                // A number made extreme.
                if let Some(i) = (0..8)
                    .map(|_| rng.random_range(0..len.max(1)))
                    .find(|&i| out.get(i).is_some_and(u8::is_ascii_digit))
                {
                    let extreme = [
                        "9223372036854775807",
                        "0",
                        "-1",
                        "2147483648",
                        "99999999999999999999",
                    ][rng.random_range(0..5)];
                    out.splice(i..i + 1, extreme.bytes());
                }
            }
            7 => {
                // Re-encode the whole file, as Notepad might save it.
                if rng.random_ratio(1, 8) {
                    let text = String::from_utf8_lossy(&out).into_owned();
                    out = match rng.random_range(0..3) {
                        0 => [0xff, 0xfe]
                            .into_iter()
                            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                            .collect(),
                        1 => text
                            .chars()
                            .map(|c| u8::try_from(c).unwrap_or(0xa7))
                            .collect(),
                        _ => [0xef, 0xbb, 0xbf].into_iter().chain(text.bytes()).collect(),
                    };
                }
            }
            _ => {
                let token = TOKENS[rng.random_range(0..TOKENS.len())];
                out.splice(at..at, token.bytes());
            }
        }
        out.truncate(LARGEST);
    }
    out
}

fn main() -> Result<(), String> {
    let options = options()?;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seeds = seeds(&root);
    if seeds.is_empty() {
        return Err("no seeds found: run from the repository".into());
    }
    let findings = root.join("target/fuzz-findings");
    // Panics are caught and counted; their default report would drown the output.
    let last_panic: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    {
        let last_panic = Arc::clone(&last_panic);
        std::panic::set_hook(Box::new(move |info| {
            *last_panic.lock().unwrap_or_else(|e| e.into_inner()) = Some(info.to_string());
        }));
    }
    let done = Arc::new(AtomicU64::new(0));
    let played = Arc::new(AtomicU64::new(0));
    let failures = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let seen: Arc<Mutex<HashSet<String>>> = Arc::new(Mutex::new(HashSet::new()));
    let slowest = Arc::new(Mutex::new((Duration::ZERO, Vec::new())));
    let started = Instant::now();
    let per_thread = options.inputs.div_ceil(options.threads as u64);
    println!(
        "fuzzing with {} seeds on {} thread(s): up to {} inputs{}",
        seeds.len(),
        options.threads,
        options.inputs,
        options
            .seconds
            .map_or(String::new(), |s| format!(" or {s} seconds"))
    );
    let workers: Vec<_> = (0..options.threads)
        .map(|thread| {
            let played = Arc::clone(&played);
            let (seeds, done, failures, stop, seen, slowest, last_panic, findings) = (
                seeds.clone(),
                Arc::clone(&done),
                Arc::clone(&failures),
                Arc::clone(&stop),
                Arc::clone(&seen),
                Arc::clone(&slowest),
                Arc::clone(&last_panic),
                findings.clone(),
            );
            let save_new = options.save_new.clone();
            let seconds = options.seconds;
            let seed = options.seed;
            std::thread::spawn(move || {
                let framework = Framework::bundled();
                let mut rng = StdRng::seed_from_u64(
                    seed ^ (thread as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15),
                );
                // Inputs that pass the checker, drawn on half the time so the engine gets exercised.
                let mut playable: Vec<Vec<u8>> = seeds
                    .iter()
                    .filter(|s| {
                        encoding::source_file("seed.toml", s).is_ok_and(|source| {
                            load_draft(&source, &framework).playable().is_some()
                        })
                    })
                    .cloned()
                    .collect();
                let mut corpus = seeds;
                let mut ran = 0_u64;
                while ran < per_thread && !stop.load(Ordering::Relaxed) {
                    let pool = if !playable.is_empty() && rng.random_bool(0.5) {
                        &playable
                    } else {
                        &corpus
                    };
                    // The smallest of four picks: small inputs run fast, so more of them run.
                    let base = (0..4)
                        .map(|_| &pool[rng.random_range(0..pool.len())])
                        .min_by_key(|input| input.len())
                        .unwrap_or(&pool[0]);
                    let input = mutate(base, &corpus, &mut rng);
                    let endings = rng.random_ratio(1, 500);
                    let began = Instant::now();
                    let result = catch_unwind(AssertUnwindSafe(|| {
                        run_one(&input, &framework, &mut rng, endings)
                    }));
                    let took = began.elapsed();
                    ran += 1;
                    let total = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if let Ok(mut worst) = slowest.lock() {
                        if took > worst.0 {
                            *worst = (took, input.clone());
                        }
                    }
                    let failure = match result {
                        Ok(Ok(signature)) => {
                            if signature.starts_with("truetrue") {
                                played.fetch_add(1, Ordering::Relaxed);
                                if playable.len() < KEPT && rng.random_ratio(1, 20) {
                                    playable.push(input.clone());
                                }
                            }
                            let new = seen
                                .lock()
                                .map(|mut s| s.insert(signature))
                                .unwrap_or(false);
                            if new && corpus.len() < KEPT {
                                if let Some(dir) = &save_new {
                                    let _ = std::fs::create_dir_all(dir);
                                    let _ = std::fs::write(
                                        dir.join(format!("kept-{thread}-{total}.toml")),
                                        &input,
                                    );
                                }
                                corpus.push(input.clone());
                            }
                            None
                        }
                        Ok(Err(promise)) => Some(format!("broken promise: {promise}")),
                        Err(_) => Some(format!(
                            "panic: {}",
                            last_panic
                                .lock()
                                .ok()
                                .and_then(|p| p.clone())
                                .unwrap_or_default()
                        )),
                    };
                    if let Some(failure) = failure {
                        let count = failures.fetch_add(1, Ordering::Relaxed) + 1;
                        let _ = std::fs::create_dir_all(&findings);
                        let path = findings.join(format!("finding-{thread}-{total}.toml"));
                        let _ = std::fs::write(&path, &input);
                        eprintln!("finding {count} ({}): {failure}", path.display());
                    }
                    if seconds.is_some_and(|s| started.elapsed().as_secs() >= s) {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    let mut last_report = Instant::now();
    while workers.iter().any(|w| !w.is_finished()) {
        std::thread::sleep(Duration::from_millis(200));
        if last_report.elapsed() >= Duration::from_secs(60) {
            last_report = Instant::now();
            let ran = done.load(Ordering::Relaxed);
            println!(
                "  {ran} inputs in {:.0} s ({:.0}/s), {} findings, {} kinds of outcome seen",
                started.elapsed().as_secs_f64(),
                ran as f64 / started.elapsed().as_secs_f64(),
                failures.load(Ordering::Relaxed),
                seen.lock().map_or(0, |s| s.len())
            );
        }
    }
    for worker in workers {
        worker
            .join()
            .map_err(|_| "a worker thread failed".to_string())?;
    }
    let ran = done.load(Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    let (worst, worst_input) = slowest.lock().map(|w| w.clone()).unwrap_or_default();
    let worst_len = worst_input.len();
    // Kept to look into: the slowest input shows where the checker is slow.
    let _ = std::fs::create_dir_all(&findings);
    let _ = std::fs::write(findings.join("slowest.toml"), &worst_input);
    let found = failures.load(Ordering::Relaxed);
    println!(
        "ran {ran} inputs in {elapsed:.1} s ({:.0} inputs/s) on {} thread(s): {found} findings; {} passed the checker and were played; {} kinds of outcome seen; slowest input {:.1} ms ({worst_len} bytes)",
        ran as f64 / elapsed.max(1e-9),
        options.threads,
        played.load(Ordering::Relaxed),
        seen.lock().map_or(0, |s| s.len()),
        worst.as_secs_f64() * 1000.0
    );
    if found > 0 {
        return Err(format!("{found} findings, saved in {}", findings.display()));
    }
    Ok(())
}
