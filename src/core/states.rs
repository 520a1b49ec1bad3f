//! What a run can hold on arriving at each scene, and whether some state
//! there makes every one of a set of conditions false. The checker uses this
//! to prove that no trainee is ever left with no option to choose, and to
//! find routes that can never be taken.
//!
//! ## Over-approximation (where the checker may be too cautious)
//! `possible_states` follows every way through the scene graph, from the
//! start, applying what scenes and options do (flags set and cleared,
//! counters added to, time passing, marks made) and what conditions on the
//! way prove (an option chosen means its `when` held; a route taken means
//! its conditions held). It keeps, per scene, each flag as set, not set or
//! either; each counter, the clock and the time since each mark as a range;
//! each mark as made, not made or either; each key action or practice
//! `done` (as for `done ID`) like a flag. So it knows "`risk` is between 1
//! and 4 here", but not "`risk` is 4 only when `arrested` is set": it holds
//! every combination of the values it keeps, which includes states no run
//! can reach. It also does not use that earlier routes were *not* taken,
//! treats a "select all" decision as if any of its options might be ticked,
//! takes the time since a mark as independent of the clock, and gives up
//! bounding values that a loop keeps changing. Each of these only adds
//! states. So when `none_hold` finds no state, there is none in any run
//! (sound); when it finds one, a run may or may not reach it, and messages
//! built on it say "may".

use crate::core::condition::{Compare, Condition};
use crate::core::model::{
    Choice, DecisionKind, Effects, Located, Routing, Scenario, SceneBody, SceneIndex,
};
use std::collections::{BTreeMap, BTreeSet};

/// An inclusive range of whole numbers; `i64::MIN` and `i64::MAX` stand for no bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub lo: i64,
    pub hi: i64,
}

impl Range {
    pub const ZERO: Range = Range { lo: 0, hi: 0 };
    pub const NOT_NEGATIVE: Range = Range {
        lo: 0,
        hi: i64::MAX,
    };

    fn join(self, other: Range) -> Range {
        Range {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
        }
    }

    /// Every sum of a value here and one in `by`; unbounded stays unbounded.
    fn shift(self, by: Range) -> Range {
        let add = |a: i64, b: i64, unbounded: i64| {
            if a == unbounded || b == unbounded {
                unbounded
            } else {
                a.saturating_add(b)
            }
        };
        Range {
            lo: add(self.lo, by.lo, i64::MIN),
            hi: add(self.hi, by.hi, i64::MAX),
        }
    }

    /// The values here for which `value compare right` can hold, as a range
    /// (`!=` only trims an end), or `None` when none can.
    fn meet(self, compare: Compare, right: i64) -> Option<Range> {
        let Range { mut lo, mut hi } = self;
        match compare {
            Compare::Less => hi = hi.min(right.saturating_sub(1)),
            Compare::LessOrEqual => hi = hi.min(right),
            Compare::Greater => lo = lo.max(right.saturating_add(1)),
            Compare::GreaterOrEqual => lo = lo.max(right),
            Compare::Equal => {
                lo = lo.max(right);
                hi = hi.min(right);
            }
            Compare::NotEqual => {
                if lo == right {
                    lo = lo.saturating_add(1);
                }
                if hi == right {
                    hi = hi.saturating_sub(1);
                }
                if self.lo == right && self.hi == right {
                    return None;
                }
            }
        }
        (lo <= hi).then_some(Range { lo, hi })
    }

    /// Widens whichever end moved past `before` to no bound, so loops settle.
    fn widen(self, before: Range) -> Range {
        Range {
            lo: if self.lo < before.lo {
                i64::MIN
            } else {
                self.lo
            },
            hi: if self.hi > before.hi {
                i64::MAX
            } else {
                self.hi
            },
        }
    }
}

/// Whether a flag is set, or a mark made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Maybe {
    Yes,
    No,
    Either,
}

impl Maybe {
    fn join(self, other: Maybe) -> Maybe {
        if self == other {
            self
        } else {
            Maybe::Either
        }
    }

    fn allows(self, value: bool) -> bool {
        !matches!((self, value), (Maybe::Yes, false) | (Maybe::No, true))
    }
}

/// Key actions achieved and practices shown are kept with the flags, under
/// a name no flag can have (flag names have no `:`).
fn done_key(id: &str) -> String {
    format!("done:{id}")
}

/// What a chosen option marks as done: the key actions it achieves and
/// the practices it shows, as the engine records them.
fn done_by(choice: &Choice) -> impl Iterator<Item = String> + '_ {
    choice
        .achieves
        .iter()
        .chain(&choice.practices)
        .map(|named| done_key(&named.name))
}

/// The states a run can be in on arriving at a scene (after the scene's
/// own `advance` and `set`), kept as described in the module's notes.
/// A flag, counter or mark not listed has its starting value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunStates {
    pub flags: BTreeMap<String, Maybe>,
    pub counters: BTreeMap<String, Range>,
    pub elapsed: Range,
    /// Whether each mark has been made, and the time since it.
    pub marks: BTreeMap<String, (Maybe, Range)>,
}

impl Default for RunStates {
    fn default() -> Self {
        RunStates {
            flags: BTreeMap::new(),
            counters: BTreeMap::new(),
            elapsed: Range::ZERO,
            marks: BTreeMap::new(),
        }
    }
}

impl RunStates {
    /// Every state a run could be in, as far as these conditions can tell:
    /// any flag, any counter value, any time since the start or a mark.
    pub fn anything<'a>(conditions: impl IntoIterator<Item = &'a Condition>) -> RunStates {
        let mut states = RunStates {
            elapsed: Range::NOT_NEGATIVE,
            ..RunStates::default()
        };
        for condition in conditions {
            match condition {
                Condition::Flag { name, .. } => {
                    states.flags.insert(name.clone(), Maybe::Either);
                }
                Condition::Counter { name, .. } => {
                    let any = Range {
                        lo: i64::MIN,
                        hi: i64::MAX,
                    };
                    states.counters.insert(name.clone(), any);
                }
                Condition::Since { mark, .. } => {
                    let any = (Maybe::Either, Range::NOT_NEGATIVE);
                    states.marks.insert(mark.clone(), any);
                }
                Condition::Done { id, .. } => {
                    states.flags.insert(done_key(id), Maybe::Either);
                }
                Condition::Elapsed { .. } => {}
            }
        }
        states
    }

    pub fn flag(&self, name: &str) -> Maybe {
        self.flags.get(name).copied().unwrap_or(Maybe::No)
    }

    pub fn counter(&self, name: &str) -> Range {
        self.counters.get(name).copied().unwrap_or(Range::ZERO)
    }

    pub fn mark(&self, name: &str) -> (Maybe, Range) {
        self.marks
            .get(name)
            .copied()
            .unwrap_or((Maybe::No, Range::NOT_NEGATIVE))
    }

    fn join(&self, other: &RunStates) -> RunStates {
        let mut out = self.clone();
        for name in self.flags.keys().chain(other.flags.keys()) {
            out.flags
                .insert(name.clone(), self.flag(name).join(other.flag(name)));
        }
        for name in self.counters.keys().chain(other.counters.keys()) {
            out.counters
                .insert(name.clone(), self.counter(name).join(other.counter(name)));
        }
        out.elapsed = self.elapsed.join(other.elapsed);
        for name in self.marks.keys().chain(other.marks.keys()) {
            let (mine, theirs) = (self.marks.get(name), other.marks.get(name));
            let since = match (mine, theirs) {
                (Some(a), Some(b)) => a.1.join(b.1),
                (Some(a), None) | (None, Some(a)) => a.1,
                (None, None) => Range::NOT_NEGATIVE,
            };
            let made = self.mark(name).0.join(other.mark(name).0);
            out.marks.insert(name.clone(), (made, since));
        }
        out
    }

    fn widen(&self, before: &RunStates) -> RunStates {
        let mut out = self.clone();
        for (name, range) in out.counters.iter_mut() {
            *range = range.widen(before.counter(name));
        }
        out.elapsed = out.elapsed.widen(before.elapsed);
        for (name, (_, since)) in out.marks.iter_mut() {
            if let Some((_, was)) = before.marks.get(name) {
                *since = since.widen(*was);
            }
        }
        out
    }

    /// Time passes: the clock and the time since every mark move on.
    fn pass(&mut self, by: Range) {
        self.elapsed = self.elapsed.shift(by);
        for (_, since) in self.marks.values_mut() {
            *since = since.shift(by);
        }
    }

    /// What a single option's effects do (in the engine's order).
    fn apply(&mut self, effects: &Effects) {
        for flag in &effects.set {
            self.flags.insert(flag.name.clone(), Maybe::Yes);
        }
        for flag in &effects.clear {
            self.flags.insert(flag.name.clone(), Maybe::No);
        }
        for (counter, amount) in &effects.add {
            let now = self.counter(&counter.name).shift(Range {
                lo: *amount,
                hi: *amount,
            });
            self.counters.insert(counter.name.clone(), now);
        }
        let advance = effects.advance.max(0);
        self.pass(Range {
            lo: advance,
            hi: advance,
        });
        for mark in &effects.mark {
            self.marks
                .insert(mark.name.clone(), (Maybe::Yes, Range::ZERO));
        }
    }

    /// What choosing one option does: its effects, and what it marks as done.
    fn apply_choice(&mut self, choice: &Choice) {
        self.apply(&choice.effects);
        for done in done_by(choice) {
            self.flags.insert(done, Maybe::Yes);
        }
    }

    /// What ticking any of a "select all" decision's options can do.
    fn apply_any(&mut self, options: &[Choice]) {
        let every = |f: fn(&Effects) -> &Vec<crate::core::model::Named>, name: &str| {
            options
                .iter()
                .all(|o| f(&o.effects).iter().any(|n| n.name == name))
        };
        let mut touched: BTreeSet<&str> = BTreeSet::new();
        for option in options {
            touched.extend(option.effects.set.iter().map(|f| f.name.as_str()));
            touched.extend(option.effects.clear.iter().map(|f| f.name.as_str()));
        }
        // Done is never undone: marked by every option, it is done; by some, it may be.
        let done: BTreeSet<String> = options.iter().flat_map(done_by).collect();
        for key in done {
            let by_all = options.iter().all(|o| done_by(o).any(|d| d == key));
            let value = if by_all {
                Maybe::Yes
            } else {
                self.flag(&key).join(Maybe::Yes)
            };
            self.flags.insert(key, value);
        }
        for flag in touched {
            let set_by_all = every(|e| &e.set, flag)
                && !options
                    .iter()
                    .any(|o| o.effects.clear.iter().any(|c| c.name == flag));
            let value = if set_by_all {
                Maybe::Yes
            } else {
                Maybe::Either
            };
            self.flags.insert(flag.to_string(), value);
        }
        let mut changes: BTreeMap<&str, Range> = BTreeMap::new();
        for option in options {
            for (counter, amount) in &option.effects.add {
                let change = changes.entry(&counter.name).or_insert(Range::ZERO);
                if *amount < 0 {
                    change.lo = change.lo.saturating_add(*amount);
                } else {
                    change.hi = change.hi.saturating_add(*amount);
                }
            }
        }
        for (counter, change) in changes {
            let now = self.counter(counter).shift(change);
            self.counters.insert(counter.to_string(), now);
        }
        let advances = options.iter().map(|o| o.effects.advance.max(0));
        let least = advances.clone().min().unwrap_or(0);
        let most = advances.fold(0_i64, |sum, a| sum.saturating_add(a));
        self.pass(Range {
            lo: least,
            hi: most,
        });
        for option in options {
            for mark in &option.effects.mark {
                let fresh = Range { lo: 0, hi: most };
                // Unless every option makes the mark, it may keep its old time.
                let (made, since) = if every(|e| &e.mark, &mark.name) {
                    (Maybe::Yes, fresh)
                } else {
                    match self.marks.get(&mark.name) {
                        Some((made, was)) => (made.join(Maybe::Yes), was.join(fresh)),
                        None => (Maybe::Either, fresh),
                    }
                };
                self.marks.insert(mark.name.clone(), (made, since));
            }
        }
    }

    /// These states narrowed to those where every condition holds, or
    /// `None` when no state here satisfies them all.
    pub fn given(&self, conditions: &[Located<Condition>]) -> Option<RunStates> {
        let mut out = self.clone();
        for condition in conditions {
            match &condition.value {
                Condition::Flag { name, set } => {
                    if !out.flag(name).allows(*set) {
                        return None;
                    }
                    let value = if *set { Maybe::Yes } else { Maybe::No };
                    out.flags.insert(name.clone(), value);
                }
                Condition::Done { id, set } => {
                    let key = done_key(id);
                    if !out.flag(&key).allows(*set) {
                        return None;
                    }
                    let value = if *set { Maybe::Yes } else { Maybe::No };
                    out.flags.insert(key, value);
                }
                Condition::Counter {
                    name,
                    compare,
                    value,
                } => {
                    let range = out.counter(name).meet(*compare, *value)?;
                    out.counters.insert(name.clone(), range);
                }
                Condition::Elapsed { compare, minutes } => {
                    out.elapsed = out.elapsed.meet(*compare, *minutes)?;
                }
                Condition::Since {
                    mark,
                    compare,
                    minutes,
                } => {
                    let (made, since) = out.mark(mark);
                    if made == Maybe::No {
                        return None;
                    }
                    let since = since.meet(*compare, *minutes)?;
                    out.marks.insert(mark.clone(), (Maybe::Yes, since));
                }
            }
        }
        Some(out)
    }
}

/// The states possible at each scene, and every step between scenes that
/// some of them can take.
#[derive(Clone, Debug, Default)]
pub struct Possible {
    /// `None` for a scene no run reaches.
    pub at: Vec<Option<RunStates>>,
    /// (from, to) pairs a run can take.
    pub steps: BTreeSet<(SceneIndex, SceneIndex)>,
}

/// After this many changes to a scene's states, changing ranges stop being bounded.
const WIDEN_AFTER: usize = 3;

pub fn possible_states(scenario: &Scenario) -> Possible {
    if scenario.start >= scenario.scenes.len() {
        return Possible {
            at: vec![None; scenario.scenes.len()],
            steps: BTreeSet::new(),
        };
    }
    let start = enter(scenario, scenario.start, RunStates::default());
    possible_from(scenario, vec![(scenario.start, start)])
}

/// The scenes a run can reach after choosing one option at a scene (for a
/// "select all" decision, after ticking it, perhaps with others), starting
/// from the states `possible` holds there.
pub fn reachable_after(
    scenario: &Scenario,
    possible: &Possible,
    scene: SceneIndex,
    option: usize,
) -> Vec<bool> {
    let count = scenario.scenes.len();
    let none = vec![false; count];
    let (Some(Some(here)), SceneBody::Decision(decision)) =
        (possible.at.get(scene), &scenario.scenes[scene].body)
    else {
        return none;
    };
    let Some(choice) = decision.options.get(option) else {
        return none;
    };
    let Some(mut chosen) = here.given(&choice.when) else {
        return none;
    };
    match decision.kind {
        DecisionKind::Single => chosen.apply_choice(choice),
        // Ticked, perhaps with others: what ticking any of them can do covers it.
        DecisionKind::Multiple => chosen.apply_any(&decision.options),
    }
    let seeds: Vec<(SceneIndex, RunStates)> = routed(decision.leads_from(choice), &chosen)
        .into_iter()
        .filter(|(to, _)| *to < count)
        .map(|(to, states)| (to, enter(scenario, to, states)))
        .collect();
    possible_from(scenario, seeds)
        .at
        .iter()
        .map(Option::is_some)
        .collect()
}

fn possible_from(scenario: &Scenario, seeds: Vec<(SceneIndex, RunStates)>) -> Possible {
    let count = scenario.scenes.len();
    let mut possible = Possible {
        at: vec![None; count],
        steps: BTreeSet::new(),
    };
    // Scenes are taken in an order where, loops aside, every scene comes
    // after all the scenes that lead to it: each is then worked out once
    // its states are complete, not again and again as they grow.
    let order = forward_order(scenario, seeds.iter().map(|(s, _)| *s));
    let mut changes = vec![0_usize; count];
    let mut queue: BTreeSet<(usize, SceneIndex)> = BTreeSet::new();
    for (scene, states) in seeds {
        let joined = match &possible.at[scene] {
            Some(before) => before.join(&states),
            None => states,
        };
        possible.at[scene] = Some(joined);
        queue.insert((order[scene], scene));
    }
    while let Some((_, scene)) = queue.pop_first() {
        let Some(here) = possible.at[scene].clone() else {
            continue;
        };
        for (to, states) in leaving(scenario, scene, &here) {
            if to >= count {
                continue;
            }
            possible.steps.insert((scene, to));
            let arriving = enter(scenario, to, states);
            let next = match &possible.at[to] {
                None => arriving,
                Some(before) => {
                    let joined = before.join(&arriving);
                    if joined == *before {
                        continue;
                    }
                    changes[to] += 1;
                    if changes[to] > WIDEN_AFTER {
                        joined.widen(before)
                    } else {
                        joined
                    }
                }
            };
            possible.at[to] = Some(next);
            queue.insert((order[to], to));
        }
    }
    possible
}

/// Each scene's place in a reverse post-order from `starts` (scenes not
/// reached go last): a topological order of the graph, loops aside.
fn forward_order(scenario: &Scenario, starts: impl Iterator<Item = SceneIndex>) -> Vec<usize> {
    let count = scenario.scenes.len();
    let mut done = vec![false; count];
    let mut post = Vec::with_capacity(count);
    for start in starts.filter(|&s| s < count) {
        if done[start] {
            continue;
        }
        done[start] = true;
        let mut stack = vec![(start, scenario.successors(start), 0_usize)];
        while let Some((scene, successors, next)) = stack.last_mut() {
            if let Some(&to) = successors.get(*next) {
                *next += 1;
                if to < count && !done[to] {
                    done[to] = true;
                    let after = scenario.successors(to);
                    stack.push((to, after, 0));
                }
            } else {
                post.push(*scene);
                stack.pop();
            }
        }
    }
    let mut order = vec![usize::MAX; count];
    for (place, &scene) in post.iter().rev().enumerate() {
        order[scene] = place;
    }
    order
}

fn enter(scenario: &Scenario, scene: SceneIndex, mut states: RunStates) -> RunStates {
    let scene = &scenario.scenes[scene];
    let advance = scene.advance.max(0);
    states.pass(Range {
        lo: advance,
        hi: advance,
    });
    for flag in &scene.set {
        states.flags.insert(flag.name.clone(), Maybe::Yes);
    }
    states
}

/// Where a routing can send these states, narrowed by each route's conditions.
fn routed(routing: &Routing, states: &RunStates) -> Vec<(SceneIndex, RunStates)> {
    let mut out = Vec::new();
    for route in &routing.routes {
        if let Some(taken) = states.given(&route.when) {
            out.push((route.to, taken));
        }
    }
    if let Some(to) = routing.fallback {
        out.push((to, states.clone()));
    }
    out
}

/// Where a scene's states can go, with the states they arrive with.
fn leaving(
    scenario: &Scenario,
    scene: SceneIndex,
    here: &RunStates,
) -> Vec<(SceneIndex, RunStates)> {
    let mut out = Vec::new();
    let mut follow = |routing: &Routing, states: &RunStates| out.extend(routed(routing, states));
    match &scenario.scenes[scene].body {
        SceneBody::Ending(_) => {}
        SceneBody::Next(routing) => follow(routing, here),
        SceneBody::Decision(decision) => match decision.kind {
            DecisionKind::Single => {
                for option in &decision.options {
                    if let Some(mut chosen) = here.given(&option.when) {
                        chosen.apply_choice(option);
                        follow(decision.leads_from(option), &chosen);
                    }
                }
            }
            DecisionKind::Multiple => {
                let mut ticked = here.clone();
                ticked.apply_any(&decision.options);
                follow(&decision.routing, &ticked);
            }
        },
    }
    out
}

/// One way for a condition to be false, as a condition that holds instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Instead {
    Holds(Condition),
    /// `since MARK ...` is false because the mark was never made.
    NeverMarked(String),
}

impl std::fmt::Display for Instead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Instead::Holds(condition) => write!(f, "`{condition}`"),
            Instead::NeverMarked(mark) => write!(f, "`{mark}` not yet marked"),
        }
    }
}

/// The answer to "can every one of these conditions be false at once?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoneHold {
    /// No state makes them all false: one always holds.
    Never,
    /// A state where all are false: what holds there instead (some of it).
    When(Vec<Instead>),
    /// Too many combinations to try; treated as "may".
    GaveUp,
}

/// Whether some state in `states` makes every conjunction in `conjunctions`
/// false. An empty conjunction is always true.
pub fn none_hold(states: &RunStates, conjunctions: &[Vec<Condition>]) -> NoneHold {
    if conjunctions.iter().any(Vec::is_empty) {
        return NoneHold::Never;
    }
    let clauses: Vec<Vec<Instead>> = conjunctions
        .iter()
        .map(|conjunction| conjunction.iter().flat_map(negations).collect())
        .collect();
    let mut search = Search {
        states,
        budget: SEARCH_BUDGET,
        chosen: Vec::new(),
    };
    match search.solve(&clauses, &Domain::default()) {
        Some(true) => {
            let mut found = search.chosen;
            found.dedup();
            NoneHold::When(found)
        }
        Some(false) => NoneHold::Never,
        None => NoneHold::GaveUp,
    }
}

/// Steps the search may take before giving up; far beyond any real decision.
const SEARCH_BUDGET: usize = 20_000;

/// The ways a condition can be false.
fn negations(condition: &Condition) -> Vec<Instead> {
    let flip = |compare: Compare| match compare {
        Compare::Less => Compare::GreaterOrEqual,
        Compare::LessOrEqual => Compare::Greater,
        Compare::Greater => Compare::LessOrEqual,
        Compare::GreaterOrEqual => Compare::Less,
        Compare::Equal => Compare::NotEqual,
        Compare::NotEqual => Compare::Equal,
    };
    match condition.clone() {
        Condition::Flag { name, set } => vec![Instead::Holds(Condition::Flag { name, set: !set })],
        Condition::Done { id, set } => vec![Instead::Holds(Condition::Done { id, set: !set })],
        Condition::Counter {
            name,
            compare,
            value,
        } => vec![Instead::Holds(Condition::Counter {
            name,
            compare: flip(compare),
            value,
        })],
        Condition::Elapsed { compare, minutes } => vec![Instead::Holds(Condition::Elapsed {
            compare: flip(compare),
            minutes,
        })],
        Condition::Since {
            mark,
            compare,
            minutes,
        } => vec![
            Instead::NeverMarked(mark.clone()),
            Instead::Holds(Condition::Since {
                mark,
                compare: flip(compare),
                minutes,
            }),
        ],
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Number {
    Counter(String),
    Elapsed,
    Since(String),
}

/// What the search has assumed so far, on top of the possible states.
#[derive(Clone, Debug, Default)]
struct Domain {
    flags: BTreeMap<String, bool>,
    marks: BTreeMap<String, bool>,
    /// A range and the values excluded inside it (from `!=`).
    numbers: BTreeMap<Number, (Range, BTreeSet<i64>)>,
}

struct Search<'a> {
    states: &'a RunStates,
    budget: usize,
    chosen: Vec<Instead>,
}

impl Search<'_> {
    /// `Some(true)` when every clause can be made true together.
    fn solve(&mut self, clauses: &[Vec<Instead>], domain: &Domain) -> Option<bool> {
        let Some((first, rest)) = clauses.split_first() else {
            return Some(true);
        };
        for instead in first {
            if self.budget == 0 {
                return None;
            }
            self.budget -= 1;
            let Some(narrowed) = self.assume(domain, instead) else {
                continue;
            };
            self.chosen.push(instead.clone());
            match self.solve(rest, &narrowed) {
                Some(false) => {
                    self.chosen.pop();
                }
                other => return other,
            }
        }
        Some(false)
    }

    fn number(&self, domain: &Domain, number: &Number) -> (Range, BTreeSet<i64>) {
        if let Some(known) = domain.numbers.get(number) {
            return known.clone();
        }
        let range = match number {
            Number::Counter(name) => self.states.counter(name),
            Number::Elapsed => self.states.elapsed,
            Number::Since(mark) => self.states.mark(mark).1,
        };
        (range, BTreeSet::new())
    }

    fn mark_allows(&self, domain: &Domain, mark: &str, made: bool) -> bool {
        match domain.marks.get(mark) {
            Some(&known) => known == made,
            None => self.states.mark(mark).0.allows(made),
        }
    }

    fn assume_flag(&self, mut domain: Domain, name: String, set: bool) -> Option<Domain> {
        let allowed = match domain.flags.get(&name) {
            Some(&known) => known == set,
            None => self.states.flag(&name).allows(set),
        };
        if !allowed {
            return None;
        }
        domain.flags.insert(name, set);
        Some(domain)
    }

    fn assume(&self, domain: &Domain, instead: &Instead) -> Option<Domain> {
        let mut out = domain.clone();
        let (number, compare, value) = match instead {
            Instead::NeverMarked(mark) => {
                if !self.mark_allows(domain, mark, false) {
                    return None;
                }
                out.marks.insert(mark.clone(), false);
                return Some(out);
            }
            Instead::Holds(Condition::Flag { name, set }) => {
                return self.assume_flag(out, name.clone(), *set);
            }
            Instead::Holds(Condition::Done { id, set }) => {
                return self.assume_flag(out, done_key(id), *set);
            }
            Instead::Holds(Condition::Counter {
                name,
                compare,
                value,
            }) => (Number::Counter(name.clone()), *compare, *value),
            Instead::Holds(Condition::Elapsed { compare, minutes }) => {
                (Number::Elapsed, *compare, *minutes)
            }
            Instead::Holds(Condition::Since {
                mark,
                compare,
                minutes,
            }) => {
                if !self.mark_allows(domain, mark, true) {
                    return None;
                }
                out.marks.insert(mark.clone(), true);
                (Number::Since(mark.clone()), *compare, *minutes)
            }
        };
        let (range, mut excluded) = self.number(domain, &number);
        let range = if compare == Compare::NotEqual {
            excluded.insert(value);
            range
        } else {
            range.meet(compare, value)?
        };
        // Some whole number in the range must be left once the exclusions are out.
        let width = i128::from(range.hi) - i128::from(range.lo) + 1;
        let inside = excluded
            .iter()
            .filter(|&&v| v >= range.lo && v <= range.hi)
            .count();
        if width <= inside as i128 {
            return None;
        }
        out.numbers.insert(number, (range, excluded));
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::condition::parse_condition;

    fn conditions(texts: &[&str]) -> Vec<Condition> {
        texts.iter().map(|t| parse_condition(t).unwrap()).collect()
    }

    fn none_hold_anywhere(options: &[&[&str]]) -> NoneHold {
        let conjunctions: Vec<Vec<Condition>> = options.iter().map(|o| conditions(o)).collect();
        none_hold(
            &RunStates::anything(conjunctions.iter().flatten()),
            &conjunctions,
        )
    }

    #[test]
    fn complementary_conditions_always_offer_something() {
        for options in [
            &[&["arrested"][..], &["not arrested"][..]][..],
            &[&["risk >= 3"], &["risk < 3"]],
            &[&["risk > 3"], &["risk == 3"], &["risk <= 2"]],
            &[&["risk != 3"], &["risk == 3"]],
            &[&["elapsed >= 14d"], &["elapsed < 14d"]],
            &[&["elapsed > 0m"], &["elapsed <= 0m"]],
            &[&["a", "b"], &["not a"], &["not b"]],
            &[&["since m < 1d"], &["since m >= 1d"], &["not x"], &["x"]],
            &[&[]],
        ] {
            assert_eq!(none_hold_anywhere(options), NoneHold::Never, "{options:?}");
        }
    }

    #[test]
    fn gaps_between_conditions_are_found_with_what_holds_instead() {
        let found = none_hold_anywhere(&[&["arrested"], &["risk >= 3"]]);
        let NoneHold::When(instead) = found else {
            panic!("{found:?}")
        };
        let words: Vec<String> = instead.iter().map(ToString::to_string).collect();
        assert_eq!(words, ["`not arrested`", "`risk < 3`"]);
        // `since` is false when the mark was never made, whatever the time.
        assert!(matches!(
            none_hold_anywhere(&[&["since m < 1d"], &["since m >= 1d"]]),
            NoneHold::When(w) if w == [Instead::NeverMarked("m".into())]
        ));
        // Two values excluded from a range of two leave nothing; of three, one.
        assert!(matches!(
            none_hold_anywhere(&[&["risk < 3"], &["risk > 5"], &["risk == 4"]]),
            NoneHold::When(_)
        ));
        assert_eq!(
            none_hold_anywhere(&[
                &["risk < 3"],
                &["risk > 5"],
                &["risk == 4"],
                &["risk == 3"],
                &["risk == 5"]
            ]),
            NoneHold::Never
        );
        // The clock never runs backwards.
        assert_eq!(none_hold_anywhere(&[&["elapsed >= 0m"]]), NoneHold::Never);
    }

    #[test]
    fn ranges_meet_shift_and_widen() {
        let r = Range { lo: 0, hi: 10 };
        assert_eq!(r.meet(Compare::Less, 3), Some(Range { lo: 0, hi: 2 }));
        assert_eq!(r.meet(Compare::Greater, 10), None);
        assert_eq!(r.meet(Compare::NotEqual, 0), Some(Range { lo: 1, hi: 10 }));
        assert_eq!(Range::ZERO.meet(Compare::NotEqual, 0), None);
        let unbounded = Range::NOT_NEGATIVE.shift(Range { lo: 5, hi: 5 });
        assert_eq!(
            unbounded,
            Range {
                lo: 5,
                hi: i64::MAX
            }
        );
        assert_eq!(
            Range { lo: 1, hi: 4 }.widen(Range { lo: 1, hi: 3 }),
            Range {
                lo: 1,
                hi: i64::MAX
            }
        );
    }
}
