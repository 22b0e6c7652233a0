//! The business profile (description, address, website, opening hours): what the agents are
//! told at the start of each call. Admins and owners change it; everyone else reads it.

use leptos::prelude::*;
use loquent_shared::profile::{MAX_ADDRESS_LEN, MAX_DESCRIPTION_LEN};
use loquent_shared::{Me, UpdateOrganizationRequest, Weekday};

use super::profile_draft::ProfileDraft;
use crate::api;
use crate::components::form::ServerErrors;
use crate::components::{Binding, FormError, SubmitButton, TextArea, TextField, use_toasts};
use crate::mods::auth::session::use_session;

#[component]
pub fn ProfileForm(me: Me) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let editable = session.can_configure();
    let saved = RwSignal::new(me.organization.clone());
    let draft = RwSignal::new(ProfileDraft::from_organization(&me.organization));
    let server = ServerErrors::default();
    let dirty = move || saved.with(|s| draft.with(|d| !d.changes(s).is_empty()));

    let save = Action::new_local(move |request: &UpdateOrganizationRequest| {
        let request = request.clone();
        let me = me.clone();
        async move {
            match api::organization::update(&request).await {
                Ok(updated) => {
                    toasts.success("Business profile saved");
                    draft.set(ProfileDraft::from_organization(&updated));
                    saved.set(updated.clone());
                    let current = session.me().unwrap_or(me);
                    session.signed_in(Me { organization: updated, ..current });
                }
                Err(error) => server.set(error),
            }
        }
    });
    let pending = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || !dirty() {
            return;
        }
        server.clear();
        save.dispatch(saved.with_untracked(|s| draft.with_untracked(|d| d.changes(s))));
    };
    let description = Binding::field(draft, |d| d.description.clone(), |d, v| d.description = v);
    let address = Binding::field(draft, |d| d.address.clone(), |d, v| d.address = v);
    let website = Binding::field(draft, |d| d.website.clone(), |d, v| d.website = v);

    view! {
        <form class="form" on:submit=on_submit novalidate=true data-testid="profile-form">
            <fieldset class="fieldset" disabled=!editable>
                <TextArea
                    id="description"
                    label="What the business does"
                    value=description
                    error=Signal::derive(move || server.field("description"))
                    rows=3
                    max_len=MAX_DESCRIPTION_LEN
                    placeholder="Family dental practice: check-ups, cleanings and emergencies."
                    on_input=move || server.clear_field("description")
                />
                <TextField
                    id="address"
                    label="Address"
                    value=address
                    error=Signal::derive(move || server.field("address"))
                    autocomplete="street-address"
                    maxlength=MAX_ADDRESS_LEN as u32
                    on_input=move || server.clear_field("address")
                />
                <TextField
                    id="website"
                    label="Website"
                    kind="url"
                    value=website
                    error=Signal::derive(move || server.field("website"))
                    autocomplete="url"
                    placeholder="https://"
                    on_input=move || server.clear_field("website")
                />
                <HoursEditor draft=draft error=Signal::derive(move || server.field("hours")) />
            </fieldset>
            <FormError error=server.form() />
            {editable
                .then(|| {
                    view! {
                        <div class="form-actions">
                            <span class="form-status">{move || if dirty() { "Unsaved changes." } else { "" }}</span>
                            <SubmitButton
                                pending=pending
                                label="Save profile"
                                pending_label="Saving…"
                                disabled=Signal::derive(move || !dirty())
                            />
                        </div>
                    }
                })}
        </form>
    }
}

/// The week, a row a day: open or closed, and each opening period's times.
#[component]
fn HoursEditor(draft: RwSignal<ProfileDraft>, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <fieldset class="hours" aria-describedby="hours-message">
            <legend class="field-label">"Opening hours"</legend>
            {Weekday::ALL.into_iter().map(|day| view! { <HoursDay draft day /> }).collect_view()}
            <p class="field-message" id="hours-message">
                {move || {
                    error
                        .get()
                        .unwrap_or_else(|| {
                            "In the organization's time zone. Agents use them to answer \"are you open?\""
                                .to_owned()
                        })
                }}
            </p>
        </fieldset>
    }
}

#[component]
fn HoursDay(draft: RwSignal<ProfileDraft>, day: Weekday) -> impl IntoView {
    let label = day.label();
    let open = move || draft.with(|d| !d.periods(day).is_empty());
    let toggle = move |ev: leptos::ev::Event| {
        if event_target_checked(&ev) {
            draft.update(|d| d.add_period(day));
        } else {
            draft.update(|d| d.close_day(day));
        }
    };
    let set_time = move |index: usize, closes: bool, value: String| {
        draft.update(|d| {
            if let Some(period) = d.hours.get_mut(index) {
                if closes { period.closes = value } else { period.opens = value }
            }
        });
    };
    view! {
        <div class="hours-day" role="group" aria-label=label>
            <label class="hours-toggle">
                <input type="checkbox" prop:checked=open on:change=toggle />
                <span>{label}</span>
            </label>
            <div class="hours-periods">
                {move || {
                    let periods = draft.with(|d| d.periods(day));
                    if periods.is_empty() {
                        return view! { <span class="muted">"Closed"</span> }.into_any();
                    }
                    let last = periods.len() - 1;
                    periods
                        .into_iter()
                        .enumerate()
                        .map(|(n, (index, period))| {
                            view! {
                                <span class="hours-period">
                                    <input
                                        class="input input-time"
                                        type="time"
                                        aria-label=format!("{label} opens")
                                        prop:value=period.opens.clone()
                                        on:change=move |ev| set_time(index, false, event_target_value(&ev))
                                    />
                                    <span aria-hidden="true">"–"</span>
                                    <input
                                        class="input input-time"
                                        type="time"
                                        aria-label=format!("{label} closes")
                                        prop:value=period.closes.clone()
                                        on:change=move |ev| set_time(index, true, event_target_value(&ev))
                                    />
                                    {(n == last)
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="btn btn-ghost btn-sm"
                                                    on:click=move |_| draft.update(|d| d.add_period(day))
                                                >
                                                    "Add hours"
                                                </button>
                                            }
                                        })}
                                </span>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </div>
        </div>
    }
}
