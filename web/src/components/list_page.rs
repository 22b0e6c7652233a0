//! The shell of a module's list page: its header with the "New …" action, then the list.

use leptos::prelude::*;

use super::icons::{Icon, Svg};
use super::page::PageHeader;

/// A list page: title, a sentence, the "New …" link for members who may create, and the list
/// (children, usually a [`super::Loaded`] with the list's empty state).
#[component]
pub fn ListPage(
    title: &'static str,
    subtitle: &'static str,
    /// `(href, label)` of the page's create action: `("/agents/new", "New agent")`.
    #[prop(optional)]
    create: Option<(&'static str, &'static str)>,
    /// Whether the member may create (tracked).
    #[prop(optional, into)]
    can_create: Signal<bool>,
    /// Another action beside it ("New call" on Calls).
    #[prop(optional, into)]
    action: Option<ViewFn>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="page">
            <PageHeader title=title subtitle=Signal::derive(move || subtitle.to_owned())>
                {action.map(|action| action.run())}
                {create.map(|(href, label)| view! { <CreateLink href=href label=label can_create=can_create /> })}
            </PageHeader>
            {children()}
        </div>
    }
}

/// The primary "New …" link, shown only to members who may create.
#[component]
pub fn CreateLink(
    href: &'static str,
    label: &'static str,
    #[prop(into)] can_create: Signal<bool>,
) -> impl IntoView {
    view! {
        <Show when=move || can_create.get()>
            <a class="btn btn-primary" href=href>
                <Svg icon=Icon::Plus />
                {label}
            </a>
        </Show>
    }
}
