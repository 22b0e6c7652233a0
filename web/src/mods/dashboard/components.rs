//! Pieces of the dashboard.

use leptos::prelude::*;
use loquent_shared::Call;

use crate::api;
use crate::components::{Icon, PlayButton, ProgressLine, Svg, Track};
use crate::mods::calls::components as calls;
use crate::mods::calls::followed::FollowedCalls;
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
/// there are none. Calls live or being processed move on by themselves.
#[component]
pub fn RecentCalls(#[prop(into)] empty_text: Signal<&'static str>) -> impl IntoView {
    view! {
        <FollowedCalls
            query=Default::default()
            shown=5
            error_title="Couldn't load recent calls"
            empty=empty_text
            testid="recent-calls"
            row=|call| view! { <RecentCall call=call /> }.into_any()
        />
    }
}

#[component]
fn RecentCall(call: Memo<Call>) -> impl IntoView {
    let (id, created_at, expected) = call.with_untracked(|c| (c.id, c.created_at, c.duration_secs));
    let track = Track::new(expected);
    let href = format!("/calls/{id}");
    let name = move || call.with(|c| c.contact_name.clone());
    let sub = move || {
        call.with(|c| {
            format!(
                "{} · {}",
                util::phone_number(calls::other_number(c)),
                util::relative(created_at)
            )
        })
    };
    view! {
        <li class="recent-call" class:is-playing=move || track.is_playing() data-testid="call-row">
            {track.audio(api::calls::recording_url(id), "none")}
            <PlayButton
                track=track
                label=Signal::derive(move || call.with(calls::play_label))
                unavailable=Signal::derive(move || call.with(calls::unavailable))
            />
            <a class="row-link recent-main" href=href>
                <span class="recent-name" class:cell-unknown=move || name().is_none()>
                    {move || name().unwrap_or_else(|| "Unknown caller".to_owned())}
                </span>
                <span class="recent-sub" title=util::date_time(created_at)>
                    {sub}
                </span>
            </a>
            <span class="recent-duration">
                <calls::CallState call=call />
                {move || call.with(calls::call_length)}
            </span>
            <ProgressLine track=track />
        </li>
    }
}
