//! Hash routes, so `dist/` works under any sub-path of any static server
//! without a fallback rule: everything after `#` stays in the browser.

use crate::core::engine::Mode;
use crate::core::model::is_scenario_id;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// A scenario's start page: content note, support, mode.
    Scenario(String),
    /// Playing a scenario. With a seed, a new run from that seed (or the
    /// unfinished run with the same seed and mode); without, the unfinished run.
    Play {
        id: String,
        seed: Option<u64>,
        mode: Option<Mode>,
    },
    Report(u32),
    Record,
    /// The guidance: the index, or one section by its slug (`ref-8-p1`).
    Guidance(Option<String>),
    NotFound,
}

impl Route {
    /// Reads `location.hash`, with or without its `#`.
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match parts.as_slice() {
            [""] => Route::Home,
            ["record"] => Route::Record,
            ["scenario", id] if is_scenario_id(id) => Route::Scenario((*id).to_string()),
            ["play", id] if is_scenario_id(id) => {
                let mut seed = None;
                let mut mode = None;
                for (key, value) in query.split('&').filter_map(|p| p.split_once('=')) {
                    match key {
                        "seed" => seed = value.parse().ok(),
                        "mode" => mode = parse_mode(value),
                        _ => {}
                    }
                }
                Route::Play {
                    id: (*id).to_string(),
                    seed,
                    mode,
                }
            }
            ["report", number] => number.parse().map_or(Route::NotFound, Route::Report),
            ["guidance"] => Route::Guidance(None),
            // The page says when a well-formed slug names no section.
            ["guidance", slug] if is_slug(slug) => Route::Guidance(Some((*slug).to_string())),
            _ => Route::NotFound,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "#/".to_string(),
            Route::Scenario(id) => format!("#/scenario/{id}"),
            Route::Play { id, seed, mode } => {
                let mut query: Vec<String> = Vec::new();
                if let Some(seed) = seed {
                    query.push(format!("seed={seed}"));
                }
                if let Some(mode) = mode {
                    query.push(format!("mode={}", mode_id(*mode)));
                }
                if query.is_empty() {
                    format!("#/play/{id}")
                } else {
                    format!("#/play/{id}?{}", query.join("&"))
                }
            }
            Route::Report(number) => format!("#/report/{number}"),
            Route::Record => "#/record".to_string(),
            Route::Guidance(None) => "#/guidance".to_string(),
            Route::Guidance(Some(slug)) => format!("#/guidance/{slug}"),
        }
    }
}

pub fn mode_id(mode: Mode) -> &'static str {
    match mode {
        Mode::Training => "training",
        Mode::Assessment => "assessment",
    }
}

pub fn parse_mode(text: &str) -> Option<Mode> {
    match text {
        "training" => Some(Mode::Training),
        "assessment" => Some(Mode::Assessment),
        _ => None,
    }
}

/// Guidance slugs are lowercase letters, digits, `.` and `-`.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_read_back_from_their_own_links() {
        let routes = [
            Route::Home,
            Route::Record,
            Route::Scenario("after-the-break-up".into()),
            Route::Play {
                id: "after-the-break-up".into(),
                seed: None,
                mode: None,
            },
            Route::Play {
                id: "the-tracker".into(),
                seed: Some(7),
                mode: Some(Mode::Assessment),
            },
            Route::Report(12),
            Route::Guidance(None),
            Route::Guidance(Some("ref-8-p1".into())),
            Route::Guidance(Some("sc-4.2.2".into())),
        ];
        for route in routes {
            assert_eq!(Route::parse(&route.href()), route, "{}", route.href());
        }
    }

    /// Every id the checker accepts has a page; every other id has none.
    #[test]
    fn the_router_takes_exactly_the_ids_the_checker_takes() {
        for id in [
            "mini",
            "the-tracker",
            "a1",
            "2nd-visit",
            "my_mini",
            "My-Mini",
            "-x",
            "a b",
            "",
        ] {
            let routed = Route::parse(&Route::Scenario(id.to_string()).href());
            assert_eq!(
                routed == Route::Scenario(id.to_string()),
                is_scenario_id(id),
                "{id:?}"
            );
        }
    }

    #[test]
    fn empty_and_odd_hashes() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("#/nowhere"), Route::NotFound);
        assert_eq!(Route::parse("#/report/x"), Route::NotFound);
        assert_eq!(Route::parse("#/scenario/<b>"), Route::NotFound);
        assert_eq!(Route::parse("#/guidance/Ref §4"), Route::NotFound);
        assert_eq!(Route::parse("#/guidance/"), Route::NotFound);
        assert_eq!(
            Route::parse("#/play/x?mode=exam&seed=-1&other=1"),
            Route::Play {
                id: "x".into(),
                seed: None,
                mode: None
            }
        );
    }
}
