//! Forgot password (ask for a link), reset password (the link's page), and the page an email
//! change's confirmation link opens.

use leptos::prelude::*;
use loquent_shared::validation::{validate_email, validate_password};
use loquent_shared::{ForgotPasswordRequest, ResetPasswordRequest};

use super::link_token;
use crate::api::{self, ApiError};
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{
    Binding, ErrorBanner, FormError, Icon, Splash, SubmitButton, Svg, TextField,
};
use crate::mods::auth::components::AuthFrame;
use crate::util::set_title;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    set_title("Reset your password");
    let email = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let sent_to = RwSignal::new(None::<String>);
    let server = ServerErrors::default();
    let send = Action::new_local(move |email: &String| {
        let email = email.clone();
        async move {
            match api::account::forgot_password(&email).await {
                Ok(()) => sent_to.set(Some(email)),
                Err(error) => server.set(error),
            }
        }
    });
    let pending = send.pending();
    let email_error = Signal::derive(move || {
        server.field("email").or_else(|| {
            let problem = validate_email("email", &email.get()).err()?;
            submitted.get().then(|| {
                if email.with(|e| e.trim().is_empty()) {
                    "Enter the email you sign in with".to_owned()
                } else {
                    sentence(&problem.message)
                }
            })
        })
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        server.clear();
        let request = ForgotPasswordRequest { email: email.get_untracked().trim().to_owned() };
        if request.validate().is_err() {
            focus("email");
            return;
        }
        send.dispatch(request.email);
    };
    view! {
        <AuthFrame title="Forgot your password?" subtitle="We'll email you a link to choose a new one.">
            {move || match sent_to.get() {
                Some(address) => view! {
                    <div class="auth-done" role="status">
                        <span class="tile tile-lg"><Svg icon=Icon::Mail /></span>
                        <p>
                            "If " <strong>{address}</strong>
                            " has a Loquent login, a reset link is on its way. It works once, for an hour."
                        </p>
                    </div>
                }
                .into_any(),
                None => view! {
                    <form class="form" on:submit=on_submit novalidate=true>
                        <TextField
                            id="email"
                            label="Email"
                            kind="email"
                            value=Binding::from(email)
                            error=email_error
                            autocomplete="email"
                            placeholder="you@company.com"
                            autofocus=true
                            on_input=move || server.clear_field("email")
                        />
                        <FormError error=server.form() />
                        <SubmitButton pending=pending label="Email me a link" pending_label="Sending…" />
                    </form>
                }
                .into_any(),
            }}
            <p class="auth-switch">"Remembered it? " <a href="/login">"Sign in"</a></p>
        </AuthFrame>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    set_title("Choose a new password");
    let token = link_token::take();
    let password = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let done = RwSignal::new(false);
    let server = ServerErrors::default();
    let missing = token.is_none();
    let token = StoredValue::new(token.unwrap_or_default());
    let reset = Action::new_local(move |request: &ResetPasswordRequest| {
        let request = request.clone();
        async move {
            match api::account::reset_password(&request).await {
                Ok(()) => done.set(true),
                Err(error) => server.set(error),
            }
        }
    });
    let pending = reset.pending();
    let password_error = Signal::derive(move || {
        server.field("password").or_else(|| {
            let problem = validate_password("password", &password.get()).err()?;
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
        let request =
            ResetPasswordRequest { token: token.get_value(), password: password.get_untracked() };
        if request.validate().is_err() {
            focus("password");
            return;
        }
        reset.dispatch(request);
    };
    view! {
        <AuthFrame title="Choose a new password" subtitle="Every browser signed in to your login is signed out.">
            {move || {
                if missing {
                    view! { <ErrorBanner error=incomplete_link() title="This link is incomplete" /> }.into_any()
                } else if done.get() {
                    view! {
                        <div class="auth-done" role="status">
                            <span class="tile tile-lg"><Svg icon=Icon::Check /></span>
                            <p>"Your password is changed. Sign in with it now."</p>
                            <a class="btn btn-primary" href="/login">"Sign in"</a>
                        </div>
                    }
                    .into_any()
                } else {
                    view! {
                        <form class="form" on:submit=on_submit novalidate=true>
                            <TextField
                                id="password"
                                label="New password"
                                kind="password"
                                value=Binding::from(password)
                                error=password_error
                                autocomplete="new-password"
                                hint="At least 8 characters."
                                autofocus=true
                                on_input=move || server.clear_field("password")
                            />
                            <FormError error=server.form() />
                            <SubmitButton pending=pending label="Set password" pending_label="Saving…" />
                        </form>
                    }
                    .into_any()
                }
            }}
            <p class="auth-switch">"Need a new link? " <a href="/forgot-password">"Ask again"</a></p>
        </AuthFrame>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    set_title("Confirm your email");
    let token = StoredValue::new(link_token::take());
    let outcome = LocalResource::new(move || async move {
        match token.get_value() {
            Some(token) => api::account::confirm_email(&token).await,
            None => Err(incomplete_link()),
        }
    });
    view! {
        {move || match outcome.get() {
            None => view! { <Splash /> }.into_any(),
            Some(Ok(())) => view! {
                <AuthFrame title="Email confirmed" subtitle="Sign in with your new address from now on.">
                    <div class="auth-done" role="status">
                        <span class="tile tile-lg"><Svg icon=Icon::Check /></span>
                        <a class="btn btn-primary" href="/">"Go to Loquent"</a>
                    </div>
                </AuthFrame>
            }
            .into_any(),
            Some(Err(error)) => view! {
                <AuthFrame title="This link can't be used" subtitle="Ask for a new one from Settings → Account.">
                    <ErrorBanner error=error title="Email change" />
                </AuthFrame>
            }
            .into_any(),
        }}
    }
}

fn incomplete_link() -> ApiError {
    ApiError {
        status: 404,
        code: "link_not_found".into(),
        message: "This link is incomplete. Open it again from the email.".into(),
        field: None,
    }
}
