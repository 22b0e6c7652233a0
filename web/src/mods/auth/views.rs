//! The sign-in and sign-up pages.

use leptos::prelude::*;
use loquent_shared::{LoginRequest, SignupRequest};

use super::components::{AuthFrame, GuestOnly};
use super::form_state::{LoginFormState, SignupFormState};
use super::session::use_session;
use crate::api;
use crate::components::form::{ServerErrors, focus};
use crate::components::{Binding, FormError, SubmitButton, TextField};
use crate::util::{self, set_title};

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
    let form = RwSignal::new(LoginFormState::default());
    let email = Binding::field(form, |s| s.email.clone(), |s, v| s.email = v);
    let password = Binding::field(form, |s| s.password.clone(), |s, v| s.password = v);
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

    let email_error =
        Signal::derive(move || server.field("email").or_else(|| form.with(|s| s.message("email"))));
    let password_error = Signal::derive(move || {
        server.field("password").or_else(|| form.with(|s| s.message("password")))
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form.update(|s| s.submitted = true);
        server.clear();
        match form.with_untracked(LoginFormState::first_invalid) {
            Some(field) => focus(field),
            None => {
                login.dispatch(form.with_untracked(LoginFormState::to_input));
            }
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
            <p class="form-link">
                <a href="/forgot-password">"Forgot your password?"</a>
            </p>
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
    let form = RwSignal::new(SignupFormState::default());
    let server = ServerErrors::default();

    let signup = Action::new_local(move |request: &SignupRequest| {
        // The new organization counts its days in the browser's time zone from the start.
        let request = SignupRequest { timezone: util::browser_time_zone(), ..request.clone() };
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
    let field = move |field: &'static str,
                      get: fn(&SignupFormState) -> &String,
                      set: fn(&mut SignupFormState, String)| {
        let value = Binding::field(form, move |s| get(s).clone(), set);
        let error =
            Signal::derive(move || server.field(field).or_else(|| form.with(|s| s.message(field))));
        let on_blur = Callback::new(move |()| form.update(|s| s.leave(field)));
        let on_input = Callback::new(move |()| server.clear_field(field));
        (value, error, on_blur, on_input)
    };
    let (name, name_error, name_blur, name_input) = field("name", |s| &s.name, |s, v| s.name = v);
    let (email, email_error, email_blur, email_input) =
        field("email", |s| &s.email, |s, v| s.email = v);
    let (password, password_error, password_blur, password_input) =
        field("password", |s| &s.password, |s, v| s.password = v);
    let (organization_name, org_error, org_blur, org_input) =
        field("organization_name", |s| &s.organization_name, |s, v| s.organization_name = v);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form.update(|s| s.submitted = true);
        server.clear();
        match form.with_untracked(SignupFormState::first_invalid) {
            Some(field) => focus(field),
            None => {
                signup.dispatch(form.with_untracked(SignupFormState::to_input));
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
