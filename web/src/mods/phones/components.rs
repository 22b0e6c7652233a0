//! Phone cards, the search results, the purchase dialog and a number's settings.

use leptos::prelude::*;
use leptos_router::components::A;
use loquent_shared::{Agent, AvailableNumber, BuyPhoneRequest, Capabilities, Phone};
use uuid::Uuid;

use super::form_state::{PhoneChanges, PhoneSettingsState, agent_options};
use crate::api::{self, ApiError};
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{
    Binding, ErrorBanner, FormError, Icon, Modal, SelectField, Spinner, SubmitButton, Svg,
    TextField, Toggle, use_toasts,
};
use crate::util;

/// One number in the list: its name, the number, the agent answering it.
#[component]
pub fn PhoneCard(phone: Phone, agent: Option<String>) -> impl IntoView {
    let href = format!("/phones/{}", phone.id);
    let number = util::phone_number(&phone.number);
    // Numbers fresh from Twilio are named after themselves: show the number once.
    let named = phone.friendly_name != number && phone.friendly_name != phone.number;
    let title = if named { phone.friendly_name.clone() } else { number.clone() };
    let second = if named { number } else { format!("Added {}", util::date(phone.created_at)) };
    view! {
        <A href=href attr:class="card item-card item-link" attr:data-testid="phone-card">
            <div class="item-head">
                <span class="tile">
                    <Svg icon=Icon::Handset />
                </span>
                <Svg icon=Icon::ChevronRight class="item-chevron" />
            </div>
            <h3 class="item-title">{title}</h3>
            <p class="item-number" class:item-number-muted=!named>{second}</p>
            <div class="item-foot">
                {match agent {
                    Some(name) => {
                        view! {
                            <span class="chip">
                                <Svg icon=Icon::Agents />
                                <span>{name}</span>
                            </span>
                        }
                            .into_any()
                    }
                    None => view! { <span class="chip chip-muted">"No agent"</span> }.into_any(),
                }}
            </div>
        </A>
    }
}

/// Voice / SMS / MMS / Fax, for what the number can do.
#[component]
pub fn CapabilityBadges(capabilities: Capabilities) -> impl IntoView {
    let all = [
        (capabilities.voice, Icon::Handset, "Voice"),
        (capabilities.sms, Icon::Message, "SMS"),
        (capabilities.mms, Icon::Image, "MMS"),
        (capabilities.fax, Icon::Printer, "Fax"),
    ];
    view! {
        <ul class="capabilities" aria-label="Capabilities">
            {all
                .into_iter()
                .filter(|(on, _, _)| *on)
                .map(|(_, icon, name)| {
                    view! {
                        <li class="capability">
                            <Svg icon=icon />
                            {name}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// A number Twilio offers; choosing it opens the purchase dialog.
#[component]
pub fn AvailableNumberCard(
    number: AvailableNumber,
    on_select: Callback<AvailableNumber>,
) -> impl IntoView {
    let place = util::place(number.locality.as_deref(), number.region.as_deref());
    let label = format!("Select {}", number.friendly_name);
    let chosen = number.clone();
    view! {
        <li class="card item-card result-card" data-testid="available-number">
            <p class="result-number">{number.friendly_name.clone()}</p>
            <p class="result-place">
                <Svg icon=Icon::MapPin />
                <span>{place.unwrap_or_else(|| "Location unknown".to_owned())}</span>
            </p>
            <CapabilityBadges capabilities=number.capabilities />
            <button
                type="button"
                class="btn btn-secondary btn-sm result-select"
                aria-label=label
                on:click=move |_| on_select.run(chosen.clone())
            >
                "Select"
            </button>
        </li>
    }
}

/// Twilio's own words from a `twilio_error` (the server prefixes them with "Twilio: ").
pub fn twilio_detail(error: &ApiError) -> String {
    let detail = error.message.strip_prefix("Twilio: ").unwrap_or(&error.message);
    sentence(detail.trim_end_matches('.'))
}

/// What a failed purchase means for the member.
pub fn purchase_message(error: &ApiError) -> String {
    match error.code.as_str() {
        "no_numbers_available" => "That number was just taken — pick another.".to_owned(),
        "phone_already_registered" => "This number is already one of your numbers.".to_owned(),
        "invalid_phone_number" => "That isn't a number Twilio can sell. Pick one from the results.".to_owned(),
        "twilio_not_configured" => {
            "Telephony isn't set up for your organization yet. Connect a Twilio account in Settings → Telephony.".to_owned()
        }
        "twilio_error" => format!("Twilio couldn't complete the purchase: {}", twilio_detail(error)),
        "forbidden" => "Only admins can buy numbers.".to_owned(),
        _ => sentence(&error.message),
    }
}

/// What a failed search means for the member (field errors are shown under the field).
pub fn search_message(error: &ApiError) -> String {
    match error.code.as_str() {
        "twilio_not_configured" => {
            "Telephony isn't set up for your organization yet. Connect a Twilio account in Settings → Telephony.".to_owned()
        }
        "twilio_error" => format!("Twilio couldn't search right now: {}", twilio_detail(error)),
        _ => sentence(&error.message),
    }
}

/// A problem worded for the member, in a banner (the error's code stays on it for tests).
#[component]
pub fn MessageBanner(
    error: ApiError,
    message: String,
    #[prop(optional)] title: Option<&'static str>,
) -> impl IntoView {
    let error = ApiError { message, ..error };
    match title {
        Some(title) => view! { <ErrorBanner error=error title=title /> }.into_any(),
        None => view! { <ErrorBanner error=error /> }.into_any(),
    }
}

/// "Buy this number?": the number, where it is, and the purchase.
#[component]
pub fn ConfirmPurchaseModal(
    number: AvailableNumber,
    on_close: Callback<()>,
    on_bought: Callback<Phone>,
    /// The number was sold to someone else meanwhile.
    on_taken: Callback<String>,
) -> impl IntoView {
    let phone_number = number.phone_number.clone();
    // The organization's own number, when the one to buy is already registered: linked to.
    let existing = RwSignal::new(None::<Uuid>);
    let buy = Action::new_local(move |request: &BuyPhoneRequest| {
        let request = request.clone();
        async move {
            match api::twilio::buy(&request).await {
                Ok(phone) => {
                    on_bought.run(phone);
                    None
                }
                Err(error) => {
                    if error.code == "no_numbers_available" {
                        on_taken.run(request.phone_number.clone());
                    }
                    if error.code == "phone_already_registered"
                        && let Ok(phones) = api::phones::list().await
                    {
                        let mine = phones.iter().find(|p| p.number == request.phone_number);
                        existing.set(mine.map(|p| p.id));
                    }
                    Some(error)
                }
            }
        }
    });
    let pending = buy.pending();
    let error = move || buy.value().get().flatten();
    let taken = move || error().is_some_and(|e| e.code == "no_numbers_available");
    let place = util::place(number.locality.as_deref(), number.region.as_deref());
    let request = BuyPhoneRequest { phone_number: phone_number.clone() };

    view! {
        <Modal title="Buy this number?" on_close=on_close sticky=pending>
            <div class="modal-body">
                <div class="purchase">
                    <span class="tile tile-lg">
                        <Svg icon=Icon::Handset />
                    </span>
                    <div class="purchase-text">
                        <p class="purchase-number" data-testid="purchase-number">
                            {number.friendly_name.clone()}
                        </p>
                        <p class="purchase-place">
                            <Svg icon=Icon::MapPin />
                            <span>{place.unwrap_or_else(|| "Location unknown".to_owned())}</span>
                        </p>
                    </div>
                </div>
                <CapabilityBadges capabilities=number.capabilities />
                <p class="modal-text">
                    "The number joins your organization right away and its calls come to Loquent. Then choose the agent that answers it."
                </p>
                {move || {
                    error()
                        .map(|e| {
                            let message = purchase_message(&e);
                            view! { <MessageBanner error=e message=message /> }
                        })
                }}
                {move || {
                    existing
                        .get()
                        .map(|id| {
                            view! {
                                <a class="inline-link" href=format!("/phones/{id}")>
                                    "Open this number"
                                    <Svg icon=Icon::ArrowRight />
                                </a>
                            }
                        })
                }}
            </div>
            <div class="modal-footer">
                <button
                    type="button"
                    class="btn btn-secondary"
                    disabled=move || pending.get()
                    on:click=move |_| on_close.run(())
                >
                    {move || if taken() { "Pick another" } else { "Cancel" }}
                </button>
                <Show when=move || !taken()>
                    <button
                        type="button"
                        class="btn btn-primary"
                        disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()
                        on:click={
                            let request = request.clone();
                            move |_| {
                                buy.dispatch(request.clone());
                            }
                        }
                    >
                        {move || pending.get().then(|| view! { <Spinner /> })}
                        <span>{move || if pending.get() { "Buying…" } else { "Buy number" }}</span>
                    </button>
                </Show>
            </div>
        </Modal>
    }
}

/// The name and the agent in one request (both change or neither does), then the routing,
/// which is Twilio's to change and so a step of its own.
async fn save_phone(id: Uuid, changes: PhoneChanges) -> Result<(), ApiError> {
    if !changes.update.is_empty() {
        api::phones::update(id, &changes.update).await?;
    }
    if changes.route {
        api::phones::route_to_loquent(id).await?;
    }
    Ok(())
}

/// A number's name and agent, saved together.
#[component]
pub fn PhoneSettingsForm(
    phone: Phone,
    agents: Vec<Agent>,
    #[prop(into)] editable: Signal<bool>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let toasts = use_toasts();
    let id = phone.id;
    // Back from creating an agent for this number (`?agent=`): that agent, chosen, to save.
    let chosen = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("agent"))
        .filter(|a| agents.iter().any(|agent| agent.id.to_string() == *a));
    let form = RwSignal::new(PhoneSettingsState {
        agent: chosen.unwrap_or_else(|| phone.agent_id.map(|a| a.to_string()).unwrap_or_default()),
        ..PhoneSettingsState::from(&phone)
    });
    let name = Binding::field(form, |s| s.friendly_name.clone(), |s, v| s.friendly_name = v);
    let agent = Binding::field(form, |s| s.agent.clone(), |s, v| s.agent = v);
    let server = ServerErrors::default();
    let options = agent_options(&agents, phone.agent_id);
    let has_agents = !agents.is_empty();

    let route_calls = Binding::field(form, |s| s.route_calls, |s, v| s.route_calls = v);
    let offers_routing = {
        let phone = phone.clone();
        Memo::new(move |_| form.with(|s| s.offers_routing(&phone)))
    };
    let changes = Memo::new(move |_| form.with(|s| s.changes(&phone)));
    let dirty = move || changes.with(|c| !c.is_empty());

    let save = Action::new_local(move |changes: &PhoneChanges| {
        let changes = changes.clone();
        async move {
            let routed = changes.route;
            match save_phone(id, changes).await {
                Ok(()) => {
                    toasts.success(if routed {
                        "Saved: calls to this number now come to your agent"
                    } else {
                        "Changes saved"
                    });
                    on_saved.run(());
                }
                Err(error) => server.set(error),
            }
        }
    });
    let pending = save.pending();

    let name_error = Signal::derive(move || {
        server.field("friendly_name").or_else(|| form.with(PhoneSettingsState::name_message))
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || !dirty() {
            return;
        }
        form.update(|s| s.submitted = true);
        server.clear();
        if name_error.get_untracked().is_some() {
            focus("friendly_name");
            return;
        }
        save.dispatch(changes.get_untracked());
    };

    let agent_error = Signal::derive(move || server.field("agent_id"));

    let agent_hint = Signal::derive(move || {
        Some(if has_agents {
            "The agent answers every call to this number.".to_owned()
        } else {
            "You have no agents yet: create one first, then choose it here.".to_owned()
        })
    });

    view! {
        <form class="form" on:submit=on_submit novalidate=true>
            <fieldset class="fieldset" disabled=move || !editable.get()>
                <TextField
                    id="friendly_name"
                    label="Name"
                    value=name
                    error=name_error
                    placeholder="Front desk"
                    hint="How your team refers to this number."
                    on_input=move || server.clear_field("friendly_name")
                />
                <SelectField
                    id="agent"
                    label="Agent"
                    value=agent
                    options=options
                    hint=agent_hint
                    error=agent_error
                    on_change=move || server.clear_field("agent_id")
                />
                <Show when=move || offers_routing.get()>
                    <Toggle
                        id="route_calls"
                        label="Route this number's calls to Loquent"
                        description="Its calls still go to its old voice URL. Route them here so the agent answers; the old URL is kept so you can switch back."
                        checked=route_calls
                    />
                </Show>
                {(!has_agents)
                    .then(|| {
                        view! {
                            <a class="inline-link" href=format!("/agents/new?for_phone={id}")>
                                "Create an agent"
                                <Svg icon=Icon::ArrowRight />
                            </a>
                        }
                    })}
            </fieldset>
            <FormError error=server.form() />
            <Show when=move || editable.get()>
                <div class="form-actions">
                    <span class="form-status">
                        {move || if dirty() { "You have unsaved changes." } else { "" }}
                    </span>
                    <SubmitButton
                        pending=pending
                        label="Save changes"
                        pending_label="Saving…"
                        disabled=Signal::derive(move || !dirty())
                    />
                </div>
            </Show>
        </form>
    }
}

/// Points the number's voice URL at Loquent; the error, if it failed, is the action's value.
fn route_action(id: Uuid, on_changed: Callback<()>) -> Action<(), Option<ApiError>> {
    let toasts = use_toasts();
    Action::new_local(move |(): &()| async move {
        match api::phones::route_to_loquent(id).await {
            Ok(_) => {
                toasts.success("Calls to this number now come to Loquent");
                on_changed.run(());
                None
            }
            Err(error) => Some(error),
        }
    })
}

/// A number with an agent whose calls still go elsewhere answers nothing: said at the top of its
/// page, with the one action that fixes it.
#[component]
pub fn UnroutedWarning(
    phone_id: Uuid,
    #[prop(into)] editable: Signal<bool>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let route = route_action(phone_id, on_changed);
    let routing = route.pending();
    let error = move || route.value().get().flatten();
    view! {
        <div class="callout callout-warning unrouted" role="status" data-testid="unrouted-warning">
            <Svg icon=Icon::Alert />
            <div class="banner-body">
                <p class="unrouted-title">"Calls to this number don't reach its agent yet"</p>
                <p>
                    "Twilio still sends them to the number's old voice URL. Route them to Loquent and the agent answers the next call."
                </p>
                {move || error().map(|e| {
                    let message = voice_url_message(&e);
                    view! { <MessageBanner error=e message=message /> }
                })}
            </div>
            <Show when=move || editable.get()>
                <button
                    type="button"
                    class="btn btn-primary"
                    disabled=move || routing.get()
                    aria-busy=move || routing.get().to_string()
                    on:click=move |_| {
                        route.dispatch(());
                    }
                >
                    {move || routing.get().then(|| view! { <Spinner /> })}
                    <span>
                        {move || if routing.get() { "Routing…" } else { "Route calls to Loquent" }}
                    </span>
                </button>
            </Show>
        </div>
    }
}

/// Where Twilio sends the number's calls, and the way to change it.
#[component]
pub fn VoiceUrlPanel(
    phone: Phone,
    #[prop(into)] editable: Signal<bool>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let toasts = use_toasts();
    let id = phone.id;
    let confirming = RwSignal::new(false);
    let route = route_action(id, on_changed);
    let restore = Action::new_local(move |(): &()| async move {
        match api::phones::restore_voice_url(id).await {
            Ok(_) => {
                confirming.set(false);
                toasts.success("The previous voice URL is back");
                on_changed.run(());
                None
            }
            Err(error) => Some(error),
        }
    });
    let routing = route.pending();
    let restoring = restore.pending();
    let route_error = move || route.value().get().flatten();
    let restore_error = move || restore.value().get().flatten();

    let bought_here = phone.routes_to_loquent && phone.previous_voice_url.is_none();
    let body = match phone.previous_voice_url.clone() {
        Some(previous) => {
            let shown = previous.clone();
            view! {
                <div class="status-line status-ok" data-testid="voice-url-status">
                    <Svg icon=Icon::CheckCircle />
                    <p>"Calls to this number are routed to Loquent."</p>
                </div>
                <dl class="details details-compact">
                    <div>
                        <dt>"Previous voice URL"</dt>
                        <dd>
                            <code class="url" data-testid="previous-voice-url">{shown}</code>
                        </dd>
                    </div>
                </dl>
                <Show when=move || editable.get()>
                    <div class="panel-actions">
                        <button
                            type="button"
                            class="btn btn-secondary"
                            on:click=move |_| confirming.set(true)
                        >
                            <Svg icon=Icon::Undo />
                            "Restore previous URL"
                        </button>
                    </div>
                </Show>
                <Show when=move || confirming.get()>
                    <RestoreDialog
                        previous=previous.clone()
                        pending=restoring
                        error=Signal::derive(restore_error)
                        on_close=Callback::new(move |()| confirming.set(false))
                        on_confirm=Callback::new(move |()| {
                            restore.dispatch(());
                        })
                    />
                </Show>
            }
                .into_any()
        }
        None if bought_here => view! {
            <div class="status-line status-ok" data-testid="voice-url-status">
                <Svg icon=Icon::CheckCircle />
                <p>"Calls to this number are routed to Loquent. It was bought here, so there is no earlier voice URL to go back to."</p>
            </div>
        }
            .into_any(),
        None => view! {
            <p class="panel-text">
                "This number was imported from Twilio and still sends its calls to its old voice URL. Route it to Loquent to have your agent answer; the old URL is saved so you can switch back."
            </p>
            {move || route_error().map(|e| {
                let message = voice_url_message(&e);
                view! { <MessageBanner error=e message=message /> }
            })}
            <Show when=move || editable.get()>
                <div class="panel-actions">
                    <button
                        type="button"
                        class="btn btn-primary"
                        disabled=move || routing.get()
                        aria-busy=move || routing.get().to_string()
                        on:click=move |_| {
                            route.dispatch(());
                        }
                    >
                        {move || {
                            if routing.get() {
                                view! { <Spinner /> }.into_any()
                            } else {
                                view! { <Svg icon=Icon::Link /> }.into_any()
                            }
                        }}
                        <span>
                            {move || if routing.get() { "Routing…" } else { "Route calls to Loquent" }}
                        </span>
                    </button>
                </div>
            </Show>
        }
            .into_any(),
    };

    view! {
        <section class="card panel" aria-labelledby="voice-url-title">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="voice-url-title">
                        "Voice URL"
                    </h2>
                    <p class="panel-subtitle">"Where Twilio sends this number's incoming calls."</p>
                </div>
            </div>
            {body}
        </section>
    }
}

/// "Restore the previous voice URL?"
#[component]
fn RestoreDialog(
    previous: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ApiError>>,
    on_close: Callback<()>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    view! {
        <Modal title="Restore the previous voice URL?" on_close=on_close sticky=pending>
            <div class="modal-body">
                <p class="modal-text">
                    "Twilio will send this number's calls back to " <code class="url">{previous}</code>
                    ". Your Loquent agent stops answering them."
                </p>
                {move || {
                    error
                        .get()
                        .map(|e| {
                            let message = voice_url_message(&e);
                            view! { <MessageBanner error=e message=message /> }
                        })
                }}
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
                    on:click=move |_| on_confirm.run(())
                >
                    {move || pending.get().then(|| view! { <Spinner /> })}
                    <span>{move || if pending.get() { "Restoring…" } else { "Restore URL" }}</span>
                </button>
            </div>
        </Modal>
    }
}

fn voice_url_message(error: &ApiError) -> String {
    match error.code.as_str() {
        "no_previous_voice_url" => {
            "There's no previous voice URL saved for this number.".to_owned()
        }
        "twilio_error" => format!("Twilio couldn't update the number: {}", twilio_detail(error)),
        "twilio_not_configured" => "Telephony isn't set up for your organization yet.".to_owned(),
        "forbidden" => "Only admins can change where calls go.".to_owned(),
        _ => sentence(&error.message),
    }
}
