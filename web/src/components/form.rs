//! Form fields and buttons that show their errors and pending state, and what binds a field to
//! a form's state.

use leptos::prelude::*;

use super::feedback::Spinner;
use super::icons::{Icon, Svg};
use crate::api::ApiError;
pub use crate::form_rules::sentence;

/// What an input shows and where the member's edits go: a signal of its own, or one field of a
/// form's state ([`Binding::field`]), so a form can hold all its values in one plain struct.
pub struct Binding<T: Send + Sync + 'static> {
    value: Signal<T>,
    set: SignalSetter<T>,
}

impl<T: Send + Sync + 'static> Clone for Binding<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Binding<T> {}

impl<T: Send + Sync + 'static> From<RwSignal<T>> for Binding<T> {
    fn from(signal: RwSignal<T>) -> Self {
        Binding { value: signal.into(), set: signal.into() }
    }
}

impl<T: Clone + PartialEq + Send + Sync + 'static> Binding<T> {
    /// One field of `state`, read by `get` and written by `set`. The value is memoized, so the
    /// input updates when its own field changes, not when any field of the form does.
    pub fn field<S: Send + Sync + 'static>(
        state: RwSignal<S>,
        get: impl Fn(&S) -> T + Send + Sync + 'static,
        set: impl Fn(&mut S, T) + Send + Sync + 'static,
    ) -> Self {
        let value = Memo::new(move |_| state.with(&get));
        Binding {
            value: value.into(),
            set: SignalSetter::map(move |v| state.update(|s| set(s, v))),
        }
    }

    pub fn get(self) -> T {
        self.value.get()
    }

    pub fn get_untracked(self) -> T {
        self.value.get_untracked()
    }

    pub fn with<R>(self, f: impl FnOnce(&T) -> R) -> R {
        self.value.with(f)
    }

    pub fn with_untracked<R>(self, f: impl FnOnce(&T) -> R) -> R {
        self.value.with_untracked(f)
    }

    pub fn set(self, value: T) {
        self.set.set(value);
    }
}

/// A labelled input bound to `value`, with its error (or else its hint) underneath.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Binding<String>,
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
pub fn FieldMessage(
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
    #[prop(into)] value: Binding<String>,
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
    #[prop(into)] value: Binding<String>,
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
    #[prop(into)] checked: Binding<bool>,
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
///
/// The server names the field in its error envelope. The form names its fields by asking for
/// their errors ([`ServerErrors::field`], as each input renders), so an error about a field this
/// form has no input for is shown as the form's error rather than lost.
#[derive(Debug, Clone, Copy)]
pub struct ServerErrors {
    fields: RwSignal<Vec<(String, String)>>,
    form: RwSignal<Option<ApiError>>,
    shown: StoredValue<Vec<String>>,
}

impl Default for ServerErrors {
    fn default() -> Self {
        ServerErrors {
            fields: RwSignal::new(Vec::new()),
            form: RwSignal::new(None),
            shown: StoredValue::new(Vec::new()),
        }
    }
}

/// Where a form files `error`: under one of its `shown` fields (that field and the message as
/// a sentence, without the field's name), or `None` for the form as a whole.
fn file_under_field(error: &ApiError, shown: &[String]) -> Option<(String, String)> {
    let (field, detail) = error.field_error()?;
    shown.iter().any(|f| f == field).then(|| (field.to_owned(), sentence(detail)))
}

impl ServerErrors {
    pub fn clear(self) {
        self.fields.set(Vec::new());
        self.form.set(None);
    }

    /// Files `error` under the field the server named, when this form shows that field,
    /// otherwise as the form's error.
    pub fn set(self, error: ApiError) {
        match self.shown.with_value(|shown| file_under_field(&error, shown)) {
            Some(field_error) => self.fields.set(vec![field_error]),
            None => self.form.set(Some(error)),
        }
    }

    /// The server's error for `field`, if any (tracked). Asking marks `field` as one this form
    /// shows.
    pub fn field(self, field: &str) -> Option<String> {
        if !self.shown.with_value(|shown| shown.iter().any(|f| f == field)) {
            self.shown.update_value(|shown| shown.push(field.to_owned()));
        }
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
    use leptos::prelude::*;
    use loquent_shared::ErrorBody;

    use super::{ServerErrors, file_under_field};
    use crate::api::ApiError;

    fn envelope(status: u16, body: &str) -> ApiError {
        let body: ErrorBody = serde_json::from_str(body).expect("an error envelope");
        ApiError::from_body(status, body)
    }

    fn shown(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|f| (*f).to_owned()).collect()
    }

    #[test]
    fn a_field_error_lands_under_the_field_the_server_named() {
        let error = envelope(
            422,
            r#"{"error":{"code":"invalid_phone_number","message":"tools.transfer_call.number: must be an E.164 phone number such as +14155550123","field":"tools.transfer_call.number"}}"#,
        );
        assert_eq!(
            file_under_field(&error, &shown(&["name", "tools.transfer_call.number"])),
            Some((
                "tools.transfer_call.number".to_owned(),
                "Must be an E.164 phone number such as +14155550123".to_owned()
            ))
        );
    }

    #[test]
    fn errors_without_a_field_or_about_a_field_not_on_the_form_are_the_forms() {
        let no_field = envelope(
            403,
            r#"{"error":{"code":"forbidden","message":"name: your role does not allow this"}}"#,
        );
        assert_eq!(file_under_field(&no_field, &shown(&["name"])), None);
        let elsewhere = envelope(
            400,
            r#"{"error":{"code":"invalid_query","message":"limit: must be between 1 and 200","field":"limit"}}"#,
        );
        assert_eq!(file_under_field(&elsewhere, &shown(&["name"])), None);
    }

    #[test]
    fn server_errors_file_by_the_fields_the_form_asks_for() {
        let owner = Owner::new();
        owner.with(|| {
            let server = ServerErrors::default();
            // The form renders its inputs, asking for their errors.
            assert_eq!(server.field("email"), None);
            assert_eq!(server.field("password"), None);

            server.set(envelope(
                409,
                r#"{"error":{"code":"email_taken","message":"email: an account with this email already exists","field":"email"}}"#,
            ));
            assert_eq!(
                server.field("email").as_deref(),
                Some("An account with this email already exists")
            );
            assert_eq!(server.first_field().as_deref(), Some("email"));
            assert_eq!(server.form().get_untracked(), None);

            server.clear_field("email");
            assert_eq!(server.field("email"), None);

            let other = envelope(
                422,
                r#"{"error":{"code":"required","message":"organization_name: must not be empty","field":"organization_name"}}"#,
            );
            server.set(other.clone());
            assert_eq!(server.first_field(), None);
            assert_eq!(server.form().get_untracked(), Some(other));
        });
    }
}
