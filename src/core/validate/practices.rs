//! Every scored option names the practice it shows, and its points and
//! critical flag agree with how the catalogue (`practices.toml`) treats that
//! practice. So two options anywhere in the library that show the same
//! practice are treated the same way: the size of a reward may differ with
//! the case, its sign and whether it fails the run may not.

use crate::core::diagnostic::Diagnostic;
use crate::core::framework::{Framework, Treatment};
use crate::core::lower::{closest, key_span};
use crate::core::model::{Choice, Named, Scenario};

pub fn check(
    scenario: &Scenario,
    framework: &Framework,
    source: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for action in &scenario.key_actions {
        if framework.practice(&action.id).is_some() {
            diagnostics.push(
                Diagnostic::error(
                    "id-clash",
                    action.span.clone(),
                    format!("the key action `{}` has the same id as a practice in practices.toml", action.id),
                )
                .with_hint("give the key action its own id, so `done` conditions and claims know which one is meant"),
            );
        }
    }
    for (_, _, choice) in scenario.choices() {
        check_option(choice, framework, source, diagnostics);
    }
}

fn check_option(
    choice: &Choice,
    framework: &Framework,
    source: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut known = Vec::new();
    for named in &choice.practices {
        match framework.practice(&named.name) {
            Some(practice) => known.push((named, practice)),
            None => diagnostics.push(unknown_practice(named, framework)),
        }
    }
    if choice.is_scored() && choice.practices.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                "no-practice",
                choice.span.clone(),
                format!("option `{}` is scored but names no practice", choice.id),
            )
            .with_hint("add `practices = [\"...\"]` naming the practice(s) from practices.toml that this option shows (`scenario practices` lists them)"),
        );
        return;
    }
    // An unknown practice or competency is reported where it is named;
    // judging the points against it would only repeat that error.
    let unknown_competency = choice
        .points
        .keys()
        .any(|c| framework.competency(c).is_none());
    if known.len() < choice.practices.len() || unknown_competency {
        return;
    }

    for (named, practice) in &known {
        let points = choice
            .points
            .get(&practice.competency)
            .copied()
            .unwrap_or(0);
        let disagreement = match practice.treatment {
            Treatment::Credit if choice.critical => Some(format!(
                "option `{}` is critical, but `{}` is a credit practice",
                choice.id, practice.id
            )),
            Treatment::Credit if points <= 0 => Some(format!(
                "`{}` is a credit practice in `{}`, but option `{}` gives {points} points there",
                practice.id, practice.competency, choice.id
            )),
            Treatment::Penalty if points >= 0 => Some(format!(
                "`{}` is a penalty practice in `{}`, but option `{}` gives {points} points there",
                practice.id, practice.competency, choice.id
            )),
            Treatment::Critical if !choice.critical => Some(format!(
                "`{}` is a critical practice, but option `{}` is not marked `critical = true`",
                practice.id, choice.id
            )),
            _ => None,
        };
        if let Some(message) = disagreement {
            diagnostics.push(
                Diagnostic::error("practice-treatment", named.span.clone(), message).with_hint(
                    format!(
                        "the catalogue treats `{}` as {} in `{}`: make the option's points agree (credit: positive points; penalty: negative points; critical: `critical = true`), or name the practice the option really shows",
                        practice.id,
                        practice.treatment.label(),
                        practice.competency
                    ),
                ),
            );
        }
    }

    for (competency, &points) in &choice.points {
        if points == 0 {
            continue;
        }
        let explained = known.iter().any(|(_, p)| {
            p.competency == *competency
                && match p.treatment {
                    Treatment::Credit => points > 0,
                    Treatment::Penalty | Treatment::Critical => points < 0,
                    Treatment::NotScored => false,
                }
        });
        if !explained {
            let kind = if points > 0 {
                "credit"
            } else {
                "penalty or critical"
            };
            diagnostics.push(
                Diagnostic::error(
                    "unexplained-points",
                    key_span(&choice.points_span, competency, source),
                    format!(
                        "option `{}` gives {points} points in `{competency}`, but names no {kind} practice in `{competency}`",
                        choice.id
                    ),
                )
                .with_hint("every point must come from a practice the option shows: name one, or change the points"),
            );
        }
    }

    if choice.critical
        && !known
            .iter()
            .any(|(_, p)| p.treatment == Treatment::Critical)
    {
        diagnostics.push(
            Diagnostic::error(
                "practice-treatment",
                choice.span.clone(),
                format!(
                    "option `{}` is marked critical but names no critical practice",
                    choice.id
                ),
            )
            .with_hint("only the errors the catalogue treats as critical fail a run: name that practice, or remove `critical = true`"),
        );
    }
}

fn unknown_practice(named: &Named, framework: &Framework) -> Diagnostic {
    let near = closest(
        &named.name,
        framework.practices.iter().map(|p| p.id.as_str()),
    );
    let hint = match near {
        Some(near) => format!("did you mean `{near}`?"),
        None => "use a practice id from practices.toml (`scenario practices` lists them), or ask your force's stalking lead to add one".to_string(),
    };
    Diagnostic::error(
        "unknown-practice",
        named.span.clone(),
        format!("there is no practice called `{}`", named.name),
    )
    .with_hint(hint)
}
