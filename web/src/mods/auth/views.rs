//! The sign-in and sign-up pages.

use leptos::prelude::*;
use loquent_shared::validation::{FieldError, validate_email, validate_name, validate_password};
use loquent_shared::{LoginRequest, SignupRequest};

use super::components::{AuthFrame, GuestOnly};
use super::session::use_session;
use crate::api;
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{FormError, SubmitButton, TextField};
use crate::util::set_title;

/// A field's own check, as the member types: `None` when it passes.
fn client_message(result: Result<(), FieldError>) -> Option<String> {
    result
        .err()
        .map(|e| if e.code == "required" { "Required".to_owned() } else { sentence(&e.message) })
}

#[component]
pub fn LoginPage() -> impl IntoView {
    set_title("Sign in");
    view! {
        <GuestOnly>
            <AuthFrame title="Welcome back" subtitle="Sign in to your Loquent workspace.">
                <LoginForm />
            </AuthFrame>
        </GuestOnly>
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let session = use_session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let server = ServerErrors::default();

    let login = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        async move {
            match api::auth::login(&request).await {
                Ok(me) => session.signed_in(me),
                Err(error) => {
                    server.set(error);
                    if let Some(field) = server.first_field() {
                        focus(&field);
                    }
                }
            }
        }
    });
    let pending = login.pending();

    let email_error = Signal::derive(move || {
        server.field("email").or_else(|| {
            let value = email.get();
            submitted.get().then(|| client_message(validate_email("email", &value))).flatten()
        })
    });
    let password_error = Signal::derive(move || {
        server.field("password").or_else(|| {
            (submitted.get() && password.with(String::is_empty)).then(|| "Required".to_owned())
        })
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        server.clear();
        if email_error.get_untracked().is_some() {
            focus("email");
        } else if password_error.get_untracked().is_some() {
            focus("password");
        } else {
            login.dispatch(LoginRequest {
                email: email.get_untracked().trim().to_owned(),
                password: password.get_untracked(),
            });
        }
    };

    view! {
        <form class="form" on:submit=on_submit novalidate=true>
            <TextField
                id="email"
                label="Email"
                kind="email"
                value=email
                error=email_error
                autocomplete="email"
                placeholder="you@company.com"
                autofocus=true
                on_input=move || server.clear_field("email")
            />
            <TextField
                id="password"
                label="Password"
                kind="password"
                value=password
                error=password_error
                autocomplete="current-password"
                on_input=move || server.clear_field("password")
            />
            <FormError error=server.form() />
            <SubmitButton pending=pending label="Sign in" pending_label="Signing in…" />
        </form>
        <p class="auth-switch">"New to Loquent? " <a href="/signup">"Create an account"</a></p>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    set_title("Create your account");
    view! {
        <GuestOnly>
            <AuthFrame
                title="Create your account"
                subtitle="Set up your organization and get your first agent on the phone."
            >
                <SignupForm />
            </AuthFrame>
        </GuestOnly>
    }
}

#[component]
fn SignupForm() -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let organization_name = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let server = ServerErrors::default();

    let signup = Action::new_local(move |request: &SignupRequest| {
        let request = request.clone();
        async move {
            match api::auth::signup(&request).await {
                Ok(me) => session.signed_in(me),
                Err(error) => {
                    server.set(error);
                    if let Some(field) = server.first_field() {
                        focus(&field);
                    }
                }
            }
        }
    });
    let pending = signup.pending();

    // A field shows its own problem once it was left non-empty, or after a submit attempt; an
    // error from the server for it wins until the field is edited.
    let field_error =
        move |field: &'static str,
              value: RwSignal<String>,
              check: fn(&'static str, &str) -> Result<(), FieldError>| {
            let touched = RwSignal::new(false);
            let error = Signal::derive(move || {
                server.field(field).or_else(|| {
                    let shown = submitted.get() || touched.get();
                    value.with(|v| shown.then(|| client_message(check(field, v))).flatten())
                })
            });
            let on_blur = Callback::new(move |()| {
                if value.with_untracked(|v| !v.is_empty()) {
                    touched.set(true);
                }
            });
            let on_input = Callback::new(move |()| server.clear_field(field));
            (error, on_blur, on_input)
        };
    let (name_error, name_blur, name_input) = field_error("name", name, validate_name);
    let (email_error, email_blur, email_input) = field_error("email", email, validate_email);
    let (password_error, password_blur, password_input) =
        field_error("password", password, validate_password);
    let (org_error, org_blur, org_input) =
        field_error("organization_name", organization_name, validate_name);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        server.clear();
        let request = SignupRequest {
            name: name.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            organization_name: organization_name.get_untracked().trim().to_owned(),
        };
        match request.validate() {
            Err(invalid) => focus(invalid.field),
            Ok(()) => {
                signup.dispatch(request);
            }
        }
    };

    view! {
        <form class="form" on:submit=on_submit novalidate=true>
            <TextField
                id="name"
                label="Full name"
                value=name
                error=name_error
                autocomplete="name"
                placeholder="Ada Lovelace"
                autofocus=true
                on_blur=name_blur
                on_input=name_input
            />
            <TextField
                id="email"
                label="Work email"
                kind="email"
                value=email
                error=email_error
                autocomplete="email"
                placeholder="ada@acme.com"
                on_blur=email_blur
                on_input=email_input
            />
            <TextField
                id="password"
                label="Password"
                kind="password"
                value=password
                error=password_error
                autocomplete="new-password"
                hint="At least 8 characters."
                on_blur=password_blur
                on_input=password_input
            />
            <TextField
                id="organization_name"
                label="Organization name"
                value=organization_name
                error=org_error
                autocomplete="organization"
                placeholder="Acme Dental"
                hint="Your business, as callers know it."
                on_blur=org_blur
                on_input=org_input
            />
            <FormError error=server.form() />
            <SubmitButton pending=pending label="Create account" pending_label="Creating account…" />
        </form>
        <p class="auth-switch">"Already have an account? " <a href="/login">"Sign in"</a></p>
    }
}
