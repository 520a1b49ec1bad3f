//! What the officer's app offers: the manifest's modules, each listed
//! scenario loaded and checked, and what each one assesses. Built from the
//! files as fetched, so a force adds a scenario by adding its file and a
//! manifest line. A file that is missing or fails its checks is kept in the
//! list with its errors for the trainer and never stops the others.

use crate::core::analysis::Stats;
use crate::core::diagnostic::{LocatedDiagnostic, Severity};
use crate::core::framework::Framework;
use crate::core::library::{load_all_bytes, Manifest, Module, NamedBytes};
use crate::core::model::{Role, Scenario};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

/// A listed scenario's file as fetched: its name and bytes, or why not.
pub type Fetched = Result<NamedBytes, String>;

#[derive(Debug)]
pub struct Catalogue {
    pub framework: Rc<Framework>,
    pub modules: Vec<Module>,
    /// Every scenario the manifest lists, once each, in manifest order.
    pub entries: Vec<Entry>,
}

#[derive(Debug)]
pub struct Entry {
    pub id: String,
    pub file: String,
    pub availability: Availability,
}

#[derive(Debug)]
pub enum Availability {
    Ready {
        scenario: Rc<Scenario>,
        stats: Box<Stats>,
    },
    /// The file has errors; they are listed for the trainer.
    Broken(Vec<LocatedDiagnostic>),
    /// The file could not be fetched.
    Missing(String),
}

impl Entry {
    pub fn scenario(&self) -> Option<&Rc<Scenario>> {
        match &self.availability {
            Availability::Ready { scenario, .. } => Some(scenario),
            _ => None,
        }
    }
}

impl Catalogue {
    /// `files` holds, for each scenario id the manifest lists, its file's
    /// bytes as fetched (with the name to show) or why it could not be.
    /// A file that is not UTF-8 is listed as broken, with why.
    pub fn build(
        framework: Framework,
        manifest: &Manifest,
        files: Vec<(String, Fetched)>,
    ) -> Catalogue {
        let mut found: HashMap<String, Entry> = HashMap::new();
        let mut ids = Vec::new();
        let mut sources = Vec::new();
        for (id, file) in files {
            match file {
                Ok(named_bytes) => {
                    ids.push(id);
                    sources.push(named_bytes);
                }
                Err(why) => {
                    let entry = Entry {
                        file: Manifest::file_name(&id),
                        id: id.clone(),
                        availability: Availability::Missing(why),
                    };
                    found.insert(id, entry);
                }
            }
        }
        for (id, entry) in ids.into_iter().zip(load_all_bytes(&sources, &framework)) {
            let availability = match (entry.loaded.scenario, entry.loaded.analysis) {
                (Some(scenario), Some(analysis)) => Availability::Ready {
                    stats: Box::new(Stats::of(&scenario, &analysis)),
                    scenario: Rc::new(scenario),
                },
                // Warnings do not stop a scenario, so only errors explain
                // why this one is out (each with what it causes).
                (_, _) => Availability::Broken(
                    entry
                        .loaded
                        .diagnostics
                        .into_iter()
                        .filter(|d| d.all().any(|d| d.severity == Severity::Error))
                        .collect(),
                ),
            };
            let entry = Entry {
                id: id.clone(),
                file: entry.file,
                availability,
            };
            found.insert(id, entry);
        }
        let entries = manifest
            .scenario_ids()
            .into_iter()
            .filter_map(|id| found.remove(&id))
            .collect();
        Catalogue {
            framework: Rc::new(framework),
            modules: manifest.modules.clone(),
            entries,
        }
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn scenario(&self, id: &str) -> Option<&Rc<Scenario>> {
        self.entry(id).and_then(Entry::scenario)
    }

    /// Playable scenarios for each role, roles in their usual order.
    pub fn by_role(&self) -> Vec<(Role, Vec<&Rc<Scenario>>)> {
        Role::ALL
            .into_iter()
            .map(|role| {
                let scenarios = self
                    .entries
                    .iter()
                    .filter_map(Entry::scenario)
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
    pub fn suggest(
        &self,
        competency: &str,
        current: &str,
        completed: &BTreeSet<&str>,
    ) -> Option<&Rc<Scenario>> {
        let weight = |entry: &Entry| match &entry.availability {
            Availability::Ready { stats, .. } => {
                stats.competencies.get(competency).map_or(0, |r| r.best_max)
            }
            _ => 0,
        };
        self.entries
            .iter()
            .filter(|e| e.id != current && weight(e) > 0)
            .enumerate()
            // Not yet taken first, then most points at stake, then manifest order.
            .max_by_key(|(i, e)| {
                (
                    !completed.contains(e.id.as_str()),
                    weight(e),
                    std::cmp::Reverse(*i),
                )
            })
            .and_then(|(_, e)| e.scenario())
            .or_else(|| {
                self.entry(current)
                    .filter(|e| weight(e) > 0)
                    .and_then(Entry::scenario)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::SourceFile;
    use std::path::Path;

    fn read(path: &Path, name: &str) -> (String, Vec<u8>) {
        (
            name.to_string(),
            std::fs::read(path).expect("the file exists"),
        )
    }

    fn scenario_file(id: &str) -> Result<(String, Vec<u8>), String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(Manifest::file_name(id));
        Ok(read(&path, &Manifest::file_name(id)))
    }

    /// The real scenarios, one real broken fixture under a listed name, and a
    /// listed file that was not found.
    fn catalogue() -> Catalogue {
        let manifest = SourceFile::new(
            "manifest.toml",
            "[[module]]\nid = \"first\"\ntitle = \"First\"\nsummary = \"S\"\nscenarios = [\"after-the-break-up\", \"the-tracker\", \"unknown-role\", \"ansi\"]\n\n\
             [[module]]\nid = \"second\"\ntitle = \"Second\"\nsummary = \"S\"\nscenarios = [\"over-the-fence\", \"the-former-supervisor\", \"gone\", \"the-tracker\"]\n",
        );
        let manifest = Manifest::parse(&manifest).expect("the manifest parses");
        let broken =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/unknown-role.toml");
        let files = manifest
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
                    "unknown-role" => Ok(read(&broken, "unknown-role.toml")),
                    _ => scenario_file(&id),
                };
                (id, file)
            })
            .collect();
        Catalogue::build(Framework::bundled(), &manifest, files)
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
                "over-the-fence",
                "the-former-supervisor",
                "gone"
            ]
        );
        assert!(catalogue.scenario("after-the-break-up").is_some());
        match &catalogue.entry("unknown-role").unwrap().availability {
            Availability::Broken(errors) => {
                assert!(!errors.is_empty());
                assert!(errors.iter().all(|e| e.severity == Severity::Error));
                assert!(errors[0].render().starts_with("unknown-role.toml:"));
            }
            other => panic!("expected the fixture to be broken, got {other:?}"),
        }
        assert!(
            matches!(&catalogue.entry("gone").unwrap().availability, Availability::Missing(why) if why == "HTTP 404")
        );
        match &catalogue.entry("ansi").unwrap().availability {
            Availability::Broken(errors) => {
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].code, "encoding");
                assert!(errors[0].message.contains("Windows-1252"));
            }
            other => panic!("expected the Windows-1252 file to be broken, got {other:?}"),
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
    fn the_suggestion_assesses_the_competency_and_prefers_untaken_scenarios() {
        let catalogue = catalogue();
        let assesses = |id: &str, competency: &str| match &catalogue.entry(id).unwrap().availability
        {
            Availability::Ready { stats, .. } => {
                stats.competencies.get(competency).map_or(0, |r| r.best_max)
            }
            _ => 0,
        };
        for competency in ["identify", "evidence", "orders", "advice", "risk"] {
            let none = BTreeSet::new();
            let Some(pick) = catalogue.suggest(competency, "after-the-break-up", &none) else {
                continue;
            };
            assert!(assesses(&pick.id, competency) > 0);
            if pick.id != "after-the-break-up" {
                let taken: BTreeSet<&str> = [pick.id.as_str()].into();
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
