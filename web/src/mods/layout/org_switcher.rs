//! The organization at the top of the sidebar. A person in several organizations (an agency,
//! a franchise's locations) picks another here; the app then starts afresh in it.

use leptos::prelude::*;
use uuid::Uuid;

use crate::api;
use crate::components::{Icon, Svg};
use crate::mods::auth::session::use_session;
use crate::util::initials;

#[component]
pub fn OrgSwitcher() -> impl IntoView {
    let session = use_session();
    let org_name = move || session.me().map(|me| me.organization.name).unwrap_or_default();
    let role = move || session.me().map(|me| me.member.role.as_str()).unwrap_or_default();
    let several = move || session.member_with(|me| me.memberships.len() > 1);
    let open = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let switch = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            match api::account::switch_organization(id).await {
                Ok(_) => session.restart(),
                Err(_) => failed.set(true),
            }
        }
    });
    let chip = move || {
        view! {
            <span class="org-avatar" aria-hidden="true">
                {move || initials(&org_name())}
            </span>
            <span class="org-text">
                <span class="org-name" data-testid="org-name">
                    {org_name}
                </span>
                <span class="org-role">{role}</span>
            </span>
        }
    };
    let menu = move || {
        let me = session.me()?;
        let current = me.organization.id;
        let items = me
            .memberships
            .into_iter()
            .map(|m| {
                let here = m.organization_id == current;
                let id = m.organization_id;
                view! {
                    <li role="none">
                        <button
                            type="button"
                            role="menuitemradio"
                            class="org-menu-item"
                            aria-checked=here.to_string()
                            disabled=move || switch.pending().get()
                            on:click=move |_| {
                                if here {
                                    open.set(false);
                                } else {
                                    switch.dispatch(id);
                                }
                            }
                        >
                            <span class="org-avatar org-avatar-sm" aria-hidden="true">
                                {initials(&m.organization_name)}
                            </span>
                            <span class="org-menu-name">{m.organization_name.clone()}</span>
                            <span class="org-menu-role">{m.role.as_str()}</span>
                            {here.then(|| view! { <Svg icon=Icon::Check /> })}
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <ul class="org-menu" id="org-menu" role="menu" aria-label="Switch organization">
                {items}
            </ul>
        })
    };

    move || {
        if several() {
            view! {
                <div
                    class="org-switcher"
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <button
                        type="button"
                        class="org-chip org-chip-button"
                        aria-haspopup="menu"
                        aria-controls="org-menu"
                        aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        {chip}
                        <span class="sr-only">", switch organization"</span>
                        <Svg icon=Icon::ChevronRight class="org-chevron" />
                    </button>
                    <Show when=move || open.get()>{menu}</Show>
                    <Show when=move || failed.get()>
                        <p class="org-error" role="alert">
                            "Couldn't switch. Try again."
                        </p>
                    </Show>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="org-chip" title=org_name>
                    {chip}
                </div>
            }
            .into_any()
        }
    }
}
