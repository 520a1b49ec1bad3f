//! The catalogue of practice beside the library's use of it: for each
//! practice, every option that shows it. This is the one table a force's
//! stalking lead reads to sign off the library's judgements
//! (`scenario practices`).

use crate::core::framework::{Framework, Treatment};
use crate::core::model::{Scenario, SceneBody};
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Clone, Debug, Serialize)]
pub struct Use {
    pub scenario: String,
    pub scene: String,
    pub option: String,
    pub points: i32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub competency: String,
    pub treatment: Treatment,
    pub text: String,
    pub why: String,
    pub cite: String,
    pub not_applicable: bool,
    pub uses: Vec<Use>,
}

pub fn table(framework: &Framework, scenarios: &[&Scenario]) -> Vec<Row> {
    framework
        .practices
        .iter()
        .map(|practice| Row {
            id: practice.id.clone(),
            competency: practice.competency.clone(),
            treatment: practice.treatment,
            text: practice.text.clone(),
            why: practice.why.clone(),
            cite: practice.cite.clone(),
            not_applicable: framework.settings.withdraws(&practice.id),
            uses: scenarios
                .iter()
                .flat_map(|scenario| {
                    scenario.scenes.iter().flat_map(move |scene| {
                        let options = match &scene.body {
                            SceneBody::Decision(d) => d.options.as_slice(),
                            _ => &[],
                        };
                        options
                            .iter()
                            .filter(|o| o.practices.iter().any(|p| p.name == practice.id))
                            .map(move |o| Use {
                                scenario: scenario.id.clone(),
                                scene: scene.id.clone(),
                                option: o.id.clone(),
                                points: o.points.get(&practice.competency).copied().unwrap_or(0),
                            })
                    })
                })
                .collect(),
        })
        .collect()
}

/// The table as markdown, one section per competency.
pub fn to_markdown(rows: &[Row], framework: &Framework) -> String {
    let mut out = String::from("# The catalogue of practice\n\n");
    let _ = writeln!(
        out,
        "{} practices. Treatments: credit (rewarded), penalty (points off), critical (fails the run), not scored (contested or unverified). Uses: scenario / scene / option (points in the practice's competency).\n",
        rows.len()
    );
    for competency in &framework.competencies.competencies {
        let _ = writeln!(out, "## {}\n", competency.name);
        let _ = writeln!(
            out,
            "| Practice | Treatment | Cite | Used by |\n|---|---|---|---|"
        );
        for row in rows.iter().filter(|r| r.competency == competency.id) {
            let uses = if row.uses.is_empty() {
                "not used".to_string()
            } else {
                row.uses
                    .iter()
                    .map(|u| {
                        format!(
                            "{} / {} / {} ({:+})",
                            u.scenario, u.scene, u.option, u.points
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let withdrawn = if row.not_applicable {
                " (not applicable in this force)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "| **{}**{withdrawn}<br>{}<br>*Why:* {} | {} | {} | {} |",
                row.id,
                row.text.replace('|', "/"),
                row.why.replace('|', "/"),
                row.treatment.label(),
                row.cite,
                uses
            );
        }
        out.push('\n');
    }
    out
}
