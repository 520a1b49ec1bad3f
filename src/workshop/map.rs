//! The scenario map, drawn from the core's layout as SVG elements (never a
//! string of markup): a box per scene with its title, id and marks in
//! words, arrows for where the options lead, and beside it each
//! competency's range of points. Every box is a button that opens its scene
//! in the editor. Marks never rely on colour: words, dashed and double
//! borders, and thicker lines say the same.

use super::check::Checked;
use crate::app::{browser, Shared};
use crate::core::framework::Framework;
use crate::core::map::{MapEdge, NodeKind, SceneMap};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MapProps {
    pub checked: Option<Shared<Checked>>,
    pub framework: Shared<Framework>,
    /// The index of the scene box activated.
    pub on_open: Callback<usize>,
    /// Which file is open: a new one scrolls the map to its start.
    pub seq: u32,
    /// Beside the forms: the map alone, without the table of points.
    #[prop_or_default]
    pub compact: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Left,
    Right,
    Up,
    Down,
}

impl Direction {
    fn of(key: &str) -> Option<Direction> {
        Some(match key {
            "ArrowLeft" => Direction::Left,
            "ArrowRight" => Direction::Right,
            "ArrowUp" => Direction::Up,
            "ArrowDown" => Direction::Down,
            _ => return None,
        })
    }
}

fn centres(map: &SceneMap) -> Vec<(f64, f64)> {
    map.nodes
        .iter()
        .map(|n| (n.x + n.width / 2.0, n.y + n.height / 2.0))
        .collect()
}

/// The box an arrow key moves to: the nearest one that way, preferring
/// boxes in line with this one (a box off to the side counts double).
fn neighbour(centres: &[(f64, f64)], from: usize, direction: Direction) -> Option<usize> {
    let (x, y) = *centres.get(from)?;
    centres
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != from)
        .filter_map(|(i, &(cx, cy))| {
            let (along, across) = match direction {
                Direction::Right => (cx - x, cy - y),
                Direction::Left => (x - cx, cy - y),
                Direction::Down => (cy - y, cx - x),
                Direction::Up => (y - cy, cx - x),
            };
            (along > 1.0).then_some((i, along + 2.0 * across.abs()))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

fn n(value: f64) -> String {
    format!("{value:.1}")
}

fn leads(map: &SceneMap, index: usize) -> String {
    let targets: Vec<String> = map
        .edges
        .iter()
        .filter(|e| e.from == index)
        .map(|e| {
            let to = &map.nodes[e.to].id;
            match (e.critical, e.back) {
                (true, _) => format!("{to} (through a critical option)"),
                (false, true) => format!("{to} (back round a loop)"),
                _ => to.clone(),
            }
        })
        .collect();
    if targets.is_empty() {
        "Leads nowhere".to_string()
    } else {
        format!("Leads to {}", targets.join(", "))
    }
}

fn edge(e: &MapEdge, map: &SceneMap) -> Html {
    let points = e
        .points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let class = classes!(
        "map__edge",
        e.critical.then_some("map__edge--critical"),
        e.back.then_some("map__edge--back")
    );
    let marker = if e.critical {
        "url(#map-arrow-critical)"
    } else {
        "url(#map-arrow)"
    };
    let title = format!(
        "{}{} → {}: {}",
        if e.critical { "Critical: " } else { "" },
        map.nodes[e.from].id,
        map.nodes[e.to].id,
        e.label
    );
    html! {
        <polyline {class} points={points} marker-end={marker}>
            <title>{ title }</title>
        </polyline>
    }
}

fn node(map: &SceneMap, index: usize, start: usize, on_open: &Callback<usize>) -> Html {
    let node = &map.nodes[index];
    let notes = SceneMap::node_notes(node).join(" · ");
    // The name starts with the words the box shows (its title in full: the
    // box clips what does not fit), then what only the arrows show.
    let label = format!(
        "{} {} {}. {}{}. Opens the scene.",
        node.title,
        node.id,
        notes,
        if index == start { "The start. " } else { "" },
        leads(map, index)
    );
    let clip = format!("map-clip-{index}");
    let open = {
        let on_open = on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(index))
    };
    let key = {
        let on_open = on_open.clone();
        let centres = centres(map);
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" || key == " " {
                e.prevent_default();
                on_open.emit(index);
            } else if let Some(direction) = Direction::of(&key) {
                // Arrow keys move between boxes, to the nearest one that way.
                e.prevent_default();
                if let Some(next) = neighbour(&centres, index, direction) {
                    browser::focus_id(&format!("map-node-{next}"));
                }
            }
        })
    };
    let class = classes!(
        "map__node",
        match node.kind {
            NodeKind::Decision => "map__node--decision",
            NodeKind::Continue => "map__node--continue",
            NodeKind::Ending => "map__node--ending",
        },
        (node.unreachable || node.no_way_out).then_some("map__node--problem")
    );
    let (x, y, w, h) = (node.x, node.y, node.width, node.height);
    // Long lists of marks are squeezed to fit the box rather than cut.
    let squeeze = (notes.chars().count() > 38).then(|| n(w - 16.0));
    html! {
        // The tooltip (a box's title in full) sits on a wrapper, outside the
        // button, so the button's text stays exactly what its name starts with.
        <g class="map__item" role="none" key={node.id.clone()}>
        <title>{ format!("{} ({})", node.title, node.id) }</title>
        <g {class} id={format!("map-node-{index}")} role="button" tabindex="0" aria-label={label} data-scene={node.id.clone()} onclick={open} onkeydown={key}>
            <rect class="map__focus" x={n(x - 5.0)} y={n(y - 5.0)} width={n(w + 10.0)} height={n(h + 10.0)} rx="7" />
            <rect class="map__box" x={n(x)} y={n(y)} width={n(w)} height={n(h)} rx="4" />
            if node.kind == NodeKind::Ending {
                <rect class="map__inner" x={n(x + 4.0)} y={n(y + 4.0)} width={n(w - 8.0)} height={n(h - 8.0)} rx="2" />
            }
            <clipPath id={clip.clone()}>
                <rect x={n(x + 6.0)} y={n(y)} width={n(w - 12.0)} height={n(h)} />
            </clipPath>
            <g clip-path={format!("url(#{clip})")}>
                // Spaces between the lines, so their words do not run together
                // for anything that reads the text (SVG draws none of them).
                <text class="map__title" x={n(x + 10.0)} y={n(y + 20.0)}>{ &node.title }</text>{ " " }
                <text class="map__id" x={n(x + 10.0)} y={n(y + 37.0)}>{ &node.id }</text>{ " " }
                <text class="map__notes" x={n(x + 10.0)} y={n(y + 54.0)} textLength={squeeze.clone()} lengthAdjust={squeeze.as_ref().map(|_| "spacingAndGlyphs")}>{ notes }</text>
            </g>
        </g>
        </g>
    }
}

#[component]
pub fn MapView(props: &MapProps) -> Html {
    let region = use_node_ref();
    // A newly opened file's map starts with its first scene in view (a wide
    // map can put it far to the right); edits keep the trainer's place.
    let start_x = props.checked.as_ref().and_then(|c| {
        let start = c.draft.scenario.as_ref()?.start;
        let node = c.map.as_ref()?.nodes.get(start)?;
        Some(node.x + node.width / 2.0)
    });
    {
        let region = region.clone();
        use_effect_with((props.seq, start_x.is_some()), move |_| {
            if let (Some(element), Some(x)) = (region.cast::<web_sys::Element>(), start_x) {
                let left = x - f64::from(element.client_width()) / 2.0;
                element.set_scroll_left(left.max(0.0) as i32);
                element.set_scroll_top(0);
            }
        });
    }
    let Some(checked) = &props.checked else {
        return html! { <p class="body">{ "The map appears here once there is a scenario in the editor." }</p> };
    };
    let (Some(map), Some(stats)) = (&checked.map, &checked.stats) else {
        return html! {
            <p class="body">{ "The map appears once the file can be read as a scenario. Fix the first problem listed above." }</p>
        };
    };
    let title = checked.title().unwrap_or("this scenario");
    let start = checked.draft.scenario.as_ref().map_or(0, |s| s.start);
    let competency = |id: &str| {
        props
            .framework
            .competency(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let paths = if stats.paths_capped {
        "more complete paths than can be counted".to_string()
    } else {
        plural(stats.paths as usize, "complete path")
    };
    html! {
        <>
            <p class="body" id="map-hint">
                { format!(
                    "{}, {}, {} and {}. Each box is a scene, with its marks in words; arrows show where its options lead. Select a box to open its scene; arrow keys move between boxes; point at a box to read a title too long for it.",
                    plural(stats.scenes, "scene"),
                    plural(stats.decisions, "decision"),
                    plural(stats.endings, "ending"),
                    paths
                ) }
            </p>
            <div class={classes!("map-layout", props.compact.then_some("map-layout--compact"))}>
                <div class="map" ref={region} role="region" tabindex="0" aria-label={format!("Map of {title} (scrolls)")} aria-describedby="map-hint">
                    <svg
                        class="map__svg"
                        width={n(map.width)}
                        height={n(map.height)}
                        viewBox={format!("0 0 {:.0} {:.0}", map.width, map.height)}
                        role="group"
                        aria-label={format!("Scenes of {title}")}
                    >
                        <defs>
                            <marker id="map-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto">
                                <path class="map__arrow" d="M0,0 L10,5 L0,10 z" />
                            </marker>
                            <marker id="map-arrow-critical" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto">
                                <path class="map__arrow map__arrow--critical" d="M0,0 L10,5 L0,10 z" />
                            </marker>
                        </defs>
                        <g class="map__edges" aria-hidden="true">
                            { for map.edges.iter().map(|e| edge(e, map)) }
                        </g>
                        { for (0..map.nodes.len()).map(|i| node(map, i, start, &props.on_open)) }
                    </svg>
                </div>
                if !props.compact {
                <div class="map-side">
                    <table class="table">
                        <caption class="table__caption">{ "Points each competency can earn" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Competency" }</th>
                                <th scope="col" class="table__numeric">{ "Fewest" }</th>
                                <th scope="col" class="table__numeric">{ "Most" }</th>
                                <th scope="col">{ "Every path?" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for stats.competencies.iter().map(|(id, range)| html! {
                                <tr>
                                    <th scope="row">{ competency(id) }</th>
                                    <td class="table__numeric">{ range.min }</td>
                                    <td class="table__numeric">{ range.max }</td>
                                    <td>{ if range.best_min > 0 { "Yes" } else { "No: some paths never assess it" } }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    if stats.competencies.is_empty() {
                        <p class="body">{ "No option is scored yet." }</p>
                    }
                    <p class="hint">{ "Fewest and most: the points a complete path from the start can earn, over every path." }</p>
                    <h3 class="heading-s">{ "Reading the map" }</h3>
                    <ul class="list list--bullet map-key">
                        <li>{ "Each box shows the scene's title, its id, and in words: Decision, Continue or Ending; UNREACHABLE; NO WAY OUT; ⚠ critical options; ★ key actions." }</li>
                        <li>{ "A double border marks an ending; a dashed border marks a scene that is unreachable or has no way out." }</li>
                        <li>{ "A thick line is a critical option; a dashed line goes back round a loop. Point at a line to see the options that take it." }</li>
                    </ul>
                </div>
                }
            </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_go_to_the_nearest_box_that_way() {
        // Two layers, left to right: a start, two boxes after it, one below those.
        let centres = [
            (0.0, 100.0),
            (200.0, 50.0),
            (200.0, 150.0),
            (200.0, 250.0),
            (400.0, 100.0),
        ];
        assert_eq!(neighbour(&centres, 0, Direction::Right), Some(1));
        assert_eq!(neighbour(&centres, 1, Direction::Down), Some(2));
        assert_eq!(neighbour(&centres, 2, Direction::Down), Some(3));
        assert_eq!(neighbour(&centres, 3, Direction::Down), None);
        assert_eq!(neighbour(&centres, 2, Direction::Up), Some(1));
        assert_eq!(neighbour(&centres, 1, Direction::Right), Some(4));
        assert_eq!(neighbour(&centres, 4, Direction::Left), Some(1));
        assert_eq!(neighbour(&centres, 0, Direction::Left), None);
        assert_eq!(neighbour(&centres, 9, Direction::Left), None);
    }
}
