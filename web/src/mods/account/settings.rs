//! Settings → Account: the person's name, sign-in email, password and signed-in browsers.

use leptos::prelude::*;
use loquent_shared::UpdateAccountRequest;

use super::settings_email::EmailForm;
use super::settings_password::PasswordForm;
use super::settings_sessions::SessionsList;
use crate::api;
use crate::components::form::{ServerErrors, sentence};
use crate::components::{Binding, FormError, SubmitButton, TextField, use_toasts};
use crate::mods::auth::session::use_session;

#[component]
pub fn AccountSettings() -> impl IntoView {
    view! {
        <div class="stack">
            <section class="card panel" aria-labelledby="account-title">
                <div class="panel-head">
                    <div>
                        <h2 class="panel-title" id="account-title">"Your account"</h2>
                        <p class="panel-subtitle">
                            "One login for every organization you belong to."
                        </p>
                    </div>
                </div>
                <NameForm />
            </section>
            <section class="card panel" aria-labelledby="email-title">
                <div class="panel-head">
                    <div>
                        <h2 class="panel-title" id="email-title">"Sign-in email"</h2>
                        <p class="panel-subtitle">
                            "A new address is used once you confirm it from the link we send there."
                        </p>
                    </div>
                </div>
                <EmailForm />
            </section>
            <section class="card panel" aria-labelledby="password-title">
                <div class="panel-head">
                    <div>
                        <h2 class="panel-title" id="password-title">"Password"</h2>
                        <p class="panel-subtitle">
                            "Changing it signs out every other browser."
                        </p>
                    </div>
                </div>
                <PasswordForm />
            </section>
            <section class="card panel" aria-labelledby="sessions-title">
                <div class="panel-head">
                    <div>
                        <h2 class="panel-title" id="sessions-title">"Where you're signed in"</h2>
                        <p class="panel-subtitle">"Sign out a browser you no longer use."</p>
                    </div>
                </div>
                <SessionsList />
            </section>
        </div>
    }
}

#[component]
fn NameForm() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let saved = RwSignal::new(session.me().map(|me| me.member.name).unwrap_or_default());
    let name = RwSignal::new(saved.get_untracked());
    let server = ServerErrors::default();
    let dirty = move || name.with(|n| saved.with(|s| n.trim() != s));
    let save = Action::new_local(move |request: &UpdateAccountRequest| {
        let request = request.clone();
        async move {
            match api::account::update(&request).await {
                Ok(me) => {
                    toasts.success("Name saved");
                    saved.set(me.member.name.clone());
                    name.set(me.member.name.clone());
                    session.signed_in(me);
                }
                Err(error) => server.set(error),
            }
        }
    });
    let pending = save.pending();
    let name_error = Signal::derive(move || {
        server.field("name").or_else(|| {
            let request = UpdateAccountRequest { name: name.get() };
            request.validate().err().map(|e| {
                if e.code == "required" {
                    "Enter your name".to_owned()
                } else {
                    sentence(&e.message)
                }
            })
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || !dirty() || name_error.get_untracked().is_some() {
            return;
        }
        server.clear();
        save.dispatch(UpdateAccountRequest { name: name.get_untracked().trim().to_owned() });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate=true data-testid="account-name-form">
            <TextField
                id="account-name"
                label="Full name"
                value=Binding::from(name)
                error=name_error
                autocomplete="name"
                on_input=move || server.clear_field("name")
            />
            <FormError error=server.form() />
            <div class="form-actions">
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
