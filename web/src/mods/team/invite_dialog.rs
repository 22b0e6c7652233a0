//! The dialog that invites someone by email, with a role.

use leptos::prelude::*;
use loquent_shared::{CreateInvitationRequest, Role};

use super::rules::{grantable, role_label, role_summary};
use crate::api;
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{
    Binding, FormError, Modal, SelectField, SubmitButton, TextField, use_toasts,
};

#[component]
pub fn InviteDialog(my_role: Role, on_close: Callback<()>, on_sent: Callback<()>) -> impl IntoView {
    let toasts = use_toasts();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Member.as_str().to_owned());
    let submitted = RwSignal::new(false);
    let server = ServerErrors::default();
    let options: Vec<(String, String)> = grantable(my_role)
        .into_iter()
        .map(|r| (r.as_str().to_owned(), role_label(r).to_owned()))
        .collect();
    let request = move || CreateInvitationRequest {
        email: email.get_untracked().trim().to_owned(),
        role: Role::parse(&role.get_untracked()).unwrap_or(Role::Member),
    };
    let invite = Action::new_local(move |request: &CreateInvitationRequest| {
        let request = request.clone();
        async move {
            match api::team::invite(&request).await {
                Ok(invitation) => {
                    toasts.success(format!("Invitation sent to {}", invitation.email));
                    on_sent.run(());
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
    let pending = invite.pending();
    let email_error = Signal::derive(move || {
        server.field("email").or_else(|| {
            let check = CreateInvitationRequest { email: email.get(), role: Role::Member };
            match check.validate() {
                Err(e) if submitted.get() => {
                    Some(if e.code == "required" || email.with(|v| v.trim().is_empty()) {
                        "Enter their email address".to_owned()
                    } else {
                        sentence(&e.message)
                    })
                }
                _ => None,
            }
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        server.clear();
        if request().validate().is_err() {
            focus("invite-email");
            return;
        }
        invite.dispatch(request());
    };
    let hint = Signal::derive(move || Role::parse(&role.get()).map(|r| role_summary(r).to_owned()));

    view! {
        <Modal title="Invite a teammate" on_close=on_close sticky=pending>
            <form on:submit=on_submit novalidate=true>
                <div class="modal-body form">
                    <p class="modal-text">
                        "They get an email with a link to join, valid for 7 days."
                    </p>
                    <TextField
                        id="invite-email"
                        label="Email"
                        kind="email"
                        value=Binding::from(email)
                        error=email_error
                        autocomplete="off"
                        placeholder="frontdesk@yourbusiness.com"
                        autofocus=true
                        on_input=move || server.clear_field("email")
                    />
                    <SelectField
                        id="invite-role"
                        label="Role"
                        value=Binding::from(role)
                        options=Signal::derive(move || options.clone())
                        error=Signal::derive(move || server.field("role"))
                        hint=hint
                    />
                    <FormError error=server.form() />
                </div>
                <div class="modal-footer">
                    <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <SubmitButton pending=pending label="Send invitation" pending_label="Sending…" />
                </div>
            </form>
        </Modal>
    }
}
