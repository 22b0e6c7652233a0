//! The members table: each person's role (changeable where the viewer may), when they were
//! last active, and removing, leaving or handing over ownership.

use leptos::prelude::*;
use loquent_shared::{Member, Role, UpdateMemberRequest};
use uuid::Uuid;

use super::rules::{can_manage, grantable, role_label};
use crate::api::{self, ApiError};
use crate::components::{ConfirmDelete, use_toasts};
use crate::util::{initials, relative};

/// What the viewer asked to do to a member, awaiting confirmation.
#[derive(Debug, Clone)]
enum Pending {
    Remove(Member),
    Leave(Member),
    Transfer(Member),
}

#[component]
pub fn MembersTable(
    members: Vec<Member>,
    me: Member,
    /// Something changed: the page reloads the team.
    on_changed: Callback<()>,
    /// The viewer left the organization.
    on_left: Callback<()>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let toasts = use_toasts();
    let asking = RwSignal::new(None::<Pending>);
    let owners = members.iter().filter(|m| m.role == Role::Owner).count();
    let change_role = Action::new_local(move |(id, role): &(Uuid, Role)| {
        let (id, role) = (*id, *role);
        async move {
            match api::team::update_member(id, &UpdateMemberRequest { role }).await {
                Ok(member) => {
                    toasts.success(format!("{} is now {}", member.name, role.as_str()));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            on_changed.run(());
        }
    });

    let rows = members
        .into_iter()
        .map(|member| {
            let is_me = member.id == me.id;
            let manageable = !is_me && can_manage(me.role, member.role);
            let last_owner = member.role == Role::Owner && owners == 1;
            let id = member.id;
            let role_cell = if manageable {
                let label = format!("Role of {}", member.name);
                let current = member.role;
                view! {
                    <select
                        class="input select select-inline"
                        aria-label=label
                        on:change=move |ev| {
                            if let Some(role) = Role::parse(&event_target_value(&ev)) {
                                change_role.dispatch((id, role));
                            }
                        }
                    >
                        {grantable(me.role)
                            .into_iter()
                            .map(|role| {
                                view! {
                                    <option value=role.as_str() selected=role == current>
                                        {role_label(role)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                }
                .into_any()
            } else {
                view! { <span class="badge">{role_label(member.role)}</span> }.into_any()
            };
            let last_active =
                member.last_active_at.map_or_else(|| "Never".to_owned(), relative);
            let actions = {
                let (remove, leave, transfer) = (member.clone(), member.clone(), member.clone());
                view! {
                    {(me.role == Role::Owner && !is_me && member.role != Role::Owner)
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-ghost btn-sm"
                                    on:click=move |_| asking.set(Some(Pending::Transfer(transfer.clone())))
                                >
                                    "Make owner"
                                </button>
                            }
                        })}
                    {manageable
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-ghost btn-sm btn-danger-text"
                                    on:click=move |_| asking.set(Some(Pending::Remove(remove.clone())))
                                >
                                    "Remove"
                                </button>
                            }
                        })}
                    {(is_me && !last_owner)
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-ghost btn-sm btn-danger-text"
                                    on:click=move |_| asking.set(Some(Pending::Leave(leave.clone())))
                                >
                                    "Leave"
                                </button>
                            }
                        })}
                }
            };
            view! {
                <tr data-member=member.email.clone()>
                    <td>
                        <div class="person">
                            <span class="avatar" aria-hidden="true">{initials(&member.name)}</span>
                            <span class="person-text">
                                <span class="person-name">
                                    {member.name.clone()}
                                    {is_me.then(|| view! { <span class="badge badge-muted">"You"</span> })}
                                </span>
                                <span class="person-email">{member.email.clone()}</span>
                            </span>
                        </div>
                    </td>
                    <td>{role_cell}</td>
                    <td class="muted">{last_active}</td>
                    <td class="cell-actions">{actions}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <div class="table-wrap">
            <table class="table" data-testid="members">
                <thead>
                    <tr>
                        <th scope="col">"Member"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Last active"</th>
                        <th scope="col">
                            <span class="sr-only">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || asking.get().map(|pending| view! { <Confirm pending asking on_changed on_left /> })}
    }
}

/// The dialog for a removal, a departure or a handover.
#[component]
fn Confirm(
    pending: Pending,
    asking: RwSignal<Option<Pending>>,
    on_changed: Callback<()>,
    on_left: Callback<()>,
) -> impl IntoView {
    let toasts = use_toasts();
    let close = Callback::new(move |()| asking.set(None));
    match pending {
        Pending::Remove(member) => {
            let name = member.name.clone();
            view! {
                <ConfirmDelete
                    title=format!("Remove {}?", member.name)
                    button="Remove member"
                    pending_button="Removing…"
                    delete=move || api::team::remove_member(member.id)
                    on_close=close
                    on_done=Callback::new(move |()| {
                        asking.set(None);
                        toasts.success(format!("{name} was removed"));
                        on_changed.run(());
                    })
                >
                    "They are signed out of this organization at once, and the API keys they made stop working. Their calls, contacts and to-dos stay."
                </ConfirmDelete>
            }
            .into_any()
        }
        Pending::Leave(member) => view! {
            <ConfirmDelete
                title="Leave this organization?"
                button="Leave"
                pending_button="Leaving…"
                delete=move || api::team::remove_member(member.id)
                on_close=close
                on_done=Callback::new(move |()| on_left.run(()))
            >
                "You lose access at once. To come back, someone must invite you again."
            </ConfirmDelete>
        }
        .into_any(),
        Pending::Transfer(member) => {
            let name = member.name.clone();
            view! {
                <ConfirmDelete
                    title=format!("Make {} the owner?", member.name)
                    button="Transfer ownership"
                    pending_button="Transferring…"
                    delete=move || api::team::transfer_ownership(member.id)
                    on_close=close
                    on_done=Callback::new(move |()| {
                        asking.set(None);
                        toasts.success(format!("{name} now owns the organization"));
                        on_changed.run(());
                    })
                >
                    "They become an owner and you become an admin. Only an owner can give ownership back."
                </ConfirmDelete>
            }
            .into_any()
        }
    }
}
