//! Analyzer cards, the analyzer form (prompt, switches, numbers) and the delete dialog.

use leptos::prelude::*;
use leptos_router::components::A;
use loquent_shared::analyzer::MAX_PROMPT_LEN;
use loquent_shared::{Analyzer, AnalyzerInput, Phone};
use uuid::Uuid;

use super::form_state::AnalyzerFormState;
use crate::api;
use crate::components::form::{ServerErrors, focus};
use crate::components::{
    Binding, ConfirmDelete, FormError, Icon, SubmitButton, Svg, TextArea, TextField, Toggle,
    gone_is_deleted,
};
use crate::util;

/// One analyzer in the list.
#[component]
pub fn AnalyzerCard(analyzer: Analyzer) -> impl IntoView {
    let href = format!("/analyzers/{}", analyzer.id);
    let numbers = match analyzer.phone_number_ids.len() {
        0 => "No numbers".to_owned(),
        n => format!("Runs on {}", util::count(n, "number", "numbers")),
    };
    let no_numbers = analyzer.phone_number_ids.is_empty();
    view! {
        <A href=href attr:class="card item-card item-link" attr:data-testid="analyzer-card">
            <div class="item-head">
                <span class="tile">
                    <Svg icon=Icon::Analyzers />
                </span>
                <span class="item-badges">
                    {analyzer
                        .is_default
                        .then(|| {
                            view! {
                                <span class="badge">
                                    <Svg icon=Icon::Star />
                                    "Default"
                                </span>
                            }
                        })}
                    {if analyzer.is_active {
                        view! { <span class="badge badge-success">"Active"</span> }.into_any()
                    } else {
                        view! { <span class="badge badge-muted">"Paused"</span> }.into_any()
                    }}
                </span>
            </div>
            <h3 class="item-title">{analyzer.name.clone()}</h3>
            <p class="item-excerpt">{analyzer.prompt.clone()}</p>
            <div class="item-foot">
                <span class="chip" class:chip-muted=no_numbers>
                    <Svg icon=Icon::Handset />
                    <span>{numbers}</span>
                </span>
            </div>
        </A>
    }
}

/// Creates an analyzer (no `analyzer_id`) or edits one.
#[component]
pub fn AnalyzerForm(
    initial: AnalyzerInput,
    phones: Vec<Phone>,
    #[prop(optional)] analyzer_id: Option<Uuid>,
    #[prop(into)] editable: Signal<bool>,
    on_saved: Callback<Analyzer>,
) -> impl IntoView {
    let server = ServerErrors::default();
    let offered: Vec<Uuid> = phones.iter().map(|p| p.id).collect();
    let form = RwSignal::new(AnalyzerFormState::from(&initial).offering(offered));
    let name = Binding::field(form, |s| s.name.clone(), |s, v| s.name = v);
    let prompt = Binding::field(form, |s| s.prompt.clone(), |s, v| s.prompt = v);
    let is_active = Binding::field(form, |s| s.is_active, |s, v| s.is_active = v);
    let is_default = Binding::field(form, |s| s.is_default, |s, v| s.is_default = v);

    let save = Action::new_local(move |input: &AnalyzerInput| {
        let input = input.clone();
        async move {
            let result = match analyzer_id {
                Some(id) => api::analyzers::update(id, &input).await,
                None => api::analyzers::create(&input).await,
            };
            match result {
                Ok(analyzer) => on_saved.run(analyzer),
                Err(error) => {
                    server.set(error);
                    if let Some(field) = server.first_field() {
                        focus(&field);
                    }
                }
            }
        }
    });
    let pending = save.pending();

    let name_error = Signal::derive(move || {
        server.field("name").or_else(|| form.with(AnalyzerFormState::name_message))
    });
    let prompt_error = Signal::derive(move || {
        server.field("prompt").or_else(|| form.with(AnalyzerFormState::prompt_message))
    });
    let numbers_error = Signal::derive(move || server.field("phone_number_ids"));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form.update(|s| s.submitted = true);
        server.clear();
        match form.with_untracked(AnalyzerFormState::first_invalid) {
            Some(field) => focus(field),
            None => {
                save.dispatch(form.with_untracked(AnalyzerFormState::to_input));
            }
        }
    };

    let creating = analyzer_id.is_none();
    let total = phones.len();
    let all_selected = move || form.with(AnalyzerFormState::all_selected);
    let toggle_all =
        move |ev: leptos::ev::Event| form.update(|s| s.select_all(event_target_checked(&ev)));
    let count_label = move || form.with(AnalyzerFormState::selection_summary);

    let phone_rows = phones
        .into_iter()
        .map(|phone| {
            let id = phone.id;
            let input_id = format!("phone-{id}");
            let label_for = input_id.clone();
            view! {
                <li>
                    <label class="check-row" for=label_for>
                        <input
                            type="checkbox"
                            class="checkbox"
                            id=input_id
                            prop:checked=move || form.with(|s| s.selected.contains(&id))
                            on:change=move |ev| form.update(|s| s.select(id, event_target_checked(&ev)))
                        />
                        <span class="check-main">
                            <span class="check-title">{phone.friendly_name.clone()}</span>
                            <span class="check-sub">{util::phone_number(&phone.number)}</span>
                        </span>
                    </label>
                </li>
            }
        })
        .collect_view();

    view! {
        <form class="form form-sections" on:submit=on_submit novalidate=true>
            <fieldset class="fieldset stack" disabled=move || !editable.get()>
                <section class="card panel" aria-labelledby="analyzer-title">
                    <div class="panel-head">
                        <div>
                            <h2 class="panel-title" id="analyzer-title">
                                "What to look for"
                            </h2>
                            <p class="panel-subtitle">"The analyzer reads every call transcript with this prompt."</p>
                        </div>
                    </div>
                    <div class="form">
                        <TextField
                            id="name"
                            label="Name"
                            value=name
                            error=name_error
                            placeholder="Appointment intent"
                            autofocus=creating
                            on_input=move || server.clear_field("name")
                        />
                        <TextArea
                            id="prompt"
                            label="Prompt"
                            value=prompt
                            error=prompt_error
                            rows=7
                            max_len=MAX_PROMPT_LEN
                            placeholder="Did the caller want to book, move or cancel an appointment? Answer in one line."
                            hint="Ask one clear question, and say how to answer it."
                            on_input=move || server.clear_field("prompt")
                        />
                        <div class="toggle-group">
                            <Toggle
                                id="is_active"
                                label="Active"
                                description="Runs on every new call to its numbers. Paused analyzers keep their past results."
                                checked=is_active
                            />
                            <Toggle
                                id="is_default"
                                label="Default for new numbers"
                                description="Assigned automatically to every number you buy or import from now on."
                                checked=is_default
                            />
                        </div>
                    </div>
                </section>

                <section class="card panel" aria-labelledby="numbers-title">
                    <div class="panel-head">
                        <div>
                            <h2 class="panel-title" id="numbers-title">
                                "Numbers"
                            </h2>
                            <p class="panel-subtitle">"The calls to these numbers are analyzed."</p>
                        </div>
                        {(total > 0).then(|| view! { <span class="panel-meta">{count_label}</span> })}
                    </div>
                    {if total == 0 {
                        view! {
                            <div class="inline-empty">
                                <p class="muted">"You have no phone numbers yet."</p>
                                <a class="inline-link" href="/phones">
                                    "Buy or import a number"
                                    <Svg icon=Icon::ArrowRight />
                                </a>
                            </div>
                        }
                            .into_any()
                    } else {
                        view! {
                            <div class="checklist" data-testid="analyzer-numbers">
                                <label class="check-row check-all" for="phones-all">
                                    <input
                                        type="checkbox"
                                        class="checkbox"
                                        id="phones-all"
                                        prop:checked=all_selected
                                        on:change=toggle_all
                                    />
                                    <span class="check-title">"All numbers"</span>
                                </label>
                                <ul class="check-list">{phone_rows}</ul>
                            </div>
                        }
                            .into_any()
                    }}
                    {move || {
                        numbers_error
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
                </section>
            </fieldset>
            <FormError error=server.form() />
            <Show when=move || editable.get()>
                <div class="form-actions form-actions-bar">
                    <a class="btn btn-ghost" href="/analyzers">
                        "Cancel"
                    </a>
                    <SubmitButton
                        pending=pending
                        label=if creating { "Create analyzer" } else { "Save changes" }
                        pending_label=if creating { "Creating…" } else { "Saving…" }
                    />
                </div>
            </Show>
        </form>
    }
}

/// Confirms deleting an analyzer.
#[component]
pub fn DeleteAnalyzerDialog(
    analyzer: Analyzer,
    on_close: Callback<()>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let id = analyzer.id;
    view! {
        <ConfirmDelete
            title="Delete this analyzer?"
            button="Delete analyzer"
            delete=move || async move { gone_is_deleted(api::analyzers::delete(id).await) }
            on_close=on_close
            on_done=on_deleted
        >
            <strong>{analyzer.name.clone()}</strong>
            " will be deleted and stops reading new calls. This can't be undone."
        </ConfirmDelete>
    }
}
