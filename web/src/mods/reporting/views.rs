//! Settings → Reporting, for owners and admins: the recipients (members and other addresses),
//! the report after each call, and the daily digest with its hour.

use futures_util::future::join;
use leptos::prelude::*;
use loquent_shared::{Member, ReportSettings};

use super::form_state::{ReportingFormState, hour_label};
use crate::api::{self, ApiError};
use crate::components::form::{FieldMessage, ServerErrors};
use crate::components::{
    Binding, DetailsSkeleton, EmptyState, FormError, Icon, Loaded, SelectField, SubmitButton,
    TextArea, Toggle, use_toasts,
};
use crate::form_rules::sentence;
use crate::mods::auth::session::use_session;

#[component]
pub fn ReportingSettings() -> impl IntoView {
    let session = use_session();
    move || {
        if session.can_configure() {
            view! { <ReportingPanel /> }.into_any()
        } else {
            view! {
                <section class="card panel panel-empty">
                    <EmptyState
                        icon=Icon::Mail
                        title="Reporting is for owners and admins"
                        description="Ask an owner or an admin of your organization to send you the call reports."
                    />
                </section>
            }
                .into_any()
        }
    }
}

#[component]
fn ReportingPanel() -> impl IntoView {
    let loaded = LocalResource::new(move || async move {
        let (settings, members) =
            join(api::reports::settings(), api::organization::members()).await;
        Ok::<_, ApiError>((settings?, members?))
    });
    view! {
        <Loaded
            resource=loaded
            fallback=|| view! { <DetailsSkeleton /> }
            error_title="Couldn't load the reporting settings"
            let:current
        >
            <ReportingForm settings=current.0 members=current.1 />
        </Loaded>
    }
}

#[component]
fn ReportingForm(settings: ReportSettings, members: Vec<Member>) -> impl IntoView {
    let toasts = use_toasts();
    let form = RwSignal::new(ReportingFormState::from(&settings));
    let saved = RwSignal::new(settings.clone());
    let server = ServerErrors::default();
    // The server's rule, checked before sending: a mistyped address shows under the addresses.
    let local = RwSignal::new(None::<String>);
    let dirty = move || saved.with(|s| form.with(|f| f.differs_from(s)));

    let save = Action::new_local(move |state: &ReportingFormState| {
        let input = state.to_input();
        async move {
            match api::reports::save(&input).await {
                Ok(settings) => {
                    toasts.success("Reporting saved");
                    form.set(ReportingFormState::from(&settings));
                    saved.set(settings);
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
        let state = form.get_untracked();
        match state.error() {
            Some(error) => local.set(Some(sentence(&error.message))),
            None => {
                save.dispatch(state);
            }
        }
    };

    let call_reports = Binding::field(form, |s| s.call_reports, |s, v| s.call_reports = v);
    let daily_digest = Binding::field(form, |s| s.daily_digest, |s, v| s.daily_digest = v);
    let emails = Binding::field(form, |s| s.emails.clone(), |s, v| s.emails = v);
    let hour = Binding::field(
        form,
        |s| s.digest_hour.to_string(),
        |s, v: String| s.digest_hour = v.parse().unwrap_or(s.digest_hour),
    );
    let hours = Signal::derive(|| (0..24u8).map(|h| (h.to_string(), hour_label(h))).collect());
    let zone = settings.timezone.replace('_', " ");
    let hour_hint = Signal::derive(move || {
        Some(format!("In {zone}, the organization's time zone (Settings → General)."))
    });
    let emails_error = Signal::derive(move || server.field("emails").or_else(|| local.get()));
    let members_error = Signal::derive(move || server.field("member_ids"));
    let status = move || {
        if form.with(ReportingFormState::sends_to_nobody) {
            "Nobody receives them yet: choose members or add addresses."
        } else if dirty() {
            "Unsaved changes."
        } else {
            ""
        }
    };

    let member_rows = members
        .into_iter()
        .map(|member| {
            let id = member.id;
            let input_id = format!("member-{id}");
            let label_for = input_id.clone();
            view! {
                <li>
                    <label class="check-row" for=label_for>
                        <input
                            type="checkbox"
                            class="checkbox"
                            id=input_id
                            prop:checked=move || form.with(|s| s.member_ids.contains(&id))
                            on:change=move |ev| {
                                form.update(|s| s.select(id, event_target_checked(&ev)));
                                server.clear_field("member_ids");
                            }
                        />
                        <span class="check-main">
                            <span class="check-title">{member.name}</span>
                            <span class="check-sub">{member.email}</span>
                        </span>
                    </label>
                </li>
            }
        })
        .collect_view();

    view! {
        <form class="form form-sections" on:submit=on_submit novalidate=true data-testid="reporting-form">
            <section class="card panel" aria-labelledby="reports-title">
                <div class="panel-head">
                    <div>
                        <h2 class="panel-title" id="reports-title">"What Loquent sends"</h2>
                        <p class="panel-subtitle">
                            "Reports arrive by email, with a link to each call in Loquent."
                        </p>
                    </div>
                </div>
                <div class="fieldset">
                    <div class="toggle-group">
                        <Toggle
                            id="call_reports"
                            label="A report after each call"
                            description="Who called and which number, how long, the analysis, the to-dos found and the start of the transcript."
                            checked=call_reports
                        />
                        <Toggle
                            id="daily_digest"
                            label="A daily digest"
                            description="The day's calls, the to-dos waiting for review and the calls per number, once a day."
                            checked=daily_digest
                        />
                    </div>
                    <SelectField
                        id="digest_hour"
                        label="Digest sent at"
                        value=hour
                        options=hours
                        hint=hour_hint
                        error=Signal::derive(move || server.field("digest_hour"))
                        disabled=Signal::derive(move || !form.with(|s| s.daily_digest))
                    />
                </div>
            </section>
            <section class="card panel" aria-labelledby="recipients-title">
                <div class="panel-head">
                    <div>
                        <h2 class="panel-title" id="recipients-title">"Recipients"</h2>
                        <p class="panel-subtitle">
                            "Members get them at the email they sign in with."
                        </p>
                    </div>
                </div>
                <div class="fieldset">
                    <fieldset class="fieldset" aria-describedby="member_ids-message">
                        <legend class="field-label">"Members"</legend>
                        <div class="checklist">
                            <ul class="check-list">{member_rows}</ul>
                        </div>
                        <FieldMessage
                            id="member_ids-message".to_owned()
                            error=members_error
                            hint=Signal::derive(|| None::<String>)
                        />
                    </fieldset>
                    <TextArea
                        id="emails"
                        label="Other addresses"
                        value=emails
                        error=emails_error
                        rows=3
                        placeholder="frontdesk@example.com"
                        hint="One per line, or separated by commas: up to 20."
                        on_input=Callback::new(move |()| {
                            local.set(None);
                            server.clear_field("emails");
                        })
                    />
                </div>
            </section>
            <FormError error=server.form() />
            <div class="form-actions">
                <span class="form-status">{status}</span>
                <SubmitButton
                    pending=pending
                    label="Save"
                    pending_label="Saving…"
                    disabled=Signal::derive(move || !dirty())
                />
            </div>
        </form>
    }
}
