//! The trail of team changes, for owners: who did what, and when.

use leptos::prelude::*;
use loquent_shared::MembershipEvent;

use super::rules::describe;
use crate::util::{date_time, relative};

#[component]
pub fn ActivityList(events: Vec<MembershipEvent>) -> impl IntoView {
    view! {
        <ol class="activity" data-testid="team-activity">
            {events
                .into_iter()
                .map(|event| {
                    view! {
                        <li class="activity-item">
                            <span class="activity-text">{describe(&event)}</span>
                            <time class="muted" title=date_time(event.at)>
                                {relative(event.at)}
                            </time>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
