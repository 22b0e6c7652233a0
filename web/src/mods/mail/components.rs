//! The delivery panel with its test button, the outbox table, and a message's parts.

use leptos::prelude::*;
use loquent_shared::{MailDelivery, MailMessage, MailMessageDetails, MailSettings, MailStatus};

use super::preview::{attempts, delivery_sentence, framed_document, status_class, test_queued};
use crate::api::{self, ApiError};
use crate::components::{FormError, Icon, Spinner, Svg, use_toasts};
use crate::util;

/// Where mail goes, who it's from, and "Send a test email" (to the member's own address).
#[component]
pub fn DeliveryPanel(
    settings: MailSettings,
    /// The member's address, where the test goes.
    email: String,
    on_sent: Callback<MailMessage>,
) -> impl IntoView {
    let toasts = use_toasts();
    let error = RwSignal::new(None::<ApiError>);
    let delivery = settings.delivery;
    let send = Action::new_local(move |_: &()| async move {
        match api::mail::send_test().await {
            Ok(message) => {
                error.set(None);
                toasts.success(test_queued(&message.to, Some(delivery)));
                on_sent.run(message);
            }
            Err(e) => error.set(Some(e)),
        }
    });
    let pending = send.pending();
    let smtp = delivery == MailDelivery::Smtp;
    let server = settings.server.clone().unwrap_or_else(|| "None: kept in the outbox".to_owned());

    view! {
        <section class="card panel" aria-labelledby="mail-delivery-title">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="mail-delivery-title">
                        "Email delivery"
                    </h2>
                    <p class="panel-subtitle">
                        "How Loquent sends email for your organization, such as call reports."
                    </p>
                </div>
                <button
                    type="button"
                    class="btn btn-secondary"
                    disabled=move || pending.get()
                    aria-busy=move || pending.get().to_string()
                    data-testid="send-test-mail"
                    on:click=move |_| {
                        send.dispatch(());
                    }
                >
                    {move || if pending.get() { view! { <Spinner /> }.into_any() } else { view! { <Svg icon=Icon::Mail /> }.into_any() }}
                    <span>{move || if pending.get() { "Sending…" } else { "Send a test email" }}</span>
                </button>
            </div>
            <p class="status-line" class:status-ok=smtp data-testid="mail-delivery">
                <Svg icon=if smtp { Icon::CheckCircle } else { Icon::Info } />
                {delivery_sentence(&settings)}
            </p>
            <dl class="details details-compact">
                <div>
                    <dt>"From"</dt>
                    <dd>{settings.from.clone()}</dd>
                </div>
                <div>
                    <dt>"SMTP server"</dt>
                    <dd>{server}</dd>
                </div>
                <div>
                    <dt>"Test emails go to"</dt>
                    <dd>{email}</dd>
                </div>
            </dl>
            <FormError error=error />
        </section>
    }
}

/// The outbox, newest first: recipient, subject, status, when.
#[component]
pub fn OutboxTable(#[prop(into)] rows: Signal<Vec<MailMessage>>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="outbox-table">
                <thead>
                    <tr>
                        <th scope="col">"Message"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="hide-sm">
                            "Queued"
                        </th>
                        <th scope="col" class="cell-chevron">
                            <span class="sr-only">"Open"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    // Keyed by status too: a row whose message was sent meanwhile is redrawn.
                    <For each=move || rows.get() key=|m| (m.id, m.status.as_str(), m.attempts) let:message>
                        <OutboxRow message=message />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn OutboxRow(message: MailMessage) -> impl IntoView {
    let href = format!("/settings/email/{}", message.id);
    let to = format!("To {}", message.to);
    view! {
        <tr class="mail-row" data-testid="outbox-row">
            <td class="cell-subject">
                <a class="row-link" href=href>
                    <span class="cell-strong cell-clip" title=message.subject.clone()>
                        {message.subject.clone()}
                    </span>
                </a>
                <span class="cell-sub cell-clip">{to}</span>
            </td>
            <td>
                <span class=status_class(message.status) data-testid="outbox-status">
                    {message.status.label()}
                </span>
            </td>
            <td class="cell-muted hide-sm" title=util::date_time(message.created_at)>
                {util::relative(message.created_at)}
            </td>
            <td class="cell-chevron" aria-hidden="true">
                <Svg icon=Icon::ChevronRight />
            </td>
        </tr>
    }
}

/// A message's envelope and what became of it.
#[component]
pub fn MessageSummary(details: MailMessageDetails) -> impl IntoView {
    let m = details.message;
    let why = m.last_error.clone().map(|error| {
        let lead = if m.status == MailStatus::Failed {
            "It could not be delivered: "
        } else {
            "The last attempt failed, Loquent will try again: "
        };
        view! {
            <div class="callout callout-warning" role="note" data-testid="mail-error">
                <Svg icon=Icon::Warning />
                <p>{lead} {error}</p>
            </div>
        }
    });
    let sent = m.sent_at.map_or_else(|| "—".to_owned(), util::date_time);
    view! {
        <section class="card panel" aria-labelledby="mail-subject">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="mail-subject">
                        {m.subject.clone()}
                    </h2>
                    <p class="panel-subtitle">{format!("To {}", m.to)}</p>
                </div>
                <span class=status_class(m.status) data-testid="mail-status">
                    {m.status.label()}
                </span>
            </div>
            {why}
            <dl class="details details-compact">
                <div>
                    <dt>"From"</dt>
                    <dd>{m.from.clone()}</dd>
                </div>
                <div>
                    <dt>"To"</dt>
                    <dd>{m.to.clone()}</dd>
                </div>
                <div>
                    <dt>"Sent by"</dt>
                    <dd>
                        <code>{m.kind.clone()}</code>
                    </dd>
                </div>
                <div>
                    <dt>"Queued"</dt>
                    <dd>{util::date_time(m.created_at)}</dd>
                </div>
                <div>
                    <dt>"Sent"</dt>
                    <dd>{sent}</dd>
                </div>
                <div>
                    <dt>"Delivery attempts"</dt>
                    <dd>{attempts(m.attempts)}</dd>
                </div>
            </dl>
        </section>
    }
}

/// The message's two parts: the HTML in a sandboxed frame (its markup can't touch the app and
/// loads nothing), the plain text as written.
#[component]
pub fn MessageParts(html: String, text: String) -> impl IntoView {
    view! {
        <section class="card panel" aria-labelledby="mail-html-title">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="mail-html-title">
                        "As HTML"
                    </h2>
                    <p class="panel-subtitle">
                        "Shown sealed off from Loquent: its scripts don't run and nothing it links to loads here."
                    </p>
                </div>
            </div>
            <iframe
                class="mail-frame"
                sandbox=""
                referrerpolicy="no-referrer"
                title="The message as HTML"
                srcdoc=framed_document(&html)
                data-testid="mail-html"
            ></iframe>
        </section>
        <section class="card panel" aria-labelledby="mail-text-title">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="mail-text-title">
                        "As plain text"
                    </h2>
                    <p class="panel-subtitle">"What mail programs that don't show HTML display."</p>
                </div>
            </div>
            <pre class="mail-text" data-testid="mail-text">
                {text}
            </pre>
        </section>
    }
}
