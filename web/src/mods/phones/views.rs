//! Phone pages: the list, a number's details, buying a number.

use std::collections::HashSet;

use futures_util::future::join;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use loquent_shared::{Agent, AvailableNumber, Phone, SearchAvailableRequest};

use super::components::{
    AvailableNumberCard, ConfirmPurchaseModal, MessageBanner, PhoneCard, PhoneSettingsForm,
    UnroutedWarning, VoiceUrlPanel, search_message,
};
use super::form_state::AreaCodeSearchState;
use crate::api::{self, ApiError};
use crate::components::form::{focus, sentence};
use crate::components::{
    Binding, CardGridSkeleton, DetailsSkeleton, EmptyState, Icon, Loaded, MissingState, PageHeader,
    ReadOnlyNote, Spinner, Svg, TextField, id_param, use_toasts,
};
use crate::mods::auth::session::use_session;
use crate::util;

#[component]
pub fn PhoneListView() -> impl IntoView {
    let session = use_session();
    // The numbers and the agents that answer them load side by side.
    let loaded = LocalResource::new(move || async move {
        let (phones, agents) = join(api::phones::list(), api::agents::list()).await;
        Ok((phones?, agents?))
    });
    let can_configure = move || session.can_configure();
    let empty = move || {
        view! {
            <div class="card panel panel-empty">
                <EmptyState
                    icon=Icon::Phones
                    title="No phone numbers yet"
                    description="Buy a new number in a few clicks, or import the numbers you already have in Twilio from Settings → Telephony."
                >
                    <Show when=can_configure>
                        <a class="btn btn-primary" href="/phones/buy">
                            <Svg icon=Icon::Plus />
                            "Buy a number"
                        </a>
                        <a class="btn btn-secondary" href="/settings/telephony">
                            <Svg icon=Icon::Download />
                            "Import from Twilio"
                        </a>
                    </Show>
                </EmptyState>
            </div>
        }
    };

    view! {
        <div class="page">
            <PageHeader
                title="Phone numbers"
                subtitle=Signal::derive(|| "Each number is answered by the agent you choose.".to_owned())
            >
                <Show when=can_configure>
                    <a class="btn btn-secondary hide-sm" href="/settings/telephony">
                        <Svg icon=Icon::Download />
                        "Import"
                    </a>
                    <a class="btn btn-primary" href="/phones/buy">
                        <Svg icon=Icon::Plus />
                        "Buy Number"
                    </a>
                </Show>
            </PageHeader>
            <Loaded
                resource=loaded
                fallback=|| view! { <CardGridSkeleton label="Loading phone numbers" /> }
                error_title="Couldn't load your phone numbers"
                is_empty=|(phones, _): &(Vec<Phone>, Vec<Agent>)| phones.is_empty()
                empty=empty
                let:pair
            >
                {
                    let (list, agents) = pair;
                    view! {
                        <div class="card-grid" data-testid="phone-list">
                            {list
                                .into_iter()
                                .map(|phone| {
                                    let agent = phone
                                        .agent_id
                                        .and_then(|id| agents.iter().find(|a| a.id == id))
                                        .map(|a| a.name.clone());
                                    view! { <PhoneCard phone=phone agent=agent /> }
                                })
                                .collect_view()}
                        </div>
                    }
                }
            </Loaded>
        </div>
    }
}

#[component]
pub fn PhoneDetailsView() -> impl IntoView {
    let session = use_session();
    let id = id_param();
    // The number and the agents to choose from load side by side; the number's error (a 404
    // above all) is the one shown.
    let loaded = LocalResource::new(move || async move {
        let phone = async move {
            match id.get() {
                Some(id) => api::phones::get(id).await,
                None => Err(ApiError::not_found()),
            }
        };
        let (phone, agents) = join(phone, api::agents::list()).await;
        Ok((phone?, agents?))
    });
    let editable = Signal::derive(move || session.can_configure());
    let refetch = Callback::new(move |()| loaded.refetch());

    view! {
        <div class="page">
            <Loaded
                resource=loaded
                fallback=|| view! { <DetailsSkeleton /> }
                error_title="Couldn't load this number"
                error_head=|| view! { <PageHeader title="Phone number" back=("/phones", "Phone numbers") /> }
                not_found=|| {
                    view! {
                        <MissingState
                            icon=Icon::Phones
                            title="This number isn't here"
                            description="It may have been removed, or it belongs to another organization."
                            back=("/phones", "Back to phone numbers")
                        />
                    }
                }
                let:pair
            >
                {
                    let (phone, agents) = pair;
                    view! { <PhoneDetails phone=phone agents=agents editable=editable on_changed=refetch /> }
                }
            </Loaded>
        </div>
    }
}

#[component]
fn PhoneDetails(
    phone: Phone,
    agents: Vec<Agent>,
    editable: Signal<bool>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let number = util::phone_number(&phone.number);
    let added = util::date(phone.created_at);
    let subtitle = format!("{number} · added {added}");
    let title = phone.friendly_name.clone();
    view! {
        <PageHeader title=title subtitle=Signal::derive(move || subtitle.clone()) back=("/phones", "Phone numbers") />
        {move || (!editable.get()).then(|| view! { <ReadOnlyNote what="phone numbers" /> })}
        {(phone.agent_id.is_some() && !phone.routes_to_loquent)
            .then(|| {
                view! { <UnroutedWarning phone_id=phone.id editable=editable on_changed=on_changed /> }
            })}
        <div class="grid grid-2-1">
            <div class="stack">
                <section class="card panel" aria-labelledby="phone-settings-title">
                    <div class="panel-head">
                        <div>
                            <h2 class="panel-title" id="phone-settings-title">
                                "Settings"
                            </h2>
                            <p class="panel-subtitle">"Its name in Loquent, and who answers it."</p>
                        </div>
                    </div>
                    <PhoneSettingsForm
                        phone=phone.clone()
                        agents=agents
                        editable=editable
                        on_saved=on_changed
                    />
                </section>
                <VoiceUrlPanel phone=phone.clone() editable=editable on_changed=on_changed />
            </div>
            <section class="card panel panel-aside" aria-labelledby="phone-details-title">
                <div class="panel-head">
                    <h2 class="panel-title" id="phone-details-title">
                        "Details"
                    </h2>
                </div>
                <dl class="details details-stacked">
                    <div>
                        <dt>"Number"</dt>
                        <dd data-testid="phone-e164">{phone.number.clone()}</dd>
                    </div>
                    <div>
                        <dt>"Twilio SID"</dt>
                        <dd>
                            <code>{phone.twilio_sid.clone()}</code>
                        </dd>
                    </div>
                    <div>
                        <dt>"Added"</dt>
                        <dd title=util::date_time(phone.created_at)>{util::date(phone.created_at)}</dd>
                    </div>
                </dl>
            </section>
        </div>
    }
}

/// A search's answer, remembered with the area code it was for.
#[derive(Debug, Clone)]
struct Search {
    area_code: String,
    result: Result<Vec<AvailableNumber>, ApiError>,
}

#[component]
pub fn BuyPhoneView() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let form = RwSignal::new(AreaCodeSearchState::default());
    let area_code = Binding::field(form, |s| s.area_code.clone(), |s, v| s.area_code = v);
    let selected = RwSignal::new(None::<AvailableNumber>);
    // Numbers sold to someone else since the search.
    let taken = RwSignal::new(HashSet::<String>::new());

    let search = Action::new_local(move |request: &SearchAvailableRequest| {
        let request = request.clone();
        async move {
            let result = api::twilio::search(&request).await;
            Search { area_code: request.area_code, result }
        }
    });
    let searching = search.pending();
    let last = search.value();

    // Checked as typed: letters at once, a wrong 3-digit code as soon as it's complete.
    let server_field_error = move || {
        last.with(|s| {
            s.as_ref().and_then(|s| {
                s.result
                    .as_ref()
                    .err()
                    .filter(|e| e.code == "invalid_area_code")
                    .map(|e| sentence(e.field_error().map_or(e.message.as_str(), |(_, m)| m)))
            })
        })
    };
    let area_error = Signal::derive(move || {
        form.with(AreaCodeSearchState::message)
            .or_else(|| (!searching.get()).then(server_field_error).flatten())
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if searching.get_untracked() {
            return;
        }
        form.update(|s| s.submitted = true);
        if !form.with_untracked(AreaCodeSearchState::errors).is_empty() {
            focus("area_code");
            return;
        }
        taken.set(HashSet::new());
        search.dispatch(form.with_untracked(AreaCodeSearchState::to_input));
    };

    let on_bought = Callback::new(move |phone: Phone| {
        selected.set(None);
        toasts.success(format!(
            "{} is yours. Choose the agent that answers it.",
            util::phone_number(&phone.number)
        ));
        navigate(&format!("/phones/{}", phone.id), Default::default());
    });
    let on_taken = Callback::new(move |number: String| {
        taken.update(|t| {
            t.insert(number);
        })
    });
    let on_select = Callback::new(move |number: AvailableNumber| selected.set(Some(number)));

    view! {
        <div class="page">
            <PageHeader
                title="Buy a phone number"
                subtitle=Signal::derive(|| "Search for an available US number by area code.".to_owned())
                back=("/phones", "Phone numbers")
            />
            {move || (!session.can_configure()).then(|| view! { <ReadOnlyNote what="phone numbers" /> })}
            <section class="card panel" aria-labelledby="search-title">
                <div class="panel-head">
                    <div>
                        <h2 class="panel-title" id="search-title">
                            "Find a number"
                        </h2>
                        <p class="panel-subtitle">
                            "Pick the area code your callers know, e.g. 415 for San Francisco."
                        </p>
                    </div>
                </div>
                <form class="inline-form" on:submit=on_submit novalidate=true role="search">
                    <TextField
                        id="area_code"
                        label="Area code"
                        value=area_code
                        error=area_error
                        placeholder="415"
                        inputmode="numeric"
                        maxlength=3
                        autocomplete="off"
                        autofocus=true
                    />
                    <button
                        type="submit"
                        class="btn btn-primary"
                        disabled=move || searching.get()
                        aria-busy=move || searching.get().to_string()
                    >
                        {move || {
                            if searching.get() {
                                view! { <Spinner /> }.into_any()
                            } else {
                                view! { <Svg icon=Icon::Search /> }.into_any()
                            }
                        }}
                        <span>{move || if searching.get() { "Searching…" } else { "Search" }}</span>
                    </button>
                </form>
            </section>
            {move || {
                if searching.get() {
                    let code = area_code.get_untracked();
                    return Some(
                        view! {
                            <section class="results" aria-busy="true">
                                <p class="results-status">
                                    <Spinner />
                                    {format!("Looking for numbers in {code}…")}
                                </p>
                                <CardGridSkeleton label="Searching" count=6 />
                            </section>
                        }
                            .into_any(),
                    );
                }
                let Search { area_code: code, result } = last.get()?;
                Some(match result {
                    Err(error) if error.code == "invalid_area_code" => ().into_any(),
                    Err(error) => {
                        let message = search_message(&error);
                        let settings_link = error.code == "twilio_not_configured";
                        view! {
                            <MessageBanner error=error message=message title="The search didn't work" />
                            {settings_link
                                .then(|| {
                                    view! {
                                        <a class="inline-link" href="/settings/telephony">
                                            "Go to Settings → Telephony"
                                            <Svg icon=Icon::ArrowRight />
                                        </a>
                                    }
                                })}
                        }
                            .into_any()
                    }
                    Ok(numbers) => {
                        let numbers: Vec<AvailableNumber> = numbers
                            .into_iter()
                            .filter(|n| taken.with(|t| !t.contains(&n.phone_number)))
                            .collect();
                        if numbers.is_empty() {
                            view! {
                                <div class="card panel panel-empty" data-testid="no-results">
                                    <EmptyState
                                        icon=Icon::Search
                                        title=format!("No numbers available in {code}")
                                        description="Try a nearby area code: numbers come and go through the day."
                                    />
                                </div>
                            }
                                .into_any()
                        } else {
                            let count = util::count(numbers.len(), "number", "numbers");
                            view! {
                                <section class="results" aria-labelledby="results-title">
                                    <div class="section-head">
                                        <h2 class="section-title" id="results-title">
                                            {format!("{count} available in {code}")}
                                        </h2>
                                    </div>
                                    <ul class="card-grid" data-testid="search-results">
                                        {numbers
                                            .into_iter()
                                            .map(|number| view! { <AvailableNumberCard number=number on_select=on_select /> })
                                            .collect_view()}
                                    </ul>
                                </section>
                            }
                                .into_any()
                        }
                    }
                })
            }}
            {move || {
                selected
                    .get()
                    .map(|number| {
                        view! {
                            <ConfirmPurchaseModal
                                number=number
                                on_close=Callback::new(move |()| selected.set(None))
                                on_bought=on_bought
                                on_taken=on_taken
                            />
                        }
                    })
            }}
        </div>
    }
}
