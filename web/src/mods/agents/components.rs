//! Agent cards, the agent form (identity, voice, tools) and the delete dialog.

use leptos::prelude::*;
use leptos_router::components::A;
use loquent_shared::agent::{MAX_INSTRUCTIONS_LEN, MAX_TRANSFER_NUMBERS};
use loquent_shared::validation::{validate_e164, validate_name};
use loquent_shared::{Agent, AgentInput, AgentTools, TransferTarget};
use uuid::Uuid;

use super::voice::{VoiceFields, VoicePanel, voice_label};
use crate::api;
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{
    ConfirmDelete, FormError, Icon, SubmitButton, Svg, TextArea, TextField, Toggle, gone_is_deleted,
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

/// A transfer destination being edited.
#[derive(Debug, Clone, Copy)]
struct TransferRow {
    key: u64,
    label: RwSignal<String>,
    number: RwSignal<String>,
    touched: RwSignal<bool>,
}

impl TransferRow {
    fn new(key: u64, target: &TransferTarget) -> Self {
        TransferRow {
            key,
            label: RwSignal::new(target.label.clone()),
            number: RwSignal::new(target.number.clone()),
            touched: RwSignal::new(false),
        }
    }

    fn target(self) -> TransferTarget {
        TransferTarget {
            label: self.label.get_untracked().trim().to_owned(),
            number: util::normalize_phone_input(&self.number.get_untracked()),
        }
    }

    fn label_error(self, shown: bool) -> Option<String> {
        let value = self.label.get();
        (shown || self.touched.get()).then(|| validate_name("label", &value).err()).flatten().map(
            |e| {
                if e.code == "required" {
                    "Name who answers".to_owned()
                } else {
                    sentence(&e.message)
                }
            },
        )
    }

    fn number_error(self, shown: bool) -> Option<String> {
        let value = util::normalize_phone_input(&self.number.get());
        (shown || self.touched.get())
            .then(|| validate_e164("number", &value).err())
            .flatten()
            .map(|_| "Enter a number like +14155550100".to_owned())
    }
}

/// Where the form's checks send the member: the field's input id.
fn input_for(field: &str) -> &'static str {
    match field {
        "name" => "name",
        "instructions" => "instructions",
        "realtime_config.model" => "model",
        "realtime_config.voice" => "voice",
        "realtime_config.speed" => "speed",
        _ => "end_call",
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
    let submitted = RwSignal::new(false);

    let name = RwSignal::new(initial.name.clone());
    let instructions = RwSignal::new(initial.instructions.clone());
    let voice = VoiceFields::new(&initial.realtime_config);
    let end_call = RwSignal::new(initial.tools.end_call);
    let next_key = StoredValue::new(initial.tools.transfer_call.len() as u64);
    let rows = RwSignal::new(
        initial
            .tools
            .transfer_call
            .iter()
            .enumerate()
            .map(|(i, t)| TransferRow::new(i as u64, t))
            .collect::<Vec<_>>(),
    );

    let build = move || AgentInput {
        name: name.get_untracked().trim().to_owned(),
        instructions: instructions.get_untracked().trim().to_owned(),
        realtime_config: voice.config(),
        tools: AgentTools {
            end_call: end_call.get_untracked(),
            transfer_call: rows.get_untracked().into_iter().map(TransferRow::target).collect(),
        },
    };

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
        server.field("name").or_else(|| {
            let value = name.get();
            submitted.get().then(|| validate_name("name", &value).err()).flatten().map(|e| {
                if e.code == "required" {
                    "Give the agent a name".to_owned()
                } else {
                    sentence(&e.message)
                }
            })
        })
    });
    let instructions_error = Signal::derive(move || {
        server.field("instructions").or_else(|| {
            (instructions.with(|i| i.chars().count()) > MAX_INSTRUCTIONS_LEN)
                .then(|| format!("Keep the instructions under {MAX_INSTRUCTIONS_LEN} characters"))
        })
    });
    let tools_error = Signal::derive(move || {
        server
            .field("tools.transfer_call.number")
            .or_else(|| server.field("tools.transfer_call.label"))
            .or_else(|| server.field("tools.transfer_call"))
    });

    let add_row = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| {
            r.push(TransferRow::new(
                key,
                &TransferTarget { label: String::new(), number: String::new() },
            ));
        });
        server.clear_field("tools.transfer_call");
        focus(&format!("transfer-label-{key}"));
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        server.clear();
        let input = build();
        for row in rows.get_untracked() {
            if row.label_error(true).is_some() {
                focus(&format!("transfer-label-{}", row.key));
                return;
            }
            if row.number_error(true).is_some() {
                focus(&format!("transfer-number-{}", row.key));
                return;
            }
        }
        if let Err(invalid) = input.validate() {
            focus(input_for(invalid.field));
            return;
        }
        // Show the numbers as they will be saved.
        for row in rows.get_untracked() {
            row.number.set(util::normalize_phone_input(&row.number.get_untracked()));
        }
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

                <VoicePanel fields=voice server=server submitted=submitted />

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
                            <Show when=move || rows.with(|r| !r.is_empty())>
                                <div class="transfer-columns" aria-hidden="true">
                                    <span>"Who answers"</span>
                                    <span>"Number"</span>
                                </div>
                            </Show>
                            <ul class="transfer-list" data-testid="transfer-list">
                                <For each=move || rows.get() key=|row| row.key let:row>
                                    <TransferRowView
                                        row=row
                                        submitted=submitted
                                        on_remove=Callback::new(move |()| {
                                            rows.update(|r| r.retain(|x| x.key != row.key));
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
                                when=move || rows.with(|r| r.len() < MAX_TRANSFER_NUMBERS)
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

#[component]
fn TransferRowView(
    row: TransferRow,
    submitted: RwSignal<bool>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let label_id = format!("transfer-label-{}", row.key);
    let number_id = format!("transfer-number-{}", row.key);
    let label_error = move || row.label_error(submitted.get());
    let number_error = move || row.number_error(submitted.get());
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
                    prop:value=move || row.label.get()
                    on:input=move |ev| row.label.set(event_target_value(&ev))
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
                    prop:value=move || row.number.get()
                    on:input=move |ev| row.number.set(event_target_value(&ev))
                    on:blur=move |_| {
                        if row.number.with_untracked(|n| !n.trim().is_empty()) {
                            row.number.set(util::normalize_phone_input(&row.number.get_untracked()));
                            row.touched.set(true);
                        }
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
