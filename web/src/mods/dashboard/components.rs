//! Pieces of the dashboard.

use leptos::prelude::*;
use loquent_shared::Call;

use crate::api;
use crate::components::{EmptyState, ErrorBanner, Icon, PlayButton, ProgressLine, Svg, Track};
use crate::mods::calls::components::{self as calls, CallTableSkeleton};
use crate::util;

/// One next step: what to do, why, and where; ticked once it is done.
#[component]
pub fn NextStep(
    icon: Icon,
    title: &'static str,
    description: &'static str,
    href: &'static str,
    action: &'static str,
    #[prop(optional)] step: Option<u8>,
    #[prop(into, optional)] done: Signal<bool>,
) -> impl IntoView {
    view! {
        <a class="card step-card" class:is-done=done href=href data-testid="next-step">
            <div class="step-head">
                <span class="tile">
                    <Svg icon=icon />
                </span>
                {move || {
                    if done.get() {
                        view! {
                            <span class="step-number step-done">
                                <Svg icon=Icon::CheckCircle />
                                "Done"
                            </span>
                        }
                            .into_any()
                    } else {
                        step.map(|n| view! { <span class="step-number">{format!("Step {n}")}</span> })
                            .into_any()
                    }
                }}
            </div>
            <h3 class="step-title">{title}</h3>
            <p class="step-text">{description}</p>
            <span class="step-link">
                {action}
                <Svg icon=Icon::ArrowRight />
            </span>
        </a>
    }
}

/// The newest calls, each with its play button, or the empty state (saying `empty_text`) while
/// there are none.
#[component]
pub fn RecentCalls(#[prop(into)] empty_text: Signal<&'static str>) -> impl IntoView {
    let calls = LocalResource::new(move || async move {
        let query = api::calls::CallQuery { limit: Some(5), ..Default::default() };
        api::calls::list(&query).await
    });
    view! {
        <Transition fallback=|| view! { <CallTableSkeleton rows=3 /> }>
            {move || {
                calls
                    .get()
                    .map(|result| match result {
                        Err(error) => {
                            view! {
                                <ErrorBanner
                                    error=error
                                    title="Couldn't load recent calls"
                                    on_retry=Callback::new(move |()| calls.refetch())
                                />
                            }
                                .into_any()
                        }
                        Ok(page) if page.items.is_empty() => {
                            view! {
                                <EmptyState
                                    compact=true
                                    icon=Icon::Calls
                                    title="No calls yet"
                                    description=empty_text.get()
                                />
                            }
                                .into_any()
                        }
                        Ok(page) => {
                            view! {
                                <ul class="recent-calls" data-testid="recent-calls">
                                    {page.items.into_iter().map(|call| view! { <RecentCall call=call /> }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn RecentCall(call: Call) -> impl IntoView {
    let track = Track::new(call.duration_secs);
    let href = format!("/calls/{}", call.id);
    let named = call.contact_name.is_some();
    let sub = format!(
        "{} · {}",
        util::phone_number(calls::other_number(&call)),
        util::relative(call.created_at)
    );
    view! {
        <li class="recent-call" class:is-playing=move || track.is_playing() data-testid="call-row">
            {track.audio(api::calls::recording_url(call.id), "none")}
            <PlayButton track=track label=calls::play_label(&call) unavailable=calls::unavailable(&call) />
            <a class="row-link recent-main" href=href>
                <span class="recent-name" class:cell-unknown=!named>
                    {call.contact_name.clone().unwrap_or_else(|| "Unknown caller".to_owned())}
                </span>
                <span class="recent-sub" title=util::date_time(call.created_at)>
                    {sub}
                </span>
            </a>
            <span class="recent-duration">{calls::call_length(&call)}</span>
            <ProgressLine track=track />
        </li>
    }
}
