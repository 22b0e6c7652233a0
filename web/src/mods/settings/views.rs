//! Settings: the organization, its profile and its API keys (Telephony lives in
//! `mods/telephony`, the team in `mods/team`, the person's account in `mods/account`).

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
use loquent_shared::ApiKey;

use super::components::{ApiKeyTable, CreateKeyDialog, DeleteKeyDialog, TableSkeleton};
use super::demo_data::ClearDemoData;
use super::organization_form::OrganizationForm;
use super::profile_form::ProfileForm;
use crate::api;
use crate::components::{EmptyState, Icon, Loaded, Svg};
use crate::mods::auth::session::use_session;
use crate::util;

#[component]
pub fn SettingsLayout() -> impl IntoView {
    view! {
        <div class="page">
            <nav class="tabs" aria-label="Settings sections">
                <A href="/settings" exact=true attr:class="tab">
                    "General"
                </A>
                <A href="/settings/telephony" attr:class="tab">
                    "Telephony"
                </A>
                <A href="/settings/api-keys" attr:class="tab">
                    "API keys"
                </A>
                <A href="/settings/email" attr:class="tab">
                    "Email"
                </A>
                <A href="/settings/reporting" attr:class="tab">
                    "Reporting"
                </A>
                <A href="/settings/team" attr:class="tab">
                    "Team"
                </A>
                <A href="/settings/account" attr:class="tab">
                    "Account"
                </A>
            </nav>
            <Outlet />
        </div>
    }
}

#[component]
pub fn GeneralSettings() -> impl IntoView {
    let session = use_session();
    move || {
        session.me().map(|me| {
            let founded = util::date(me.organization.created_at);
            view! {
                <div class="stack">
                    <section class="card panel">
                        <div class="panel-head">
                            <div>
                                <h2 class="panel-title">"Organization"</h2>
                                <p class="panel-subtitle">
                                    "Everything in Loquent belongs to your organization."
                                </p>
                            </div>
                        </div>
                        <OrganizationForm me=me.clone() />
                        <dl class="details">
                            <div>
                                <dt>"Created"</dt>
                                <dd>{founded}</dd>
                            </div>
                            <div>
                                <dt>"Organization ID"</dt>
                                <dd>
                                    <code>{me.organization.id.to_string()}</code>
                                </dd>
                            </div>
                        </dl>
                    </section>
                    <section class="card panel" aria-labelledby="profile-title">
                        <div class="panel-head">
                            <div>
                                <h2 class="panel-title" id="profile-title">
                                    "Business profile"
                                </h2>
                                <p class="panel-subtitle">
                                    "Your agents are told this at the start of every call, so their instructions needn't repeat it."
                                </p>
                            </div>
                        </div>
                        <ProfileForm me=me.clone() />
                    </section>
                    <ClearDemoData />
                </div>
            }
        })
    }
}

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let keys = LocalResource::new(move || async move { api::api_keys::list().await });
    let creating = RwSignal::new(false);
    let deleting = RwSignal::new(None::<ApiKey>);
    let open_create = move |_| creating.set(true);

    view! {
        <section class="card panel" aria-labelledby="api-keys-title">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="api-keys-title">
                        "API keys"
                    </h2>
                    <p class="panel-subtitle">
                        "Let your own systems, such as a CRM or a booking tool, use the Loquent API."
                    </p>
                </div>
                <button type="button" class="btn btn-primary" on:click=open_create>
                    <Svg icon=Icon::Plus />
                    "Create API key"
                </button>
            </div>
            <Loaded
                resource=keys
                fallback=|| view! { <TableSkeleton /> }
                error_title="Couldn't load your API keys"
                in_panel=true
                is_empty=Vec::is_empty
                empty=move || {
                    view! {
                        <EmptyState
                            compact=true
                            icon=Icon::Key
                            title="No API keys yet"
                            description="Create a key to connect an integration. You'll see its secret once, right after creating it."
                        >
                            <button type="button" class="btn btn-secondary" on:click=open_create>
                                <Svg icon=Icon::Plus />
                                "Create your first key"
                            </button>
                        </EmptyState>
                    }
                }
                let:list
            >
                <ApiKeyTable keys=list on_delete=Callback::new(move |key| deleting.set(Some(key))) />
            </Loaded>
        </section>
        <Show when=move || creating.get()>
            <CreateKeyDialog
                on_close=Callback::new(move |()| creating.set(false))
                on_created=Callback::new(move |()| keys.refetch())
            />
        </Show>
        {move || {
            deleting
                .get()
                .map(|key| {
                    view! {
                        <DeleteKeyDialog
                            key=key
                            on_close=Callback::new(move |()| deleting.set(None))
                            on_deleted=Callback::new(move |()| {
                                deleting.set(None);
                                keys.refetch();
                            })
                        />
                    }
                })
        }}
    }
}
