//! `scenario`: the trainer's command-line tool over the pure core.
//!
//!   scenario check [PATHS…]                      validate; exit 1 on any error
//!   scenario stats --json [PATHS…]               one JSON object per scenario
//!   scenario play FILE --seed N --choices 2,1+3  play without a browser; print the gap report
//!                      [--read]                  or what the trainee reads on the way
//!   scenario test PLANS…                         run playthrough test plans
//!   scenario graph FILE --format dot|svg         the scenario map, for documents and review
//!   scenario endings FILE [--json]               which choices can lead to which ending
//!   scenario coverage [PATHS…] [--json|--markdown]  what the library assesses
//!   scenario manifest [FOLDER]                   list new scenario files in the manifest
//!   scenario compile [FOLDER] --out DIR          compile the library for the officer's app
//!   scenario package DIST --out DIR [...]        LMS packages (SCORM 1.2, SCORM 2004, cmi5) from a built dist/
//!   scenario practices [PATHS…] [--json]         the catalogue of practice and where it is used
//!   scenario quiz export [PATHS…] --seed N       the decisions as a case-blind quiz
//!   scenario quiz score QUIZ [PATHS…]            which decisions were answerable without the case
//!   scenario strategies [PATHS…] [--json]        what strategies that never read the case score
//!   scenario progress FILE [--pack]              an officer's saved progress (as the browser keeps
//!                                                it, or a download) as JSON, or packed
//!
//! Output goes through `say!`/`put!`, so a reader that stops early
//! (`| head -1`) ends the program quietly instead of making it panic.

use course_of_conduct::core::analysis::Stats;
use course_of_conduct::core::coverage::Coverage;
use course_of_conduct::core::diagnostic::{count, count_in_words, LocatedDiagnostic, SourceFile};
use course_of_conduct::core::encoding;
use course_of_conduct::core::endings::{endings_table, CLI_TRIES};
use course_of_conduct::core::engine::{BodyView, Mode, Session};
use course_of_conduct::core::framework::{Framework, FrameworkFiles};
use course_of_conduct::core::guidance::{CompiledGuidance, GUIDANCE_FILE};
use course_of_conduct::core::library::{
    add_to_manifest, is_scenario_file, load_all_bytes, Manifest, Module, NamedBytes,
};
use course_of_conduct::core::map::layout;
use course_of_conduct::core::model::{is_scenario_id, scenario_id_hint, Scenario};
use course_of_conduct::core::package::{Dist, Spec, Standard, APP_FILES, DEFAULT_IRI_BASE};
use course_of_conduct::core::plan::{self, Plan};
use course_of_conduct::core::practice_use;
use course_of_conduct::core::progress::Progress;
use course_of_conduct::core::publish::{
    encode, publish, read_sources, CompiledScenario, Shipped, INDEX_FILE,
};
use course_of_conduct::core::quiz;
use course_of_conduct::core::report::{GapReport, Verdict};
use course_of_conduct::core::strategies::{self, Strategy};
use course_of_conduct::core::transcript;
use course_of_conduct::core::validate::{load, load_draft, Loaded};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

/// Writes to standard output. When the reader has gone (`| head -1`),
/// stop quietly, as other command-line tools do, rather than panic.
fn emit(text: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_fmt(text).and_then(|()| out.flush()) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("cannot write the output: {error}");
        std::process::exit(2);
    }
}

macro_rules! say {
    ($($arg:tt)*) => { emit(format_args!("{}\n", format_args!($($arg)*))) };
}
macro_rules! put {
    ($($arg:tt)*) => { emit(format_args!($($arg)*)) };
}

/// Whether `--json` was asked for.
fn json_asked(args: &[String]) -> bool {
    args.iter().any(|a| a == "--json")
}

/// Prints a value as pretty JSON, for `--json`.
fn say_json(value: &impl serde::Serialize) -> Result<(), String> {
    say!(
        "{}",
        serde_json::to_string_pretty(value).map_err(|e| e.to_string())?
    );
    Ok(())
}

const USAGE: &str = "usage:
  scenario check [PATHS...]                          check scenario files (default: scenarios/)
  scenario stats --json [PATHS...]                   print counts and score ranges as JSON lines
  scenario play FILE --seed N --choices 2,1+3 [--json] [--assessment] [--read]
                                                     play a scenario and print the gap report;
                                                     choices are option numbers as shown (or ids),
                                                     `+` ticks several, `continue` continues;
                                                     --read prints what the trainee reads instead
  scenario test PLANS...                             run playthrough test plans
  scenario graph FILE --format dot|svg               print the scenario map (even with errors)
  scenario endings FILE [--json]                     which choices can lead to which ending
  scenario coverage [PATHS...] [--json|--markdown]   competencies, patterns and roles assessed
  scenario manifest [FOLDER]                         add scenario files the manifest does not list
                                                     and that pass the checker
                                                     (default folder: scenarios/)
  scenario compile [FOLDER] --out DIR                check and compile the manifest's scenarios into
                                                     DIR (index.bin and one file per scenario) for
                                                     the officer's app; exit 1 on any error
  scenario package DIST --out DIR                    from a built app (DIST, e.g. dist/), one package per
                                                     module and one for the whole course, each as SCORM 1.2,
                                                     SCORM 2004 4th edition and cmi5 (what the release does)
  scenario package DIST --out DIR --id ID --title TEXT [--module M]... [--scenario S]...
                   [--pass N] [--standard scorm12|scorm2004|cmi5]... [--iri-base IRI]
                                                     a custom package of chosen modules or scenarios
                                                     (scenarios given alone form one module, TEXT)
  scenario practices [PATHS...] [--json]             the catalogue of practice as a markdown table,
                                                     with every option that shows each practice
  scenario quiz export [PATHS...] [--seed N] [--part K/N]
                                                     print the scored decisions as a case-blind quiz
                                                     (no scene text; options shuffled and lettered);
                                                     --part gives part K of a review split N ways,
                                                     a few decisions of each scenario per reviewer
  scenario quiz score QUIZ [PATHS...] [--json]       mark a filled-in quiz: which decisions a reviewer
                                                     answered without the case
  scenario strategies [PATHS...] [--json]            play every scenario with strategies that never
                                                     read the case, and print their scores
  scenario progress FILE [--pack]                    read an officer's saved progress (packed, as browser
                                                     storage or \"Data kept aside\" holds it, or a JSON
                                                     download) and print it as the JSON file the app
                                                     imports, or --pack as the app stores it; parts
                                                     that cannot be read are named, and exit 1";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("stats") => stats(&args[1..]),
        Some("play") => play(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("graph") => graph(&args[1..]),
        Some("endings") => endings(&args[1..]),
        Some("coverage") => coverage(&args[1..]),
        Some("manifest") => manifest(&args[1..]),
        Some("compile") => compile(&args[1..]),
        Some("package") => package(&args[1..]),
        Some("practices") => practices(&args[1..]),
        Some("quiz") => quiz(&args[1..]),
        Some("strategies") => strategies(&args[1..]),
        Some("progress") => progress(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// A file as text, or the reason it cannot be read (including a file not
/// saved as UTF-8, located with how to re-save it).
fn read(path: &Path) -> Result<SourceFile, String> {
    encoding::source_file(&path.display().to_string(), &read_bytes(path)?)
        .map_err(|error| error.render())
}

fn render_all(diagnostics: &[LocatedDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(LocatedDiagnostic::render)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The framework beside a path (its folder's competencies.toml,
/// patterns.toml, practices.toml, guidance.toml and settings.toml), or the
/// bundled one when the folder has none.
fn framework_for(path: &Path) -> Result<Framework, String> {
    let folder = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new("."))
    };
    let competencies = folder.join("competencies.toml");
    let patterns = folder.join("patterns.toml");
    let practices = folder.join("practices.toml");
    if !competencies.exists() || !patterns.exists() || !practices.exists() {
        return Ok(Framework::bundled());
    }
    let optional = |name: &str| {
        let path = folder.join(name);
        path.exists().then(|| read(&path)).transpose()
    };
    let settings = optional("settings.toml")?;
    let guidance = optional("guidance.toml")?;
    Framework::load(FrameworkFiles {
        competencies: &read(&competencies)?,
        patterns: &read(&patterns)?,
        practices: &read(&practices)?,
        settings: settings.as_ref(),
        guidance: guidance.as_ref(),
    })
    .map_err(|errors| {
        errors
            .iter()
            .map(|d| d.render())
            .collect::<Vec<_>>()
            .join("\n\n")
    })
}

/// Scenario files under the paths (folders are read one level deep, data files skipped).
fn scenario_files(paths: &[String]) -> Result<Vec<PathBuf>, String> {
    let paths: Vec<String> = if paths.is_empty() {
        vec!["scenarios".into()]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for path in paths.iter().map(PathBuf::from) {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_scenario_file(p))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

fn check(args: &[String]) -> Result<ExitCode, String> {
    let files = scenario_files(args)?;
    let mut all: Vec<LocatedDiagnostic> = Vec::new();
    let mut by_folder: Vec<(PathBuf, Vec<NamedBytes>)> = Vec::new();
    for file in &files {
        let folder = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        // A file that cannot be read is reported; the others are still checked.
        let bytes = match read_bytes(file) {
            Ok(bytes) => bytes,
            Err(why) => {
                say!("{}: error[unreadable]: {why}\n", file.display());
                all.push(unreadable(file, why));
                continue;
            }
        };
        let named = (file.display().to_string(), bytes);
        match by_folder.iter_mut().find(|(f, _)| *f == folder) {
            Some((_, sources)) => sources.push(named),
            None => by_folder.push((folder, vec![named])),
        }
    }
    for (folder, sources) in &by_folder {
        let framework = framework_for(folder)?;
        for entry in load_all_bytes(sources, &framework) {
            for d in &entry.loaded.diagnostics {
                say!("{}\n", d.render());
            }
            all.extend(entry.loaded.diagnostics);
        }
        let manifest = folder.join("manifest.toml");
        if manifest.exists() {
            let source = read(&manifest)?;
            let problems = match Manifest::parse(&source) {
                Err(d) => vec![*d],
                Ok(listed) => listed.problems(&source, &scenario_ids_in(folder)?),
            };
            for d in &problems {
                say!("{}\n", d.render());
            }
            all.extend(problems);
        }
    }
    let (errors, _) = count(&all);
    say!(
        "checked {} scenario file(s): {}",
        files.len(),
        count_in_words(&all)
    );
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A file the system would not read, as a diagnostic for the count.
fn unreadable(file: &Path, why: String) -> LocatedDiagnostic {
    let source = SourceFile::new(file.display().to_string(), "");
    source.locate(&course_of_conduct::core::diagnostic::Diagnostic::error(
        "unreadable",
        0..0,
        why,
    ))
}

/// The ids of the scenario files in a folder (their names without `.toml`).
fn scenario_ids_in(folder: &Path) -> Result<Vec<String>, String> {
    Ok(scenario_files(&[folder.display().to_string()])?
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().to_string()))
        .collect())
}

fn stats(args: &[String]) -> Result<ExitCode, String> {
    let paths: Vec<String> = args.iter().filter(|a| *a != "--json").cloned().collect();
    let mut failed = false;
    for file in scenario_files(&paths)? {
        let loaded = load(&read(&file)?, &framework_for(&file)?);
        match (&loaded.scenario, &loaded.analysis) {
            (Some(scenario), Some(analysis)) => {
                say!(
                    "{}",
                    serde_json::to_string(&Stats::of(scenario, analysis))
                        .map_err(|e| e.to_string())?
                );
            }
            _ => {
                eprintln!("{}: has errors; run `scenario check` on it", file.display());
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn flag_value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn load_scenario(
    path: &Path,
) -> Result<(Rc<course_of_conduct::core::model::Scenario>, Framework), String> {
    let framework = framework_for(path)?;
    let loaded = load(&read(path)?, &framework);
    let scenario = loaded
        .scenario
        .ok_or_else(|| render_all(&loaded.diagnostics))?;
    Ok((Rc::new(scenario), framework))
}

fn play(args: &[String]) -> Result<ExitCode, String> {
    let file = args.first().filter(|a| !a.starts_with("--")).ok_or(USAGE)?;
    let seed: u64 = flag_value(args, "--seed")
        .unwrap_or("1")
        .parse()
        .map_err(|_| "--seed takes a whole number")?;
    let mode = if args.iter().any(|a| a == "--assessment") {
        Mode::Assessment
    } else {
        Mode::Training
    };
    let (scenario, framework) = load_scenario(Path::new(file))?;
    let mut session = Session::new(scenario, &framework.settings, seed, mode);
    let reading = args.iter().any(|a| a == "--read");
    let choices = flag_value(args, "--choices").unwrap_or("");
    for (step, choice) in choices.split(',').filter(|c| !c.is_empty()).enumerate() {
        if reading {
            say!("{}", transcript::scene(&session.view()));
        }
        let ids =
            resolve_choice(&session, choice).map_err(|e| format!("step {}: {e}", step + 1))?;
        let outcome = session.choose(&ids).map_err(|e| {
            format!(
                "step {} (`{choice}` at scene `{}`): {e}",
                step + 1,
                session.view().scene_id
            )
        })?;
        if reading {
            put!(
                "{}",
                transcript::chosen(&outcome.feedback, mode == Mode::Training)
            );
            say!("");
        }
    }
    if reading {
        put!("{}", transcript::scene(&session.view()));
        return Ok(ExitCode::SUCCESS);
    }
    let report = GapReport::build(&session, &framework);
    if json_asked(args) {
        say_json(&report)?;
    } else {
        put!("{}", report.to_text());
        if !report.finished {
            put!(
                "\nStopped at scene `{}`:\n{}",
                session.view().scene_id,
                describe(&session)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Option numbers count from 1 in the order shown; ids are accepted too.
fn resolve_choice(session: &Session, choice: &str) -> Result<Vec<String>, String> {
    let offered: Vec<String> = session.offered().iter().map(|o| o.id.clone()).collect();
    plan::parse_choice(choice)
        .into_iter()
        .map(|part| match part.parse::<usize>() {
            Ok(n) => offered
                .get(n.wrapping_sub(1))
                .cloned()
                .ok_or_else(|| format!("there is no option {n} here ({} offered)", offered.len())),
            Err(_) => Ok(part),
        })
        .collect()
}

fn describe(session: &Session) -> String {
    let view = session.view();
    match view.body {
        BodyView::Decision {
            prompt, options, ..
        } => {
            let mut out = format!("{prompt}\n");
            for (i, o) in options.iter().enumerate() {
                out += &format!("  {}. [{}] {}\n", i + 1, o.id, o.text);
            }
            out
        }
        BodyView::Continue => "continue\n".into(),
        BodyView::Ending { .. } => "the end\n".into(),
    }
}

fn test(args: &[String]) -> Result<ExitCode, String> {
    if args.is_empty() {
        return Err(USAGE.into());
    }
    let mut failed = 0;
    for path in args.iter().map(PathBuf::from) {
        let source = read(&path)?;
        let plan: Plan = course_of_conduct::core::parse::parse_toml(&source)
            .map_err(|d| source.locate(&d).render())?;
        // The plan names a scenario id: find `scenarios/<id>.toml` in the
        // nearest folder above the plan that has one, else under this folder.
        let file_name = Manifest::file_name(&plan.scenario);
        let absolute = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        let scenario_path = absolute
            .ancestors()
            .map(|folder| folder.join("scenarios").join(&file_name))
            .find(|candidate| candidate.exists())
            .unwrap_or_else(|| PathBuf::from("scenarios").join(&file_name));
        let (scenario, framework) = load_scenario(&scenario_path)?;
        match plan::run(&plan, scenario, &framework) {
            Ok(_) => say!("ok   {}", path.display()),
            Err(problems) => {
                failed += 1;
                say!("FAIL {}\n  {}", path.display(), problems.join("\n  "));
            }
        }
    }
    say!("{} passed, {failed} failed", args.len() - failed);
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn graph(args: &[String]) -> Result<ExitCode, String> {
    let file = args.first().filter(|a| !a.starts_with("--")).ok_or(USAGE)?;
    let path = Path::new(file);
    let framework = framework_for(path)?;
    // The map is most useful on a broken file: draw whatever could be read,
    // and say on standard error what is wrong.
    let draft = load_draft(&read(path)?, &framework);
    let (Some(scenario), Some(analysis)) = (&draft.scenario, &draft.analysis) else {
        return Err(format!(
            "{}\n\nthe file cannot be read far enough to draw a map",
            render_all(&draft.diagnostics)
        ));
    };
    if draft.has_errors() {
        let (errors, _) = count(&draft.diagnostics);
        eprintln!(
            "{file} has {errors} error(s) (run `scenario check {file}`); the map shows it as far as it could be read"
        );
    }
    let map = layout(scenario, analysis);
    match flag_value(args, "--format").unwrap_or("svg") {
        "svg" => put!("{}", map.to_svg(&scenario.title)),
        "dot" => put!("{}", map.to_dot(&scenario.title)),
        other => return Err(format!("unknown format `{other}`: use dot or svg")),
    }
    Ok(ExitCode::SUCCESS)
}

fn endings(args: &[String]) -> Result<ExitCode, String> {
    let file = args.first().filter(|a| !a.starts_with("--")).ok_or(USAGE)?;
    let (scenario, framework) = load_scenario(Path::new(file))?;
    let table = endings_table(&scenario, &framework.settings, CLI_TRIES);
    if json_asked(args) {
        say_json(&table)?;
    } else {
        put!("{}", table.to_text());
    }
    Ok(ExitCode::SUCCESS)
}

fn coverage(args: &[String]) -> Result<ExitCode, String> {
    let paths: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .cloned()
        .collect();
    let (loaded, framework) = loadable(&paths)?;
    let stats: Vec<Stats> = loaded
        .iter()
        .filter_map(|l| Some(Stats::of(l.scenario.as_ref()?, l.analysis.as_ref()?)))
        .collect();
    let coverage = Coverage::of(&stats, &framework);
    if json_asked(args) {
        say_json(&coverage)?;
    } else if args.iter().any(|a| a == "--markdown") {
        put!("{}", coverage.to_markdown());
    } else {
        put!("{}", coverage.to_text());
    }
    Ok(ExitCode::SUCCESS)
}

/// Adds the folder's new scenario files to its manifest, but only those
/// that pass the checker: a file with errors is named, with its first
/// error, and left out (the exit code says so) until it is fixed.
fn manifest(args: &[String]) -> Result<ExitCode, String> {
    let folder = PathBuf::from(args.first().map_or("scenarios", String::as_str));
    let manifest_path = folder.join("manifest.toml");
    let source = read(&manifest_path)?;
    let listed_manifest = Manifest::parse(&source).map_err(|d| d.render())?;
    let present = scenario_ids_in(&folder)?;
    for problem in listed_manifest.problems(&source, &present) {
        eprintln!("{}\n", problem.render());
    }
    let listed = listed_manifest.scenario_ids();
    let new_files: Vec<PathBuf> = scenario_files(&[folder.display().to_string()])?
        .into_iter()
        .filter(|p| {
            p.file_stem()
                .is_some_and(|s| !listed.contains(&s.to_string_lossy().to_string()))
        })
        .collect();
    if new_files.is_empty() {
        say!(
            "{} already lists every scenario file",
            manifest_path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let framework = framework_for(&folder)?;
    let sources = new_files
        .iter()
        .map(|f| read_bytes(f).map(|bytes| (f.display().to_string(), bytes)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut added = Vec::new();
    let mut refused = Vec::new();
    for (path, entry) in new_files.iter().zip(load_all_bytes(&sources, &framework)) {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let (errors, _) = count(&entry.loaded.diagnostics);
        if !is_scenario_id(&id) {
            refused.push(format!(
                "{}: the name `{id}` is not a valid scenario id: {}",
                path.display(),
                scenario_id_hint(&id)
            ));
        } else if errors > 0 {
            let first = entry.loaded.diagnostics[0].headline();
            refused.push(format!(
                "{}: {} (the first: {first}); run `scenario check {}`",
                path.display(),
                count_in_words(&entry.loaded.diagnostics),
                path.display()
            ));
        } else {
            added.push(id);
        }
    }
    if !added.is_empty() {
        let text = add_to_manifest(&source, &added).map_err(|d| d.render())?;
        std::fs::write(&manifest_path, text)
            .map_err(|e| format!("cannot write {}: {e}", manifest_path.display()))?;
        say!("added to {}: {}", manifest_path.display(), added.join(", "));
    }
    if refused.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    say!(
        "not added, because trainees could not play them until they are fixed:\n  {}",
        refused.join("\n  ")
    );
    Ok(ExitCode::FAILURE)
}

/// Compiles the library the manifest lists for the officer's app. Nothing is
/// written unless every listed scenario passes its checks, so a file with
/// errors never reaches an officer.
fn progress(args: &[String]) -> Result<ExitCode, String> {
    let path = args.iter().find(|a| !a.starts_with("--")).ok_or(USAGE)?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let decoded = if Progress::is_json(&text) {
        Progress::from_json(&text)
    } else {
        Progress::unpack(&text)
    };
    for part in &decoded.set_aside {
        eprintln!("{path}: {} (left out)", part.reason);
    }
    if args.iter().any(|a| a == "--pack") {
        put!("{}", decoded.progress.pack());
    } else {
        say!("{}", decoded.progress.to_json());
    }
    Ok(if decoded.set_aside.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn compile(args: &[String]) -> Result<ExitCode, String> {
    let out = PathBuf::from(flag_value(args, "--out").ok_or(USAGE)?);
    let folder = PathBuf::from(
        args.first()
            .filter(|a| !a.starts_with("--"))
            .map_or("scenarios", String::as_str),
    );
    let optional = |name: &str| {
        let path = folder.join(name);
        path.exists().then(|| read(&path)).transpose()
    };
    let settings = optional("settings.toml")?;
    let shipped = Shipped {
        competencies: read(&folder.join("competencies.toml"))?,
        patterns: read(&folder.join("patterns.toml"))?,
        practices: read(&folder.join("practices.toml"))?,
        guidance: read(&folder.join("guidance.toml"))?,
    };
    let sources = read_sources(
        &shipped,
        &read(&folder.join("manifest.toml"))?,
        settings.as_ref(),
    )
    .map_err(|failure| format!("{}\n{}", failure.summary, failure.details.join("\n\n")))?;
    let files = sources
        .scenario_ids()
        .into_iter()
        .map(|id| {
            // Bytes, so a file saved in the wrong encoding is one located error.
            let path = folder.join(Manifest::file_name(&id));
            let file = read_bytes(&path).map(|bytes| (path.display().to_string(), bytes));
            (id, file)
        })
        .collect();
    let guidance = CompiledGuidance::of(
        sources
            .framework
            .guidance
            .clone()
            .ok_or("guidance.toml was not read")?,
        &shipped.guidance.text,
    );
    let published = publish(sources, files);
    let mut failed = false;
    for entry in &published.catalogue.entries {
        use course_of_conduct::core::catalogue::Availability;
        match &entry.availability {
            Availability::Ready(_) => {}
            Availability::Broken { errors, .. } => {
                failed = true;
                for error in errors {
                    println!("{error}\n");
                }
            }
            Availability::Missing(why) => {
                failed = true;
                println!("error: {why}\n");
            }
        }
    }
    if failed {
        println!("nothing compiled: fix the errors above first");
        return Ok(ExitCode::FAILURE);
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let write = |name: String, bytes: Vec<u8>| {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    for compiled in &published.scenarios {
        write(
            CompiledScenario::file_name(&compiled.scenario.id),
            encode(compiled),
        )?;
    }
    write(INDEX_FILE.to_string(), encode(&published.catalogue))?;
    // The guidance pages, fetched only when one opens.
    write(GUIDANCE_FILE.to_string(), encode(&guidance))?;
    println!(
        "compiled {} scenarios into {}",
        published.scenarios.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Every value of a repeated flag.
fn flag_values<'a>(args: &'a [String], name: &str) -> Vec<&'a str> {
    args.windows(2)
        .filter(|pair| pair[0] == name)
        .map(|pair| pair[1].as_str())
        .collect()
}

/// Reads a built `dist/` for packaging: the app's files and the scenarios folder.
fn read_dist(root: &Path) -> Result<Dist, String> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) -> Result<(), String> {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            let name = path
                .strip_prefix(root)
                .map_err(|e| e.to_string())?
                .to_string_lossy()
                .replace('\\', "/");
            // Packages, the workshop and the checker never go into a package.
            if ["packages", "workshop", "checker", "compiled"].contains(&name.as_str()) {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, files)?;
            } else {
                let bytes = std::fs::read(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                files.insert(name, bytes);
            }
        }
        Ok(())
    }
    let mut files = BTreeMap::new();
    walk(root, root, &mut files)?;
    if !files.contains_key(APP_FILES) {
        return Err(format!(
            "{} has no {APP_FILES}: build the app first (bash .ci/build-web)",
            root.display()
        ));
    }
    Ok(Dist { files })
}

fn package(args: &[String]) -> Result<ExitCode, String> {
    let dist_dir = PathBuf::from(args.first().filter(|a| !a.starts_with("--")).ok_or(USAGE)?);
    let out = PathBuf::from(flag_value(args, "--out").ok_or(USAGE)?);
    let dist = read_dist(&dist_dir)?;
    let manifest_text = String::from_utf8(
        dist.files
            .get("scenarios/manifest.toml")
            .cloned()
            .unwrap_or_default(),
    )
    .map_err(|_| "scenarios/manifest.toml is not text".to_string())?;
    let manifest = Manifest::parse(&SourceFile::new("scenarios/manifest.toml", manifest_text))
        .map_err(|d| d.render())?;
    let framework = framework_for(&dist_dir.join("scenarios"))?;
    let pass = match flag_value(args, "--pass") {
        Some(text) => text
            .parse::<u32>()
            .map_err(|_| "--pass takes a whole number from 0 to 100")?,
        None => framework.competencies.pass,
    };
    let iri_base = flag_value(args, "--iri-base")
        .unwrap_or(DEFAULT_IRI_BASE)
        .to_string();
    let standards: Vec<Standard> = match flag_values(args, "--standard").as_slice() {
        [] => Standard::ALL.to_vec(),
        named => named
            .iter()
            .map(|s| {
                Standard::from_id(s).ok_or_else(|| {
                    format!("`{s}` is not a standard: use scorm12, scorm2004 or cmi5")
                })
            })
            .collect::<Result<_, _>>()?,
    };
    let mut specs: Vec<(String, String, String, Vec<Module>)> = Vec::new();
    match flag_value(args, "--id") {
        None => {
            // The release: one package per module, and the whole course.
            for module in &manifest.modules {
                specs.push((
                    module.id.clone(),
                    module.title.clone(),
                    module.summary.clone(),
                    vec![module.clone()],
                ));
            }
            specs.push((
                "course".into(),
                "Course of Conduct: stalking response training".into(),
                "Every module: recognising stalking, investigating it, protecting and supporting the victim.".into(),
                manifest.modules.clone(),
            ));
        }
        Some(id) => {
            let title = flag_value(args, "--title")
                .ok_or("a custom package needs --title")?
                .to_string();
            let mut modules = Vec::new();
            for wanted in flag_values(args, "--module") {
                let module = manifest
                    .modules
                    .iter()
                    .find(|m| m.id == wanted)
                    .ok_or_else(|| format!("the manifest has no module `{wanted}`"))?;
                modules.push(module.clone());
            }
            let scenarios: Vec<String> = flag_values(args, "--scenario")
                .into_iter()
                .map(String::from)
                .collect();
            if !scenarios.is_empty() {
                modules.push(Module {
                    id: id.to_string(),
                    title: title.clone(),
                    summary: title.clone(),
                    scenarios,
                });
            }
            if modules.is_empty() {
                return Err("a custom package needs at least one --module or --scenario".into());
            }
            let description = modules
                .iter()
                .map(|m| m.summary.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            specs.push((id.to_string(), title, description, modules));
        }
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (id, title, description, modules) in specs {
        for &standard in &standards {
            let spec = Spec {
                id: id.clone(),
                title: title.clone(),
                description: description.clone(),
                modules: modules.clone(),
                mastery: pass,
                standard,
                iri_base: iri_base.clone(),
            };
            let (name, bytes) = course_of_conduct::core::package::build(&dist, &spec)?;
            let path = out.join(&name);
            std::fs::write(&path, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!(
                "{} ({}, {} bytes)",
                path.display(),
                standard.label(),
                bytes.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The playable scenarios under the paths and their framework; files with
/// errors are named on stderr and left out.
fn playable(paths: &[String]) -> Result<(Vec<Rc<Scenario>>, Framework), String> {
    let (loaded, framework) = loadable(paths)?;
    let scenarios = loaded
        .into_iter()
        .filter_map(|l| l.scenario.map(Rc::new))
        .collect();
    Ok((scenarios, framework))
}

/// Every file under the paths that loads, and their framework; files with
/// errors are named on stderr and left out.
fn loadable(paths: &[String]) -> Result<(Vec<Loaded>, Framework), String> {
    let files = scenario_files(paths)?;
    let framework = framework_for(
        files
            .first()
            .map_or(Path::new("scenarios"), |f| f.as_path()),
    )?;
    let sources = files
        .iter()
        .map(|f| read_bytes(f).map(|bytes| (f.display().to_string(), bytes)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut loaded = Vec::new();
    for entry in load_all_bytes(&sources, &framework) {
        if entry.loaded.scenario.is_some() {
            loaded.push(entry.loaded);
        } else {
            eprintln!(
                "{}: has errors and is left out; run `scenario check` on it",
                entry.file
            );
        }
    }
    Ok((loaded, framework))
}

fn positional(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut skip = false;
    for arg in args {
        if skip {
            skip = false;
        } else if arg == "--seed" || arg == "--part" {
            skip = true;
        } else if !arg.starts_with("--") {
            out.push(arg.clone());
        }
    }
    out
}

fn practices(args: &[String]) -> Result<ExitCode, String> {
    let (scenarios, framework) = playable(&positional(args))?;
    let scenarios: Vec<&Scenario> = scenarios.iter().map(|s| s.as_ref()).collect();
    let rows = practice_use::table(&framework, &scenarios);
    if json_asked(args) {
        say_json(&rows)?;
    } else {
        put!("{}", practice_use::to_markdown(&rows, &framework));
    }
    Ok(ExitCode::SUCCESS)
}

fn quiz(args: &[String]) -> Result<ExitCode, String> {
    match args.first().map(String::as_str) {
        Some("export") => {
            let seed: u64 = flag_value(args, "--seed")
                .unwrap_or("1")
                .parse()
                .map_err(|_| "--seed takes a whole number")?;
            let part = match flag_value(args, "--part") {
                None => quiz::Part::WHOLE,
                Some(text) => quiz::Part::parse(text).ok_or("--part takes K/N, e.g. 2/4")?,
            };
            let (scenarios, framework) = playable(&positional(&args[1..]))?;
            put!(
                "{}",
                quiz::export(&scenarios, &framework.settings, seed, part).to_toml()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some("score") => {
            let paths = positional(&args[1..]);
            let (quiz_path, paths) = paths.split_first().ok_or(USAGE)?;
            let source = read(Path::new(quiz_path))?;
            let filled: quiz::Quiz = course_of_conduct::core::parse::parse_toml(&source)
                .map_err(|d| source.locate(&d).render())?;
            let (scenarios, _) = playable(paths)?;
            let scored = quiz::score(&filled, &scenarios);
            if json_asked(args) {
                say_json(&scored)?;
            } else {
                put!("{}", scored.to_text());
            }
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.into()),
    }
}

fn strategies(args: &[String]) -> Result<ExitCode, String> {
    let (scenarios, framework) = playable(&positional(args))?;
    let mut outcomes = Vec::new();
    for scenario in &scenarios {
        for strategy in Strategy::ALL {
            outcomes.push(strategies::play(
                Rc::clone(scenario),
                &framework,
                strategy,
                1,
            ));
        }
    }
    if json_asked(args) {
        say_json(&outcomes)?;
        return Ok(ExitCode::SUCCESS);
    }
    put!("{:<28}", "scenario");
    for strategy in Strategy::ALL {
        put!(" {:>26}", strategy.label());
    }
    say!("");
    for scenario in &scenarios {
        put!("{:<28}", scenario.id);
        for outcome in outcomes.iter().filter(|o| o.scenario == scenario.id) {
            let verdict = match outcome.verdict {
                Verdict::Competent => "COMPETENT",
                Verdict::NotYetCompetent => "not yet",
            };
            put!(" {:>16} {:>3}%", verdict, outcome.overall_percent);
            put!("{:>5}", format!("{}c", outcome.critical_errors));
        }
        say!("");
    }
    put!("{:<28}", "mean");
    for strategy in Strategy::ALL {
        let scores: Vec<u32> = outcomes
            .iter()
            .filter(|o| o.strategy == strategy)
            .map(|o| o.overall_percent)
            .collect();
        let mean = scores.iter().sum::<u32>() as f64 / scores.len().max(1) as f64;
        put!(" {:>20.1}%     ", mean);
    }
    say!("");
    Ok(ExitCode::SUCCESS)
}
