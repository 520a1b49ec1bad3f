//! The competency chart: an SVG bar per competency with the pass mark, and
//! the same figures in a table. Bars below the pass mark are hatched and
//! say so in words, so nothing depends on colour.

use crate::core::scoring::{passes, Points};
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct ChartRow {
    pub name: String,
    pub percent: Option<u32>,
    pub band: Option<String>,
    pub points: Points,
}

impl ChartRow {
    /// One row per competency of a report, in the framework's order.
    pub fn from_report(report: &crate::core::report::GapReport) -> Vec<ChartRow> {
        report
            .competencies
            .iter()
            .map(|c| ChartRow {
                name: c.name.clone(),
                percent: c.percent,
                band: c.band.clone(),
                points: c.points(),
            })
            .collect()
    }
}

const WIDTH: u32 = 360;
const BAR: u32 = 220;
const TOP: u32 = 30;
const ROW: u32 = 82;

fn standing(row: &ChartRow, pass_mark: u32) -> String {
    match (row.percent, &row.band) {
        (Some(p), Some(band)) if passes(p, pass_mark) => {
            format!("{band}, at or above the pass mark")
        }
        (Some(_), Some(band)) => format!("{band}, below the pass mark"),
        _ => "Not assessed".to_string(),
    }
}

fn x(percent: u32) -> u32 {
    percent.min(100) * BAR / 100
}

/// The chart; `id` prefixes the ids inside and must be unique on the page.
pub fn competency_chart(id: &str, caption: &str, rows: &[ChartRow], pass_mark: u32) -> Html {
    let height = TOP + ROW * rows.len() as u32;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let hatch_id = format!("{id}-hatch");
    let description = rows
        .iter()
        .map(|r| match r.percent {
            Some(p) => format!("{}: {p}%, {}.", r.name, standing(r, pass_mark)),
            None => format!("{}: not assessed.", r.name),
        })
        .collect::<Vec<_>>()
        .join(" ");
    let pass_x = x(pass_mark);
    html! {
        <div class="chart">
            <svg
                class="chart__svg"
                viewBox={format!("0 0 {WIDTH} {height}")}
                role="img"
                aria-labelledby={format!("{title_id} {desc_id}")}
                focusable="false"
            >
                <title id={title_id}>{ caption }</title>
                <desc id={desc_id}>{ description }</desc>
                <defs>
                    <pattern id={hatch_id.clone()} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect class="chart__hatch-bg" width="8" height="8" />
                        <line class="chart__hatch" x1="0" y1="0" x2="0" y2="8" stroke-width="4" />
                    </pattern>
                </defs>
                <text class="chart__mark-label" x={pass_x.to_string()} y="14" text-anchor="middle">
                    { format!("Pass mark {}%", pass_mark) }
                </text>
                { for rows.iter().enumerate().map(|(i, row)| {
                    let top = TOP + ROW * i as u32;
                    let bar = match row.percent {
                        Some(p) => {
                            let below = !passes(p, pass_mark);
                            html! {
                                <>
                                    <rect class="chart__track" x="0" y={(top + 26).to_string()} width={BAR.to_string()} height="22" />
                                    <rect
                                        class={if below { "chart__bar chart__bar--below" } else { "chart__bar" }}
                                        fill={below.then(|| format!("url(#{hatch_id})"))}
                                        x="0" y={(top + 26).to_string()} width={x(p).to_string()} height="22"
                                    />
                                    <text class="chart__figure" x={(x(p) + 6).to_string()} y={(top + 43).to_string()}>{ format!("{p}%") }</text>
                                </>
                            }
                        }
                        None => html! {},
                    };
                    html! {
                        <g>
                            <text class="chart__name" x="0" y={(top + 18).to_string()}>{ &row.name }</text>
                            { bar }
                            // The pass mark crosses each bar only, never the words.
                            <line
                                class="chart__mark"
                                x1={pass_x.to_string()} x2={pass_x.to_string()}
                                y1={(top + 22).to_string()} y2={(top + 52).to_string()}
                                stroke-dasharray="4 3"
                            />
                            <text class="chart__standing" x="0" y={(top + 68).to_string()}>{ standing(row, pass_mark) }</text>
                        </g>
                    }
                }) }
            </svg>
        </div>
    }
}

pub fn competency_table(caption: &str, rows: &[ChartRow], pass_mark: u32) -> Html {
    html! {
        <table class="table">
            <caption class="table__caption">{ caption }{ " (the figures in the chart)" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Competency" }</th>
                    <th scope="col" class="table__numeric">{ "Score" }</th>
                    <th scope="col">{ "Band" }</th>
                </tr>
            </thead>
            <tbody>
                { for rows.iter().map(|row| html! {
                    <tr>
                        <th scope="row">{ &row.name }</th>
                        <td class="table__numeric">
                            { row.percent.map_or("–".to_string(), |p| format!("{p}%")) }
                            if row.points.best > 0 {
                                <span class="table__detail">{ format!("{} of {} points", row.points.credited(), row.points.best) }</span>
                            }
                        </td>
                        <td>
                            { row.band.clone().unwrap_or_else(|| "Not assessed".into()) }
                            if let Some(p) = row.percent {
                                <span class="table__detail">
                                    { if passes(p, pass_mark) { "At or above the pass mark" } else { "Below the pass mark" } }
                                </span>
                            }
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
