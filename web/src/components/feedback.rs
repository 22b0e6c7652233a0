//! Loading, error and empty states.

use leptos::prelude::*;

use super::form::sentence;
use super::icons::{Icon, Svg};
use crate::api::ApiError;

#[component]
pub fn Spinner(#[prop(optional)] large: bool) -> impl IntoView {
    view! { <span class="spinner" class:spinner-lg=large aria-hidden="true"></span> }
}

/// A failed request: what happened, and a retry button when one is given.
#[component]
pub fn ErrorBanner(
    error: ApiError,
    #[prop(optional)] title: Option<&'static str>,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="banner banner-error" role="alert" data-code=error.code.clone()>
            <Svg icon=Icon::Alert class="banner-icon" />
            <div class="banner-body">
                {title.map(|t| view! { <p class="banner-title">{t}</p> })}
                <p class="banner-text">{sentence(&error.message)}</p>
            </div>
            {on_retry
                .map(|retry| {
                    view! {
                        <button
                            type="button"
                            class="btn btn-secondary btn-sm"
                            on:click=move |_| retry.run(())
                        >
                            <Svg icon=Icon::Refresh />
                            "Try again"
                        </button>
                    }
                })}
        </div>
    }
}

/// A friendly "nothing here yet" block: icon, title, a sentence, and optional actions.
#[component]
pub fn EmptyState(
    icon: Icon,
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    #[prop(optional)] compact: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty" class:empty-compact=compact>
            <div class="empty-icon">
                <Svg icon=icon />
            </div>
            <h3 class="empty-title">{title}</h3>
            <p class="empty-text">{description}</p>
            {children.map(|c| view! { <div class="empty-actions">{c()}</div> })}
        </div>
    }
}

/// The whole-window loading screen shown while the session is being checked.
#[component]
pub fn Splash() -> impl IntoView {
    view! {
        <div class="splash" role="status" aria-label="Loading Loquent">
            <super::brand::LogoMark size=40 />
            <Spinner />
        </div>
    }
}
