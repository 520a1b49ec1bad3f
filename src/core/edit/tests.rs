use super::*;

fn doc(text: &str) -> Doc {
    Doc::parse(text).unwrap_or_else(|_| panic!("not TOML:\n{text}"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn scene(n: usize) -> Path {
    vec![k("scene"), i(n)]
}

fn option(s: usize, o: usize) -> Path {
    vec![k("scene"), i(s), k("decision"), k("option"), i(o)]
}

/// The lines of `after` that are not in `before`, and the other way round,
/// by a longest common subsequence on lines.
fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let (mut a, mut b): (Vec<&str>, Vec<&str>) =
        (before.lines().collect(), after.lines().collect());
    // The common start and end first: edits are local, and this keeps it fast.
    while !a.is_empty() && !b.is_empty() && a[0] == b[0] {
        a.remove(0);
        b.remove(0);
    }
    while !a.is_empty() && !b.is_empty() && a.last() == b.last() {
        a.pop();
        b.pop();
    }
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for x in (0..a.len()).rev() {
        for y in (0..b.len()).rev() {
            lcs[x][y] = if a[x] == b[y] {
                lcs[x + 1][y + 1] + 1
            } else {
                lcs[x + 1][y].max(lcs[x][y + 1])
            };
        }
    }
    let (mut x, mut y, mut gone, mut added) = (0, 0, Vec::new(), Vec::new());
    while x < a.len() || y < b.len() {
        if x < a.len() && y < b.len() && a[x] == b[y] {
            x += 1;
            y += 1;
        } else if y < b.len() && (x == a.len() || lcs[x][y + 1] >= lcs[x + 1][y]) {
            added.push(b[y].to_string());
            y += 1;
        } else {
            gone.push(a[x].to_string());
            x += 1;
        }
    }
    (gone, added)
}

const SMALL: &str = r#"# A scenario for the tests.
id = "t"
title = "Test"   # a comment after a value
start = "one"

# ------------------------------------------------ one
[[scene]]
id = "one"
title = "One"
text = """
First line.
"""

[scene.decision]
prompt = "Which?"
kind = "single"

[[scene.decision.option]]
id = "a"
text = "A"
goto = "two"
points = { identify = 2, risk = -1 }
practices = ["p-one", "p-two"]
when = [
  "x",
  "not y",
]

[[scene.decision.option]]
id = "b"
text = "B"
goto = "two"

# ------------------------------------------------ two
[[scene]]
id = "two"
title = "Two"
text = "The end."
# a comment that stays with scene two

[scene.ending]
outcome = "Done."
debrief = "Well done."
"#;

#[test]
fn the_tree_reads_tables_arrays_and_values_with_their_spans() {
    let d = doc(SMALL);
    assert_eq!(d.count(&[k("scene")]), 2);
    assert_eq!(d.str(&[], "title"), "Test");
    assert_eq!(d.str(&scene(0), "text"), "First line.\n");
    assert_eq!(
        d.str(&[k("scene"), i(0), k("decision")], "prompt"),
        "Which?"
    );
    assert_eq!(d.count(&[k("scene"), i(0), k("decision"), k("option")]), 2);
    assert_eq!(
        d.ints(&option(0, 0), "points"),
        vec![("identify".into(), 2), ("risk".into(), -1)]
    );
    assert_eq!(d.strs(&option(0, 0), "when"), vec!["x", "not y"]);
    assert_eq!(
        d.str(&[k("scene"), i(1), k("ending")], "debrief"),
        "Well done."
    );
    assert!(d.table(&[k("scene"), i(2)]).is_none());
    assert_eq!(d.str(&option(0, 1), "missing"), "");
    assert!(Doc::parse("id = \"unclosed\n").is_err());
    assert!(
        Doc::parse("a = 1\na = 2\n").is_err(),
        "duplicate keys are not TOML"
    );
    assert!(Doc::parse("").is_ok());
}

#[test]
fn a_changed_value_changes_only_that_value() {
    let d = doc(SMALL);
    let out = d
        .set(&[], "title", Some(&Value::str("New \"title\"")))
        .unwrap();
    assert_eq!(
        out,
        SMALL.replace("title = \"Test\"   #", "title = \"New \\\"title\\\"\"   #")
    );
    // The same value again changes nothing.
    assert_eq!(
        d.set(&[], "title", Some(&Value::str("Test"))).unwrap(),
        SMALL
    );
    // One number in `{ … }`.
    let points = Value::ints(&[("identify".into(), 1), ("risk".into(), -1)]);
    let out = d.set(&option(0, 0), "points", Some(&points)).unwrap();
    assert_eq!(
        out,
        SMALL.replace("identify = 2, risk", "identify = 1, risk")
    );
    // One item of a list written over several lines.
    let out = d
        .set(&option(0, 0), "when", Some(&Value::strs(&["x", "not z"])))
        .unwrap();
    assert_eq!(out, SMALL.replace("  \"not y\",", "  \"not z\","));
    // A multi-line text stays a multi-line text.
    let out = d
        .set(&scene(0), "text", Some(&Value::str("New first line.\n")))
        .unwrap();
    assert_eq!(out, SMALL.replace("First line.", "New first line."));
}

#[test]
fn lists_grow_and_shrink_item_by_item() {
    let d = doc(SMALL);
    let path = option(0, 0);
    let out = d
        .set(
            &path,
            "practices",
            Some(&Value::strs(&["p-one", "p-two", "p-three"])),
        )
        .unwrap();
    assert_eq!(out, SMALL.replace("\"p-two\"]", "\"p-two\", \"p-three\"]"));
    let out = d
        .set(&path, "practices", Some(&Value::strs(&["p-two"])))
        .unwrap();
    assert_eq!(out, SMALL.replace("[\"p-one\", \"p-two\"]", "[\"p-two\"]"));
    let out = d
        .set(&path, "practices", Some(&Value::strs(&["p-one"])))
        .unwrap();
    assert_eq!(out, SMALL.replace("[\"p-one\", \"p-two\"]", "[\"p-one\"]"));
    let out = d
        .set(&path, "practices", Some(&Value::strs::<&str>(&[])))
        .unwrap();
    assert_eq!(out, SMALL.replace("[\"p-one\", \"p-two\"]", "[]"));
}

#[test]
fn a_new_key_goes_in_the_guides_order_and_keeps_comments_above_their_lines() {
    let d = doc(SMALL);
    // `summary` belongs after `title` and before `start`.
    let out = d.set(&[], "summary", Some(&Value::str("S"))).unwrap();
    assert_eq!(
        out,
        SMALL.replace("start = \"one\"", "summary = \"S\"\nstart = \"one\"")
    );
    // `feedback` goes last in an option.
    let out = d
        .set(&option(0, 1), "feedback", Some(&Value::str("F")))
        .unwrap();
    assert_eq!(
        out,
        SMALL.replace(
            "goto = \"two\"\n\n# ---",
            "goto = \"two\"\nfeedback = \"F\"\n\n# ---"
        )
    );
    // `critical` goes before `when`? No: after `practices`, before a later key.
    let out = d
        .set(&option(0, 0), "critical", Some(&Value::Bool(true)))
        .unwrap();
    let (gone, added) = changed_lines(SMALL, &out);
    assert_eq!(
        (gone.len(), added),
        (0, vec!["critical = true".to_string()])
    );
    // A removed key takes its line, comment and all.
    let out = d.set(&[], "title", None).unwrap();
    assert_eq!(
        out,
        SMALL.replace("title = \"Test\"   # a comment after a value\n", "")
    );
    // An inline table grows as a whole.
    let out = d
        .set(
            &option(0, 0),
            "points",
            Some(&Value::ints(&[("identify".into(), 2)])),
        )
        .unwrap();
    assert_eq!(
        out,
        SMALL.replace("{ identify = 2, risk = -1 }", "{ identify = 2 }")
    );
}

#[test]
fn a_missing_table_is_made_at_the_end_of_its_parent() {
    let d = doc(SMALL);
    let out = d
        .set(
            &[k("scene"), i(1), k("decision")],
            "prompt",
            Some(&Value::str("P")),
        )
        .unwrap();
    assert!(
        out.ends_with("debrief = \"Well done.\"\n\n[scene.decision]\nprompt = \"P\"\n"),
        "{out}"
    );
    let again = doc(&out);
    assert_eq!(again.str(&[k("scene"), i(1), k("decision")], "prompt"), "P");
    assert_eq!(
        again.str(&[k("scene"), i(0), k("decision")], "prompt"),
        "Which?"
    );
}

#[test]
fn elements_are_added_moved_copied_and_removed_with_their_comments() {
    let d = doc(SMALL);
    let new_scene = Element::default()
        .with("id", Value::str("mid"))
        .with("title", Value::str("Middle"))
        .with("text", Value::str(""))
        .table(
            "ending",
            false,
            Element::default()
                .with("outcome", Value::str("O"))
                .with("debrief", Value::str("D")),
        );
    // Before scene two: above scene two's banner.
    let out = d.insert(&[k("scene")], 1, &new_scene).unwrap();
    let again = doc(&out);
    assert_eq!(again.str(&scene(1), "id"), "mid");
    assert_eq!(again.str(&[k("scene"), i(1), k("ending")], "outcome"), "O");
    assert_eq!(again.str(&scene(2), "id"), "two");
    assert!(out.contains("[scene.ending]\noutcome = \"O\"\ndebrief = \"D\"\n\n# ----------------------------------------------- two".replace("----------------------------------------------- ", "------------------------------------------------ ").as_str()), "{out}");
    // At the end.
    let out = d.insert(&[k("scene")], 9, &new_scene).unwrap();
    assert!(out.starts_with(SMALL));
    assert!(out.ends_with("debrief = \"Well done.\"\n\n[[scene]]\nid = \"mid\"\ntitle = \"Middle\"\ntext = \"\"\n\n[scene.ending]\noutcome = \"O\"\ndebrief = \"D\"\n"));
    assert_eq!(doc(&out).count(&[k("scene")]), 3);

    // Swapping scenes swaps them with their banners; swapping back restores the file.
    let swapped = d.swap(&scene(0), false).unwrap();
    let s = doc(&swapped);
    assert_eq!(s.str(&scene(0), "id"), "two");
    assert_eq!(s.str(&scene(1), "id"), "one");
    assert!(swapped.starts_with("# A scenario for the tests."));
    assert!(swapped.find("---- two").unwrap() < swapped.find("---- one").unwrap());
    assert!(swapped.contains("# a comment that stays with scene two\n\n[scene.ending]"));
    assert_eq!(s.swap(&scene(1), true).unwrap(), SMALL);

    // Options swap within their decision.
    let swapped = d.swap(&option(0, 1), true).unwrap();
    assert_eq!(doc(&swapped).str(&option(0, 0), "id"), "b");
    assert_eq!(doc(&swapped).swap(&option(0, 0), false).unwrap(), SMALL);

    // A copy has the new id and sits just after the original.
    let copied = d.duplicate(&option(0, 0), "a-copy").unwrap();
    let c = doc(&copied);
    assert_eq!(c.str(&option(0, 1), "id"), "a-copy");
    assert_eq!(c.strs(&option(0, 1), "when"), vec!["x", "not y"]);
    assert_eq!(c.str(&option(0, 2), "id"), "b");
    // Removing the copy gives back the file.
    assert_eq!(c.remove(&option(0, 1)).unwrap(), SMALL);

    // Removing a scene takes its banner and its sub-tables.
    let out = d.remove(&scene(0)).unwrap();
    assert!(!out.contains("---- one") && out.contains("---- two"));
    assert!(!out.contains("[scene.decision]"));
    assert_eq!(doc(&out).count(&[k("scene")]), 1);
    assert!(out.starts_with("# A scenario for the tests.\nid = \"t\""));
    // …and the last scene, with no blank lines left behind.
    let out = d.remove(&scene(1)).unwrap();
    assert!(out.ends_with("goto = \"two\"\n"), "{out:?}");
    // Removing a sub-table, and a value.
    let out = d.remove(&[k("scene"), i(1), k("ending")]).unwrap();
    assert!(
        out.ends_with("# a comment that stays with scene two\n"),
        "{out:?}"
    );
    let out = d
        .remove(&[k("scene"), i(0), k("decision"), k("kind")])
        .unwrap();
    assert_eq!(out, SMALL.replace("kind = \"single\"\n", ""));
}

#[test]
fn a_scenario_can_be_built_from_an_empty_file() {
    let mut text = String::new();
    for (key, value) in [
        ("title", "T"),
        ("id", "x"),
        ("start", "s"),
        ("summary", "S"),
    ] {
        text = doc(&text).set(&[], key, Some(&Value::str(value))).unwrap();
    }
    text = doc(&text)
        .set(&[], "minutes", Some(&Value::Int(15)))
        .unwrap();
    assert_eq!(
        text,
        "id = \"x\"\ntitle = \"T\"\nsummary = \"S\"\nminutes = 15\nstart = \"s\"\n"
    );
    let scene_element = Element::default().with("id", Value::str("s"));
    text = doc(&text).insert(&[k("scene")], 0, &scene_element).unwrap();
    let key_action = Element::default().with("id", Value::str("ka"));
    text = doc(&text)
        .insert(&[k("key_action")], 0, &key_action)
        .unwrap();
    let variant = Element::default().with("name", Value::str("N"));
    text = doc(&text)
        .insert(&[k("cast"), k("victim")], 0, &variant)
        .unwrap();
    text = doc(&text)
        .insert(&[k("cast"), k("suspect")], 0, &variant)
        .unwrap();
    text = doc(&text)
        .insert(&[k("cast"), k("victim")], 1, &variant)
        .unwrap();
    assert_eq!(
        text,
        "id = \"x\"\ntitle = \"T\"\nsummary = \"S\"\nminutes = 15\nstart = \"s\"\n\n[[cast.victim]]\nname = \"N\"\n\n[[cast.victim]]\nname = \"N\"\n\n[[cast.suspect]]\nname = \"N\"\n\n[[key_action]]\nid = \"ka\"\n\n[[scene]]\nid = \"s\"\n"
    );
    // A file that starts with a comment keeps it first.
    let commented = doc("# My scenario\n\n[[scene]]\nid = \"s\"\n")
        .set(&[], "id", Some(&Value::str("x")))
        .unwrap();
    assert_eq!(
        commented,
        "# My scenario\n\nid = \"x\"\n\n[[scene]]\nid = \"s\"\n"
    );
    // Options into a decision that has none yet, after its own lines.
    let with_decision = doc(&text)
        .set(
            &[k("scene"), i(0), k("decision")],
            "prompt",
            Some(&Value::str("P")),
        )
        .unwrap();
    let option_element = Element::default().with("id", Value::str("o"));
    let out = doc(&with_decision)
        .insert(
            &[k("scene"), i(0), k("decision"), k("option")],
            0,
            &option_element,
        )
        .unwrap();
    assert!(
        out.ends_with(
            "[scene.decision]\nprompt = \"P\"\n\n[[scene.decision.option]]\nid = \"o\"\n"
        ),
        "{out}"
    );
}

#[test]
fn layouts_the_forms_cannot_edit_safely_are_refused_and_nothing_changes() {
    let inline = doc("[[scene]]\nid = \"s\"\ndecision = { prompt = \"P\" }\n");
    let out = inline
        .set(
            &[k("scene"), i(0), k("decision")],
            "kind",
            Some(&Value::str("single")),
        )
        .unwrap();
    assert_eq!(
        out,
        "[[scene]]\nid = \"s\"\ndecision = { prompt = \"P\", kind = \"single\" }\n"
    );
    let err = inline
        .insert(
            &[k("scene"), i(0), k("decision"), k("option")],
            0,
            &Element::default(),
        )
        .unwrap_err();
    assert!(err.0.contains("text view"), "{}", err.0);
    // Parts of a scene written apart from it cannot be moved as one.
    let apart = doc("[[scene]]\nid = \"a\"\n\n[[key_action]]\nid = \"k\"\n\n[scene.ending]\noutcome = \"o\"\n\n[[scene]]\nid = \"b\"\n");
    assert!(apart
        .swap(&scene(0), false)
        .unwrap_err()
        .0
        .contains("apart"));
    // Dotted keys are edited where they are.
    let dotted = doc("[[scene]]\nid = \"s\"\npoints.identify = 2\n");
    let out = dotted
        .set(
            &[k("scene"), i(0), k("points")],
            "risk",
            Some(&Value::Int(1)),
        )
        .unwrap();
    assert_eq!(
        out,
        "[[scene]]\nid = \"s\"\npoints.identify = 2\npoints.risk = 1\n"
    );
}

fn assert_same(out: &str, expected: &str, what: &str) {
    if out != expected {
        let (gone, added) = changed_lines(expected, out);
        panic!("{what}: lines lost {gone:#?}, lines added {added:#?}");
    }
}

fn library() -> Vec<(String, String)> {
    let manifest = read("scenarios/manifest.toml");
    manifest
        .lines()
        .filter(|l| l.starts_with("scenarios"))
        .flat_map(|l| {
            l.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .map(|id| {
            let text = read(&format!("scenarios/{id}.toml"));
            (id, text)
        })
        .collect()
}

/// Every library file survives the structural edits: undoing a move or a
/// copy gives back the same bytes, and a value changed touches one line.
/// (The first, a middle and the last scene of each, to keep it quick.)
#[test]
fn the_library_survives_moves_copies_and_value_edits_byte_for_byte() {
    let files = library();
    assert!(files.len() > 5);
    for (id, text) in files {
        let d = doc(&text);
        let scenes = d.count(&[k("scene")]);
        let mut some = vec![0, 1, scenes / 2, scenes - 1];
        some.dedup();
        for n in some {
            if n + 1 < scenes {
                let down = d.swap(&scene(n), false).unwrap();
                assert_eq!(doc(&down).str(&scene(n + 1), "id"), d.str(&scene(n), "id"));
                assert_same(
                    &doc(&down).swap(&scene(n + 1), true).unwrap(),
                    &text,
                    &format!("{id}: scene {n} down and up"),
                );
            }
            let copied = d.duplicate(&scene(n), "copy").unwrap();
            assert_eq!(doc(&copied).str(&scene(n + 1), "id"), "copy");
            assert_same(
                &doc(&copied).remove(&scene(n + 1)).unwrap(),
                &text,
                &format!("{id}: scene {n} copied and removed"),
            );
            let options = d.count(&[k("scene"), i(n), k("decision"), k("option")]);
            for o in 0..options {
                let path = option(n, o);
                let mut points = d.ints(&path, "points");
                if let Some(first) = points.first_mut() {
                    first.1 += 1;
                    let out = d.set(&path, "points", Some(&Value::ints(&points))).unwrap();
                    let (gone, added) = changed_lines(&text, &out);
                    assert_eq!((gone.len(), added.len()), (1, 1), "{id}: points of {n}/{o}");
                }
                let feedback = d.str(&path, "feedback").to_string();
                if !feedback.is_empty() {
                    let out = d
                        .set(
                            &path,
                            "feedback",
                            Some(&Value::str(format!("{feedback} More."))),
                        )
                        .unwrap();
                    assert_eq!(
                        doc(&out).str(&path, "feedback"),
                        format!("{feedback} More.")
                    );
                }
            }
        }
    }
}

mod scenario_edits {
    use super::super::scenario::*;
    use super::{changed_lines, doc, library, read};
    use crate::core::framework::Framework;

    fn worked_example() -> String {
        let guide = read("AUTHORING.md");
        let section = guide
            .split_once("## The complete worked example")
            .unwrap()
            .1;
        section
            .split("```toml\n")
            .nth(1)
            .unwrap()
            .split("\n```")
            .next()
            .unwrap()
            .to_string()
            + "\n"
    }

    #[test]
    fn renaming_a_scene_renames_every_way_to_it_and_nothing_else() {
        let text = worked_example();
        let d = doc(&text);
        let n = scene_summaries(&d)
            .iter()
            .position(|s| s.id == "ending-slow")
            .unwrap();
        assert_eq!(ways_in(&d, "ending-slow"), 1);
        let out = rename_scene(&d, n, "ending-late").unwrap();
        let (gone, added) = changed_lines(&text, &out);
        assert_eq!(gone, vec!["goto = \"ending-slow\"", "id = \"ending-slow\""]);
        assert_eq!(
            added,
            vec!["goto = \"ending-late\"", "id = \"ending-late\""]
        );
        // The start scene: `start` follows too.
        let out = rename_scene(&d, 0, "at-the-car").unwrap();
        assert!(out.contains("start = \"at-the-car\"") && out.contains("id = \"at-the-car\""));
    }

    #[test]
    fn renaming_a_key_action_renames_achieves_done_and_claims() {
        let text = worked_example();
        let d = doc(&text);
        let out = rename_key_action(&d, 0, "stalking-recorded").unwrap();
        let (gone, added) = changed_lines(&text, &out);
        assert_eq!(gone.len(), 6, "{gone:#?}");
        assert!(added.contains(&"when = [\"not done stalking-recorded\"]".to_string()));
        assert!(added.contains(&"claims = [\"not stalking-recorded\"]".to_string()));
        assert!(added.contains(&"achieves = [\"stalking-recorded\"]".to_string()));
    }

    #[test]
    fn the_names_a_condition_can_use_come_from_the_file() {
        let d = doc(&worked_example());
        let symbols = Symbols::of(&d);
        assert_eq!(
            symbols.flags.iter().collect::<Vec<_>>(),
            ["no_crime", "pattern_drawn"]
        );
        assert!(symbols.counters.is_empty() && symbols.marks.is_empty());
        assert!(symbols.durations.contains("12h") && symbols.durations.contains("16h"));
        assert_eq!(symbols.key_actions.len(), 4);
        assert!(symbols
            .practices
            .contains("record-stalking-where-four-fits"));
        let names = ConditionParts::names(ConditionKind::Done, &symbols);
        assert!(
            names.contains(&"recorded-stalking") && names.contains(&"ask-what-victim-has-changed")
        );
    }

    #[test]
    fn every_condition_and_citation_in_the_library_reads_into_parts_and_back() {
        let framework = Framework::bundled();
        let guidance = framework.guidance.as_ref().unwrap();
        let known: Vec<&str> = guidance.sections.iter().map(|s| s.cite.as_str()).collect();
        let (mut conditions, mut cites) = (0, 0);
        for (id, text) in library()
            .into_iter()
            .chain([("worked-example".to_string(), worked_example())])
        {
            let d = doc(&text);
            for (path, table) in tables(&d) {
                for condition in d.strs(&path, "when") {
                    let parts = ConditionParts::read(&condition)
                        .unwrap_or_else(|| panic!("{id}: {condition}"));
                    assert_eq!(
                        parts.text(),
                        condition.split_whitespace().collect::<Vec<_>>().join(" "),
                        "{id}"
                    );
                    conditions += 1;
                }
                if let Some(cite) = table.str("cite") {
                    let parts = cite_parts(cite, &known);
                    assert!(
                        parts.iter().all(|p| known.contains(&p.section.as_str())),
                        "{id}: {cite} {parts:?}"
                    );
                    assert_eq!(cite_text(&parts), cite, "{id}");
                    cites += 1;
                }
            }
        }
        assert!(
            conditions > 100 && cites > 300,
            "{conditions} conditions, {cites} citations"
        );
        assert_eq!(ConditionParts::read("elapsed >= 14 days"), None);
        let typed = [CitePart {
            section: "Ref §4".into(),
            note: "S-DASH".into(),
        }];
        assert_eq!(cite_text(&typed), "Ref §4 (S-DASH)");
    }

    #[test]
    fn placeholders_offer_the_casts_own_keys_and_pronouns() {
        let d = doc(&worked_example());
        let offered = placeholders(&d, &Framework::bundled().settings.force);
        let text = |p: &str| {
            offered
                .iter()
                .find(|o| o.text == p)
                .map(|o| o.gives.clone())
        };
        assert_eq!(text("{victim.first}").as_deref(), Some("Nadia / Sam"));
        assert_eq!(text("{victim.their}").as_deref(), Some("her / their"));
        assert_eq!(text("{victim.They}").as_deref(), Some("She / They"));
        assert_eq!(
            text("{suspect.car}").as_deref(),
            Some("silver Ford Focus / blue Vauxhall Corsa")
        );
        assert_eq!(text("{victim.car}"), None, "only keys the role has");
        assert_eq!(text("{victim.her}"), None);
        assert!(text("{force.risk_tool}").is_some() && text("{helpline}").is_some());
    }

    #[test]
    fn scenes_change_kind_and_are_added_from_an_option() {
        let text = STARTER_LIKE;
        let d = doc(text);
        let out = set_scene_kind(&d, 1, SceneKind::Decision).unwrap();
        let again = doc(&out);
        assert_eq!(scene_summaries(&again)[1].kind, SceneKind::Decision);
        assert!(again.table(&ending(1)).is_none());
        assert_eq!(again.str(&decision(1), "kind"), "single");
        let out = add_scene_from(&again, &option(0, 0), "goto", "new-scene", "New scene").unwrap();
        let again = doc(&out);
        assert_eq!(again.str(&option(0, 0), "goto"), "new-scene");
        assert_eq!(scene_summaries(&again).last().unwrap().id, "new-scene");
        let out = duplicate_option(&again, 0, 0).unwrap();
        assert_eq!(doc(&out).str(&option(0, 1), "id"), "a-copy");
        let out = add_option(&again, 1).unwrap();
        assert_eq!(doc(&out).str(&option(1, 0), "id"), "option-1");
        // From nothing: the first scene becomes the start.
        let out = add_scene(&doc(""), "first", "First").unwrap();
        assert_eq!(
            out,
            "start = \"first\"\n\n[[scene]]\nid = \"first\"\ntitle = \"First\"\ntext = \"\"\n"
        );
    }

    const STARTER_LIKE: &str = "start = \"one\"\n\n[[scene]]\nid = \"one\"\ntitle = \"One\"\ntext = \"\"\n\n[scene.decision]\nprompt = \"P\"\n\n[[scene.decision.option]]\nid = \"a\"\ntext = \"A\"\n\n[[scene]]\nid = \"two\"\ntitle = \"Two\"\ntext = \"\"\n\n[scene.ending]\noutcome = \"O\"\ndebrief = \"D\"\n";

    #[test]
    fn a_diagnostic_lands_on_its_field() {
        let text = worked_example();
        let d = doc(&text);
        let at = text.find("goto = \"before-you-leave\"").unwrap() + 9;
        assert_eq!(field_at(&d, at), Some((decision(1), Some("goto".into()))));
        let at = text
            .find("[[scene.decision.option]]\nid = \"spo\"")
            .unwrap();
        assert_eq!(field_at(&d, at), Some((option(2, 3), None)));
        assert_eq!(field_at(&d, 0), Some((vec![], Some("id".into()))));
        assert_eq!(scene_at(&d, at), Some(2));
        assert_eq!(
            field_id(&option(2, 3), Some("points")),
            "f-scene-2-decision-option-3-points"
        );
        assert_eq!(missing_field("missing field `title`"), Some("title"));
        assert_eq!(slug("Back at the station!"), "back-at-the-station");
        assert_eq!(fresh_id(["a", "a-2"], "a"), "a-3");
    }
}
