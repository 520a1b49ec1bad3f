//! Turns the file as written into the runtime model, reporting every value
//! that cannot be read: malformed conditions and durations, unknown kinds and
//! roles, duplicate ids, destinations that do not exist, scenes that lead
//! nowhere. Whole-scenario checks (reachability, scoring, symbols) run after,
//! in `validate`.

use crate::core::condition::{parse_clock, parse_condition, parse_duration, Condition, Minutes};
use crate::core::diagnostic::{Diagnostic, Span};
use crate::core::file::{self, Str};
use crate::core::model::*;
use crate::core::validate::length::{self, Field};
use crate::core::validate::placeholders::PlaceholderCheck;
use std::collections::{BTreeMap, HashMap};
use toml::Spanned;

pub fn lower(
    file: file::ScenarioFile,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Scenario> {
    let mut lowerer = Lowerer {
        diagnostics,
        scene_ids: HashMap::new(),
        placeholders: PlaceholderCheck::new(&file.cast, text),
        unresolved: Vec::new(),
        unreadable_conditions: Vec::new(),
    };
    lowerer.check_cast(&file.cast);
    lowerer.scenario(file, text)
}

struct Lowerer<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
    scene_ids: HashMap<String, SceneIndex>,
    placeholders: PlaceholderCheck<'a>,
    unresolved: Vec<Unresolved>,
    unreadable_conditions: Vec<Unreadable>,
}

/// Ids of scenarios, scenes, options, exhibits and key actions.
pub fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn named(s: Str) -> Named {
    Named {
        span: s.span(),
        name: s.into_inner(),
    }
}

impl Lowerer<'_> {
    fn error(&mut self, code: &'static str, span: Span, message: String, hint: &str) {
        self.diagnostics
            .push(Diagnostic::error(code, span, message).with_hint(hint));
    }

    fn id(&mut self, id: &Str, what: &str) -> String {
        if !is_id(id.get_ref()) {
            self.error(
                "bad-id",
                id.span(),
                format!("`{}` is not a valid {what} id", id.get_ref()),
                "ids use lowercase letters, digits, `-` and `_`, e.g. `first-visit`",
            );
        }
        id.get_ref().clone()
    }

    fn text(&mut self, text: Str, field: Field) -> String {
        self.placeholders.check(&text, self.diagnostics);
        self.diagnostics.extend(length::check(&text, field));
        text.into_inner()
    }

    fn listing_text(&mut self, text: Str, field: Field) -> String {
        self.placeholders.check_listing(&text, self.diagnostics);
        self.diagnostics.extend(length::check(&text, field));
        text.into_inner()
    }

    fn duration(&mut self, text: Option<Str>) -> Minutes {
        let Some(text) = text else { return 0 };
        parse_duration(text.get_ref()).unwrap_or_else(|e| {
            self.error("bad-duration", text.span(), e.message, e.hint);
            0
        })
    }

    /// The conditions that can be read; `owner` is the span of the table
    /// they belong to, recorded with any that cannot.
    fn conditions(&mut self, conditions: Vec<Str>, owner: &Span) -> Vec<Located<Condition>> {
        conditions
            .into_iter()
            .filter_map(|c| match parse_condition(c.get_ref()) {
                Ok(value) => Some(Located {
                    value,
                    span: c.span(),
                }),
                Err(e) => {
                    self.error("bad-condition", c.span(), e.message, e.hint);
                    self.unreadable_conditions.push(Unreadable {
                        span: c.span(),
                        text: c.into_inner(),
                        owner: owner.clone(),
                    });
                    None
                }
            })
            .collect()
    }

    /// `ID` or `not ID`: a key action or practice the text says was (not) done.
    fn claims(&mut self, claims: Vec<Str>) -> Vec<Located<Claim>> {
        claims
            .into_iter()
            .filter_map(|c| {
                let words: Vec<&str> = c.get_ref().split_whitespace().collect();
                let (id, done) = match words.as_slice() {
                    ["not", id] => (*id, false),
                    [id] => (*id, true),
                    _ => ("", true),
                };
                if is_id(id) {
                    Some(Located {
                        value: Claim {
                            id: id.to_string(),
                            done,
                        },
                        span: c.span(),
                    })
                } else {
                    self.error(
                        "bad-claim",
                        c.span(),
                        format!("cannot read the claim `{}`", c.get_ref()),
                        "write the id of a key action or practice the text says the trainee did, or `not ID` for one it says they did not do",
                    );
                    None
                }
            })
            .collect()
    }

    fn names(&mut self, names: Vec<Str>, what: &str) -> Vec<Named> {
        names
            .into_iter()
            .filter(|n| {
                let ok = crate::core::condition::is_name(n.get_ref());
                if !ok {
                    self.error(
                        "bad-name",
                        n.span(),
                        format!("`{}` is not a valid {what} name", n.get_ref()),
                        "names use lowercase letters, digits and `_`",
                    );
                }
                ok
            })
            .map(named)
            .collect()
    }

    /// The scene a destination names; when none, reports it and records
    /// it as unresolved (with the scene it most likely means).
    fn target(&mut self, target: &Str, at: impl FnOnce() -> LinkAt) -> Option<SceneIndex> {
        let name = target.get_ref();
        if let Some(&index) = self.scene_ids.get(name) {
            return Some(index);
        }
        let suggestion = closest(name, self.scene_ids.keys().map(String::as_str));
        let hint = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => "the destination must be the id of a scene in this file".to_string(),
        };
        let likely = suggestion.and_then(|s| self.scene_ids.get(s).copied());
        self.diagnostics.push(
            Diagnostic::error(
                "unknown-scene",
                target.span(),
                format!("there is no scene called `{name}`"),
            )
            .with_hint(hint),
        );
        self.unresolved.push(Unresolved {
            span: target.span(),
            at: at(),
            likely,
        });
        None
    }

    fn routing(
        &mut self,
        routes: Vec<Spanned<file::RouteFile>>,
        fallback: Option<&Str>,
        at: RoutingAt,
    ) -> Routing {
        let mut resolved: Vec<Route> = Vec::with_capacity(routes.len());
        for route in routes {
            let span = route.span();
            let route = route.into_inner();
            let when = self.conditions(route.when, &span);
            let position = resolved.len();
            let (kept, kept_span) = (when.clone(), span.clone());
            let at_route = || LinkAt::Route(at, position, kept, kept_span);
            if let Some(to) = self.target(&route.goto, at_route) {
                resolved.push(Route { when, to, span });
            }
        }
        Routing {
            routes: resolved,
            fallback: fallback.and_then(|f| self.target(f, || LinkAt::Fallback(at))),
        }
    }

    fn check_cast(&mut self, cast: &file::CastFile) {
        for (role, variants) in cast {
            if !crate::core::condition::is_name(role) {
                self.error(
                    "bad-name",
                    variants.span(),
                    format!("`{role}` is not a valid cast role name"),
                    "cast roles use lowercase letters, digits and `_`, e.g. `[[cast.victim]]`",
                );
            }
            for variant in variants.get_ref() {
                if let Some(pronouns) = variant.get_ref().get("pronouns") {
                    if !matches!(pronouns.get_ref().as_str(), "she" | "he" | "they") {
                        self.error(
                            "bad-pronouns",
                            pronouns.span(),
                            format!("`{}` is not a pronoun set", pronouns.get_ref()),
                            "write `she`, `he` or `they`",
                        );
                    }
                }
            }
        }
    }

    fn scenario(&mut self, file: file::ScenarioFile, text: &str) -> Option<Scenario> {
        let id = file.id.get_ref().clone();
        if !is_scenario_id(&id) {
            self.error(
                "bad-id",
                file.id.span(),
                format!("`{id}` is not a valid scenario id"),
                &scenario_id_hint(&id),
            );
        }
        let role = Role::from_id(file.role.get_ref());
        if role.is_none() {
            self.error(
                "unknown-role",
                file.role.span(),
                format!("`{}` is not a role", file.role.get_ref()),
                "write call_handler, response_officer, investigator, supervisor or spoc",
            );
        }
        let clock_start = match &file.clock_start {
            None => parse_clock("Day 1 09:00").unwrap_or(0),
            Some(clock) => parse_clock(clock.get_ref()).unwrap_or_else(|e| {
                self.error("bad-clock", clock.span(), e.message, e.hint);
                0
            }),
        };

        for (index, scene) in file.scene.iter().enumerate() {
            let scene_id = self.id(&scene.get_ref().id, "scene");
            // The first scene with an id keeps it; a later duplicate is reported.
            match self.scene_ids.entry(scene_id) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(index);
                }
                std::collections::hash_map::Entry::Occupied(taken) => {
                    let message = format!("there are two scenes called `{}`", taken.key());
                    self.error(
                        "duplicate-id",
                        scene.get_ref().id.span(),
                        message,
                        "give each scene its own id",
                    );
                }
            }
        }
        if file.scene.is_empty() {
            self.error(
                "no-scenes",
                0..0,
                "the scenario has no scenes".into(),
                "add at least one [[scene]] table",
            );
        }
        let start = self.target(&file.start, || LinkAt::Start);

        let mut seen_actions = HashMap::new();
        let key_actions = file
            .key_action
            .into_iter()
            .map(|action| {
                let span = action.span();
                let action = action.into_inner();
                let id = self.id(&action.id, "key action");
                if seen_actions.insert(id.clone(), ()).is_some() {
                    self.error(
                        "duplicate-id",
                        action.id.span(),
                        format!("there are two key actions called `{id}`"),
                        "give each key action its own id",
                    );
                }
                KeyAction {
                    id,
                    text: self.text(action.text, Field::KeyActionText),
                    competency: named(action.competency),
                    why: self.text(action.why, Field::KeyActionWhy),
                    cite: action.cite.into_inner(),
                    span,
                }
            })
            .collect();

        // Scenes keep their file order, so indices match `scene_ids`.
        let scenes: Vec<Scene> = file
            .scene
            .into_iter()
            .enumerate()
            .map(|(index, s)| self.scene(s, index))
            .collect();

        self.placeholders
            .check_variants(&file.cast, self.diagnostics);
        let cast = file
            .cast
            .into_iter()
            .map(|(role, variants)| CastRole {
                role,
                variants: variants
                    .into_inner()
                    .into_iter()
                    .map(|v| {
                        v.into_inner()
                            .into_iter()
                            .map(|(k, v)| (k, v.into_inner()))
                            .collect()
                    })
                    .collect(),
            })
            .collect();

        if scenes.is_empty() {
            return None;
        }
        let scenario = Scenario {
            id,
            id_span: file.id.span(),
            title: self.listing_text(file.title, Field::Title),
            summary: self.listing_text(file.summary, Field::Summary),
            pattern: named(file.pattern),
            // Unknown roles and starts are reported above; a stand-in keeps the
            // later checks running so the trainer sees every problem at once.
            role: role.unwrap_or(Role::ResponseOfficer),
            minutes: file.minutes.into_inner(),
            version: file.version.into_inner(),
            content_note: self.listing_text(file.content_note, Field::ContentNote),
            clock_start,
            cast,
            key_actions,
            scenes,
            start: start.unwrap_or(0),
            content_hash: content_hash(text),
            unresolved: std::mem::take(&mut self.unresolved),
            unreadable_conditions: std::mem::take(&mut self.unreadable_conditions),
        };
        Some(scenario)
    }

    fn scene(&mut self, scene: Spanned<file::SceneFile>, index: SceneIndex) -> Scene {
        let span = scene.span();
        let scene = scene.into_inner();
        let id_span = scene.id.span();
        let id = scene.id.get_ref().clone();
        let bodies = [
            scene.decision.as_ref().map(|d| d.span()),
            scene.ending.as_ref().map(|e| e.span()),
            scene.next.as_ref().map(|n| n.span()),
        ];
        let body_count = bodies.iter().flatten().count();
        if body_count == 0 {
            let message = if scene.route.is_empty() {
                format!(
                    "scene `{id}` has no decision, no ending and no `next`, so it leads nowhere"
                )
            } else {
                format!("scene `{id}` has routes but no `next` to fall back on")
            };
            self.error(
                "dead-end",
                id_span.clone(),
                message,
                "add a [scene.decision], a [scene.ending], or `next = \"scene-id\"`",
            );
        } else if body_count > 1 {
            self.error(
                "scene-body",
                id_span.clone(),
                format!("scene `{id}` has more than one of decision, ending and next"),
                "a scene either asks a decision, ends the scenario, or continues with `next`",
            );
        }
        if !scene.route.is_empty() && scene.next.is_none() && body_count > 0 {
            self.error(
                "route-without-next",
                scene.route[0].span(),
                format!("scene `{id}` has [[scene.route]] tables but no `next`"),
                "scene routes belong to scenes that continue with `next`",
            );
        }

        let asides = scene
            .aside
            .into_iter()
            .map(|a| Aside {
                when: self.conditions(a.when, &(0..0)),
                text: self.text(a.text, Field::Aside),
                claims: self.claims(a.claims),
            })
            .collect();
        let mut exhibit_ids = HashMap::new();
        let exhibits = scene
            .exhibit
            .into_iter()
            .filter_map(|e| {
                let e = e.into_inner();
                let exhibit_id = self.id(&e.id, "exhibit");
                if exhibit_ids.insert(exhibit_id.clone(), ()).is_some() {
                    self.error(
                        "duplicate-id",
                        e.id.span(),
                        format!("scene `{id}` has two exhibits called `{exhibit_id}`"),
                        "give each exhibit in a scene its own id",
                    );
                }
                let kind = ExhibitKind::ALL
                    .into_iter()
                    .find(|k| k.id() == e.kind.get_ref());
                if kind.is_none() {
                    self.error(
                        "unknown-kind",
                        e.kind.span(),
                        format!("`{}` is not a kind of exhibit", e.kind.get_ref()),
                        "write messages, call_log, statement, photo, risk_form or document",
                    );
                }
                let entries = e
                    .entry
                    .into_iter()
                    .map(|entry| Entry {
                        at: entry.at.map(|t| self.text(t, Field::EntryAt)),
                        from: entry.from.map(|t| self.text(t, Field::EntryFrom)),
                        text: self.text(entry.text, Field::EntryText),
                    })
                    .collect();
                Some(Exhibit {
                    id: exhibit_id,
                    kind: kind?,
                    title: self.text(e.title, Field::ExhibitTitle),
                    text: e.text.map(|t| self.text(t, Field::ExhibitText)),
                    entries,
                })
            })
            .collect();

        let body = if let Some(decision) = scene.decision {
            SceneBody::Decision(self.decision(decision, &id, index))
        } else if let Some(ending) = scene.ending {
            let ending = ending.into_inner();
            let notes = ending
                .note
                .into_iter()
                .map(|note| {
                    let span = note.span();
                    let note = note.into_inner();
                    Note {
                        when: self.conditions(note.when, &span),
                        text: self.text(note.text, Field::Debrief),
                        claims: self.claims(note.claims),
                        span,
                    }
                })
                .collect();
            SceneBody::Ending(Ending {
                outcome: self.text(ending.outcome, Field::Outcome),
                debrief: self.text(ending.debrief, Field::Debrief),
                claims: self.claims(ending.claims),
                notes,
            })
        } else {
            SceneBody::Next(self.routing(scene.route, scene.next.as_ref(), RoutingAt::Scene(index)))
        };

        Scene {
            id,
            title: self.text(scene.title, Field::SceneTitle),
            text: self.text(scene.text, Field::SceneText),
            advance: self.duration(scene.advance),
            set: self.names(scene.set, "flag"),
            asides,
            exhibits,
            body,
            span,
            id_span,
        }
    }

    fn decision(
        &mut self,
        decision: Spanned<file::DecisionFile>,
        scene_id: &str,
        scene: SceneIndex,
    ) -> Decision {
        let span = decision.span();
        let decision = decision.into_inner();
        let kind = match decision.kind.get_ref().as_str() {
            "single" => DecisionKind::Single,
            "multiple" => DecisionKind::Multiple,
            other => {
                self.error(
                    "unknown-kind",
                    decision.kind.span(),
                    format!("`{other}` is not a kind of decision"),
                    "write `single` (choose one: radio buttons) or `multiple` (select all that apply: tick boxes)",
                );
                DecisionKind::Single
            }
        };
        let has_fallback = decision.goto.is_some();
        if kind == DecisionKind::Multiple && !has_fallback && decision.route.is_empty() {
            self.error(
                "dead-end",
                span.clone(),
                format!("the decision in `{scene_id}` has no `goto`, so after ticking the trainee has nowhere to go"),
                "add `goto = \"scene-id\"` to [scene.decision]: in a `multiple` decision the decision, not each option, says where to go next",
            );
        }
        if !decision.route.is_empty() && !has_fallback {
            self.error(
                "no-fallback",
                decision.route[0].span(),
                format!("the decision in `{scene_id}` has routes but no `goto` to fall back on"),
                "add `goto = \"scene-id\"` to [scene.decision] for when no route's conditions hold",
            );
        }
        let routing = self.routing(
            decision.route,
            decision.goto.as_ref(),
            RoutingAt::Decision(scene),
        );
        if decision.option.is_empty() {
            self.error(
                "no-options",
                span.clone(),
                format!("the decision in `{scene_id}` has no options"),
                "add [[scene.decision.option]] tables",
            );
        }
        let mut option_ids = HashMap::new();
        let options = decision
            .option
            .into_iter()
            .enumerate()
            .map(|(option_index, option)| {
                let option_span = option.span();
                let option = option.into_inner();
                let option_id = self.id(&option.id, "option");
                if option_ids.insert(option_id.clone(), ()).is_some() {
                    self.error(
                        "duplicate-id",
                        option.id.span(),
                        format!(
                            "the decision in `{scene_id}` has two options called `{option_id}`"
                        ),
                        "give each option in a decision its own id",
                    );
                }
                let routes_itself = option.goto.is_some() || !option.route.is_empty();
                if kind == DecisionKind::Multiple && routes_itself {
                    self.error(
                        "option-route",
                        option
                            .goto
                            .as_ref()
                            .map_or(option_span.clone(), |g| g.span()),
                        format!(
                            "option `{option_id}` is in a `multiple` decision, so it cannot route"
                        ),
                        "put `goto` and [[scene.decision.route]] on the decision instead",
                    );
                } else if option.goto.is_none() && !option.route.is_empty() {
                    self.error(
                        "no-fallback",
                        option.route[0].span(),
                        format!("option `{option_id}` has routes but no `goto` to fall back on"),
                        "add `goto = \"scene-id\"` for when no route's conditions hold",
                    );
                } else if kind == DecisionKind::Single && !routes_itself && !has_fallback {
                    self.error(
                        "dead-end",
                        option.id.span(),
                        format!("option `{option_id}` leads nowhere"),
                        "give the option a `goto`, or give the decision a default `goto`",
                    );
                }
                let add = option
                    .add
                    .map(|a| {
                        let span = a.span();
                        a.into_inner()
                            .into_iter()
                            .map(|(name, amount)| {
                                let name = Named {
                                    span: key_span(&span, &name, self.placeholders.source()),
                                    name,
                                };
                                (name, amount.into_inner())
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                let (points, points_span) = option.points.map_or_else(
                    || (BTreeMap::new(), option_span.clone()),
                    |p| {
                        let span = p.span();
                        let points = p
                            .into_inner()
                            .into_iter()
                            .map(|(k, v)| (k, v.into_inner()))
                            .collect();
                        (points, span)
                    },
                );
                Choice {
                    id: option_id,
                    id_span: option.id.span(),
                    text: self.text(option.text, Field::OptionText),
                    when: self.conditions(option.when, &option_span),
                    routing: self.routing(
                        option.route,
                        option.goto.as_ref(),
                        RoutingAt::Option(scene, option_index),
                    ),
                    effects: Effects {
                        set: self.names(option.set, "flag"),
                        clear: self.names(option.clear, "flag"),
                        add,
                        mark: self.names(option.mark, "mark"),
                        advance: self.duration(option.advance),
                    },
                    points,
                    points_span,
                    achieves: option.achieves.into_iter().map(named).collect(),
                    practices: option.practices.into_iter().map(named).collect(),
                    critical: option.critical.is_some_and(|c| *c.get_ref()),
                    feedback: option.feedback.map(|f| self.text(f, Field::Feedback)),
                    cite: option.cite.map(|c| Located {
                        span: c.span(),
                        value: c.into_inner(),
                    }),
                    span: option_span,
                }
            })
            .collect();
        Decision {
            prompt: self.text(decision.prompt, Field::Prompt),
            kind,
            routing,
            options,
            span,
        }
    }
}

/// The span of `key` inside an inline table's span, so a diagnostic can
/// point at `risk` in `add = { risk = 1 }` rather than at the whole table.
pub fn key_span(table: &Span, key: &str, source: &str) -> Span {
    source
        .get(table.clone())
        .and_then(|text| text.find(key))
        .map_or(table.clone(), |at| {
            table.start + at..table.start + at + key.len()
        })
}

/// The candidate within a small edit distance of `name`, for "did you mean".
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, c)| d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| c)
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_suggests_near_misses_only() {
        let ids = ["first-visit", "escalation", "safe-ending"];
        assert_eq!(closest("first-vist", ids.into_iter()), Some("first-visit"));
        assert_eq!(closest("escalaton", ids.into_iter()), Some("escalation"));
        assert_eq!(closest("arrest", ids.into_iter()), None);
    }
}
