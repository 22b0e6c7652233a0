//! Settings → Telephony.

use leptos::prelude::*;
use loquent_shared::{TwilioMode, TwilioSettings};

use super::components::{
    Account, AccountSummary, ConnectTwilioForm, DisconnectDialog, ImportNumbers,
};
use crate::api;
use crate::components::{Icon, Loaded, ReadOnlyNote, Svg, use_toasts};
use crate::mods::auth::session::use_session;

#[component]
pub fn TelephonySettings() -> impl IntoView {
    let session = use_session();
    let settings = LocalResource::new(move || async move { api::twilio::settings().await });
    let editable = move || session.can_configure();

    view! {
        <div class="stack">
            {move || (!editable()).then(|| view! { <ReadOnlyNote what="telephony settings" /> })}
            <Loaded
                resource=settings
                fallback=|| view! { <TelephonySkeleton /> }
                error_title="Couldn't load your telephony settings"
                let:current
            >
                <TwilioAccountPanel
                    current=current.clone()
                    editable=Signal::derive(editable)
                    on_changed=Callback::new(move |()| settings.refetch())
                />
                // Nothing to import from until there is an account.
                <Show when=move || editable() && Account::of(&current) != Account::Missing>
                    <ImportNumbers />
                </Show>
            </Loaded>
        </div>
    }
}

#[component]
fn TwilioAccountPanel(
    current: TwilioSettings,
    editable: Signal<bool>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let toasts = use_toasts();
    let byo = current.mode == TwilioMode::Byo;
    let account = Account::of(&current);
    // Leaving an own account is only offered when there is a managed one to return to.
    let can_return = current.managed_available;
    let replacing = RwSignal::new(false);
    let disconnecting = RwSignal::new(false);
    let on_connected = Callback::new(move |_: TwilioSettings| {
        toasts.success(if byo {
            "Twilio credentials updated"
        } else {
            "Your Twilio account is connected"
        });
        replacing.set(false);
        on_changed.run(());
    });
    let on_disconnected = Callback::new(move |()| {
        disconnecting.set(false);
        toasts.success("Back to the Loquent-managed account");
        on_changed.run(());
    });

    view! {
        <section class="card panel" aria-labelledby="twilio-title">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="twilio-title">
                        "Twilio account"
                    </h2>
                    <p class="panel-subtitle">"Where your phone numbers live and are billed."</p>
                </div>
            </div>
            <AccountSummary settings=current />
            <Show when=move || editable.get()>
                {if byo {
                    view! {
                        <Show
                            when=move || replacing.get()
                            fallback=move || {
                                view! {
                                    <div class="panel-actions">
                                        <button
                                            type="button"
                                            class="btn btn-secondary"
                                            on:click=move |_| replacing.set(true)
                                        >
                                            <Svg icon=Icon::Key />
                                            "Replace credentials"
                                        </button>
                                        <Show when=move || can_return>
                                            <button
                                                type="button"
                                                class="btn btn-ghost"
                                                on:click=move |_| disconnecting.set(true)
                                            >
                                                <Svg icon=Icon::Undo />
                                                "Return to Loquent-managed"
                                            </button>
                                        </Show>
                                    </div>
                                }
                            }
                        >
                            <div class="subsection">
                                <h3 class="subsection-title">"Replace credentials"</h3>
                                <ConnectTwilioForm
                                    replacing=true
                                    on_connected=on_connected
                                    on_cancel=Callback::new(move |()| replacing.set(false))
                                />
                            </div>
                        </Show>
                    }
                        .into_any()
                } else {
                    view! {
                        <div class="subsection">
                            <h3 class="subsection-title">
                                {if account == Account::Missing {
                                    "Connect your Twilio account"
                                } else {
                                    "Use your own Twilio account"
                                }}
                            </h3>
                            <p class="subsection-text">
                                {if account == Account::Missing {
                                    "Loquent puts your phone numbers in your Twilio account: connect it to import the numbers you have and buy new ones."
                                } else {
                                    "Already have numbers in Twilio? Connect your account to import them, and to buy new numbers on it."
                                }}
                            </p>
                            <ConnectTwilioForm on_connected=on_connected />
                        </div>
                    }
                        .into_any()
                }}
            </Show>
        </section>
        <Show when=move || disconnecting.get()>
            <DisconnectDialog
                on_close=Callback::new(move |()| disconnecting.set(false))
                on_done=on_disconnected
            />
        </Show>
    }
}

#[component]
fn TelephonySkeleton() -> impl IntoView {
    view! {
        <div class="card panel" role="status" aria-label="Loading telephony settings">
            <span class="skeleton skeleton-line"></span>
            <div class="skeleton-row skeleton-row-flat">
                <span class="skeleton skeleton-tile"></span>
                <span class="skeleton skeleton-line"></span>
            </div>
            <span class="skeleton skeleton-input"></span>
        </div>
    }
}
