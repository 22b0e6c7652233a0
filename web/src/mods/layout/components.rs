//! The sidebar, its navigation and the signed-in member's footer.

use leptos::prelude::*;
use leptos_router::components::A;

use super::org_switcher::OrgSwitcher;
use crate::api;
use crate::components::{Icon, Logo, Spinner, Svg};
use crate::mods::auth::session::use_session;
use crate::util::initials;

/// The modules, in sidebar order, with their routes and titles.
pub const WORKSPACE: [(&str, Icon, &str); 4] = [
    ("/", Icon::Dashboard, "Dashboard"),
    ("/calls", Icon::Calls, "Calls"),
    ("/contacts", Icon::Contacts, "Contacts"),
    ("/todos", Icon::Todos, "To-dos"),
];
pub const CONFIGURE: [(&str, Icon, &str); 3] = [
    ("/phones", Icon::Phones, "Phones"),
    ("/agents", Icon::Agents, "Agents"),
    ("/analyzers", Icon::Analyzers, "Analyzers"),
];

/// The title of the page at `path`, for the top bar and the window title.
pub fn page_title(path: &str) -> &'static str {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    if first == "settings" {
        return "Settings";
    }
    WORKSPACE
        .iter()
        .chain(CONFIGURE.iter())
        .find(|(href, _, _)| href.trim_start_matches('/') == first)
        .map_or("Loquent", |(_, _, title)| title)
}

#[component]
fn NavItem(href: &'static str, icon: Icon, label: &'static str) -> impl IntoView {
    view! {
        <A href=href exact=href == "/" attr:class="nav-item">
            <Svg icon=icon />
            <span>{label}</span>
        </A>
    }
}

#[component]
pub fn Sidebar(on_close: Callback<()>) -> impl IntoView {
    view! {
        <aside class="sidebar" id="sidebar">
            <div class="sidebar-top">
                <a href="/" class="sidebar-brand" aria-label="Loquent dashboard">
                    <Logo size=26 />
                </a>
                <button
                    type="button"
                    class="icon-btn sidebar-close"
                    aria-label="Close navigation"
                    on:click=move |_| on_close.run(())
                >
                    <Svg icon=Icon::Close />
                </button>
            </div>
            <OrgSwitcher />
            <nav class="nav" aria-label="Main">
                <div class="nav-group">
                    {WORKSPACE
                        .iter()
                        .map(|&(href, icon, label)| view! { <NavItem href icon label /> })
                        .collect_view()}
                </div>
                <div class="nav-group">
                    <p class="nav-heading">"Configure"</p>
                    {CONFIGURE
                        .iter()
                        .map(|&(href, icon, label)| view! { <NavItem href icon label /> })
                        .collect_view()}
                </div>
                <div class="nav-group nav-bottom">
                    <NavItem href="/settings" icon=Icon::Settings label="Settings" />
                </div>
            </nav>
            <UserFooter />
        </aside>
    }
}

/// Who is signed in, and the way out.
#[component]
fn UserFooter() -> impl IntoView {
    let session = use_session();
    let name = move || session.me().map(|me| me.member.name).unwrap_or_default();
    let email = move || session.me().map(|me| me.member.email).unwrap_or_default();

    let logout = Action::new_local(move |(): &()| async move {
        match api::auth::logout().await {
            Ok(()) => {
                session.signed_out(true);
                None
            }
            Err(e) if e.is_unauthenticated() => {
                session.signed_out(true);
                None
            }
            Err(e) => Some(e),
        }
    });
    let pending = logout.pending();
    let error = move || logout.value().get().flatten();

    view! {
        <div class="sidebar-footer">
            {move || {
                error()
                    .map(|e| {
                        view! {
                            <p class="sidebar-error" role="alert">
                                {format!("Couldn't log out: {}", e.message)}
                            </p>
                        }
                    })
            }}
            <div class="user">
                <span class="avatar" aria-hidden="true">
                    {move || initials(&name())}
                </span>
                <span class="user-text">
                    <span class="user-name" data-testid="member-name">
                        {name}
                    </span>
                    <span class="user-email">{email}</span>
                </span>
                <button
                    type="button"
                    class="icon-btn logout-btn"
                    aria-label="Log out"
                    title="Log out"
                    disabled=move || pending.get()
                    on:click=move |_| {
                        logout.dispatch(());
                    }
                >
                    {move || {
                        if pending.get() {
                            view! { <Spinner /> }.into_any()
                        } else {
                            view! { <Svg icon=Icon::LogOut /> }.into_any()
                        }
                    }}
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::page_title;

    #[test]
    fn titles_follow_the_first_path_segment() {
        assert_eq!(page_title("/"), "Dashboard");
        assert_eq!(page_title("/calls"), "Calls");
        assert_eq!(page_title("/settings/api-keys"), "Settings");
        assert_eq!(page_title("/nowhere"), "Loquent");
    }
}
