//! Settings → Team. Everyone sees who is on the team; admins and owners invite, change roles
//! and remove; owners also hand over ownership and read the trail of changes.

use leptos::prelude::*;
use loquent_shared::Role;

use super::activity::ActivityList;
use super::invitations::InvitationsTable;
use super::invite_dialog::InviteDialog;
use super::members::MembersTable;
use crate::api::{self, ApiError};
use crate::components::{EmptyState, ErrorBanner, Icon, Loaded, Svg};
use crate::mods::auth::session::use_session;
use crate::mods::settings::components::TableSkeleton;

#[component]
pub fn TeamPage() -> impl IntoView {
    let session = use_session();
    let members = LocalResource::new(api::organization::members);
    let invitations = LocalResource::new(api::team::invitations);
    let is_owner = move || session.member_with(|me| me.member.role == Role::Owner);
    let events = LocalResource::new(move || async move {
        if is_owner() { api::team::events().await } else { Ok(Vec::new()) }
    });
    let inviting = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let reload = Callback::new(move |()| {
        members.refetch();
        invitations.refetch();
        events.refetch();
        // The viewer's own role may have changed (a handover): the whole app follows.
        session.refresh_quietly();
    });
    let on_left = Callback::new(move |()| session.left_organization());
    let manage = session.can_configure();
    let my_role = move || session.me().map_or(Role::Viewer, |me| me.member.role);

    view! {
        <div class="stack">
            <section class="card panel" aria-labelledby="team-title">
                <div class="panel-head">
                    <div>
                        <h2 class="panel-title" id="team-title">
                            "Team"
                        </h2>
                        <p class="panel-subtitle">
                            {if manage {
                                "Who works in this organization, and what each person may do."
                            } else {
                                "Who works in this organization. Admins and owners manage the team."
                            }}
                        </p>
                    </div>
                    {manage
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-primary"
                                    on:click=move |_| inviting.set(true)
                                >
                                    <Svg icon=Icon::Plus />
                                    "Invite teammate"
                                </button>
                            }
                        })}
                </div>
                {move || error.get().map(|e| view! { <ErrorBanner error=e title="That didn't work" /> })}
                <Loaded
                    resource=members
                    fallback=|| view! { <TableSkeleton /> }
                    error_title="Couldn't load the team"
                    in_panel=true
                    let:list
                >
                    {session
                        .me()
                        .map(|me| {
                            view! {
                                <MembersTable
                                    members=list
                                    me=me.member
                                    on_changed=reload
                                    on_left=on_left
                                    error=error
                                />
                            }
                        })}
                </Loaded>
            </section>
            <section class="card panel" aria-labelledby="invitations-title">
                <div class="panel-head">
                    <div>
                        <h2 class="panel-title" id="invitations-title">
                            "Invitations"
                        </h2>
                        <p class="panel-subtitle">"Sent, not yet accepted."</p>
                    </div>
                </div>
                <Loaded
                    resource=invitations
                    fallback=|| view! { <TableSkeleton /> }
                    error_title="Couldn't load the invitations"
                    in_panel=true
                    is_empty=Vec::is_empty
                    empty=|| {
                        view! {
                            <EmptyState
                                compact=true
                                icon=Icon::Mail
                                title="No open invitations"
                                description="Invite your front desk, your partners or your agency: each gets their own login."
                            />
                        }
                    }
                    let:list
                >
                    <InvitationsTable invitations=list manage=manage on_changed=reload error=error />
                </Loaded>
            </section>
            <Show when=is_owner>
                <section class="card panel" aria-labelledby="activity-title">
                    <div class="panel-head">
                        <div>
                            <h2 class="panel-title" id="activity-title">
                                "Team activity"
                            </h2>
                            <p class="panel-subtitle">
                                "Every invitation and membership change, newest first. Only owners see this."
                            </p>
                        </div>
                    </div>
                    <Loaded
                        resource=events
                        fallback=|| view! { <TableSkeleton /> }
                        error_title="Couldn't load the team's activity"
                        in_panel=true
                        let:list
                    >
                        <ActivityList events=list />
                    </Loaded>
                </section>
            </Show>
        </div>
        <Show when=move || inviting.get()>
            <InviteDialog
                my_role=my_role()
                on_close=Callback::new(move |()| inviting.set(false))
                on_sent=Callback::new(move |()| {
                    inviting.set(false);
                    reload.run(());
                })
            />
        </Show>
    }
}
