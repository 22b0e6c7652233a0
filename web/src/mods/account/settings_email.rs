//! Changing the sign-in email: the current password, then a link to the new address.

use leptos::prelude::*;
use loquent_shared::ChangeEmailRequest;

use crate::api;
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{Binding, FormError, SubmitButton, TextField};
use crate::mods::auth::session::use_session;

#[component]
pub fn EmailForm() -> impl IntoView {
    let session = use_session();
    let current = move || session.me().map(|me| me.member.email).unwrap_or_default();
    let new_email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let sent_to = RwSignal::new(None::<String>);
    let server = ServerErrors::default();
    let request = move || ChangeEmailRequest {
        new_email: new_email.get_untracked().trim().to_owned(),
        current_password: password.get_untracked(),
    };
    let change = Action::new_local(move |request: &ChangeEmailRequest| {
        let request = request.clone();
        async move {
            match api::account::change_email(&request).await {
                Ok(sent) => {
                    sent_to.set(Some(sent.new_email));
                    password.set(String::new());
                }
                Err(error) => {
                    server.set(error);
                    if let Some(field) = server.first_field() {
                        focus(&field);
                    }
                }
            }
        }
    });
    let pending = change.pending();
    let email_error = Signal::derive(move || {
        server.field("new_email").or_else(|| {
            let check =
                ChangeEmailRequest { new_email: new_email.get(), current_password: String::new() };
            let problem = check.validate().err()?;
            submitted.get().then(|| sentence(&problem.message))
        })
    });
    let password_error = Signal::derive(move || {
        server.field("current_password").or_else(|| {
            (submitted.get() && password.with(String::is_empty))
                .then(|| "Enter your current password".to_owned())
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        server.clear();
        sent_to.set(None);
        let request = request();
        if request.validate().is_err() {
            focus("new-email");
        } else if request.current_password.is_empty() {
            focus("email-password");
        } else {
            change.dispatch(request);
        }
    };
    view! {
        <form class="form" on:submit=on_submit novalidate=true data-testid="account-email-form">
            <p class="muted">"You sign in as " <strong>{current}</strong> "."</p>
            <TextField
                id="new-email"
                label="New email"
                kind="email"
                value=Binding::from(new_email)
                error=email_error
                autocomplete="email"
                on_input=move || server.clear_field("new_email")
            />
            <TextField
                id="email-password"
                label="Current password"
                kind="password"
                value=Binding::from(password)
                error=password_error
                autocomplete="current-password"
                on_input=move || server.clear_field("current_password")
            />
            <FormError error=server.form() />
            {move || {
                sent_to
                    .get()
                    .map(|to| {
                        view! {
                            <p class="form-note" role="status">
                                "We sent a confirmation link to " <strong>{to}</strong>
                                ". Your email changes when you open it."
                            </p>
                        }
                    })
            }}
            <div class="form-actions">
                <SubmitButton pending=pending label="Send confirmation link" pending_label="Sending…" />
            </div>
        </form>
    }
}
