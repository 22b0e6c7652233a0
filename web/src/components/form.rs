//! Form fields and buttons that show their errors and pending state.

use leptos::prelude::*;

use super::feedback::Spinner;
use super::icons::{Icon, Svg};
use crate::api::ApiError;

/// A labelled input bound to `value`, with its error (or else its hint) underneath.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autofocus: bool,
    /// The on-screen keyboard to offer (`numeric`, `tel`, …).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] mono: bool,
    /// Runs on every keystroke (after `value` is updated).
    #[prop(optional, into)]
    on_input: Option<Callback<()>>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let message_id = format!("{id}-message");
    let is_password = kind == "password";
    let revealed = RwSignal::new(false);
    let input_type = move || if is_password && revealed.get() { "text" } else { kind };
    let has_error = move || error.with(Option::is_some);
    let described_by = message_id.clone();
    // Focused on mount (the `autofocus` attribute only acts once per page load, and the app
    // mounts its fields later).
    let input_ref = NodeRef::<leptos::html::Input>::new();
    if autofocus {
        Effect::new(move |_| {
            if let Some(input) = input_ref.get() {
                let _ = input.focus();
            }
        });
    }

    view! {
        <div class="field" class:field-invalid=has_error>
            <label class="field-label" for=id>
                {label}
            </label>
            <div class="field-control">
                <input
                    node_ref=input_ref
                    class="input"
                    class:input-mono=mono
                    id=id
                    name=id
                    type=input_type
                    autocomplete=autocomplete
                    placeholder=placeholder
                    inputmode=inputmode
                    maxlength=maxlength
                    spellcheck="false"
                    aria-invalid=move || has_error().to_string()
                    aria-describedby=described_by
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        if let Some(cb) = on_input {
                            cb.run(());
                        }
                    }
                    on:blur=move |_| {
                        if let Some(cb) = on_blur {
                            cb.run(());
                        }
                    }
                />
                {is_password
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="field-reveal"
                                aria-label=move || {
                                    if revealed.get() { "Hide password" } else { "Show password" }
                                }
                                on:click=move |_| revealed.update(|r| *r = !*r)
                            >
                                {move || {
                                    if revealed.get() {
                                        view! { <Svg icon=Icon::EyeOff /> }
                                    } else {
                                        view! { <Svg icon=Icon::Eye /> }
                                    }
                                }}
                            </button>
                        }
                    })}
            </div>
            <p
                class="field-message"
                id=message_id
                aria-live="polite"
                class:field-error=has_error
            >
                {move || match error.get() {
                    Some(message) => {
                        view! {
                            <Svg icon=Icon::Alert class="field-message-icon" />
                            <span>{message}</span>
                        }
                            .into_any()
                    }
                    None => hint.map(|h| view! { <span>{h}</span> }).into_any(),
                }}
            </p>
        </div>
    }
}

/// The line under a field: its error, or else its hint.
#[component]
fn FieldMessage(
    id: String,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] hint: Signal<Option<String>>,
) -> impl IntoView {
    let has_error = move || error.with(Option::is_some);
    view! {
        <p class="field-message" id=id aria-live="polite" class:field-error=has_error>
            {move || match error.get() {
                Some(message) => {
                    view! {
                        <Svg icon=Icon::Alert class="field-message-icon" />
                        <span>{message}</span>
                    }
                        .into_any()
                }
                None => hint.get().map(|h| view! { <span>{h}</span> }).into_any(),
            }}
        </p>
    }
}

/// A labelled multi-line input, with an optional character count against `max_len`.
#[component]
pub fn TextArea(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = 6)] rows: u32,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] max_len: Option<usize>,
    #[prop(optional, into)] on_input: Option<Callback<()>>,
) -> impl IntoView {
    let message_id = format!("{id}-message");
    let has_error = move || error.with(Option::is_some);
    let length = move || value.with(|v| v.chars().count());
    view! {
        <div class="field" class:field-invalid=has_error>
            <div class="field-label-row">
                <label class="field-label" for=id>
                    {label}
                </label>
                {max_len
                    .map(|max| {
                        let class = move || {
                            if length() > max { "field-count field-count-over" } else { "field-count" }
                        };
                        view! { <span class=class>{move || format!("{} / {}", length(), max)}</span> }
                    })}
            </div>
            <textarea
                class="input textarea"
                id=id
                name=id
                rows=rows
                placeholder=placeholder
                aria-invalid=move || has_error().to_string()
                aria-describedby=message_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    if let Some(cb) = on_input {
                        cb.run(());
                    }
                }
            ></textarea>
            <FieldMessage id=message_id error=error hint=Signal::derive(move || hint.map(str::to_owned)) />
        </div>
    }
}

/// A labelled drop-down over `(value, label)` options, bound to `value`.
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Signal<Option<String>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// Runs after `value` changes.
    #[prop(optional, into)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let message_id = format!("{id}-message");
    let has_error = move || error.with(Option::is_some);
    view! {
        <div class="field" class:field-invalid=has_error>
            <label class="field-label" for=id>
                {label}
            </label>
            <div class="select-wrap">
                <select
                    class="input select"
                    id=id
                    name=id
                    disabled=move || disabled.get()
                    aria-describedby=message_id.clone()
                    prop:value=move || value.get()
                    on:change=move |ev| {
                        value.set(event_target_value(&ev));
                        if let Some(cb) = on_change {
                            cb.run(());
                        }
                    }
                >
                    {move || {
                        options
                            .get()
                            .into_iter()
                            .map(|(option, text)| {
                                let selected = value.with_untracked(|v| *v == option);
                                view! {
                                    <option value=option selected=selected>
                                        {text}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <Svg icon=Icon::ChevronRight class="select-chevron" />
            </div>
            <FieldMessage id=message_id error=error hint=hint />
        </div>
    }
}

/// An on/off switch with a label and a sentence saying what "on" means.
#[component]
pub fn Toggle(
    id: &'static str,
    label: &'static str,
    #[prop(into)] description: String,
    checked: RwSignal<bool>,
) -> impl IntoView {
    let description_id = format!("{id}-description");
    view! {
        <div class="toggle-row">
            <span class="toggle-text">
                <label class="toggle-label" for=id>
                    {label}
                </label>
                <span class="toggle-description" id=description_id.clone()>
                    {description}
                </span>
            </span>
            <input
                type="checkbox"
                role="switch"
                class="switch"
                id=id
                name=id
                aria-describedby=description_id
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
        </div>
    }
}

/// A submit button that is disabled and spins while `pending`.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    label: &'static str,
    pending_label: &'static str,
    #[prop(default = "btn btn-primary")] class: &'static str,
    /// Disabled without spinning (e.g. nothing to save).
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=class
            disabled=move || pending.get() || disabled.get()
            aria-busy=move || pending.get().to_string()
        >
            {move || pending.get().then(|| view! { <Spinner /> })}
            <span>{move || if pending.get() { pending_label } else { label }}</span>
        </button>
    }
}

/// A form-level error (one that isn't about a single field).
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <div class="form-error" role="alert" data-code=e.code.clone()>
                    <Svg icon=Icon::Alert />
                    <span>{sentence(&e.message)}</span>
                </div>
            }
        })
    }
}

/// Turns a validation message into a sentence: "must be …" → "Must be …".
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Moves keyboard focus to the element with this id (e.g. the first invalid field).
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// What the server said was wrong with a submitted form: errors about one field (shown under
/// that field) and an error about the whole form (shown above the button).
#[derive(Debug, Clone, Copy)]
pub struct ServerErrors {
    fields: RwSignal<Vec<(String, String)>>,
    form: RwSignal<Option<ApiError>>,
}

impl Default for ServerErrors {
    fn default() -> Self {
        ServerErrors { fields: RwSignal::new(Vec::new()), form: RwSignal::new(None) }
    }
}

impl ServerErrors {
    pub fn clear(self) {
        self.fields.set(Vec::new());
        self.form.set(None);
    }

    /// Files `error` under its field when it names one of `fields` (or `code_field` maps its
    /// code to one), otherwise as the form's error.
    pub fn set(self, error: ApiError, fields: &[&str], code_field: &[(&str, &str)]) {
        let by_prefix = error
            .field_error()
            .filter(|(field, _)| fields.contains(field))
            .map(|(field, message)| (field.to_owned(), sentence(message)));
        let by_code = || {
            code_field
                .iter()
                .find(|(code, _)| *code == error.code)
                .map(|(_, field)| ((*field).to_owned(), error.message.clone()))
        };
        match by_prefix.or_else(by_code) {
            Some(field_error) => self.fields.set(vec![field_error]),
            None => self.form.set(Some(error)),
        }
    }

    /// The server's error for `field`, if any (tracked).
    pub fn field(self, field: &str) -> Option<String> {
        self.fields.with(|f| f.iter().find(|(name, _)| name == field).map(|(_, m)| m.clone()))
    }

    /// Forgets `field`'s error once the member edits it.
    pub fn clear_field(self, field: &str) {
        if self.fields.with_untracked(|f| f.iter().any(|(name, _)| name == field)) {
            self.fields.update(|f| f.retain(|(name, _)| name != field));
        }
        if self.form.with_untracked(Option::is_some) {
            self.form.set(None);
        }
    }

    pub fn first_field(self) -> Option<String> {
        self.fields.with_untracked(|f| f.first().map(|(name, _)| name.clone()))
    }

    pub fn form(self) -> Signal<Option<ApiError>> {
        self.form.into()
    }
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn sentences_start_with_a_capital() {
        assert_eq!(sentence("must be at least 8 characters"), "Must be at least 8 characters");
        assert_eq!(sentence(""), "");
    }
}
