//! The page frame and the small pieces every view uses: headings that take
//! focus, the error summary, notices, warnings marked by icon and words, and
//! a file's errors folded away for trainers.

use crate::app::browser;
use crate::app::lms;
use crate::app::records::{RecordsAction, RecordsHandle, SaveState};
use crate::app::route::Route;
use crate::app::storage::StoreError;
use crate::app::Shell;
use crate::core::text::HELPLINE;
use yew::prelude::*;

/// The main content's id, the skip link's target.
pub const MAIN: &str = "main-content";

#[derive(Properties, PartialEq)]
pub struct FrameProps {
    pub route: Route,
    pub children: Html,
}

/// The header, navigation, main landmark and footer around every view.
#[component]
pub fn Frame(props: &FrameProps) -> Html {
    let shell = use_context::<Shell>().expect("the shell is provided");
    let lms = &shell.lms;
    let skip = Callback::from(|e: MouseEvent| {
        // The hash holds the route, so move focus instead of following the link.
        e.prevent_default();
        browser::focus_id(MAIN);
    });
    let current = |route: &Route, label: &str, here: bool| {
        let active = here.then_some("page");
        html! {
            <a class="nav__link" href={route.href()} aria-current={active}>{ label.to_string() }</a>
        }
    };
    html! {
        <>
            <a class="skip-link" href={format!("#{MAIN}")} onclick={skip}>{ "Skip to main content" }</a>
            <header class="header">
                <div class="width">
                    <a class="header__service" href="#/">{ browser::SERVICE }</a>
                    <span class="header__tagline">{ "Stalking response training" }</span>
                    <nav class="nav" aria-label="Main">
                        <ul class="nav__list">
                            <li>{ current(&Route::Home, "Scenarios", props.route == Route::Home) }</li>
                            <li>{ current(&Route::Record, "Your record", props.route == Route::Record) }</li>
                            <li>{ current(&Route::Guidance(None), "Guidance", matches!(props.route, Route::Guidance(_))) }</li>
                        </ul>
                    </nav>
                </div>
            </header>
            <div class="width">
                <main class="main" id={MAIN} tabindex="-1">
                    if let Some(problem) = &lms.problem {
                        <div class="notification notification--alert" role="alert">
                            <h2 class="notification__heading">{ "Your result has not reached the force's records yet" }</h2>
                            <p>{ problem }</p>
                        </div>
                    }
                    <Notices />
                    { props.children.clone() }
                </main>
            </div>
            <footer class="footer">
                <div class="width">
                    <h2 class="visually-hidden">{ "Support and privacy" }</h2>
                    <p>{ "If anything in these scenarios affects you, you can call " }{ HELPLINE }{ " or speak to your force's wellbeing service." }</p>
                    <p>{ privacy(lms) }</p>
                </div>
            </footer>
        </>
    }
}

/// Where the officer's data goes, in one sentence.
fn privacy(lms: &lms::Status) -> &'static str {
    match lms.kind {
        None => "Your progress and your name are stored only in this browser on this device. Nothing you do here is sent anywhere.",
        Some(lms::Kind::Lrs) => "Your progress is stored in this browser, and your results are sent to your force's training records.",
        Some(_) => "You are signed in through your learning management system: your progress and results are recorded there, and a copy is kept in this browser.",
    }
}

/// A file's located errors under "Details for trainers", folded away so an
/// officer reads the plain summary first; `after` follows the errors.
pub fn trainer_details(details: &[String], after: Html) -> Html {
    html! {
        <details class="details">
            <summary class="details__summary">{ "Details for trainers" }</summary>
            <div class="details__text">
                { for details.iter().map(|d| html! { <pre class="diagnostic">{ d }</pre> }) }
                { after }
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct HeadingProps {
    pub text: AttrValue,
    #[prop_or_default]
    pub caption: Option<AttrValue>,
    /// Focus moves to the heading whenever this changes (after the first load).
    #[prop_or_default]
    pub focus_key: usize,
    /// Prefixes the page title with "Error:" while a form shows an error.
    #[prop_or_default]
    pub error: bool,
}

/// The view's one h1. It takes focus when the view or scene changes, so
/// keyboard and screen-reader users start at the new content.
#[component]
pub fn PageHeading(props: &HeadingProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.focus_key, move |_| {
            if browser::may_move_focus() {
                if let Some(element) = node.cast::<web_sys::Element>() {
                    browser::focus(&element);
                }
            }
        });
    }
    {
        let title = if props.error {
            format!("Error: {}", props.text)
        } else {
            props.text.to_string()
        };
        use_effect_with(title, |title| browser::set_title(title));
    }
    html! {
        <>
            if let Some(caption) = &props.caption {
                <p class="caption">{ caption }</p>
            }
            <h1 class="heading-l" tabindex="-1" ref={node}>{ &props.text }</h1>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub message: AttrValue,
    /// The id of the field to go to.
    pub target: AttrValue,
    /// Focus returns to the summary each time this changes.
    pub focus_key: u32,
}

#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.focus_key, move |_| {
            if let Some(element) = node.cast::<web_sys::Element>() {
                browser::focus(&element);
            }
        });
    }
    let target = props.target.clone();
    let go = Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        browser::focus_id(&target);
    });
    html! {
        <div class="error-summary" tabindex="-1" ref={node} aria-labelledby="error-summary-title">
            <h2 class="error-summary__title" id="error-summary-title">{ "There is a problem" }</h2>
            <ul class="error-summary__list">
                <li><a href={format!("#{}", props.target)} onclick={go}>{ &props.message }</a></li>
            </ul>
        </div>
    }
}

/// Important text marked by an icon and a word, never by colour alone.
pub fn warning(label: &str, body: Html) -> Html {
    html! {
        <div class="warning">
            <span class="warning__icon" aria-hidden="true">{ "!" }</span>
            <div class="warning__text">
                <strong class="warning__label">{ label }</strong>
                { body }
            </div>
        </div>
    }
}

/// One row of a summary list: a key and its value.
pub fn summary_row(key: &str, value: Html) -> Html {
    html! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{ key }</dt>
            <dd class="summary-list__value">{ value }</dd>
        </div>
    }
}

/// What happened to stored data, and whether saving works, on every page.
#[component]
fn Notices() -> Html {
    let records = use_context::<RecordsHandle>().expect("records are provided");
    let dismiss = {
        let records = records.clone();
        Callback::from(move |_| records.dispatch(RecordsAction::Dismiss))
    };
    let failed = match &records.save {
        SaveState::Failed(error) => Some(error.clone()),
        SaveState::Saved | SaveState::Held => None,
    };
    html! {
        <>
            if let Some(error) = failed {
                <div class="notification notification--alert" role="alert">
                    <h2 class="notification__heading">
                        { if error == StoreError::Unavailable { "Your progress is not being saved" } else { "Your progress could not be saved" } }
                    </h2>
                    <p>{ format!("The app tried to save your progress, but {error}.") }</p>
                    if error == StoreError::Full {
                        <p>{ "You can carry on, but if you close or reload the page your latest answers will be lost. To make room, download and then delete any data kept aside on " }<a href={Route::Record.href()}>{ "Your record" }</a>{ ", or clear other sites' data in your browser's settings. The app tries again at your next answer." }</p>
                    } else {
                        <p>{ "You can carry on and download your report at the end, but nothing will be kept after you close the page." }</p>
                    }
                </div>
            }
            if !records.notices.is_empty() {
                <div class="notification" role="region" aria-labelledby="notices-title">
                    <h2 class="visually-hidden" id="notices-title">{ "Important" }</h2>
                    { for records.notices.iter().map(|notice| html! {
                        <>
                            <h3 class="notification__heading">{ &notice.heading }</h3>
                            { for notice.lines.iter().map(|line| html! { <p>{ line }</p> }) }
                        </>
                    }) }
                    <p class="notification__actions">
                        <a href={Route::Record.href()}>{ "Go to Your record" }</a>
                        <button type="button" class="link-button" onclick={dismiss}>{ "Hide this message" }</button>
                    </p>
                </div>
            }
        </>
    }
}

/// Paragraphs of scenario text, as text nodes only.
pub fn paragraphs(lines: &[String]) -> Html {
    lines.iter().map(|p| html! { <p>{ p }</p> }).collect()
}
