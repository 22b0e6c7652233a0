//! The organization's name and time zone, changed by admins and owners; read by everyone else.

use leptos::prelude::*;
use loquent_shared::{Me, UpdateOrganizationRequest};
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::form::ServerErrors;
use crate::components::{Binding, FormError, SelectField, SubmitButton, TextField, use_toasts};
use crate::mods::auth::session::use_session;
use crate::util;

/// The time zones this browser knows (`Intl.supportedValuesOf`), UTC first. Empty where the
/// browser can't list them; the organization's own zone is always offered.
fn browser_time_zones() -> Vec<String> {
    let listed = (|| {
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let list = js_sys::Reflect::get(&intl, &"supportedValuesOf".into()).ok()?;
        let list: js_sys::Function = list.dyn_into().ok()?;
        let zones: js_sys::Array = list.call1(&intl, &"timeZone".into()).ok()?.dyn_into().ok()?;
        Some(zones.iter().filter_map(|z| z.as_string()).collect::<Vec<_>>())
    })();
    listed.unwrap_or_default()
}

/// The choices: UTC, the organization's zone, then the browser's list (each once).
pub fn zone_options(current: &str, listed: Vec<String>) -> Vec<(String, String)> {
    let mut zones: Vec<String> = vec!["UTC".to_owned()];
    for zone in std::iter::once(current.to_owned()).chain(listed) {
        if !zones.contains(&zone) {
            zones.push(zone);
        }
    }
    zones.into_iter().map(|z| (z.clone(), z.replace('_', " "))).collect()
}

#[component]
pub fn OrganizationForm(me: Me) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let editable = session.can_configure();
    let saved = RwSignal::new(me.organization.clone());
    let name = RwSignal::new(me.organization.name.clone());
    let timezone = RwSignal::new(me.organization.timezone.clone());
    let options = zone_options(&me.organization.timezone, browser_time_zones());
    let options = Signal::derive(move || options.clone());
    let here = util::browser_time_zone();
    let server = ServerErrors::default();
    let dirty = move || {
        saved.with(|s| name.with(|n| n.trim() != s.name) || timezone.with(|t| *t != s.timezone))
    };
    let save = Action::new_local(move |request: &UpdateOrganizationRequest| {
        let request = request.clone();
        let me = me.clone();
        async move {
            match api::organization::update(&request).await {
                Ok(updated) => {
                    toasts.success("Organization saved");
                    name.set(updated.name.clone());
                    saved.set(updated.clone());
                    // Everything that shows the organization (the sidebar, the top bar) follows.
                    session.signed_in(Me { organization: updated, ..me });
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
        let (before, new_name, new_zone) =
            (saved.get_untracked(), name.get_untracked(), timezone.get_untracked());
        let request = UpdateOrganizationRequest {
            name: (new_name.trim() != before.name).then(|| new_name.trim().to_owned()),
            timezone: (new_zone != before.timezone).then_some(new_zone),
            ..Default::default()
        };
        save.dispatch(request);
    };
    let zone_hint = Signal::derive(move || {
        let base = "Reports and the dashboard count days and hours in this time zone.";
        Some(match &here {
            Some(zone) if timezone.with(|t| t != zone) => {
                format!("{base} This browser is in {}.", zone.replace('_', " "))
            }
            _ => base.to_owned(),
        })
    });

    view! {
        <form class="form" on:submit=on_submit novalidate=true data-testid="organization-form">
            <fieldset class="fieldset" disabled=!editable>
                <TextField
                    id="name"
                    label="Name"
                    value=Binding::from(name)
                    error=Signal::derive(move || server.field("name"))
                    autocomplete="organization"
                    on_input=move || server.clear_field("name")
                />
                <SelectField
                    id="timezone"
                    label="Time zone"
                    value=Binding::from(timezone)
                    options=options
                    error=Signal::derive(move || server.field("timezone"))
                    hint=zone_hint
                    on_change=Callback::new(move |()| server.clear_field("timezone"))
                />
            </fieldset>
            <FormError error=server.form() />
            {editable
                .then(|| {
                    view! {
                        <div class="form-actions">
                            <span class="form-status">{move || if dirty() { "Unsaved changes." } else { "" }}</span>
                            <SubmitButton
                                pending=pending
                                label="Save"
                                pending_label="Saving…"
                                disabled=Signal::derive(move || !dirty())
                            />
                        </div>
                    }
                })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::zone_options;

    #[test]
    fn utc_and_the_current_zone_come_first_and_each_zone_once() {
        let listed = vec!["America/New_York".to_owned(), "Europe/Paris".to_owned()];
        let options = zone_options("Europe/Paris", listed);
        let values: Vec<&str> = options.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(values, ["UTC", "Europe/Paris", "America/New_York"]);
        assert_eq!(options[2].1, "America/New York");
        assert_eq!(zone_options("UTC", Vec::new()).len(), 1);
    }
}
