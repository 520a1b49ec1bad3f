//! Valid scenarios of any size, generated for the scale benchmark and the
//! property tests. Each scene offers three options that move forward one or
//! two scenes, with flags, counters, conditional routes and asides, so every
//! check and the analysis do real work on them.

use std::fmt::Write as _;

pub fn scenario_text(scenes: usize) -> String {
    let scenes = scenes.max(3);
    let last = scenes - 1;
    let mut out = String::with_capacity(scenes * 900);
    out.push_str(
        r#"id = "synthetic"
title = "Generated scenario"
summary = "Generated for benchmarks and property tests."
pattern = "ex-partner-separation"
role = "investigator"
minutes = 10
version = "1.0"
content_note = "Generated text with no distressing content."
start = "s0"

[[cast.victim]]
name = "Dana Hughes"
pronouns = "she"

[[cast.victim]]
name = "Lee Hughes"
pronouns = "he"

[[key_action]]
id = "kept-on"
text = "Recorded the pattern"
competency = "identify"
why = "The pattern is the offence."
cite = "SC §4.1.1"
"#,
    );
    for i in 0..scenes {
        let _ = write!(
            out,
            "\n[[scene]]\nid = \"s{i}\"\ntitle = \"Scene {i}\"\ntext = \"\"\"\n{{victim.name}} reports incident {i}; {{victim.they}} {{victim.is}} frightened.\n\"\"\"\n"
        );
        if i == last || i == last - 1 {
            let _ = write!(out, "\n[scene.ending]\noutcome = \"Ending {i}.\"\ndebrief = \"Debrief for ending {i}.\"\n");
            continue;
        }
        let next = i + 1;
        let skip = (i + 2).min(last);
        let _ = write!(
            out,
            r#"
[[scene.aside]]
when = ["noted", "slips < 2"]
text = "The file is in order."

[[scene.exhibit]]
id = "log"
kind = "call_log"
title = "Calls"

[[scene.exhibit.entry]]
at = "Day 1 0{h}:00"
text = "Missed call"

[scene.decision]
prompt = "What now?"
kind = "single"

[[scene.decision.option]]
id = "link"
text = "Link it to the course of conduct."
goto = "s{next}"
set = ["noted"]
points = {{ identify = 2, evidence = 1 }}
practices = ["record-stalking-where-four-fits", "gather-witness-statements-and-independent-records"]
{achieves}feedback = "Linking shows the pattern."
cite = "SC §4.1.1"

[[scene.decision.option]]
id = "single"
text = "Record it on its own."
goto = "s{skip}"
add = {{ slips = 1 }}
advance = "1d"
points = {{ identify = -1 }}
practices = ["record-only-single-incident-offence"]
feedback = "A single record hides the pattern."
cite = "Ref §9A"

[[scene.decision.option]]
id = "wait"
text = "Wait for more."
when = ["not noted"]
goto = "s{next}"
points = {{ risk = -1, evidence = 0 }}
practices = ["grade-medium-because-no-violence"]
feedback = "Waiting leaves the victim at risk."
cite = "Ref §4"

[[scene.decision.option.route]]
when = ["slips >= 3", "elapsed >= 2d"]
goto = "s{last}"
"#,
            h = i % 10,
            achieves = if i == 0 {
                "achieves = [\"kept-on\"]\n"
            } else {
                ""
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::SourceFile;
    use crate::core::framework::Framework;
    use crate::core::validate::load;

    #[test]
    fn generated_scenarios_are_valid_at_every_size() {
        for scenes in [3, 4, 10, 250] {
            let source = SourceFile::new("synthetic.toml", scenario_text(scenes));
            let loaded = load(&source, &Framework::bundled());
            let errors: Vec<_> = loaded.diagnostics.iter().map(|d| d.render()).collect();
            assert!(loaded.scenario.is_some(), "{scenes} scenes: {errors:#?}");
            assert_eq!(loaded.scenario.unwrap().scenes.len(), scenes);
        }
    }
}
