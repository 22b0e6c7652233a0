//! Agent cards, the agent form (identity, voice, tools) and the delete dialog.

use leptos::prelude::*;
use leptos_router::components::A;
use loquent_shared::agent::{MAX_INSTRUCTIONS_LEN, MAX_TRANSFER_NUMBERS};
use loquent_shared::{Agent, AgentInput};
use uuid::Uuid;

use super::form_state::{AgentFormState, input_for};
use super::voice::{VoicePanel, voice_label};
use crate::api;
use crate::components::form::{ServerErrors, focus};
use crate::components::{
    Binding, ConfirmDelete, FormError, Icon, SubmitButton, Svg, TextArea, TextField, Toggle,
    gone_is_deleted,
};
use crate::util;

/// One agent in the list.
#[component]
pub fn AgentCard(agent: Agent) -> impl IntoView {
    let href = format!("/agents/{}", agent.id);
    let config = &agent.realtime_config;
    let voice =
        format!("{} · {} · {}", config.provider.name(), config.model, voice_label(&config.voice));
    let numbers = match agent.phone_count {
        0 => "No numbers".to_owned(),
        n => util::count(n as usize, "number", "numbers"),
    };
    let updated = format!("Updated {}", util::relative(agent.updated_at));
    let voice_title = voice.clone();
    view! {
        <A href=href attr:class="card item-card item-link" attr:data-testid="agent-card">
            <div class="item-head">
                <span class="tile">
                    <Svg icon=Icon::Agents />
                </span>
                <Svg icon=Icon::ChevronRight class="item-chevron" />
            </div>
            <h3 class="item-title">{agent.name.clone()}</h3>
            <p class="item-meta" title=voice_title>
                <Svg icon=Icon::Mic />
                <span>{voice}</span>
            </p>
            <div class="item-foot">
                <span class="chip" class:chip-muted=agent.phone_count == 0>
                    <Svg icon=Icon::Handset />
                    <span>{numbers}</span>
                </span>
                <span class="item-date">{updated}</span>
            </div>
        </A>
    }
}

/// Creates an agent (no `agent_id`) or edits one: who it is, how it sounds, what it may do.
#[component]
pub fn AgentForm(
    initial: AgentInput,
    #[prop(optional)] agent_id: Option<Uuid>,
    #[prop(into)] editable: Signal<bool>,
    on_saved: Callback<Agent>,
) -> impl IntoView {
    let server = ServerErrors::default();
    let form = RwSignal::new(AgentFormState::from(&initial));
    let name = Binding::field(form, |s| s.name.clone(), |s, v| s.name = v);
    let instructions = Binding::field(form, |s| s.instructions.clone(), |s, v| s.instructions = v);
    let end_call = Binding::field(form, |s| s.end_call, |s, v| s.end_call = v);

    let save = Action::new_local(move |input: &AgentInput| {
        let input = input.clone();
        async move {
            let result = match agent_id {
                Some(id) => api::agents::update(id, &input).await,
                None => api::agents::create(&input).await,
            };
            match result {
                Ok(agent) => on_saved.run(agent),
                Err(error) => {
                    server.set(error);
                    if let Some(field) = server.first_field() {
                        focus(input_for(&field));
                    }
                }
            }
        }
    });
    let pending = save.pending();

    let name_error = Signal::derive(move || {
        server.field("name").or_else(|| form.with(AgentFormState::name_message))
    });
    let instructions_error = Signal::derive(move || {
        server.field("instructions").or_else(|| form.with(AgentFormState::instructions_message))
    });
    let tools_error = Signal::derive(move || {
        server
            .field("tools.transfer_call.number")
            .or_else(|| server.field("tools.transfer_call.label"))
            .or_else(|| server.field("tools.transfer_call"))
    });

    let add_row = move |_| {
        let Some(key) = form.try_update(AgentFormState::add_transfer) else { return };
        server.clear_field("tools.transfer_call");
        focus(&format!("transfer-label-{key}"));
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form.update(|s| s.submitted = true);
        server.clear();
        if let Some(input) = form.with_untracked(AgentFormState::first_invalid_input) {
            focus(&input);
            return;
        }
        let input = form.with_untracked(AgentFormState::to_input);
        form.update(AgentFormState::normalize_numbers);
        save.dispatch(input);
    };

    let creating = agent_id.is_none();

    view! {
        <form class="form form-sections" on:submit=on_submit novalidate=true>
            <fieldset class="fieldset stack" disabled=move || !editable.get()>
                <section class="card panel" aria-labelledby="identity-title">
                    <div class="panel-head">
                        <div>
                            <h2 class="panel-title" id="identity-title">
                                "Identity"
                            </h2>
                            <p class="panel-subtitle">"Who the agent is and how it helps your callers."</p>
                        </div>
                    </div>
                    <div class="form">
                        <TextField
                            id="name"
                            label="Name"
                            value=name
                            error=name_error
                            placeholder="Receptionist"
                            hint="Shown to your team, not to callers."
                            autofocus=creating
                            on_input=move || server.clear_field("name")
                        />
                        <TextArea
                            id="instructions"
                            label="Instructions"
                            value=instructions
                            error=instructions_error
                            rows=9
                            max_len=MAX_INSTRUCTIONS_LEN
                            placeholder="You answer calls for Acme Dental. Greet callers warmly, help them book, move or cancel appointments, and answer questions about opening hours (Mon–Fri, 8am–6pm)."
                            hint="What your business does, what the agent should help with, and the tone to use."
                            on_input=move || server.clear_field("instructions")
                        />
                    </div>
                </section>

                <VoicePanel form=form server=server />

                <section class="card panel" aria-labelledby="tools-title">
                    <div class="panel-head">
                        <div>
                            <h2 class="panel-title" id="tools-title">
                                "Tools"
                            </h2>
                            <p class="panel-subtitle">"What the agent may do during a call."</p>
                        </div>
                    </div>
                    <div class="form">
                        <Toggle
                            id="end_call"
                            label="End the call"
                            description="Hang up politely once the conversation is over."
                            checked=end_call
                        />
                        <div class="transfer" role="group" aria-labelledby="transfer-title">
                            <div class="transfer-head">
                                <div>
                                    <p class="toggle-label" id="transfer-title">
                                        "Transfer the call"
                                    </p>
                                    <p class="toggle-description">
                                        "People or departments the agent can put callers through to. None: the agent never transfers."
                                    </p>
                                </div>
                            </div>
                            <Show when=move || form.with(|s| !s.transfers.is_empty())>
                                <div class="transfer-columns" aria-hidden="true">
                                    <span>"Who answers"</span>
                                    <span>"Number"</span>
                                </div>
                            </Show>
                            <ul class="transfer-list" data-testid="transfer-list">
                                <For
                                    each=move || form.with(|s| s.transfers.iter().map(|r| r.key).collect::<Vec<_>>())
                                    key=|row| *row
                                    let:row
                                >
                                    <TransferRowView
                                        form=form
                                        row=row
                                        on_remove=Callback::new(move |()| {
                                            form.update(|s| s.remove_transfer(row));
                                            server.clear_field("tools.transfer_call.label");
                                            server.clear_field("tools.transfer_call.number");
                                        })
                                    />
                                </For>
                            </ul>
                            {move || {
                                tools_error
                                    .get()
                                    .map(|message| {
                                        view! {
                                            <p class="field-message field-error" role="alert">
                                                <Svg icon=Icon::Alert class="field-message-icon" />
                                                <span>{message}</span>
                                            </p>
                                        }
                                    })
                            }}
                            <Show
                                when=move || form.with(AgentFormState::can_add_transfer)
                                fallback=|| {
                                    view! {
                                        <p class="field-message">
                                            {format!("Up to {MAX_TRANSFER_NUMBERS} transfer numbers.")}
                                        </p>
                                    }
                                }
                            >
                                <button type="button" class="btn btn-secondary btn-sm add-row" on:click=add_row>
                                    <Svg icon=Icon::Plus />
                                    "Add transfer number"
                                </button>
                            </Show>
                        </div>
                    </div>
                </section>
            </fieldset>
            <FormError error=server.form() />
            <Show when=move || editable.get()>
                <div class="form-actions form-actions-bar">
                    <a class="btn btn-ghost" href="/agents">
                        "Cancel"
                    </a>
                    <SubmitButton
                        pending=pending
                        label=if creating { "Create agent" } else { "Save changes" }
                        pending_label=if creating { "Creating…" } else { "Saving…" }
                    />
                </div>
            </Show>
        </form>
    }
}

/// One transfer destination of the form: who answers, the number, and removing it.
#[component]
fn TransferRowView(
    form: RwSignal<AgentFormState>,
    /// The row's key in the form.
    row: u64,
    on_remove: Callback<()>,
) -> impl IntoView {
    let label = Binding::field(
        form,
        move |s| s.transfer(row).map(|r| r.label.clone()).unwrap_or_default(),
        move |s, v| {
            if let Some(r) = s.transfer_mut(row) {
                r.label = v;
            }
        },
    );
    let number = Binding::field(
        form,
        move |s| s.transfer(row).map(|r| r.number.clone()).unwrap_or_default(),
        move |s, v| {
            if let Some(r) = s.transfer_mut(row) {
                r.number = v;
            }
        },
    );
    let label_id = format!("transfer-label-{row}");
    let number_id = format!("transfer-number-{row}");
    let label_error =
        move || form.with(|s| s.transfer(row).and_then(|r| r.label_message(s.submitted)));
    let number_error =
        move || form.with(|s| s.transfer(row).and_then(|r| r.number_message(s.submitted)));
    view! {
        <li class="transfer-row" data-testid="transfer-row">
            <div class="field" class:field-invalid=move || label_error().is_some()>
                <label class="sr-only" for=label_id.clone()>
                    "Transfer to (name)"
                </label>
                <input
                    class="input"
                    id=label_id.clone()
                    placeholder="Billing"
                    aria-invalid=move || label_error().is_some().to_string()
                    prop:value=move || label.get()
                    on:input=move |ev| label.set(event_target_value(&ev))
                />
                <p class="field-message field-error">{label_error}</p>
            </div>
            <div class="field" class:field-invalid=move || number_error().is_some()>
                <label class="sr-only" for=number_id.clone()>
                    "Transfer to (number)"
                </label>
                <input
                    class="input"
                    id=number_id.clone()
                    type="tel"
                    placeholder="+14155550100"
                    autocomplete="off"
                    aria-invalid=move || number_error().is_some().to_string()
                    prop:value=move || number.get()
                    on:input=move |ev| number.set(event_target_value(&ev))
                    on:blur=move |_| {
                        form.update(|s| {
                            if let Some(r) = s.transfer_mut(row) {
                                r.leave_number();
                            }
                        })
                    }
                />
                <p class="field-message field-error">{number_error}</p>
            </div>
            <button
                type="button"
                class="icon-btn transfer-remove"
                aria-label="Remove transfer number"
                on:click=move |_| on_remove.run(())
            >
                <Svg icon=Icon::Trash />
            </button>
        </li>
    }
}

/// Confirms deleting an agent, saying what happens to its numbers.
#[component]
pub fn DeleteAgentDialog(
    agent: Agent,
    on_close: Callback<()>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let id = agent.id;
    let consequence = match agent.phone_count {
        0 => "It doesn't answer any number right now. This can't be undone.".to_owned(),
        n => format!(
            "Its numbers will be left without an agent ({}): their calls go unanswered until you choose another agent. This can't be undone.",
            util::count(n as usize, "number", "numbers")
        ),
    };

    view! {
        <ConfirmDelete
            title="Delete this agent?"
            button="Delete agent"
            delete=move || async move { gone_is_deleted(api::agents::delete(id).await) }
            on_close=on_close
            on_done=on_deleted
        >
            <strong>{agent.name.clone()}</strong>
            " will be deleted. "
            {consequence}
        </ConfirmDelete>
    }
}
