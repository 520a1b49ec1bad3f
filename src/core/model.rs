//! The runtime scenario: resolved, indexed and ready to play. Built from a
//! `file::ScenarioFile` by `lower`. Spans are kept so later checks can point
//! back at the file.
//!
//! The same types are the compiled form the officer's app reads
//! (`core::compiled`): every type derives serde, and spans are left out, so
//! a new field is compiled and read with no further code.

use crate::core::condition::{Condition, Minutes};
use crate::core::diagnostic::Span;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

pub type SceneIndex = usize;

/// The one rule for scenario ids, used by the checker, the manifest, the
/// app's addresses (`#/scenario/ID`) and the workshop's file names: lowercase
/// letters, digits and hyphens, starting with a letter or digit. An id
/// becomes a file name and a web address, so nothing else is allowed.
pub fn is_scenario_id(text: &str) -> bool {
    text.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The hint for an id that breaks `is_scenario_id`, with the id mended as a suggestion.
pub fn scenario_id_hint(text: &str) -> String {
    let mended: String = text
        .trim()
        .chars()
        .map(|c| match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'a'..='z' | '0'..='9' | '-' => c,
            _ => '-',
        })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let example = if is_scenario_id(&mended) {
        mended
    } else {
        "doorstep-gifts".to_string()
    };
    format!("scenario ids use lowercase letters, digits and hyphens only (no `_` or spaces), because the id is also the file name and the app's web address: e.g. `{example}`")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    CallHandler,
    ResponseOfficer,
    Investigator,
    Supervisor,
    Spoc,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::CallHandler,
        Role::ResponseOfficer,
        Role::Investigator,
        Role::Supervisor,
        Role::Spoc,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Role::CallHandler => "call_handler",
            Role::ResponseOfficer => "response_officer",
            Role::Investigator => "investigator",
            Role::Supervisor => "supervisor",
            Role::Spoc => "spoc",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::CallHandler => "Call handler",
            Role::ResponseOfficer => "Response officer",
            Role::Investigator => "Investigator",
            Role::Supervisor => "Supervisor",
            Role::Spoc => "Stalking single point of contact (SPoC)",
        }
    }

    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// A name (flag, counter, mark, key action) with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

// Compiled, a name or a located value is only its value: spans point into
// the trainer's file, which only the checker reads.
impl Serialize for Named {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.name.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Named {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|name| Named { name, span: 0..0 })
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(|value| Located { value, span: 0..0 })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Scenario {
    pub id: String,
    pub id_span: Span,
    pub title: String,
    pub summary: String,
    pub pattern: Named,
    pub role: Role,
    pub minutes: u32,
    pub version: String,
    pub content_note: String,
    pub clock_start: Minutes,
    pub cast: Vec<CastRole>,
    pub key_actions: Vec<KeyAction>,
    pub scenes: Vec<Scene>,
    pub start: SceneIndex,
    /// FNV-1a of the file's text: saved runs and reports name the exact content they came from.
    #[serde(with = "hex")]
    pub content_hash: u64,
    /// Destinations that name no scene (each reported by `lower`), kept so
    /// the checker can tell which later problems they cause. Empty in any
    /// scenario that loads, so never compiled.
    #[serde(skip)]
    pub unresolved: Vec<Unresolved>,
    /// Conditions that could not be read (each reported by `lower`).
    #[serde(skip)]
    pub unreadable_conditions: Vec<Unreadable>,
}

/// A condition that could not be read, as written, and the span of the
/// table it belongs to (a route's or an option's).
#[derive(Clone, Debug)]
pub struct Unreadable {
    pub span: Span,
    pub text: String,
    pub owner: Span,
}

/// A `goto`, `next` or `start` naming no scene.
#[derive(Clone, Debug)]
pub struct Unresolved {
    pub span: Span,
    pub at: LinkAt,
    /// The scene the trainer most likely meant (the "did you mean").
    pub likely: Option<SceneIndex>,
}

/// Where an unresolved destination was written.
#[derive(Clone, Debug)]
pub enum LinkAt {
    Start,
    /// The plain `goto` or `next` of a routing.
    Fallback(RoutingAt),
    /// A route, which would have been at this position among the routing's
    /// routes that did resolve, with its conditions and the route's span.
    Route(RoutingAt, usize, Vec<Located<Condition>>, Span),
}

/// Which routing: a scene's `next`, a decision's, or one option's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoutingAt {
    Scene(SceneIndex),
    Decision(SceneIndex),
    Option(SceneIndex, usize),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CastRole {
    pub role: String,
    pub variants: Vec<BTreeMap<String, String>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KeyAction {
    pub id: String,
    pub text: String,
    pub competency: Named,
    pub why: String,
    pub cite: String,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Scene {
    pub id: String,
    pub title: String,
    pub text: String,
    pub advance: Minutes,
    pub set: Vec<Named>,
    pub asides: Vec<Aside>,
    pub exhibits: Vec<Exhibit>,
    pub body: SceneBody,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub id_span: Span,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Aside {
    pub when: Vec<Located<Condition>>,
    pub text: String,
    pub claims: Vec<Located<Claim>>,
}

/// What a piece of story text says the trainee did (`ID`) or did not do
/// (`not ID`): a key action or a practice. The checker proves every claim
/// on every path that can show the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub done: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExhibitKind {
    Messages,
    CallLog,
    Statement,
    Photo,
    RiskForm,
    Document,
}

impl ExhibitKind {
    pub const ALL: [ExhibitKind; 6] = [
        ExhibitKind::Messages,
        ExhibitKind::CallLog,
        ExhibitKind::Statement,
        ExhibitKind::Photo,
        ExhibitKind::RiskForm,
        ExhibitKind::Document,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ExhibitKind::Messages => "messages",
            ExhibitKind::CallLog => "call_log",
            ExhibitKind::Statement => "statement",
            ExhibitKind::Photo => "photo",
            ExhibitKind::RiskForm => "risk_form",
            ExhibitKind::Document => "document",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ExhibitKind::Messages => "Message thread",
            ExhibitKind::CallLog => "Call log",
            ExhibitKind::Statement => "Statement",
            ExhibitKind::Photo => "Photograph (described)",
            ExhibitKind::RiskForm => "Risk form",
            ExhibitKind::Document => "Document",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Exhibit {
    pub id: String,
    pub kind: ExhibitKind,
    pub title: String,
    pub text: Option<String>,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    pub at: Option<String>,
    pub from: Option<String>,
    pub text: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum SceneBody {
    Decision(Decision),
    Ending(Ending),
    /// A scene the trainee reads and continues from.
    Next(Routing),
}

/// Where something leads: the first route whose conditions all hold, else the fallback.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Routing {
    pub routes: Vec<Route>,
    pub fallback: Option<SceneIndex>,
}

impl Routing {
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty() && self.fallback.is_none()
    }

    pub fn targets(&self) -> impl Iterator<Item = SceneIndex> + '_ {
        self.routes.iter().map(|r| r.to).chain(self.fallback)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Route {
    pub when: Vec<Located<Condition>>,
    pub to: SceneIndex,
    /// The route's table in the file.
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Single,
    Multiple,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Decision {
    pub prompt: String,
    pub kind: DecisionKind,
    pub routing: Routing,
    pub options: Vec<Choice>,
    #[serde(skip)]
    pub span: Span,
}

/// One option of a decision.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub id_span: Span,
    pub text: String,
    pub when: Vec<Located<Condition>>,
    /// Single-choice options may route themselves; otherwise the decision's routing applies.
    pub routing: Routing,
    pub effects: Effects,
    pub points: BTreeMap<String, i32>,
    #[serde(skip)]
    pub points_span: Span,
    pub achieves: Vec<Named>,
    /// The catalogue practices this option shows (`practices.toml`).
    pub practices: Vec<Named>,
    pub critical: bool,
    pub feedback: Option<String>,
    pub cite: Option<Located<String>>,
    #[serde(skip)]
    pub span: Span,
}

impl Choice {
    pub fn is_scored(&self) -> bool {
        self.critical || self.points.values().any(|&p| p != 0)
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Effects {
    pub set: Vec<Named>,
    pub clear: Vec<Named>,
    pub add: Vec<(Named, i64)>,
    pub mark: Vec<Named>,
    pub advance: Minutes,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Ending {
    pub outcome: String,
    pub debrief: String,
    /// What the outcome and debrief say the trainee did or did not do.
    pub claims: Vec<Located<Claim>>,
    /// Debrief paragraphs shown only when their conditions hold.
    pub notes: Vec<Note>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Note {
    pub when: Vec<Located<Condition>>,
    pub text: String,
    pub claims: Vec<Located<Claim>>,
    #[serde(skip)]
    pub span: Span,
}

impl Scenario {
    pub fn scene_index(&self, id: &str) -> Option<SceneIndex> {
        self.scenes.iter().position(|s| s.id == id)
    }

    /// The routing a `RoutingAt` names, if the scene still has it.
    pub fn routing_mut(&mut self, at: RoutingAt) -> Option<&mut Routing> {
        match (at, self.scenes.get_mut(at_scene(at)).map(|s| &mut s.body)) {
            (RoutingAt::Scene(_), Some(SceneBody::Next(routing))) => Some(routing),
            (RoutingAt::Decision(_), Some(SceneBody::Decision(d))) => Some(&mut d.routing),
            (RoutingAt::Option(_, option), Some(SceneBody::Decision(d))) => {
                d.options.get_mut(option).map(|o| &mut o.routing)
            }
            _ => None,
        }
    }

    /// A title, summary or content note as shown before a run: force
    /// settings and the helpline filled in (the checker allows nothing else).
    pub fn listing(&self, text: &str, settings: &crate::core::framework::ForceSettings) -> String {
        crate::core::text::Placeholders::new(&[], &settings.force).render(text)
    }

    /// Every scene a scene can lead to, ignoring conditions.
    pub fn successors(&self, scene: SceneIndex) -> Vec<SceneIndex> {
        let mut out: Vec<SceneIndex> = match &self.scenes[scene].body {
            SceneBody::Ending(_) => Vec::new(),
            SceneBody::Next(routing) => routing.targets().collect(),
            SceneBody::Decision(decision) => decision
                .options
                .iter()
                .flat_map(|o| decision.leads_from(o).targets())
                .collect(),
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every condition in the scenario, wherever it is written.
    pub fn conditions(&self) -> impl Iterator<Item = &Located<Condition>> {
        self.scenes.iter().flat_map(|scene| {
            let notes: &[Note] = match &scene.body {
                SceneBody::Ending(ending) => &ending.notes,
                _ => &[],
            };
            let asides = scene
                .asides
                .iter()
                .flat_map(|a| &a.when)
                .chain(notes.iter().flat_map(|n| &n.when));
            let (routes, options): (Vec<&Route>, Vec<&Choice>) = match &scene.body {
                SceneBody::Next(routing) => (routing.routes.iter().collect(), Vec::new()),
                SceneBody::Decision(d) => (
                    d.routing
                        .routes
                        .iter()
                        .chain(d.options.iter().flat_map(|o| &o.routing.routes))
                        .collect(),
                    d.options.iter().collect(),
                ),
                SceneBody::Ending(_) => (Vec::new(), Vec::new()),
            };
            asides
                .chain(routes.into_iter().flat_map(|r| &r.when))
                .chain(options.into_iter().flat_map(|o| &o.when))
                .collect::<Vec<_>>()
        })
    }

    /// Every option in the scenario with the index of its scene.
    pub fn choices(&self) -> impl Iterator<Item = (SceneIndex, &Decision, &Choice)> {
        self.scenes
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match &s.body {
                SceneBody::Decision(d) => Some((i, d)),
                _ => None,
            })
            .flat_map(|(i, d)| d.options.iter().map(move |o| (i, d, o)))
    }
}

fn at_scene(at: RoutingAt) -> SceneIndex {
    match at {
        RoutingAt::Scene(s) | RoutingAt::Decision(s) | RoutingAt::Option(s, _) => s,
    }
}

impl Decision {
    /// The routing that applies after choosing `choice`.
    pub fn leads_from<'a>(&'a self, choice: &'a Choice) -> &'a Routing {
        if choice.routing.is_empty() {
            &self.routing
        } else {
            &choice.routing
        }
    }
}

/// FNV-1a, 64-bit: stable across platforms and releases, unlike std's hasher.
pub fn content_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A content hash as 16 hex digits: stored data names content this way,
/// because JavaScript tools round a 64-bit number.
pub fn hash_hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// Content hashes in stored and compiled data, as `hash_hex` writes them.
pub mod hex {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(hash: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::hash_hex(*hash))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        let text = String::deserialize(deserializer)?;
        u64::from_str_radix(&text, 16)
            .ok()
            .filter(|_| text.len() == 16)
            .ok_or_else(|| D::Error::custom(format!("`{text}` is not a content hash")))
    }
}
