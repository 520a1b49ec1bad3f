//! What a trainee sees, as plain text, for `scenario play --read`: each
//! scene's title, clock, text (with the asides that apply), exhibits and
//! options, the feedback after each choice, and the ending, with every
//! placeholder filled in. It is drawn from the same `SceneView` the app and
//! the workshop's play-test show, so a trainer can proof-read a path
//! without a browser.

use crate::core::engine::{BodyView, ChoiceFeedback, SceneView};
use std::fmt::Write as _;

/// One scene as a trainee meets it.
pub fn scene(view: &SceneView) -> String {
    let mut out = format!("== {} ({})\n", view.title, view.clock);
    for paragraph in &view.paragraphs {
        let _ = write!(out, "\n{paragraph}\n");
    }
    for exhibit in &view.exhibits {
        let _ = write!(out, "\n[{}: {}]\n", exhibit.kind.label(), exhibit.title);
        for paragraph in &exhibit.paragraphs {
            let _ = writeln!(out, "  {paragraph}");
        }
        for entry in &exhibit.entries {
            let lead: Vec<&str> = [entry.at.as_deref(), entry.from.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if lead.is_empty() {
                let _ = writeln!(out, "  - {}", entry.text);
            } else {
                let _ = writeln!(out, "  - {}: {}", lead.join(", "), entry.text);
            }
        }
    }
    match &view.body {
        BodyView::Decision {
            prompt, options, ..
        } => {
            let _ = write!(out, "\n{prompt}\n");
            for (number, option) in options.iter().enumerate() {
                let _ = writeln!(out, "  {}. {}", number + 1, option.text);
            }
        }
        BodyView::Continue => out.push_str("\n(continue)\n"),
        BodyView::Ending { outcome, debrief } => {
            out.push_str("\nWhat happened next:\n");
            for paragraph in outcome {
                let _ = writeln!(out, "  {paragraph}");
            }
            out.push_str("\nDebrief:\n");
            for paragraph in debrief {
                let _ = writeln!(out, "  {paragraph}");
            }
        }
    }
    out
}

/// The choice made and, in training mode, the feedback shown after it.
pub fn chosen(feedback: &[ChoiceFeedback], training: bool) -> String {
    let mut out = String::new();
    for item in feedback {
        let _ = writeln!(out, "> {}", item.option_text);
        if training {
            if let Some(text) = &item.feedback {
                let _ = writeln!(out, "  Feedback: {text}");
            }
            if let Some(cite) = &item.cite {
                let _ = writeln!(out, "  Guidance: {cite}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::{Mode, Session};
    use crate::core::fixtures::mini;
    use crate::core::framework::Framework;
    use std::rc::Rc;

    #[test]
    fn a_path_reads_with_placeholders_asides_exhibits_and_the_ending() {
        let framework = Framework::bundled();
        let scenario = Rc::new(mini().scenario.unwrap());
        let mut session = Session::new(scenario, &framework.settings, 1, Mode::Training);
        let first = scene(&session.view());
        assert!(
            first.starts_with("== The report (Day 1, 20:00)\n"),
            "{first}"
        );
        assert!(!first.contains('{'), "every placeholder is filled: {first}");
        assert!(
            first.contains("[Message thread: Messages]\n  - Day 1 02:10, Alex: Answer me.\n"),
            "{first}"
        );
        assert!(first.contains("How do you record it?\n  1. Record stalking.\n  2. Record malicious communications.\n"), "{first}");
        let outcome = session.choose(&["malcomms".to_string()]).unwrap();
        let said = chosen(&outcome.feedback, true);
        assert_eq!(said, "> Record malicious communications.\n  Feedback: One message offence hides the pattern.\n  Guidance: SC §4.1.1\n");
        // The aside for a trainee who did not record stalking.
        assert!(scene(&session.view()).contains("\nThe log shows a single offence.\n"));
    }
}
