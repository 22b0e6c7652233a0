//! The frame around the sign-in and sign-up forms, and the guard keeping members out of them.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use super::session::{Phase, use_session};
use crate::components::{Logo, Splash};

/// Centered card with the brand and a one-line pitch.
#[component]
pub fn AuthFrame(title: &'static str, subtitle: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="auth">
            <div class="auth-glow" aria-hidden="true"></div>
            <div class="auth-inner">
                <a href="/" class="auth-brand" aria-label="Loquent home">
                    <Logo size=36 />
                </a>
                <p class="auth-pitch">"AI voice agents that answer every call, day and night."</p>
                <div class="card auth-card">
                    <div class="auth-head">
                        <h1 class="auth-title">{title}</h1>
                        <p class="auth-subtitle">{subtitle}</p>
                    </div>
                    {children()}
                </div>
            </div>
        </div>
    }
}

/// Where to go after signing in: the page that sent the member to sign in, if it is ours.
pub fn next_path() -> String {
    let next = use_query_map().with_untracked(|q| q.get("next"));
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/login")
                && !path.starts_with("/signup") =>
        {
            path
        }
        _ => "/".to_owned(),
    }
}

/// Shows `children` only to visitors who aren't signed in; members go on to the app.
#[component]
pub fn GuestOnly(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    move || match session.phase() {
        Phase::Loading => view! { <Splash /> }.into_any(),
        Phase::SignedIn => {
            let options = NavigateOptions { replace: true, ..Default::default() };
            view! { <Redirect path=next_path() options=options /> }.into_any()
        }
        Phase::SignedOut | Phase::Failed => children(),
    }
}
