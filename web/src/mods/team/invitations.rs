//! Open invitations: who was invited, as what, whether the link still works; resend or revoke.

use leptos::prelude::*;
use loquent_shared::{Invitation, InvitationStatus};

use super::rules::role_label;
use crate::api::{self, ApiError};
use crate::components::{ConfirmDelete, use_toasts};
use crate::util::{date, relative};

#[component]
pub fn InvitationsTable(
    invitations: Vec<Invitation>,
    /// Whether the viewer may resend and revoke (admins and owners).
    manage: bool,
    on_changed: Callback<()>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let toasts = use_toasts();
    let revoking = RwSignal::new(None::<Invitation>);
    let resend = Action::new_local(move |invitation: &Invitation| {
        let (id, email) = (invitation.id, invitation.email.clone());
        async move {
            match api::team::resend(id).await {
                Ok(_) => {
                    toasts.success(format!("A new link is on its way to {email}"));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            on_changed.run(());
        }
    });
    let resending = resend.pending();

    let rows = invitations
        .into_iter()
        .map(|invitation| {
            let status = match invitation.status {
                InvitationStatus::Pending => view! {
                    <span class="badge badge-success">
                        {format!("Expires {}", date(invitation.expires_at))}
                    </span>
                }
                .into_any(),
                InvitationStatus::Expired => {
                    view! { <span class="badge badge-warning">"Expired"</span> }.into_any()
                }
            };
            let sent = format!(
                "Sent {}{}",
                relative(invitation.sent_at),
                invitation.invited_by.as_ref().map(|by| format!(" by {by}")).unwrap_or_default()
            );
            let (again, revoke) = (invitation.clone(), invitation.clone());
            view! {
                <tr data-invitation=invitation.email.clone()>
                    <td>
                        <span class="person-name">{invitation.email.clone()}</span>
                        <span class="person-email">{sent}</span>
                    </td>
                    <td>
                        <span class="badge">{role_label(invitation.role)}</span>
                    </td>
                    <td>{status}</td>
                    <td class="cell-actions">
                        {manage
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="btn btn-ghost btn-sm"
                                        disabled=move || resending.get()
                                        on:click=move |_| {
                                            resend.dispatch(again.clone());
                                        }
                                    >
                                        "Resend"
                                    </button>
                                    <button
                                        type="button"
                                        class="btn btn-ghost btn-sm btn-danger-text"
                                        on:click=move |_| revoking.set(Some(revoke.clone()))
                                    >
                                        "Revoke"
                                    </button>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <div class="table-wrap">
            <table class="table" data-testid="invitations">
                <thead>
                    <tr>
                        <th scope="col">"Invited"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Link"</th>
                        <th scope="col">
                            <span class="sr-only">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || {
            revoking
                .get()
                .map(|invitation| {
                    let email = invitation.email.clone();
                    view! {
                        <ConfirmDelete
                            title=format!("Revoke the invitation to {}?", invitation.email)
                            button="Revoke invitation"
                            pending_button="Revoking…"
                            delete=move || api::team::revoke(invitation.id)
                            on_close=Callback::new(move |()| revoking.set(None))
                            on_done=Callback::new(move |()| {
                                revoking.set(None);
                                toasts.success(format!("The invitation to {email} was revoked"));
                                on_changed.run(());
                            })
                        >
                            "The link in their email stops working. You can invite them again later."
                        </ConfirmDelete>
                    }
                })
        }}
    }
}
