//! Every citation an officer reads opens a guidance page that exists: the
//! options, key actions and practices of the bundled library, and the
//! competencies' guidance lines shown in the report. Each section the
//! checker reads in a citation is exactly what the app turns into a link.

mod support;

use course_of_conduct::core::framework::{cited_sections, Cited, Framework};
use course_of_conduct::core::guidance::{citation_pieces, cite_of_slug, slug, Piece};

/// Checks one citation string; `outside` allows parts that name a source
/// outside the guidance (the competencies name College and CPS guidance).
fn check(place: &str, cite: &str, framework: &Framework, outside: bool) -> usize {
    let guidance = framework.guidance.as_ref().expect("the bundled guidance");
    let read = cited_sections(cite);
    let mut sections = Vec::new();
    for part in &read {
        match part {
            Cited::Section(section) => {
                assert!(
                    guidance.section(section).is_some(),
                    "{place} cites {section}, which is not a guidance section"
                );
                assert_eq!(
                    cite_of_slug(&slug(section)).as_deref(),
                    Some(section.as_str())
                );
                sections.push(section.clone());
            }
            Cited::Unknown(text) => {
                assert!(outside, "{place}: `{text}` names no section")
            }
        }
    }
    let linked: Vec<String> = citation_pieces(cite)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Section { cite, .. } => Some(cite),
            Piece::Text(_) => None,
        })
        .collect();
    assert_eq!(linked, sections, "{place}: `{cite}` is not linked as read");
    sections.len()
}

#[test]
fn every_citation_in_the_library_links_to_a_section_that_exists() {
    let framework = Framework::bundled();
    let mut count = 0;
    for entry in support::library() {
        let scenario = entry
            .loaded
            .scenario
            .unwrap_or_else(|| panic!("{} does not load", entry.file));
        for (_, _, choice) in scenario.choices() {
            if let Some(cite) = &choice.cite {
                let place = format!("{} option {}", entry.file, choice.id);
                count += check(&place, &cite.value, &framework, false);
            }
        }
        for action in &scenario.key_actions {
            let place = format!("{} key action {}", entry.file, action.id);
            count += check(&place, &action.cite, &framework, false);
        }
    }
    for practice in &framework.practices {
        let place = format!("practices.toml {}", practice.id);
        count += check(&place, &practice.cite, &framework, false);
    }
    for competency in &framework.competencies.competencies {
        let place = format!("competencies.toml {}", competency.id);
        count += check(&place, &competency.guidance, &framework, true);
    }
    assert!(count > 1000, "only {count} citations found");
}

/// `scenario compile` writes the guidance pages beside the index, with the
/// hash of the guidance.toml they were read from.
#[test]
fn compile_writes_the_guidance_with_its_source_hash() {
    use course_of_conduct::core::guidance::{source_hash, CompiledGuidance, GUIDANCE_FILE};
    use course_of_conduct::core::publish::{decode, CHECKER_VERSION};
    let out = std::env::temp_dir().join(format!("guidance-compile-{}", std::process::id()));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_scenario"))
        .args(["compile", "scenarios", "--out"])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let bytes = std::fs::read(out.join(GUIDANCE_FILE)).unwrap();
    let _ = std::fs::remove_dir_all(&out);
    let compiled: CompiledGuidance = decode(&bytes).unwrap();
    assert_eq!(compiled.checker, CHECKER_VERSION);
    let text = std::fs::read_to_string(support::root().join("scenarios/guidance.toml")).unwrap();
    assert_eq!(compiled.source, source_hash(&text));
    assert_eq!(
        Some(&compiled.guidance),
        Framework::bundled().guidance.as_ref()
    );
}
