//! What the officer's app offers: the manifest's modules and, for each
//! listed scenario, what the home page shows (title, summary, role, time,
//! content note, what it assesses) or why it cannot be played. This is the
//! compiled index: publishing makes it from the checked files
//! (`core::publish`), and the app reads it without a TOML reader or the
//! checker. A scenario's own compiled form is fetched only when it is opened.

use crate::core::analysis::Stats;
use crate::core::framework::Framework;
use crate::core::library::Module;
use crate::core::model::{content_hash, hash_hex, hex, Role, Scenario};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Catalogue {
    /// The checker that made this index and the compiled scenarios beside it
    /// (`publish::CHECKER_VERSION`).
    pub checker: String,
    /// The files forces edit on the server, as they were when compiled.
    pub sources: SourceHashes,
    /// Competencies, patterns and the force's settings. Practices travel
    /// with each compiled scenario, guidance in its own file.
    pub framework: Rc<Framework>,
    pub modules: Vec<Module>,
    /// Every scenario the manifest lists, once each, in manifest order.
    pub entries: Vec<Entry>,
}

/// The content hashes (`model::hash_hex`) of `manifest.toml` and
/// `settings.toml`; `None` for a file that is not there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceHashes {
    pub manifest: Option<String>,
    pub settings: Option<String>,
}

impl SourceHashes {
    pub fn of(manifest: Option<&str>, settings: Option<&str>) -> SourceHashes {
        let hash = |text: &str| hash_hex(content_hash(text));
        SourceHashes {
            manifest: manifest.map(hash),
            settings: settings.map(hash),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub file: String,
    pub availability: Availability,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Availability {
    Ready(Box<Listing>),
    /// The file has errors: how many, in words (`diagnostic::count_in_words`),
    /// and each root cause rendered with its file, line and column for the
    /// trainer, the problems it causes folded under it.
    Broken {
        count: String,
        errors: Vec<String>,
    },
    /// The file could not be fetched.
    Missing(String),
}

/// A playable scenario as the home page and start page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub pattern: String,
    pub role: Role,
    pub minutes: u32,
    pub version: String,
    pub content_note: String,
    /// The compiled form to fetch is the one made from exactly this content.
    #[serde(with = "hex")]
    pub content_hash: u64,
    /// The most points each competency can be worth on some path (what to try next).
    pub assesses: BTreeMap<String, i64>,
}

impl Listing {
    pub fn of(scenario: &Scenario, stats: &Stats) -> Listing {
        Listing {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            summary: scenario.summary.clone(),
            pattern: scenario.pattern.name.clone(),
            role: scenario.role,
            minutes: scenario.minutes,
            version: scenario.version.clone(),
            content_note: scenario.content_note.clone(),
            content_hash: scenario.content_hash,
            assesses: stats
                .competencies
                .iter()
                .filter(|(_, range)| range.best_max > 0)
                .map(|(id, range)| (id.clone(), range.best_max))
                .collect(),
        }
    }
}

impl Entry {
    pub fn listing(&self) -> Option<&Listing> {
        match &self.availability {
            Availability::Ready(listing) => Some(listing),
            _ => None,
        }
    }
}

impl Catalogue {
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn listing(&self, id: &str) -> Option<&Listing> {
        self.entry(id).and_then(Entry::listing)
    }

    /// The module a scenario is listed in first.
    pub fn module_of(&self, id: &str) -> Option<&Module> {
        self.modules
            .iter()
            .find(|m| m.scenarios.iter().any(|s| s == id))
    }

    /// Playable scenarios for each role, roles in their usual order.
    pub fn by_role(&self) -> Vec<(Role, Vec<&Listing>)> {
        Role::ALL
            .into_iter()
            .map(|role| {
                let scenarios = self
                    .entries
                    .iter()
                    .filter_map(Entry::listing)
                    .filter(|s| s.role == role)
                    .collect::<Vec<_>>();
                (role, scenarios)
            })
            .filter(|(_, scenarios)| !scenarios.is_empty())
            .collect()
    }

    /// The scenario to try next for a competency: the one, other than
    /// `current`, that can assess it most, preferring any not yet completed;
    /// `current` itself when no other assesses it.
    pub fn suggest(&self, competency: &str, current: &str, completed: &[&str]) -> Option<&Listing> {
        let weight = |listing: &Listing| listing.assesses.get(competency).copied().unwrap_or(0);
        self.entries
            .iter()
            .filter_map(Entry::listing)
            .filter(|l| l.id != current && weight(l) > 0)
            .enumerate()
            // Not yet taken first, then most points at stake, then manifest order.
            .max_by_key(|(i, l)| {
                (
                    !completed.contains(&l.id.as_str()),
                    weight(l),
                    std::cmp::Reverse(*i),
                )
            })
            .map(|(_, l)| l)
            .or_else(|| self.listing(current).filter(|l| weight(l) > 0))
    }

    /// The scenario an officer is most likely to open next from the home
    /// page: their first unfinished run, else the first listed one they
    /// have not completed.
    pub fn likely_next(&self, unfinished: &[&str], completed: &[&str]) -> Option<&Listing> {
        unfinished
            .iter()
            .find_map(|id| self.listing(id))
            .or_else(|| {
                self.entries
                    .iter()
                    .filter_map(Entry::listing)
                    .find(|l| !completed.contains(&l.id.as_str()))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::SourceFile;
    use crate::core::library::{Manifest, NamedBytes};
    use crate::core::publish::{
        decode, encode, publish, read_sources, shipped_framework, Published,
    };
    use std::path::Path;

    fn read(path: &Path, name: &str) -> NamedBytes {
        (
            name.to_string(),
            std::fs::read(path).expect("the file exists"),
        )
    }

    fn scenario_file(id: &str) -> Result<NamedBytes, String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(Manifest::file_name(id));
        Ok(read(&path, &Manifest::file_name(id)))
    }

    /// The real scenarios, one real broken fixture under a listed name, a
    /// scenario saved as Windows-1252, and a listed file that was not found.
    fn published() -> Published {
        let manifest = SourceFile::new(
            "manifest.toml",
            "[[module]]\nid = \"first\"\ntitle = \"First\"\nsummary = \"S\"\nscenarios = [\"after-the-break-up\", \"the-tracker\", \"unknown-role\", \"ansi\", \"cascade\"]\n\n\
             [[module]]\nid = \"second\"\ntitle = \"Second\"\nsummary = \"S\"\nscenarios = [\"over-the-fence\", \"the-former-supervisor\", \"gone\", \"the-tracker\"]\n",
        );
        let sources =
            read_sources(&shipped_framework(), &manifest, None).expect("the manifest parses");
        let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
        let files = sources
            .scenario_ids()
            .into_iter()
            .map(|id| {
                let file = match id.as_str() {
                    "gone" => Err("HTTP 404".to_string()),
                    // Saved as Windows-1252: `§` is one byte, 0xA7.
                    "ansi" => {
                        let (name, bytes) = scenario_file("the-tracker").unwrap();
                        let text = String::from_utf8(bytes).unwrap();
                        let ansi = text
                            .chars()
                            .map(|c| {
                                if c == '§' {
                                    0xa7
                                } else {
                                    u8::try_from(c).unwrap_or(b'?')
                                }
                            })
                            .collect();
                        Ok((name.replace("the-tracker", "ansi"), ansi))
                    }
                    "unknown-role" => {
                        Ok(read(&broken.join("unknown-role.toml"), "unknown-role.toml"))
                    }
                    "cascade" => Ok(read(&broken.join("goto-typo-cascade.toml"), "cascade.toml")),
                    _ => scenario_file(&id),
                };
                (id, file)
            })
            .collect();
        publish(sources, files)
    }

    fn catalogue() -> Catalogue {
        published().catalogue
    }

    #[test]
    fn every_listed_scenario_appears_once_with_broken_and_missing_ones_kept() {
        let catalogue = catalogue();
        let ids: Vec<&str> = catalogue.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "after-the-break-up",
                "the-tracker",
                "unknown-role",
                "ansi",
                "cascade",
                "over-the-fence",
                "the-former-supervisor",
                "gone"
            ]
        );
        assert!(catalogue.listing("after-the-break-up").is_some());
        match &catalogue.entry("unknown-role").unwrap().availability {
            Availability::Broken { count, errors } => {
                assert!(!errors.is_empty());
                assert!(count.contains(" error"), "{count}");
                assert!(errors
                    .iter()
                    .all(|e| e.starts_with("unknown-role.toml:") && e.contains("error[")));
            }
            other => panic!("expected the fixture to be broken, got {other:?}"),
        }
        assert!(
            matches!(&catalogue.entry("gone").unwrap().availability, Availability::Missing(why) if why == "HTTP 404")
        );
        match &catalogue.entry("ansi").unwrap().availability {
            Availability::Broken { errors, .. } => {
                assert_eq!(errors.len(), 1);
                assert!(errors[0].contains("error[encoding]"), "{}", errors[0]);
                assert!(errors[0].contains("Windows-1252"), "{}", errors[0]);
            }
            other => panic!("expected the Windows-1252 file to be broken, got {other:?}"),
        }
        // The misspelt `goto` first, with the unreachable scenes it causes under it.
        match &catalogue.entry("cascade").unwrap().availability {
            Availability::Broken { count, errors } => {
                assert!(count.contains("caused by another"), "{count}");
                assert!(
                    errors[0].starts_with("cascade.toml:71:8: error[unknown-scene]"),
                    "{}",
                    errors[0]
                );
                assert!(
                    errors[0].contains("7 more errors are caused by this"),
                    "{}",
                    errors[0]
                );
            }
            other => panic!("expected the cascade to be broken, got {other:?}"),
        }
    }

    #[test]
    fn the_index_and_compiled_scenarios_read_back_as_they_were_written() {
        let published = published();
        let read: Catalogue = decode(&encode(&published.catalogue)).unwrap();
        assert_eq!(encode(&read), encode(&published.catalogue));
        assert_eq!(published.scenarios.len(), 4, "one per playable scenario");
        for compiled in &published.scenarios {
            let listing = published.catalogue.listing(&compiled.scenario.id).unwrap();
            assert_eq!(listing.content_hash, compiled.scenario.content_hash);
            let back: crate::core::publish::CompiledScenario = decode(&encode(compiled)).unwrap();
            assert_eq!(encode(&back), encode(compiled));
            assert_eq!(back.scenario.content_hash, compiled.scenario.content_hash);
        }
    }

    #[test]
    fn roles_group_the_playable_scenarios() {
        let catalogue = catalogue();
        let grouped = catalogue.by_role();
        let total: usize = grouped.iter().map(|(_, s)| s.len()).sum();
        assert_eq!(total, 4);
        for (role, scenarios) in grouped {
            assert!(scenarios.iter().all(|s| s.role == role));
        }
    }

    #[test]
    fn the_likely_next_scenario_is_the_unfinished_one_then_the_first_not_taken() {
        let catalogue = catalogue();
        let none: [&str; 0] = [];
        assert_eq!(
            catalogue
                .likely_next(&["over-the-fence"], &none)
                .map(|l| l.id.as_str()),
            Some("over-the-fence")
        );
        let taken = ["after-the-break-up"];
        assert_eq!(
            catalogue
                .likely_next(&["gone"], &taken)
                .map(|l| l.id.as_str()),
            Some("the-tracker")
        );
    }

    #[test]
    fn the_suggestion_assesses_the_competency_and_prefers_untaken_scenarios() {
        let catalogue = catalogue();
        let assesses = |id: &str, competency: &str| {
            catalogue
                .listing(id)
                .and_then(|l| l.assesses.get(competency).copied())
                .unwrap_or(0)
        };
        for competency in ["identify", "evidence", "orders", "advice", "risk"] {
            let none: [&str; 0] = [];
            let Some(pick) = catalogue.suggest(competency, "after-the-break-up", &none) else {
                continue;
            };
            assert!(assesses(&pick.id, competency) > 0);
            if pick.id != "after-the-break-up" {
                let taken = [pick.id.as_str()];
                if let Some(next) = catalogue.suggest(competency, "after-the-break-up", &taken) {
                    let others_untaken = catalogue.entries.iter().any(|e| {
                        e.id != "after-the-break-up"
                            && e.id != pick.id
                            && assesses(&e.id, competency) > 0
                    });
                    assert_eq!(next.id != pick.id, others_untaken, "{competency}");
                }
            }
        }
    }
}
