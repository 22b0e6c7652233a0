//! The Twilio account summary, the credentials form, leaving your own account, and the import.

use std::collections::HashSet;

use leptos::prelude::*;
use loquent_shared::{
    PutTwilioSettingsRequest, SyncNumbersRequest, SyncNumbersResponse, TwilioMode, TwilioSettings,
    UnsyncedNumber,
};

use super::form_state::TwilioCredentialsState;
use crate::api::{self, ApiError};
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{
    Binding, EmptyState, ErrorBanner, FormError, Icon, Modal, Spinner, SubmitButton, Svg,
    TextField, use_toasts,
};
use crate::mods::phones::components::{MessageBanner, twilio_detail};
use crate::util;

/// Whether the organization has a Twilio account to put numbers in, and whose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// Loquent's platform runs one for it (made when the first number is bought).
    Managed,
    Own,
    /// Neither: this deployment can't manage one, and none is connected.
    Missing,
}

impl Account {
    pub fn of(settings: &TwilioSettings) -> Account {
        match settings.mode {
            TwilioMode::Byo => Account::Own,
            // A subaccount made earlier stays usable even if the platform account went away.
            TwilioMode::Platform
                if settings.managed_available || settings.account_sid_masked.is_some() =>
            {
                Account::Managed
            }
            TwilioMode::Platform => Account::Missing,
        }
    }
}

/// Mode, account and since when.
#[component]
pub fn AccountSummary(settings: TwilioSettings) -> impl IntoView {
    let account_kind = Account::of(&settings);
    if account_kind == Account::Missing {
        return view! {
            <div class="account" data-testid="twilio-mode" data-mode="none">
                <span class="tile tile-lg">
                    <Svg icon=Icon::Cloud />
                </span>
                <div class="account-text">
                    <p class="account-mode">
                        <span>"No Twilio account yet"</span>
                        <span class="badge">"Not connected"</span>
                    </p>
                    <p class="account-sub">
                        "Connect your Twilio account below to import your numbers and buy new ones."
                    </p>
                </div>
            </div>
        }
        .into_any();
    }
    let (badge, mode) = match settings.mode {
        TwilioMode::Platform => ("Default", "Managed by Loquent"),
        TwilioMode::Byo => ("Connected", "Your own Twilio account"),
    };
    let account = settings.account_sid_masked.clone();
    let connected = settings.connected_at;
    view! {
        <div class="account" data-testid="twilio-mode" data-mode=match settings.mode {
            TwilioMode::Platform => "platform",
            TwilioMode::Byo => "byo",
        }>
            <span class="tile tile-lg">
                <Svg icon=if settings.mode == TwilioMode::Byo { Icon::Shield } else { Icon::Cloud } />
            </span>
            <div class="account-text">
                <p class="account-mode">
                    <span>{mode}</span>
                    <span class="badge" class:badge-success=settings.mode == TwilioMode::Byo>
                        {badge}
                    </span>
                </p>
                <p class="account-sub">
                    {match settings.mode {
                        TwilioMode::Platform => {
                            "Loquent runs the Twilio account for you: nothing to set up."
                        }
                        TwilioMode::Byo => "Numbers you buy are added to your own Twilio account.",
                    }}
                </p>
            </div>
        </div>
        <dl class="details">
            <div>
                <dt>"Account SID"</dt>
                <dd data-testid="twilio-sid">
                    {match account {
                        Some(sid) => view! { <code>{sid}</code> }.into_any(),
                        None => {
                            view! { <span class="muted">"Created when you buy your first number"</span> }
                                .into_any()
                        }
                    }}
                </dd>
            </div>
            <div>
                <dt>{if settings.mode == TwilioMode::Byo { "Connected" } else { "Created" }}</dt>
                <dd>
                    {match connected {
                        Some(at) => view! { <span title=util::date_time(at)>{util::date(at)}</span> }.into_any(),
                        None => view! { <span class="muted">"Not yet"</span> }.into_any(),
                    }}
                </dd>
            </div>
        </dl>
    }
    .into_any()
}

/// Account SID and auth token of the organization's own Twilio account.
#[component]
pub fn ConnectTwilioForm(
    #[prop(optional)] replacing: bool,
    on_connected: Callback<TwilioSettings>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let form = RwSignal::new(TwilioCredentialsState::default());
    let account_sid = Binding::field(form, |s| s.account_sid.clone(), |s, v| s.account_sid = v);
    let auth_token = Binding::field(form, |s| s.auth_token.clone(), |s, v| s.auth_token = v);
    let server = ServerErrors::default();

    let connect = Action::new_local(move |request: &PutTwilioSettingsRequest| {
        let request = request.clone();
        async move {
            match api::twilio::connect(&request).await {
                Ok(settings) => on_connected.run(settings),
                Err(error) => {
                    let error = match error.code.as_str() {
                        "twilio_credentials_rejected" => ApiError {
                            message: "Twilio didn't accept these credentials. Check the Account SID and Auth Token in your Twilio Console.".to_owned(),
                            ..error
                        },
                        "twilio_error" => ApiError {
                            message: format!("Couldn't check the credentials with Twilio: {}", twilio_detail(&error)),
                            ..error
                        },
                        "forbidden" => ApiError {
                            message: "Only admins can connect a Twilio account.".to_owned(),
                            ..error
                        },
                        _ => error,
                    };
                    server.set(error);
                    if let Some(field) = server.first_field() {
                        focus(&field);
                    }
                }
            }
        }
    });
    let pending = connect.pending();

    let sid_error = Signal::derive(move || {
        server.field("account_sid").or_else(|| form.with(|s| s.message("account_sid")))
    });
    let token_error = Signal::derive(move || {
        server.field("auth_token").or_else(|| form.with(|s| s.message("auth_token")))
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form.update(|s| s.submitted = true);
        server.clear();
        match form.with_untracked(TwilioCredentialsState::first_invalid) {
            Some(field) => focus(field),
            None => {
                connect.dispatch(form.with_untracked(TwilioCredentialsState::to_input));
            }
        }
    };

    view! {
        <form class="form connect-form" on:submit=on_submit novalidate=true data-testid="twilio-connect-form">
            <div class="form-grid">
                <TextField
                    id="account_sid"
                    label="Account SID"
                    value=account_sid
                    error=sid_error
                    placeholder="AC…"
                    mono=true
                    autocomplete="off"
                    hint="In the Twilio Console, under Account info."
                    on_input=move || server.clear_field("account_sid")
                />
                <TextField
                    id="auth_token"
                    label="Auth Token"
                    kind="password"
                    value=auth_token
                    error=token_error
                    autocomplete="off"
                    hint="Loquent never shows it again."
                    on_input=move || server.clear_field("auth_token")
                />
            </div>
            <FormError error=server.form() />
            <div class="form-actions">
                {on_cancel
                    .map(|cancel| {
                        view! {
                            <button type="button" class="btn btn-ghost" on:click=move |_| cancel.run(())>
                                "Cancel"
                            </button>
                        }
                    })}
                <SubmitButton
                    pending=pending
                    label=if replacing { "Update credentials" } else { "Connect account" }
                    pending_label="Checking with Twilio…"
                />
            </div>
        </form>
    }
}

/// "Return to Loquent-managed?"
#[component]
pub fn DisconnectDialog(on_close: Callback<()>, on_done: Callback<()>) -> impl IntoView {
    let disconnect = Action::new_local(move |(): &()| async move {
        match api::twilio::disconnect().await {
            Ok(()) => {
                on_done.run(());
                None
            }
            Err(error) => Some(error),
        }
    });
    let pending = disconnect.pending();
    let error = move || disconnect.value().get().flatten();
    view! {
        <Modal title="Return to Loquent-managed?" on_close=on_close sticky=pending>
            <div class="modal-body">
                <p class="modal-text">
                    "Loquent forgets your Twilio credentials and uses its own managed account for new numbers. The numbers already in Loquent stay where they are."
                </p>
                {move || error().map(|error| view! { <ErrorBanner error=error /> })}
            </div>
            <div class="modal-footer">
                <button
                    type="button"
                    class="btn btn-secondary"
                    disabled=move || pending.get()
                    on:click=move |_| on_close.run(())
                >
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="btn btn-primary"
                    disabled=move || pending.get()
                    aria-busy=move || pending.get().to_string()
                    on:click=move |_| {
                        disconnect.dispatch(());
                    }
                >
                    {move || pending.get().then(|| view! { <Spinner /> })}
                    <span>
                        {move || if pending.get() { "Switching…" } else { "Return to Loquent-managed" }}
                    </span>
                </button>
            </div>
        </Modal>
    }
}

fn import_message(error: &ApiError) -> String {
    match error.code.as_str() {
        "twilio_not_configured" => {
            "There's no Twilio account to import from yet. Connect your own account above."
                .to_owned()
        }
        "twilio_error" => format!("Twilio couldn't list your numbers: {}", twilio_detail(error)),
        "forbidden" => "Only admins can import numbers.".to_owned(),
        _ => sentence(&error.message),
    }
}

/// "X imported, Y already existed"
pub fn import_summary(result: SyncNumbersResponse) -> String {
    format!("{} imported, {} already existed", result.imported, result.already_existed)
}

/// Numbers in the Twilio account that Loquent doesn't have yet: fetch, choose, import.
#[component]
pub fn ImportNumbers() -> impl IntoView {
    let toasts = use_toasts();
    let selected = RwSignal::new(HashSet::<String>::new());
    let last_import = RwSignal::new(None::<SyncNumbersResponse>);

    let fetch = Action::new_local(move |(): &()| async move {
        let result = api::twilio::unsynced_numbers().await;
        selected.set(HashSet::new());
        result
    });
    let fetching = fetch.pending();
    let import = Action::new_local(move |sids: &Vec<String>| {
        let request = SyncNumbersRequest { twilio_sids: sids.clone() };
        async move {
            match api::twilio::import(&request).await {
                Ok(result) => {
                    last_import.set(Some(result));
                    toasts.success(import_summary(result));
                    fetch.dispatch(());
                    None
                }
                Err(error) => Some(error),
            }
        }
    });
    let importing = import.pending();
    let import_error = move || import.value().get().flatten();
    let count = move || selected.with(HashSet::len);

    let start = move |_| {
        last_import.set(None);
        fetch.dispatch(());
    };

    view! {
        <section class="card panel" aria-labelledby="import-title">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="import-title">
                        "Import numbers"
                    </h2>
                    <p class="panel-subtitle">
                        "Bring the numbers already in your Twilio account into Loquent."
                    </p>
                </div>
                <button
                    type="button"
                    class="btn btn-secondary"
                    disabled=move || fetching.get() || importing.get()
                    aria-busy=move || fetching.get().to_string()
                    on:click=start
                >
                    {move || {
                        if fetching.get() {
                            view! { <Spinner /> }.into_any()
                        } else {
                            view! { <Svg icon=Icon::Refresh /> }.into_any()
                        }
                    }}
                    <span>
                        {move || {
                            if fetching.get() {
                                "Fetching…"
                            } else if fetch.value().with(Option::is_some) {
                                "Fetch again"
                            } else {
                                "Fetch numbers"
                            }
                        }}
                    </span>
                </button>
            </div>
            {move || {
                last_import
                    .get()
                    .map(|result| {
                        view! {
                            <div class="callout callout-success" role="status" data-testid="import-result">
                                <Svg icon=Icon::CheckCircle />
                                <p>
                                    <strong>{import_summary(result)}</strong>
                                    ". "
                                    <a href="/phones">"See your phone numbers"</a>
                                </p>
                            </div>
                        }
                    })
            }}
            {move || {
                let result = fetch.value().get()?;
                Some(match result {
                    Err(error) => {
                        let message = import_message(&error);
                        view! { <MessageBanner error=error message=message title="Couldn't fetch your numbers" /> }
                            .into_any()
                    }
                    Ok(numbers) if numbers.is_empty() => {
                        view! {
                            <EmptyState
                                compact=true
                                icon=Icon::CheckCircle
                                title="Nothing left to import"
                                description="Every number in your Twilio account is already in Loquent."
                            />
                        }
                            .into_any()
                    }
                    Ok(numbers) => {
                        view! {
                            <ImportChecklist numbers=numbers selected=selected />
                            {move || {
                                import_error()
                                    .map(|e| {
                                        let message = import_message(&e);
                                        view! { <MessageBanner error=e message=message /> }
                                    })
                            }}
                            <div class="form-actions">
                                <button
                                    type="button"
                                    class="btn btn-primary"
                                    disabled=move || count() == 0 || importing.get()
                                    aria-busy=move || importing.get().to_string()
                                    on:click=move |_| {
                                        import.dispatch(selected.get_untracked().into_iter().collect());
                                    }
                                >
                                    {move || {
                                        if importing.get() {
                                            view! { <Spinner /> }.into_any()
                                        } else {
                                            view! { <Svg icon=Icon::Download /> }.into_any()
                                        }
                                    }}
                                    <span>
                                        {move || {
                                            if importing.get() {
                                                "Importing…".to_owned()
                                            } else {
                                                format!("Import Selected ({})", count())
                                            }
                                        }}
                                    </span>
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                })
            }}
        </section>
    }
}

#[component]
fn ImportChecklist(
    numbers: Vec<UnsyncedNumber>,
    selected: RwSignal<HashSet<String>>,
) -> impl IntoView {
    let all: Vec<String> = numbers.iter().map(|n| n.twilio_sid.clone()).collect();
    let total = all.len();
    let all_for_check = all.clone();
    let all_selected = move || selected.with(|s| all_for_check.iter().all(|sid| s.contains(sid)));
    let toggle_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        selected.set(if on { all.iter().cloned().collect() } else { HashSet::new() });
    };
    let rows = numbers
        .into_iter()
        .map(|number| {
            let sid = number.twilio_sid.clone();
            let sid_for_change = sid.clone();
            let input_id = format!("import-{sid}");
            let label = format!("Import {}", util::phone_number(&number.phone_number));
            view! {
                <tr>
                    <td class="cell-check">
                        <input
                            type="checkbox"
                            class="checkbox"
                            id=input_id
                            aria-label=label
                            prop:checked=move || selected.with(|s| s.contains(&sid))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let sid = sid_for_change.clone();
                                selected.update(|s| {
                                    if on {
                                        s.insert(sid);
                                    } else {
                                        s.remove(&sid);
                                    }
                                });
                            }
                        />
                    </td>
                    <td class="cell-strong cell-number">{util::phone_number(&number.phone_number)}</td>
                    <td>{number.friendly_name.clone()}</td>
                    <td class="cell-muted hide-sm">
                        {match number.voice_url {
                            Some(url) => {
                                let title = url.clone();
                                view! { <code class="url" title=title>{url}</code> }.into_any()
                            }
                            None => view! { <span class="muted">"None"</span> }.into_any(),
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap table-wrap-inline">
            <table class="table" data-testid="import-table">
                <thead>
                    <tr>
                        <th scope="col" class="cell-check">
                            <input
                                type="checkbox"
                                class="checkbox"
                                aria-label="Select all"
                                prop:checked=all_selected
                                on:change=toggle_all
                            />
                        </th>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Name in Twilio"</th>
                        <th scope="col" class="hide-sm">
                            "Current voice URL"
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="table-note">
            {format!("{} in your Twilio account not yet in Loquent. Importing doesn't change where their calls go.", util::count(total, "number", "numbers"))}
        </p>
    }
}
