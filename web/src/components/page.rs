//! The parts every module page shares: its header, card-grid placeholders, a not-found state,
//! the read-only note.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use super::feedback::EmptyState;
use super::icons::{Icon, Svg};

/// A page's title, a sentence under it, an optional link back up, and its actions (children).
#[component]
pub fn PageHeader(
    #[prop(into)] title: Signal<String>,
    #[prop(optional, into)] subtitle: Option<Signal<String>>,
    /// `(href, label)` of the page this one belongs to.
    #[prop(optional)]
    back: Option<(&'static str, &'static str)>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="page-head">
            {back
                .map(|(href, label)| {
                    view! {
                        <a class="back-link" href=href>
                            <Svg icon=Icon::ArrowLeft />
                            {label}
                        </a>
                    }
                })}
            <div class="page-head-row">
                <div class="page-head-text">
                    <h2 class="page-title">{title}</h2>
                    {subtitle.map(|s| view! { <p class="page-subtitle">{s}</p> })}
                </div>
                {children.map(|c| view! { <div class="page-actions">{c()}</div> })}
            </div>
        </header>
    }
}

/// Placeholder cards while a list loads.
#[component]
pub fn CardGridSkeleton(label: &'static str, #[prop(default = 3)] count: usize) -> impl IntoView {
    view! {
        <div class="card-grid" role="status" aria-label=label>
            {(0..count)
                .map(|_| {
                    view! {
                        <div class="card item-card skeleton-card">
                            <span class="skeleton skeleton-tile"></span>
                            <span class="skeleton skeleton-line"></span>
                            <span class="skeleton skeleton-line short"></span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A record that doesn't exist (or not in this organization), with the way back to its list.
#[component]
pub fn MissingState(
    icon: Icon,
    title: &'static str,
    description: &'static str,
    back: (&'static str, &'static str),
) -> impl IntoView {
    view! {
        <div class="card panel panel-empty" data-testid="not-found">
            <EmptyState icon=icon title=title description=description>
                <a class="btn btn-secondary" href=back.0>
                    <Svg icon=Icon::ArrowLeft />
                    {back.1}
                </a>
            </EmptyState>
        </div>
    }
}

/// A note for members who may look but not change (viewers and members).
#[component]
pub fn ReadOnlyNote(
    what: &'static str,
    /// Who may change them.
    #[prop(default = "admins")]
    who: &'static str,
) -> impl IntoView {
    view! {
        <div class="callout callout-info" role="note">
            <Svg icon=Icon::Info />
            <p>{format!("You can view {what}, but only {who} can change them.")}</p>
        </div>
    }
}

/// Placeholder header and panels while a record loads.
#[component]
pub fn DetailsSkeleton() -> impl IntoView {
    view! {
        <div class="details-skeleton" role="status" aria-label="Loading">
            <span class="skeleton skeleton-line short-left"></span>
            <span class="skeleton skeleton-title"></span>
            <div class="card panel">
                <span class="skeleton skeleton-line"></span>
                <span class="skeleton skeleton-input"></span>
                <span class="skeleton skeleton-line"></span>
                <span class="skeleton skeleton-input"></span>
            </div>
        </div>
    }
}

/// The `:id` route parameter as a UUID (`None` when it isn't one: a not-found).
pub fn id_param() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| Uuid::parse_str(&id).ok())))
}
