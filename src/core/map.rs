//! The scenario map: scenes and choices laid out as a layered graph, top to
//! bottom, for the workshop view and `scenario graph`. Layers follow the
//! longest path from the start; edges that skip layers pass through virtual
//! points so they run between boxes rather than across them; each layer is
//! ordered by the barycentre of its neighbours to cut crossings.
//!
//! The layout is plain data. `to_svg` and `to_dot` write it as text for
//! documents; the app draws the same data as SVG elements.

use crate::core::analysis::Analysis;
use crate::core::model::{DecisionKind, Routing, Scenario, SceneBody, SceneIndex};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub const BOX_WIDTH: f64 = 240.0;
pub const BOX_HEIGHT: f64 = 64.0;
const GAP_X: f64 = 36.0;
const GAP_Y: f64 = 70.0;
const MARGIN: f64 = 20.0;
/// Room a virtual point takes in its layer, so long edges keep clear of boxes.
const LANE: f64 = 16.0;
/// Unreachable scenes go in rows of this many below the rest.
const ORPHANS_PER_ROW: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Decision,
    Continue,
    Ending,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapNode {
    pub scene: SceneIndex,
    pub id: String,
    pub title: String,
    pub kind: NodeKind,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub unreachable: bool,
    /// Reachable, but no ending can be reached from it.
    pub no_way_out: bool,
    pub critical_options: usize,
    pub key_actions: Vec<String>,
    /// Where the scene starts in the file, for "open in the editor".
    pub span_start: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapEdge {
    pub from: SceneIndex,
    pub to: SceneIndex,
    /// From the bottom of one box to the top of the other, through any virtual points.
    pub points: Vec<(f64, f64)>,
    /// The option (or "continue") that takes this edge; several are joined.
    pub label: String,
    pub critical: bool,
    /// Goes back round a loop.
    pub back: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SceneMap {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
}

/// One edge of the scene graph with what takes it.
struct Link {
    from: SceneIndex,
    to: SceneIndex,
    labels: Vec<String>,
    critical: bool,
}

fn links(scenario: &Scenario) -> Vec<Link> {
    let mut by_pair: BTreeMap<(SceneIndex, SceneIndex), Link> = BTreeMap::new();
    let mut add = |from, to, label: String, critical| {
        let link = by_pair.entry((from, to)).or_insert(Link {
            from,
            to,
            labels: Vec::new(),
            critical: false,
        });
        if !link.labels.contains(&label) {
            link.labels.push(label);
        }
        link.critical |= critical;
    };
    for (index, scene) in scenario.scenes.iter().enumerate() {
        match &scene.body {
            SceneBody::Ending(_) => {}
            SceneBody::Next(routing) => {
                for (to, label) in routed("continue", routing) {
                    add(index, to, label, false);
                }
            }
            // Every tick of a "select all" decision goes the decision's way.
            SceneBody::Decision(decision) if decision.kind == DecisionKind::Multiple => {
                let ticks: Vec<&str> = decision.options.iter().map(|o| o.id.as_str()).collect();
                let critical = decision.options.iter().any(|o| o.critical);
                for (to, label) in routed(&ticks.join(", "), &decision.routing) {
                    add(index, to, label, critical);
                }
            }
            SceneBody::Decision(decision) => {
                for option in &decision.options {
                    for (to, label) in routed(&option.id, decision.leads_from(option)) {
                        add(index, to, label, option.critical);
                    }
                }
            }
        }
    }
    by_pair.into_values().collect()
}

/// Where a routing leads, each labelled with what takes it there and the
/// conditions of its route: `apply if elapsed >= 14d`, then `apply otherwise`.
fn routed(what: &str, routing: &Routing) -> Vec<(SceneIndex, String)> {
    let mut out: Vec<(SceneIndex, String)> = routing
        .routes
        .iter()
        .map(|route| {
            let when: Vec<String> = route.when.iter().map(|c| c.value.to_string()).collect();
            let label = if when.is_empty() {
                what.to_string()
            } else {
                format!("{what} if {}", when.join(" and "))
            };
            (route.to, label)
        })
        .collect();
    if let Some(to) = routing.fallback {
        let label = if routing.routes.is_empty() {
            what.to_string()
        } else {
            format!("{what} otherwise")
        };
        out.push((to, label));
    }
    out
}

/// A slot in a layer: a scene's box, or a virtual point on a long edge.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Scene(SceneIndex),
    Virtual(usize),
}

pub fn layout(scenario: &Scenario, analysis: &Analysis) -> SceneMap {
    let count = scenario.scenes.len();
    let links = links(scenario);
    let is_back = |l: &Link| analysis.back_edges.contains(&(l.from, l.to));

    // Longest-path layering over forward edges, in topological order.
    let mut layer = vec![usize::MAX; count];
    if scenario.start < count && analysis.reachable[scenario.start] {
        layer[scenario.start] = 0;
    }
    let mut incoming = vec![0usize; count];
    for l in links
        .iter()
        .filter(|l| !is_back(l) && analysis.reachable[l.from])
    {
        incoming[l.to] += 1;
    }
    let mut ready: Vec<SceneIndex> = (0..count)
        .filter(|&i| analysis.reachable[i] && incoming[i] == 0)
        .collect();
    let mut outgoing: Vec<Vec<&Link>> = vec![Vec::new(); count];
    for l in links.iter().filter(|l| !is_back(l)) {
        outgoing[l.from].push(l);
    }
    while let Some(scene) = ready.pop() {
        if layer[scene] == usize::MAX {
            layer[scene] = 0;
        }
        for l in &outgoing[scene] {
            layer[l.to] = if layer[l.to] == usize::MAX {
                layer[scene] + 1
            } else {
                layer[l.to].max(layer[scene] + 1)
            };
            incoming[l.to] -= 1;
            if incoming[l.to] == 0 {
                ready.push(l.to);
            }
        }
    }
    let deepest = (0..count)
        .filter(|&i| layer[i] != usize::MAX)
        .map(|i| layer[i])
        .max()
        .unwrap_or(0);
    let orphans: Vec<SceneIndex> = (0..count).filter(|&i| layer[i] == usize::MAX).collect();
    for (n, &orphan) in orphans.iter().enumerate() {
        layer[orphan] = deepest + 1 + n / ORPHANS_PER_ROW;
    }
    let layers_total = layer.iter().copied().max().map_or(0, |m| m + 1);

    // Slots per layer: scenes in file order, then virtual points for edges
    // that skip layers (each edge's chain of points).
    let mut layers: Vec<Vec<Slot>> = vec![Vec::new(); layers_total];
    for (scene, &l) in layer.iter().enumerate() {
        layers[l].push(Slot::Scene(scene));
    }
    let mut chains: Vec<Vec<(usize, usize)>> = Vec::with_capacity(links.len());
    let mut virtual_count = 0;
    for l in &links {
        let mut chain = Vec::new();
        if !is_back(l) && layer[l.to] > layer[l.from] + 1 && layer[l.to] <= deepest {
            let (first, last) = (layer[l.from] + 1, layer[l.to]);
            for (between, row) in layers.iter_mut().enumerate().take(last).skip(first) {
                row.push(Slot::Virtual(virtual_count));
                chain.push((between, virtual_count));
                virtual_count += 1;
            }
        }
        chains.push(chain);
    }

    // Neighbours of every slot across adjacent layers, for the barycentre sweeps.
    let slot_key = |s: Slot| match s {
        Slot::Scene(i) => i,
        Slot::Virtual(v) => count + v,
    };
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); count + virtual_count];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); count + virtual_count];
    for (l, chain) in links.iter().zip(&chains) {
        if is_back(l) || layer[l.to] <= layer[l.from] {
            continue;
        }
        let path: Vec<usize> = std::iter::once(l.from)
            .chain(chain.iter().map(|&(_, v)| count + v))
            .chain(std::iter::once(l.to))
            .collect();
        for pair in path.windows(2) {
            down[pair[0]].push(pair[1]);
            up[pair[1]].push(pair[0]);
        }
    }
    let mut position = vec![0.0f64; count + virtual_count];
    let reset = |layers: &Vec<Vec<Slot>>, position: &mut Vec<f64>| {
        for row in layers {
            for (i, &s) in row.iter().enumerate() {
                position[slot_key(s)] = i as f64;
            }
        }
    };
    reset(&layers, &mut position);
    for sweep in 0..6 {
        let downward = sweep % 2 == 0;
        let rows: Vec<usize> = if downward {
            (1..=deepest.min(layers_total.saturating_sub(1))).collect()
        } else {
            (0..deepest).rev().collect()
        };
        for r in rows {
            let neighbours = if downward { &up } else { &down };
            let mut keyed: Vec<(f64, usize, Slot)> = layers[r]
                .iter()
                .enumerate()
                .map(|(i, &s)| {
                    let n = &neighbours[slot_key(s)];
                    let centre = if n.is_empty() {
                        i as f64
                    } else {
                        n.iter().map(|&k| position[k]).sum::<f64>() / n.len() as f64
                    };
                    (centre, i, s)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layers[r] = keyed.into_iter().map(|(_, _, s)| s).collect();
            for (i, &s) in layers[r].iter().enumerate() {
                position[slot_key(s)] = i as f64;
            }
        }
    }

    // Coordinates: each layer's slots side by side, the layer centred.
    let slot_width = |s: Slot| match s {
        Slot::Scene(_) => BOX_WIDTH,
        Slot::Virtual(_) => LANE,
    };
    let row_width = |row: &Vec<Slot>| {
        row.iter().map(|&s| slot_width(s)).sum::<f64>() + GAP_X * row.len().saturating_sub(1) as f64
    };
    let widest = layers.iter().map(row_width).fold(0.0, f64::max);
    let mut centre = vec![(0.0f64, 0.0f64); count + virtual_count];
    for (r, row) in layers.iter().enumerate() {
        let mut x = MARGIN + (widest - row_width(row)) / 2.0;
        let y = MARGIN + r as f64 * (BOX_HEIGHT + GAP_Y);
        for &s in row {
            let w = slot_width(s);
            centre[slot_key(s)] = (x + w / 2.0, y + BOX_HEIGHT / 2.0);
            x += w + GAP_X;
        }
    }

    let nodes = (0..count)
        .map(|i| {
            let scene = &scenario.scenes[i];
            let (cx, cy) = centre[i];
            let (critical_options, key_actions) = match &scene.body {
                SceneBody::Decision(d) => (
                    d.options.iter().filter(|o| o.critical).count(),
                    d.options
                        .iter()
                        .flat_map(|o| o.achieves.iter().map(|a| a.name.clone()))
                        .collect(),
                ),
                _ => (0, Vec::new()),
            };
            MapNode {
                scene: i,
                id: scene.id.clone(),
                title: scene.title.clone(),
                kind: match scene.body {
                    SceneBody::Decision(_) => NodeKind::Decision,
                    SceneBody::Next(_) => NodeKind::Continue,
                    SceneBody::Ending(_) => NodeKind::Ending,
                },
                x: cx - BOX_WIDTH / 2.0,
                y: cy - BOX_HEIGHT / 2.0,
                width: BOX_WIDTH,
                height: BOX_HEIGHT,
                unreachable: !analysis.reachable[i],
                no_way_out: analysis.reachable[i] && !analysis.can_end[i],
                critical_options,
                key_actions,
                span_start: scene.span.start,
            }
        })
        .collect();

    let edges = links
        .iter()
        .zip(&chains)
        .map(|(l, chain)| {
            let (fx, fy) = centre[l.from];
            let (tx, ty) = centre[l.to];
            let mut points = vec![(fx, fy + BOX_HEIGHT / 2.0)];
            points.extend(chain.iter().map(|&(_, v)| centre[count + v]));
            points.push((tx, ty - BOX_HEIGHT / 2.0));
            MapEdge {
                from: l.from,
                to: l.to,
                points,
                label: l.labels.join(", "),
                critical: l.critical,
                back: is_back(l),
            }
        })
        .collect();

    SceneMap {
        width: widest + 2.0 * MARGIN,
        height: MARGIN * 2.0 + layers_total as f64 * (BOX_HEIGHT + GAP_Y) - GAP_Y,
        nodes,
        edges,
    }
}

impl SceneMap {
    /// Pairs of scene boxes that overlap; empty for a readable map.
    pub fn overlaps(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        for (i, a) in self.nodes.iter().enumerate() {
            for b in &self.nodes[i + 1..] {
                let apart = a.x + a.width <= b.x
                    || b.x + b.width <= a.x
                    || a.y + a.height <= b.y
                    || b.y + b.height <= a.y;
                if !apart {
                    out.push((a.id.as_str(), b.id.as_str()));
                }
            }
        }
        out
    }

    /// The words a box shows under its title: what kind of scene, and its marks.
    pub fn node_notes(node: &MapNode) -> Vec<String> {
        let mut notes = vec![match node.kind {
            NodeKind::Decision => "Decision".to_string(),
            NodeKind::Continue => "Continue".to_string(),
            NodeKind::Ending => "Ending".to_string(),
        }];
        if node.unreachable {
            notes.push("UNREACHABLE".into());
        }
        if node.no_way_out {
            notes.push("NO WAY OUT".into());
        }
        if node.critical_options > 0 {
            notes.push(format!("⚠ {} critical", node.critical_options));
        }
        if !node.key_actions.is_empty() {
            notes.push(format!("★ {} key action", node.key_actions.len()));
        }
        notes
    }

    /// A standalone SVG document. Marks are words and line styles as well as
    /// colour, so the map reads in greyscale and print.
    pub fn to_svg(&self, title: &str) -> String {
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="img" aria-labelledby="map-title" font-family="sans-serif" font-size="12">"#,
            w = self.width,
            h = self.height
        );
        let _ = writeln!(
            svg,
            r#"<title id="map-title">Scenario map: {}</title>"#,
            escape(title)
        );
        let _ = writeln!(
            svg,
            r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#505a5f"/></marker></defs>"##
        );
        for edge in &self.edges {
            let points: Vec<String> = edge
                .points
                .iter()
                .map(|(x, y)| format!("{x:.1},{y:.1}"))
                .collect();
            let (stroke, dash, width) = match (edge.critical, edge.back) {
                (true, _) => ("#d4351c", "", 2.5),
                (false, true) => ("#505a5f", r#" stroke-dasharray="6 4""#, 1.5),
                _ => ("#505a5f", "", 1.5),
            };
            let _ = writeln!(
                svg,
                r#"<polyline points="{}" fill="none" stroke="{stroke}" stroke-width="{width}"{dash} marker-end="url(#arrow)"><title>{}{}</title></polyline>"#,
                points.join(" "),
                if edge.critical { "Critical: " } else { "" },
                escape(&edge.label)
            );
        }
        for node in &self.nodes {
            let (fill, dash) = match (node.kind, node.unreachable || node.no_way_out) {
                (_, true) => ("#fff7e6", r#" stroke-dasharray="5 3""#),
                (NodeKind::Ending, _) => ("#e8f1f8", ""),
                _ => ("#ffffff", ""),
            };
            let border = if node.kind == NodeKind::Ending { 3 } else { 1 };
            let _ = writeln!(
                svg,
                r##"<g><rect x="{:.1}" y="{:.1}" width="{:.0}" height="{:.0}" rx="4" fill="{fill}" stroke="#0b0c0c" stroke-width="{border}"{dash}/><text x="{:.1}" y="{:.1}" font-weight="bold">{}</text><text x="{:.1}" y="{:.1}">{}</text><text x="{:.1}" y="{:.1}" fill="#505a5f">{}</text></g>"##,
                node.x,
                node.y,
                node.width,
                node.height,
                node.x + 8.0,
                node.y + 18.0,
                escape(&truncate(&node.title, 34)),
                node.x + 8.0,
                node.y + 36.0,
                escape(&node.id),
                node.x + 8.0,
                node.y + 54.0,
                escape(&Self::node_notes(node).join(" · ")),
            );
        }
        svg.push_str("</svg>\n");
        svg
    }

    /// Graphviz DOT, for review in other tools.
    pub fn to_dot(&self, title: &str) -> String {
        let mut dot = format!(
            "digraph \"{}\" {{\n  rankdir=TB;\n  node [shape=box, fontname=\"sans-serif\"];\n",
            title.replace('"', "'")
        );
        for node in &self.nodes {
            let style = match (node.kind, node.unreachable || node.no_way_out) {
                (_, true) => ", style=dashed",
                (NodeKind::Ending, _) => ", peripheries=2",
                _ => "",
            };
            let _ = writeln!(
                dot,
                "  \"{}\" [label=\"{}\\n{}\"{style}];",
                node.id,
                node.title.replace('"', "'"),
                Self::node_notes(node).join(" · ")
            );
        }
        for edge in &self.edges {
            let style = match (edge.critical, edge.back) {
                (true, _) => ", color=red, penwidth=2",
                (false, true) => ", style=dashed",
                _ => "",
            };
            let _ = writeln!(
                dot,
                "  \"{}\" -> \"{}\" [label=\"{}\"{style}];",
                self.nodes[edge.from].id,
                self.nodes[edge.to].id,
                edge.label.replace('"', "'")
            );
        }
        dot.push_str("}\n");
        dot
    }
}

fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        text.chars()
            .take(limit - 1)
            .chain(std::iter::once('…'))
            .collect()
    }
}

/// Escapes text for XML, so titles from scenario files stay text.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::SourceFile;
    use crate::core::fixtures::mini;
    use crate::core::framework::Framework;
    use crate::core::synthetic::scenario_text;
    use crate::core::validate::load;

    #[test]
    fn edges_say_which_route_conditions_take_them() {
        let loaded = mini();
        let scenario = loaded.scenario.unwrap();
        let map = layout(&scenario, loaded.analysis.as_ref().unwrap());
        let label = |from: &str, to: &str| {
            let index = |id: &str| scenario.scene_index(id).unwrap();
            map.edges
                .iter()
                .find(|e| e.from == index(from) && e.to == index(to))
                .map(|e| e.label.clone())
        };
        assert_eq!(
            label("review", "late").as_deref(),
            Some("apply if elapsed >= 14d, wait")
        );
        assert_eq!(label("review", "safe").as_deref(), Some("apply otherwise"));
        assert_eq!(
            label("advice", "escalation").as_deref(),
            Some("diary, refer, block if missed >= 1")
        );
        assert_eq!(
            label("advice", "later").as_deref(),
            Some("diary, refer, block otherwise")
        );
    }

    #[test]
    fn a_sixty_scene_map_has_no_overlapping_boxes_and_every_edge_ends_at_its_boxes() {
        let loaded = load(
            &SourceFile::new("s.toml", scenario_text(60)),
            &Framework::bundled(),
        );
        let scenario = loaded.scenario.unwrap();
        let map = layout(&scenario, loaded.analysis.as_ref().unwrap());
        assert_eq!(map.nodes.len(), 60);
        assert_eq!(map.overlaps(), Vec::<(&str, &str)>::new());
        for edge in &map.edges {
            let (from, to) = (&map.nodes[edge.from], &map.nodes[edge.to]);
            assert_eq!(
                edge.points[0],
                (from.x + from.width / 2.0, from.y + from.height)
            );
            assert_eq!(*edge.points.last().unwrap(), (to.x + to.width / 2.0, to.y));
            // Forward edges always go down the page.
            assert!(edge.points.windows(2).all(|p| p[1].1 > p[0].1));
        }
        assert!(map
            .nodes
            .iter()
            .all(|n| n.x >= 0.0 && n.x + n.width <= map.width && n.y + n.height <= map.height));
    }

    #[test]
    fn svg_escapes_text_from_the_file() {
        let mut loaded = load(
            &SourceFile::new("s.toml", scenario_text(3)),
            &Framework::bundled(),
        );
        let scenario = loaded.scenario.as_mut().unwrap();
        scenario.scenes[0].title = "<script>x</script> & co".into();
        let map = layout(scenario, loaded.analysis.as_ref().unwrap());
        let svg = map.to_svg("A & B");
        assert!(svg.contains("&lt;script&gt;x&lt;/script&gt; &amp; co"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("Scenario map: A &amp; B"));
    }
}
