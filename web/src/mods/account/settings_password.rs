//! Changing the password: the current one, then the new one; other browsers are signed out.

use leptos::prelude::*;
use loquent_shared::ChangePasswordRequest;

use crate::api;
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{Binding, FormError, SubmitButton, TextField, use_toasts};

#[component]
pub fn PasswordForm() -> impl IntoView {
    let toasts = use_toasts();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let server = ServerErrors::default();
    let change = Action::new_local(move |request: &ChangePasswordRequest| {
        let request = request.clone();
        async move {
            match api::account::change_password(&request).await {
                Ok(()) => {
                    toasts.success("Password changed; other browsers are signed out");
                    current.set(String::new());
                    new.set(String::new());
                    submitted.set(false);
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
    let current_error = Signal::derive(move || {
        server.field("current_password").or_else(|| {
            (submitted.get() && current.with(String::is_empty))
                .then(|| "Enter your current password".to_owned())
        })
    });
    let new_error = Signal::derive(move || {
        server.field("new_password").or_else(|| {
            let check =
                ChangePasswordRequest { current_password: String::new(), new_password: new.get() };
            let problem = check.validate().err()?;
            submitted.get().then(|| sentence(&problem.message))
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        server.clear();
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        if request.current_password.is_empty() {
            focus("current-password");
        } else if request.validate().is_err() {
            focus("new-password");
        } else {
            change.dispatch(request);
        }
    };
    view! {
        <form class="form" on:submit=on_submit novalidate=true data-testid="account-password-form">
            <TextField
                id="current-password"
                label="Current password"
                kind="password"
                value=Binding::from(current)
                error=current_error
                autocomplete="current-password"
                on_input=move || server.clear_field("current_password")
            />
            <TextField
                id="new-password"
                label="New password"
                kind="password"
                value=Binding::from(new)
                error=new_error
                autocomplete="new-password"
                hint="At least 8 characters."
                on_input=move || server.clear_field("new_password")
            />
            <FormError error=server.form() />
            <div class="form-actions">
                <SubmitButton pending=pending label="Change password" pending_label="Changing…" />
            </div>
        </form>
    }
}
