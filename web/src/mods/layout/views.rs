//! The signed-in app's frame: the session guard, sidebar, top bar and the routed page.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

use super::components::{Sidebar, page_title};
use crate::components::{ErrorBanner, Icon, LogoMark, Splash, Svg, Toaster};
use crate::mods::auth::session::{Phase, use_session};
use crate::mods::dialpad::{DialPad, DialPadHost};
use crate::util::set_title;

/// Every app page goes through here: no session, no page.
#[component]
pub fn AppShell() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    move || match session.phase() {
        Phase::Loading => view! { <Splash /> }.into_any(),
        Phase::SignedIn => view! { <Layout /> }.into_any(),
        Phase::Failed => view! { <SessionFailed /> }.into_any(),
        Phase::SignedOut => {
            let here =
                format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            let path = if here == "/" || session.logged_out_by_user() {
                "/login".to_owned()
            } else {
                format!("/login?next={}", String::from(js_sys::encode_uri_component(&here)))
            };
            let options = NavigateOptions { replace: true, ..Default::default() };
            view! { <Redirect path=path options=options /> }.into_any()
        }
    }
}

/// The session couldn't be checked at all (server unreachable, 5xx).
#[component]
fn SessionFailed() -> impl IntoView {
    let session = use_session();
    set_title("Can't reach Loquent");
    view! {
        <div class="center-screen">
            <div class="card center-card">
                <LogoMark size=40 />
                <h1 class="center-title">"We can't load your workspace"</h1>
                {move || {
                    session
                        .failure()
                        .map(|error| {
                            view! {
                                <ErrorBanner
                                    error=error
                                    on_retry=Callback::new(move |()| session.refresh())
                                />
                            }
                        })
                }}
            </div>
        </div>
    }
}

#[component]
fn Layout() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let nav_open = RwSignal::new(false);
    let dial_pad = DialPad::provide();
    let title = Memo::new(move |_| page_title(&location.pathname.get()));

    // Navigating closes the mobile menu and names the window after the page.
    Effect::new(move |_| {
        location.pathname.track();
        nav_open.set(false);
    });
    Effect::new(move |_| set_title(title.get()));

    let org_name = move || session.me().map(|me| me.organization.name).unwrap_or_default();
    let demo = move || session.member_with(|me| me.organization.demo_data);

    view! {
        <div class="shell" class:nav-open=move || nav_open.get()>
            <Sidebar on_close=Callback::new(move |()| nav_open.set(false)) />
            <div class="scrim" aria-hidden="true" on:click=move |_| nav_open.set(false)></div>
            <div class="main">
                <header class="topbar">
                    <button
                        type="button"
                        class="icon-btn menu-btn"
                        aria-label="Open navigation"
                        aria-controls="sidebar"
                        aria-expanded=move || nav_open.get().to_string()
                        on:click=move |_| nav_open.set(true)
                    >
                        <Svg icon=Icon::Menu />
                    </button>
                    <h1 class="topbar-title">{title}</h1>
                    <span class="topbar-org">
                        <Svg icon=Icon::Building />
                        <span>{org_name}</span>
                    </span>
                </header>
                <main class="content" id="main">
                    <Show when=demo>
                        <p class="demo-banner" data-testid="demo-banner">
                            <Svg icon=Icon::Info />
                            <span>
                                "This workspace shows demo data: a month of calls at a dental clinic, made up to show what Loquent does."
                            </span>
                            <a href="/settings#demo-data">"Clear it"</a>
                        </p>
                    </Show>
                    <Outlet />
                </main>
            </div>
            <DialPadHost pad=dial_pad />
            <Toaster />
        </div>
    }
}

/// Unknown addresses inside or outside the app.
#[component]
pub fn NotFound() -> impl IntoView {
    set_title("Page not found");
    view! {
        <div class="center-screen">
            <div class="card center-card">
                <span class="tile tile-lg">
                    <Svg icon=Icon::Compass />
                </span>
                <p class="center-code">"404"</p>
                <h1 class="center-title">"This page doesn't exist"</h1>
                <p class="muted">"The link may be broken, or the page may have moved."</p>
                <a class="btn btn-primary" href="/">
                    "Go to the dashboard"
                </a>
            </div>
        </div>
    }
}
