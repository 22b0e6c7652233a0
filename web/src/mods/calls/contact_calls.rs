//! A contact's calls, on their page: each with its direction, where it stands, when, how long,
//! and a way to play and open it. Follows calls still going or being processed.

use leptos::prelude::*;
use loquent_shared::{Call, CallDirection};
use uuid::Uuid;

use super::components::{CallState, call_length, direction, play_label, unavailable};
use super::followed::FollowedCalls;
use crate::api;
use crate::components::{PlayButton, ProgressLine, Track};
use crate::util;

/// How many of a contact's calls the page shows (newest first); the calls list has the rest.
const SHOWN: usize = 10;

#[component]
pub fn ContactCalls(contact_id: Uuid) -> impl IntoView {
    let query = api::calls::CallQuery { contact_id: Some(contact_id), ..Default::default() };
    view! {
        <section class="card panel" aria-labelledby="contact-calls-title" data-testid="contact-calls">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="contact-calls-title">
                        "Calls"
                    </h2>
                    <p class="panel-subtitle">"Calls with them, newest first."</p>
                </div>
            </div>
            <FollowedCalls
                query=query
                shown=SHOWN
                error_title="Couldn't load their calls"
                empty="Calls from or to their numbers show up here."
                testid="contact-call-list"
                row=|call| view! { <ContactCall call=call /> }.into_any()
            />
        </section>
    }
}

#[component]
fn ContactCall(call: Memo<Call>) -> impl IntoView {
    let (id, created_at, expected) = call.with_untracked(|c| (c.id, c.created_at, c.duration_secs));
    let track = Track::new(expected);
    let title = move || call.with(|c| format!("{} call", direction(c)));
    let sub = move || {
        call.with(|c| {
            let status =
                if c.processing { String::new() } else { format!(" · {}", c.status.label()) };
            // Their number is on the page already: say which of ours the call was on.
            let line = match c.direction {
                CallDirection::Inbound => format!("to {}", util::phone_number(&c.to_number)),
                CallDirection::Outbound => format!("from {}", util::phone_number(&c.from_number)),
            };
            format!("{line} · {}{status}", util::relative(created_at))
        })
    };
    view! {
        <li class="recent-call" class:is-playing=move || track.is_playing() data-testid="contact-call">
            {track.audio(api::calls::recording_url(id), "none")}
            <PlayButton
                track=track
                label=Signal::derive(move || call.with(play_label))
                unavailable=Signal::derive(move || call.with(unavailable))
            />
            <a class="row-link recent-main" href=format!("/calls/{id}")>
                <span class="recent-name">{title}</span>
                <span class="recent-sub" title=util::date_time(created_at)>
                    {sub}
                </span>
            </a>
            <span class="recent-duration">
                <CallState call=call />
                {move || call.with(call_length)}
            </span>
            <ProgressLine track=track />
        </li>
    }
}
