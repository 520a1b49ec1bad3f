//! Beside the map: which ending each choice can lead to, worked out by the
//! core (`endings::endings_table`) when the trainer asks, since following
//! every run takes a moment. Only for a file with no errors: the table
//! plays the scenario.

use crate::app::Shared;
use crate::core::endings::{endings_table, EndingsTable, BROWSER_TRIES};
use crate::core::framework::Framework;
use crate::core::model::Scenario;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EndingsProps {
    pub scenario: Option<Shared<Scenario>>,
    pub framework: Shared<Framework>,
}

#[component]
pub fn Endings(props: &EndingsProps) -> Html {
    // The table and the scenario it was worked out for.
    let table = use_state(|| None::<(Shared<Scenario>, Shared<EndingsTable>)>);
    let heading = html! { <h3 class="heading-s" id="endings-title">{ "Which choices lead to which ending" }</h3> };
    let Some(scenario) = &props.scenario else {
        return html! {
            <section aria-labelledby="endings-title">
                { heading }
                <p class="body">{ "Once the file has no errors, you can see here which endings each choice can lead to." }</p>
            </section>
        };
    };
    let current = table
        .as_ref()
        .filter(|(for_scenario, _)| for_scenario == scenario)
        .map(|(_, t)| t.clone());
    let on_work_out = {
        let table = table.clone();
        let scenario = scenario.clone();
        let framework = props.framework.clone();
        Callback::from(move |_: MouseEvent| {
            let worked_out = endings_table(&scenario.0, &framework.0.settings, BROWSER_TRIES);
            table.set(Some((
                scenario.clone(),
                Shared(std::rc::Rc::new(worked_out)),
            )));
        })
    };
    let body = match current {
        None => html! {
            <button type="button" class="button button--secondary" id="work-out-endings" onclick={on_work_out}>
                { "Work out which choices lead to which ending" }
            </button>
        },
        Some(table) => endings(&table.0),
    };
    html! {
        <section aria-labelledby="endings-title">
            { heading }
            { body }
        </section>
    }
}

fn endings(table: &EndingsTable) -> Html {
    let how = if table.exact {
        "Worked out by following every run through the scenario.".to_string()
    } else {
        "There are too many runs to follow each one, so this follows flags, counters and the clock but not every combination of them: a choice may show an ending it cannot quite reach.".to_string()
    };
    html! {
        <>
            <p class="hint">{ how }</p>
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby="endings-caption">
                <table class="table table--compact" id="endings-table">
                    <caption class="table__caption" id="endings-caption">{ "Endings each choice can lead to" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Choice (scene: option)" }</th>
                            { for table.endings.iter().map(|e| html! { <th scope="col">{ format!("{} ({})", e.title, e.id) }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for table.rows.iter().map(|row| html! {
                            <tr>
                                <th scope="row">{ format!("{}: {}", row.scene_id, row.option_id) }</th>
                                { for row.leads_to.iter().map(|&can| html! { <td>{ if can { "Yes" } else { "No" } }</td> }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </>
    }
}
