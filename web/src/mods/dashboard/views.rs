//! The dashboard: a greeting, the next steps to get calls answered, the figures for the dates
//! chosen (shared with the call list: `?range=…`), quick actions and the newest calls.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::components::{NextStep, RecentCalls};
use super::overview::Overview;
use super::setup::{Setup, Steps};
use crate::api;
use crate::components::{Icon, RangeFilter, RangeIds, Svg};
use crate::mods::auth::session::use_session;
use crate::mods::dialpad::NewCallButton;
use crate::range::{DateRange, Preset};
use crate::util::{first_name, greeting};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = use_session();
    let member = move || session.me().map(|me| me.member.name).unwrap_or_default();
    let org = move || session.me().map(|me| me.organization.name).unwrap_or_default();
    // What is set up already, from the figures' answer, kept while other dates load; until it is
    // known (or if it can't be), no step claims to be done.
    let setup = RwSignal::new(None::<Setup>);
    let known = move || setup.get();
    let done = move |step: fn(Setup) -> bool| Signal::derive(move || known().is_some_and(step));
    let complete = move || known().is_some_and(Steps::all_done);
    let no_calls_text = Signal::derive(move || known().unwrap_or_default().no_calls_text());

    // The dates, as the address holds them (the last 30 days unless chosen).
    let navigate = use_navigate();
    let query = use_query_map();
    let chosen = Memo::new(move |_| {
        query.with(|q| {
            DateRange::read(q.get_str("range"), q.get_str("from"), q.get_str("to"), DEFAULT_RANGE)
        })
    });
    let range = RwSignal::new(chosen.get_untracked());
    Effect::new(move |_| {
        let c = chosen.get();
        if range.with_untracked(|r| *r != c) {
            range.set(c);
        }
    });
    let on_change = Callback::new(move |()| {
        let next = range.get_untracked();
        if next.backwards() || next == chosen.get_untracked() {
            return;
        }
        let pairs = next.params(DEFAULT_RANGE);
        let pairs: Vec<(&str, Option<&str>)> =
            pairs.iter().map(|(k, v)| (*k, Some(v.as_str()))).collect();
        let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
        navigate(&format!("/{}", api::query_string(&pairs)), options);
    });
    let figures = LocalResource::new(move || {
        let (from, to) = chosen.get().bounds();
        async move {
            let answer = api::dashboard::get(from.as_deref(), to.as_deref()).await;
            if let Ok(figures) = &answer {
                setup.set(Some(figures.setup));
            }
            answer
        }
    });
    let ids = RangeIds { preset: "dashboard-range", from: "dashboard-from", to: "dashboard-to" };
    let can_edit = move || session.can_edit();

    view! {
        <div class="page">
            <section class="hero">
                <h2 class="hero-title" data-testid="greeting">
                    {move || format!("{}, {}", greeting(), first_name(&member()))}
                </h2>
                <p class="hero-text">
                    "Welcome to " <strong>{org}</strong>
                    {move || {
                        if complete() {
                            "'s workspace. Here is how your line is doing."
                        } else {
                            "'s workspace. Three steps and your phone line answers itself."
                        }
                    }}
                </p>
            </section>

            <section aria-labelledby="get-started" hidden=complete>
                <div class="section-head">
                    <h2 class="section-title" id="get-started">
                        "Get started"
                    </h2>
                </div>
                <div class="grid grid-3">
                    <NextStep
                        step=1
                        icon=Icon::Agents
                        title="Create a voice agent"
                        description="Give it a name, a voice and instructions: what your business does and how to help callers."
                        href="/agents/new"
                        action="Create an agent"
                        done=done(|s| s.has_agent)
                    />
                    <NextStep
                        step=2
                        icon=Icon::Phones
                        title="Connect a phone number"
                        description="Buy a new number or import yours from Twilio, and choose the agent that answers it."
                        href="/phones/buy"
                        action="Connect a number"
                        done=done(|s| s.has_answered_number)
                    />
                    <NextStep
                        step=3
                        icon=Icon::Analyzers
                        title="Decide what to learn from calls"
                        description="Analyzers read every transcript and pull out what matters: intent, outcome, follow-ups."
                        href="/analyzers/new"
                        action="Set up analyzers"
                        done=done(|s| s.has_analyzer)
                    />
                </div>
            </section>

            <section class="overview" aria-labelledby="overview-title">
                <div class="section-head overview-head">
                    <h2 class="section-title" id="overview-title">
                        "Overview"
                    </h2>
                    <div class="filters overview-range" role="search" aria-label="Dates shown">
                        <RangeFilter ids=ids range=range on_change=on_change />
                    </div>
                </div>
                <Overview figures=figures />
            </section>

            <div class="grid grid-2-1">
                <section class="card panel" aria-labelledby="recent-calls">
                    <div class="panel-head">
                        <h2 class="panel-title" id="recent-calls">
                            "Recent calls"
                        </h2>
                        <a class="link-muted" href="/calls">
                            "View all"
                        </a>
                    </div>
                    <RecentCalls empty_text=no_calls_text />
                </section>
                <section class="card panel" aria-labelledby="quick-actions">
                    <div class="panel-head">
                        <h2 class="panel-title" id="quick-actions">
                            "Quick actions"
                        </h2>
                    </div>
                    <div class="quick-actions">
                        <Show when=can_edit>
                            <NewCallButton />
                        </Show>
                        <QuickLink href="/todos" icon=Icon::Todos label="Review to-dos" />
                        <QuickLink href="/contacts/new" icon=Icon::Contacts label="Add a contact" />
                        <QuickLink href="/agents" icon=Icon::Agents label="Tune your agents" />
                        <QuickLink href="/settings/api-keys" icon=Icon::Key label="Connect your tools" />
                    </div>
                </section>
            </div>
        </div>
    }
}

/// The dates the dashboard opens with.
const DEFAULT_RANGE: Preset = Preset::Last30;

#[component]
fn QuickLink(href: &'static str, icon: Icon, label: &'static str) -> impl IntoView {
    view! {
        <a class="quick-link" href=href>
            <Svg icon=icon />
            <span>{label}</span>
            <Svg icon=Icon::ArrowRight class="quick-link-arrow" />
        </a>
    }
}
