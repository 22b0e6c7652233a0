//! Settings → Email and one message of the outbox.

use futures_util::future::join;
use leptos::prelude::*;
use loquent_shared::{MailMessage, MailMessageDetails, MailMessagePage, MailStatus};

use super::components::{DeliveryPanel, MessageParts, MessageSummary, OutboxTable};
use crate::api::{self, ApiError};
use crate::components::{
    DetailsSkeleton, EmptyState, Icon, Loaded, MissingState, MorePages, PagedRows, Svg, id_param,
};
use crate::mods::auth::session::use_session;
use crate::refresh::refresh_while;

/// Delivery settings, the test button and the outbox, for owners and admins.
#[component]
pub fn EmailSettings() -> impl IntoView {
    let session = use_session();
    move || {
        if session.can_configure() {
            view! { <EmailPanels /> }.into_any()
        } else {
            view! {
                <section class="card panel panel-empty">
                    <EmptyState
                        icon=Icon::Mail
                        title="Email is for owners and admins"
                        description="Ask an owner or an admin of your organization to check how Loquent sends email."
                    />
                </section>
            }
                .into_any()
        }
    }
}

#[component]
fn EmailPanels() -> impl IntoView {
    let session = use_session();
    // The settings and the outbox's first page, together: one resource (and one set of its
    // states) keeps the page's code small, and both come from the same quick requests.
    let loaded = LocalResource::new(move || async move {
        let (settings, page) = join(api::mail::settings(), api::mail::outbox(None)).await;
        Ok::<_, ApiError>((settings?, page?))
    });
    let more = MorePages::new(Memo::new(|_| ()), |(), cursor: String| async move {
        api::mail::outbox(Some(&cursor)).await
    });
    // A queued message is sent (or kept) within moments: look again until none is waiting.
    let waiting = Memo::new(move |_| {
        loaded.with(|l| {
            l.as_ref()
                .and_then(|l| l.as_ref().ok())
                .is_some_and(|(_, page)| page.items.iter().any(|m| m.status == MailStatus::Queued))
        })
    });
    refresh_while(waiting.into(), move || async move {
        loaded.refetch();
        true
    });
    let email = move || session.me().map(|me| me.member.email).unwrap_or_default();

    view! {
        <Loaded
            resource=loaded
            fallback=|| view! { <DetailsSkeleton /> }
            error_title="Couldn't load the email settings and the outbox"
            let:current
        >
            <div class="stack">
                <DeliveryPanel
                    settings=current.0
                    email=email()
                    on_sent=Callback::new(move |_| loaded.refetch())
                />
                <section class="card panel list-panel" aria-labelledby="outbox-title">
                    <div class="panel-head">
                        <div>
                            <h2 class="panel-title" id="outbox-title">
                                "Outbox"
                            </h2>
                            <p class="panel-subtitle">
                                "Every email Loquent sent for your organization, newest first."
                            </p>
                        </div>
                    </div>
                    <Outbox page=current.1 more=more />
                </section>
            </div>
        </Loaded>
    }
}

#[component]
fn Outbox(page: MailMessagePage, more: MorePages<MailMessage>) -> impl IntoView {
    if page.items.is_empty() {
        return view! {
            <EmptyState
                compact=true
                icon=Icon::Mail
                title="No email yet"
                description="Messages Loquent sends show up here. Send a test email to see one."
            />
        }
        .into_any();
    }
    view! {
        <PagedRows page=page more=more error_title="Couldn't load more messages" let:rows>
            <OutboxTable rows=rows />
        </PagedRows>
    }
    .into_any()
}

/// One message: its envelope, what became of it, and its two parts.
#[component]
pub fn MailMessageView() -> impl IntoView {
    let id = id_param();
    let message = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::mail::message(id).await,
                None => Err(ApiError::not_found()),
            }
        }
    });
    let waiting = Memo::new(move |_| {
        message.with(|m| {
            m.as_ref()
                .and_then(|m| m.as_ref().ok())
                .is_some_and(|m| m.message.status == MailStatus::Queued)
        })
    });
    refresh_while(waiting.into(), move || async move {
        message.refetch();
        true
    });

    view! {
        <div class="stack">
            <a class="back-link" href="/settings/email">
                <Svg icon=Icon::ArrowLeft />
                "Outbox"
            </a>
            <Loaded
                resource=message
                fallback=|| view! { <DetailsSkeleton /> }
                error_title="Couldn't load this message"
                not_found=|| {
                    view! {
                        <MissingState
                            icon=Icon::Mail
                            title="This message isn't here"
                            description="It may belong to another organization, or the link is wrong."
                            back=("/settings/email", "Back to the outbox")
                        />
                    }
                }
                let:details
            >
                <Message details=details />
            </Loaded>
        </div>
    }
}

#[component]
fn Message(details: MailMessageDetails) -> impl IntoView {
    let (html, text) = (details.html.clone(), details.text.clone());
    view! {
        <MessageSummary details=details />
        <MessageParts html=html text=text />
    }
}
