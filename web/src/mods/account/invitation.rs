//! The page an invitation link opens: who invites you to what, then join — a new person picks
//! a name and a password, someone with a Loquent login enters theirs.

use leptos::prelude::*;
use loquent_shared::{AcceptInvitationRequest, InvitationPreview};

use super::link_token;
use crate::api::{self, ApiError};
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{Binding, ErrorBanner, FormError, Splash, SubmitButton, TextField};
use crate::mods::auth::components::AuthFrame;
use crate::mods::auth::session::use_session;
use crate::util::set_title;

#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    set_title("Join your team");
    let token = StoredValue::new(link_token::take());
    let preview = LocalResource::new(move || async move {
        match token.get_value() {
            Some(token) => api::team::preview(&token).await.map(|p| (token, p)),
            None => Err(ApiError {
                status: 404,
                code: "invitation_not_found".into(),
                message: "This link is incomplete. Open it again from the invitation email.".into(),
                field: None,
            }),
        }
    });
    view! {
        {move || match preview.get() {
            None => view! { <Splash /> }.into_any(),
            Some(Err(error)) => view! {
                <AuthFrame title="This invitation can't be used" subtitle="Ask whoever invited you to send a new one.">
                    <ErrorBanner error=error title="Invitation" />
                    <p class="auth-switch">
                        "Already on a team? " <a href="/login">"Sign in"</a>
                    </p>
                </AuthFrame>
            }
            .into_any(),
            Some(Ok((token, preview))) => view! { <JoinForm token preview /> }.into_any(),
        }}
    }
}

#[component]
fn JoinForm(token: String, preview: InvitationPreview) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let server = ServerErrors::default();
    let has_account = preview.has_account;
    let request = move || AcceptInvitationRequest {
        token: token.clone(),
        name: (!has_account).then(|| name.get_untracked().trim().to_owned()),
        password: Some(password.get_untracked()),
    };
    let accept = Action::new_local(move |request: &AcceptInvitationRequest| {
        let request = request.clone();
        async move {
            match api::team::accept(&request).await {
                Ok(me) => {
                    session.signed_in(me);
                    session.restart();
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
    let pending = accept.pending();
    let local_error = move |field: &str| {
        if !submitted.get() {
            return None;
        }
        let check = AcceptInvitationRequest {
            token: String::new(),
            name: Some(name.get()),
            password: Some(password.get()),
        };
        match check.validate_new_person() {
            Err(e) if e.field == field && !(has_account && field == "name") => {
                Some(if has_account {
                    "Enter your password".to_owned()
                } else {
                    sentence(&e.message)
                })
            }
            _ if has_account && field == "password" && password.with(String::is_empty) => {
                Some("Enter your password".to_owned())
            }
            _ => None,
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        server.clear();
        let request = request();
        let invalid = if has_account {
            password.with_untracked(String::is_empty).then_some("password")
        } else {
            request.validate_new_person().err().map(|e| e.field)
        };
        match invalid {
            Some(field) => focus(field),
            None => {
                accept.dispatch(request);
            }
        }
    };
    let subtitle = format!(
        "{} invited {} to join {} as {}.",
        preview.invited_by.clone().unwrap_or_else(|| "Your team".to_owned()),
        preview.email,
        preview.organization_name,
        preview.role.as_str(),
    );
    let title = format!("Join {}", preview.organization_name);
    view! {
        <div class="auth">
            <div class="auth-inner">
                <div class="card auth-card">
                    <div class="auth-head">
                        <h1 class="auth-title">{title}</h1>
                        <p class="auth-subtitle">{subtitle}</p>
                    </div>
                    <form class="form" on:submit=on_submit novalidate=true data-testid="join-form">
                        <div class="field">
                            <label class="field-label" for="email">
                                "Email"
                            </label>
                            <input
                                class="input"
                                id="email"
                                type="email"
                                readonly=true
                                autocomplete="username"
                                prop:value=preview.email.clone()
                            />
                        </div>
                        {(!has_account)
                            .then(|| {
                                view! {
                                    <TextField
                                        id="name"
                                        label="Full name"
                                        value=Binding::from(name)
                                        error=Signal::derive(move || server.field("name").or_else(|| local_error("name")))
                                        autocomplete="name"
                                        autofocus=true
                                        on_input=move || server.clear_field("name")
                                    />
                                }
                            })}
                        <TextField
                            id="password"
                            label=if has_account { "Your Loquent password" } else { "Choose a password" }
                            kind="password"
                            value=Binding::from(password)
                            error=Signal::derive(move || server.field("password").or_else(|| local_error("password")))
                            autocomplete=if has_account { "current-password" } else { "new-password" }
                            hint=if has_account { "You already have a Loquent login: sign in to join." } else { "At least 8 characters." }
                            autofocus=has_account
                            on_input=move || server.clear_field("password")
                        />
                        <FormError error=server.form() />
                        <SubmitButton
                            pending=pending
                            label=if has_account { "Sign in and join" } else { "Join the team" }
                            pending_label="Joining…"
                        />
                    </form>
                </div>
            </div>
        </div>
    }
}
