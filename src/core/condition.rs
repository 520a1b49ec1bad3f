//! Conditions (`not spo_applied`, `risk >= 3`, `elapsed >= 14d`,
//! `since last_incident > 182d`, `done recorded-stalking`) and durations
//! (`1d6h`), parsed from the short strings trainers write, and evaluated
//! against a run's state.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Simulated time, in minutes.
pub type Minutes = i64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Compare {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

impl Compare {
    fn parse(text: &str) -> Option<Compare> {
        Some(match text {
            "<" => Compare::Less,
            "<=" => Compare::LessOrEqual,
            ">" => Compare::Greater,
            ">=" => Compare::GreaterOrEqual,
            "==" => Compare::Equal,
            "!=" => Compare::NotEqual,
            _ => return None,
        })
    }

    pub fn holds(self, left: i64, right: i64) -> bool {
        match self {
            Compare::Less => left < right,
            Compare::LessOrEqual => left <= right,
            Compare::Greater => left > right,
            Compare::GreaterOrEqual => left >= right,
            Compare::Equal => left == right,
            Compare::NotEqual => left != right,
        }
    }
}

impl fmt::Display for Compare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Compare::Less => "<",
            Compare::LessOrEqual => "<=",
            Compare::Greater => ">",
            Compare::GreaterOrEqual => ">=",
            Compare::Equal => "==",
            Compare::NotEqual => "!=",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    Flag {
        name: String,
        set: bool,
    },
    Counter {
        name: String,
        compare: Compare,
        value: i64,
    },
    Elapsed {
        compare: Compare,
        minutes: Minutes,
    },
    Since {
        mark: String,
        compare: Compare,
        minutes: Minutes,
    },
    /// A key action achieved, or a practice shown by an option chosen,
    /// earlier in the run (`done ID`, `not done ID`).
    Done {
        id: String,
        set: bool,
    },
}

/// The condition as a trainer writes it: `not arrested`, `risk >= 3`, `elapsed >= 14d`.
impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Flag { name, set: true } => write!(f, "{name}"),
            Condition::Flag { name, set: false } => write!(f, "not {name}"),
            Condition::Counter {
                name,
                compare,
                value,
            } => write!(f, "{name} {compare} {value}"),
            Condition::Elapsed { compare, minutes } => {
                write!(f, "elapsed {compare} {}", duration_label(*minutes))
            }
            Condition::Since {
                mark,
                compare,
                minutes,
            } => write!(f, "since {mark} {compare} {}", duration_label(*minutes)),
            Condition::Done { id, set: true } => write!(f, "done {id}"),
            Condition::Done { id, set: false } => write!(f, "not done {id}"),
        }
    }
}

/// A duration as trainers usually write it: `90` minutes is `1h30m`, two
/// weeks `14d`, six months `182d` (days rather than weeks, as the guide does).
pub fn duration_label(minutes: Minutes) -> String {
    if minutes == 0 {
        return "0m".into();
    }
    let mut left = minutes.unsigned_abs();
    let mut out = if minutes < 0 {
        "-".to_string()
    } else {
        String::new()
    };
    for (unit, size) in [("d", 24 * 60), ("h", 60), ("m", 1)] {
        if left >= size {
            out.push_str(&format!("{}{unit}", left / size));
            left %= size;
        }
    }
    out
}

/// The parts of a run's state that conditions can read.
pub trait ConditionState {
    fn flags(&self) -> &BTreeSet<String>;
    fn counters(&self) -> &BTreeMap<String, i64>;
    fn marks(&self) -> &BTreeMap<String, Minutes>;
    /// Minutes since the scenario's clock started.
    fn elapsed(&self) -> Minutes;
    /// Key actions achieved and practices shown so far.
    fn done(&self) -> &BTreeSet<String>;
}

impl Condition {
    pub fn holds(&self, state: &impl ConditionState) -> bool {
        match self {
            Condition::Flag { name, set } => state.flags().contains(name) == *set,
            Condition::Counter {
                name,
                compare,
                value,
            } => compare.holds(state.counters().get(name).copied().unwrap_or(0), *value),
            Condition::Elapsed { compare, minutes } => compare.holds(state.elapsed(), *minutes),
            Condition::Since {
                mark,
                compare,
                minutes,
            } => state
                .marks()
                .get(mark)
                .is_some_and(|at| compare.holds(state.elapsed() - at, *minutes)),
            Condition::Done { id, set } => state.done().contains(id) == *set,
        }
    }
}

pub fn all_hold(conditions: &[Condition], state: &impl ConditionState) -> bool {
    conditions.iter().all(|c| c.holds(state))
}

/// Why a condition or duration could not be read, in words for a trainer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub hint: &'static str,
}

const CONDITION_HINT: &str =
    "write `flag`, `not flag`, `counter >= 2`, `elapsed >= 14d`, `since mark > 182d` or `done key-action-or-practice`";
const DURATION_HINT: &str =
    "write a number with m, h, d or w, e.g. `30m`, `6h`, `14d`, `1d12h`; six months is `182d`";

pub fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !matches!(text, "not" | "elapsed" | "since" | "done")
}

fn name(text: &str, what: &str) -> Result<String, SyntaxError> {
    if is_name(text) {
        Ok(text.to_string())
    } else {
        Err(SyntaxError {
            message: format!("`{text}` is not a valid {what} name"),
            hint: "names use lowercase letters, digits and `_`, and cannot be `not`, `elapsed`, `since` or `done`",
        })
    }
}

pub fn parse_condition(text: &str) -> Result<Condition, SyntaxError> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let compare = |op: &str| {
        Compare::parse(op).ok_or_else(|| SyntaxError {
            message: format!("`{op}` is not a comparison"),
            hint: "use <, <=, >, >=, == or !=",
        })
    };
    let done = |id: &str, set: bool| {
        if crate::core::lower::is_id(id) {
            Ok(Condition::Done {
                id: id.to_string(),
                set,
            })
        } else {
            Err(SyntaxError {
                message: format!("`{id}` is not a key action or practice id"),
                hint: "`done` takes the id of a key action of this scenario or a practice in practices.toml, e.g. `done recorded-stalking`",
            })
        }
    };
    match words.as_slice() {
        ["done", id] => done(id, true),
        ["not", "done", id] => done(id, false),
        [flag] => Ok(Condition::Flag {
            name: name(flag, "flag")?,
            set: true,
        }),
        ["not", flag] => Ok(Condition::Flag {
            name: name(flag, "flag")?,
            set: false,
        }),
        ["elapsed", op, duration] => Ok(Condition::Elapsed {
            compare: compare(op)?,
            minutes: parse_duration(duration)?,
        }),
        ["since", mark, op, duration] => Ok(Condition::Since {
            mark: name(mark, "mark")?,
            compare: compare(op)?,
            minutes: parse_duration(duration)?,
        }),
        [counter, op, value] => Ok(Condition::Counter {
            name: name(counter, "counter")?,
            compare: compare(op)?,
            value: value.parse().map_err(|_| SyntaxError {
                message: format!("`{value}` is not a whole number"),
                hint: "compare a counter with a whole number, e.g. `risk >= 3`",
            })?,
        }),
        _ => Err(SyntaxError {
            message: format!("cannot read the condition `{text}`"),
            hint: CONDITION_HINT,
        }),
    }
}

/// Parses `30m`, `6h`, `14d`, `2w` and combinations such as `1d12h`.
pub fn parse_duration(text: &str) -> Result<Minutes, SyntaxError> {
    let error = || SyntaxError {
        message: format!("`{text}` is not a duration"),
        hint: DURATION_HINT,
    };
    let mut total: Minutes = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit: Minutes = match c {
            'm' => 1,
            'h' => 60,
            'd' => 60 * 24,
            'w' => 60 * 24 * 7,
            _ => return Err(error()),
        };
        let amount: Minutes = number.parse().map_err(|_| error())?;
        total = amount
            .checked_mul(unit)
            .and_then(|m| total.checked_add(m))
            .filter(|&m| m <= 100 * 365 * 24 * 60)
            .ok_or_else(error)?;
        number.clear();
    }
    if !number.is_empty() || text.is_empty() {
        return Err(error());
    }
    Ok(total)
}

/// Parses `Day 3 21:40` into minutes since Day 1 00:00.
pub fn parse_clock(text: &str) -> Result<Minutes, SyntaxError> {
    let error = || SyntaxError {
        message: format!("`{text}` is not a time"),
        hint: "write `Day N HH:MM`, e.g. `Day 1 19:30`",
    };
    let mut words = text.split_whitespace();
    let (Some("Day"), Some(day), Some(time), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(error());
    };
    // A scenario runs for days or years, never a thousand years.
    let day: Minutes = day
        .parse()
        .ok()
        .filter(|&d| (1..=365_000).contains(&d))
        .ok_or_else(error)?;
    let (hours, minutes) = time.split_once(':').ok_or_else(error)?;
    let hours: Minutes = hours
        .parse()
        .ok()
        .filter(|h| (0..24).contains(h))
        .ok_or_else(error)?;
    let minutes: Minutes = minutes
        .parse()
        .ok()
        .filter(|m| (0..60).contains(m))
        .ok_or_else(error)?;
    Ok((day - 1) * 24 * 60 + hours * 60 + minutes)
}

/// `Day 3, 21:40`: how the app shows the simulated clock.
pub fn clock_label(minutes: Minutes) -> String {
    let day = minutes.div_euclid(24 * 60) + 1;
    let in_day = minutes.rem_euclid(24 * 60);
    format!("Day {day}, {:02}:{:02}", in_day / 60, in_day % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::RunState;

    fn state() -> RunState {
        RunState {
            flags: ["arrested".to_string()].into(),
            counters: [("risk".to_string(), 3)].into(),
            marks: [("last_incident".to_string(), 60)].into(),
            elapsed: 60 + 183 * 24 * 60,
            ..RunState::default()
        }
    }

    #[test]
    fn conditions_read_flags_counters_clock_and_marks() {
        let s = state();
        let holds = |text: &str| parse_condition(text).unwrap().holds(&s);
        assert!(holds("arrested"));
        assert!(!holds("not arrested"));
        assert!(holds("not spo_applied"));
        assert!(holds("risk >= 3"));
        assert!(!holds("risk > 3"));
        assert!(holds("unknown_counter == 0"));
        assert!(holds("elapsed >= 14d"));
        assert!(holds("since last_incident > 182d"));
        assert!(!holds("since last_incident > 184d"));
        assert!(!holds("since never_marked >= 0m"));
    }

    #[test]
    fn malformed_conditions_say_what_is_wrong() {
        assert_eq!(
            parse_condition("risk => 3").unwrap_err().message,
            "`=>` is not a comparison"
        );
        assert_eq!(
            parse_condition("Arrested").unwrap_err().message,
            "`Arrested` is not a valid flag name"
        );
        assert_eq!(
            parse_condition("elapsed >= 14 days").unwrap_err().message,
            "cannot read the condition `elapsed >= 14 days`"
        );
        assert!(parse_condition("risk >= three").is_err());
    }

    #[test]
    fn conditions_print_as_they_are_written() {
        for text in [
            "arrested",
            "not arrested",
            "risk >= 3",
            "elapsed < 1d12h",
            "since applied > 182d",
            "done recorded-stalking",
            "not done recorded-stalking",
        ] {
            assert_eq!(parse_condition(text).unwrap().to_string(), text);
        }
        assert_eq!(duration_label(parse_duration("2w").unwrap()), "14d");
    }

    #[test]
    fn durations_combine_units() {
        assert_eq!(parse_duration("30m").unwrap(), 30);
        assert_eq!(parse_duration("1d12h").unwrap(), 36 * 60);
        assert_eq!(parse_duration("2w").unwrap(), 14 * 24 * 60);
        for bad in ["", "5", "d", "3x", "1.5h", "99999999999999w"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn clock_parses_and_labels_round_trip() {
        let minutes = parse_clock("Day 3 21:40").unwrap();
        assert_eq!(clock_label(minutes), "Day 3, 21:40");
        assert!(parse_clock("Day 0 10:00").is_err());
        assert!(parse_clock("Day 1 24:00").is_err());
        assert!(parse_clock("3 21:40").is_err());
        for absurd in ["Day 99999999999999999 10:00", "Day 2 -5:00", "Day 2 10:-1"] {
            assert!(parse_clock(absurd).is_err(), "{absurd}");
        }
    }
}
