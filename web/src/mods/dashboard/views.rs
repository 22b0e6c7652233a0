//! The dashboard: a greeting, the next steps to get calls answered, and the newest calls.

use leptos::prelude::*;

use futures_util::future::join3;

use super::components::{NextStep, RecentCalls};
use super::setup::Setup;
use crate::api;
use crate::components::Icon;
use crate::mods::auth::session::use_session;
use crate::util::{first_name, greeting};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = use_session();
    let member = move || session.me().map(|me| me.member.name).unwrap_or_default();
    let org = move || session.me().map(|me| me.organization.name).unwrap_or_default();
    // What is set up already; until it is known (or if it can't be), no step claims to be done.
    let setup = LocalResource::new(move || async move {
        let (agents, phones, analyzers) =
            join3(api::agents::list(), api::phones::list(), api::analyzers::list()).await;
        match (agents, phones, analyzers) {
            (Ok(agents), Ok(phones), Ok(analyzers)) => {
                Some(Setup::of(&agents, &phones, &analyzers))
            }
            _ => None,
        }
    });
    let known = move || setup.get().flatten();
    let done = move |step: fn(Setup) -> bool| Signal::derive(move || known().is_some_and(step));
    let complete = move || known().is_some_and(Setup::is_complete);
    let no_calls_text = Signal::derive(move || known().unwrap_or_default().no_calls_text());

    view! {
        <div class="page">
            <section class="hero">
                <h2 class="hero-title" data-testid="greeting">
                    {move || format!("{}, {}", greeting(), first_name(&member()))}
                </h2>
                <p class="hero-text">
                    "Welcome to " <strong>{org}</strong>
                    "'s workspace. Three steps and your phone line answers itself."
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
                <section class="card panel" aria-labelledby="integrations">
                    <div class="panel-head">
                        <h2 class="panel-title" id="integrations">
                            "Connect your tools"
                        </h2>
                    </div>
                    <p class="panel-text">
                        "Use an API key to let your CRM or booking system work with Loquent's calls and contacts."
                    </p>
                    <a class="btn btn-secondary" href="/settings/api-keys">
                        "Manage API keys"
                    </a>
                </section>
            </div>
        </div>
    }
}
