//! API key table and dialogs.

use leptos::prelude::*;
use leptos::task::spawn_local;
use loquent_shared::{ApiKey, ApiKeyScope, CreateApiKeyRequest, CreatedApiKey};
use wasm_bindgen::JsCast;

use super::form_state::ApiKeyFormState;
use super::key_choices::{ExpiryChoice, KeyExpiry, SCOPES, scope_hint, scope_label};
use crate::api;
use crate::components::form::{ServerErrors, focus};
use crate::components::{
    Binding, ConfirmDelete, FormError, Icon, Modal, SelectField, SubmitButton, Svg, TextField,
    gone_is_deleted,
};
use crate::util;

#[component]
pub fn ApiKeyTable(keys: Vec<ApiKey>, on_delete: Callback<ApiKey>) -> impl IntoView {
    let now = util::now();
    let rows = keys
        .into_iter()
        .map(|key| {
            let expiry = KeyExpiry::of(key.expires_at, key.expired, now);
            let expiry_full = match expiry {
                KeyExpiry::Never => "This key works until it is deleted".to_owned(),
                KeyExpiry::On(at) => util::date_time(at),
                KeyExpiry::Expired(at) => format!("Expired {}", util::date_time(at)),
            };
            let expiry_text = expiry.text(util::date);
            let expiry = if let KeyExpiry::Expired(_) = expiry {
                view! { <span class="badge badge-warning">{expiry_text}</span> }.into_any()
            } else {
                view! { <span>{expiry_text}</span> }.into_any()
            };
            let scope = match key.scope {
                ApiKeyScope::Full => {
                    view! { <span class="badge badge-phrase">{scope_label(key.scope)}</span> }
                }
                ApiKeyScope::ReadOnly => view! {
                    <span class="badge badge-muted badge-phrase">{scope_label(key.scope)}</span>
                },
            };
            let created = util::date(key.created_at);
            let created_full = util::date_time(key.created_at);
            let (last_used, last_used_full) = match key.last_used_at {
                Some(at) => (util::relative(at), util::date_time(at)),
                None => ("Never".to_owned(), "This key hasn't been used yet".to_owned()),
            };
            let label = format!("Delete API key {}", key.name);
            let name = key.name.clone();
            let prefix = key.prefix.clone();
            view! {
                <tr>
                    <td class="cell-strong">
                        <span class="key-name">
                            <span class="tile tile-sm">
                                <Svg icon=Icon::Key />
                            </span>
                            {name}
                        </span>
                    </td>
                    <td>
                        <code class="key-prefix">{prefix} "…"</code>
                    </td>
                    <td>{scope}</td>
                    <td class="cell-muted hide-sm" title=created_full>
                        {created}
                    </td>
                    <td class="cell-muted" title=expiry_full>
                        {expiry}
                    </td>
                    <td class="cell-muted" title=last_used_full>
                        {last_used}
                    </td>
                    <td class="cell-actions">
                        <button
                            type="button"
                            class="btn btn-ghost btn-sm btn-danger-text"
                            aria-label=label
                            on:click=move |_| on_delete.run(key.clone())
                        >
                            <Svg icon=Icon::Trash />
                            <span class="hide-sm">"Delete"</span>
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <div class="table-wrap">
            <table class="table" data-testid="api-keys-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Key"</th>
                        <th scope="col">"Access"</th>
                        <th scope="col" class="hide-sm">
                            "Created"
                        </th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col">
                            <span class="sr-only">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Placeholder rows while the keys load.
#[component]
pub fn TableSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton-list" role="status" aria-label="Loading API keys">
            {(0..3)
                .map(|_| {
                    view! {
                        <div class="skeleton-row">
                            <span class="skeleton skeleton-tile"></span>
                            <span class="skeleton skeleton-line"></span>
                            <span class="skeleton skeleton-line short"></span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Names a new key, then shows its secret once.
#[component]
pub fn CreateKeyDialog(on_close: Callback<()>, on_created: Callback<()>) -> impl IntoView {
    let form = RwSignal::new(ApiKeyFormState::default());
    let name = Binding::field(form, |s| s.name.clone(), |s, v| s.name = v);
    let expiry = Binding::field(
        form,
        |s| s.expiry.value().to_owned(),
        |s, v: String| s.expiry = ExpiryChoice::parse(&v).unwrap_or_default(),
    );
    let expiries: Vec<_> =
        ExpiryChoice::ALL.iter().map(|c| (c.value().to_owned(), c.label().to_owned())).collect();
    let scope = Binding::field(
        form,
        |s| s.scope.as_str().to_owned(),
        |s, v: String| s.scope = ApiKeyScope::parse(&v).unwrap_or_default(),
    );
    let scopes: Vec<_> =
        SCOPES.iter().map(|s| (s.as_str().to_owned(), scope_label(*s).to_owned())).collect();
    let scope_hint = Signal::derive(move || Some(scope_hint(form.with(|s| s.scope)).to_owned()));
    let server = ServerErrors::default();
    let created = RwSignal::new(None::<CreatedApiKey>);

    let create = Action::new_local(move |request: &CreateApiKeyRequest| {
        let request = request.clone();
        async move {
            match api::api_keys::create(&request).await {
                Ok(key) => {
                    created.set(Some(key));
                    on_created.run(());
                }
                Err(error) => server.set(error),
            }
        }
    });
    let pending = create.pending();
    let name_error = Signal::derive(move || {
        server.field("name").or_else(|| form.with(ApiKeyFormState::name_message))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form.update(|s| s.submitted = true);
        server.clear();
        if name_error.get_untracked().is_some() {
            focus("key-name");
            return;
        }
        create.dispatch(form.with_untracked(|s| s.to_input(util::now())));
    };

    let is_created = Memo::new(move |_| created.with(Option::is_some));
    let title = Signal::derive(move || {
        if is_created.get() { "Save your API key" } else { "Create an API key" }.to_owned()
    });

    view! {
        <Modal title=title on_close=on_close sticky=is_created>
            {move || match created.get() {
                Some(key) => view! { <SecretReveal created=key on_done=on_close /> }.into_any(),
                None => {
                    view! {
                        <form class="form" on:submit=on_submit novalidate=true>
                            <div class="modal-body">
                                <p class="modal-text">
                                    "Requests made with the key act on your behalf in this organization."
                                </p>
                                <TextField
                                    id="key-name"
                                    label="Name"
                                    value=name
                                    error=name_error
                                    placeholder="e.g. CRM sync"
                                    hint="What the key is for, so you can tell keys apart later."
                                    autofocus=true
                                    on_input=move || server.clear_field("name")
                                />
                                <SelectField
                                    id="key-expiry"
                                    label="Expires"
                                    value=expiry
                                    options=expiries.clone()
                                    error=Signal::derive(move || server.field("expires_at"))
                                    hint=Some(
                                        "When it expires, requests with the key are refused."
                                            .to_owned(),
                                    )
                                />
                                <SelectField
                                    id="key-scope"
                                    label="Access"
                                    value=scope
                                    options=scopes.clone()
                                    error=Signal::derive(move || server.field("scope"))
                                    hint=scope_hint
                                />
                                <FormError error=server.form() />
                            </div>
                            <div class="modal-footer">
                                <button
                                    type="button"
                                    class="btn btn-secondary"
                                    on:click=move |_| on_close.run(())
                                >
                                    "Cancel"
                                </button>
                                <SubmitButton
                                    pending=pending
                                    label="Create key"
                                    pending_label="Creating…"
                                />
                            </div>
                        </form>
                    }
                        .into_any()
                }
            }}
        </Modal>
    }
}

/// The new key's secret, with a copy button and the warning that it is shown only now.
#[component]
fn SecretReveal(created: CreatedApiKey, on_done: Callback<()>) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let secret = created.secret.clone();
    let copy = move |_| {
        let secret = secret.clone();
        spawn_local(async move {
            copied.set(Some(copy_to_clipboard(&secret, "api-key-secret").await));
        });
    };

    view! {
        <div class="modal-body">
            <div class="callout callout-warning" role="note">
                <Svg icon=Icon::Warning />
                <p>
                    <strong>"Copy this key now. "</strong>
                    "It won't be shown again: store it somewhere safe, such as a password manager."
                </p>
            </div>
            <label class="field-label" for="api-key-secret">
                {created.api_key.name.clone()}
            </label>
            <div class="secret">
                <input
                    id="api-key-secret"
                    class="input input-mono"
                    readonly=true
                    spellcheck="false"
                    data-testid="api-key-secret"
                    value=created.secret.clone()
                    on:focus=move |ev| {
                        if let Some(input) = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            input.select();
                        }
                    }
                />
                <button type="button" class="btn btn-secondary" on:click=copy>
                    {move || {
                        if copied.get() == Some(true) {
                            view! {
                                <Svg icon=Icon::Check />
                                <span>"Copied"</span>
                            }
                                .into_any()
                        } else {
                            view! {
                                <Svg icon=Icon::Copy />
                                <span>"Copy"</span>
                            }
                                .into_any()
                        }
                    }}
                </button>
            </div>
            <p class="field-message">
                {move || {
                    if copied.get() == Some(false) {
                        "Your browser blocked copying: the key is selected, press Ctrl+C (⌘C on a Mac)."
                    } else {
                        "Send it with each request as an Authorization: Bearer header."
                    }
                }}
            </p>
        </div>
        <div class="modal-footer">
            <button type="button" class="btn btn-primary" on:click=move |_| on_done.run(())>
                "I've saved it"
            </button>
        </div>
    }
}

/// Copies `text`, through the Clipboard API where the page may use it, otherwise by selecting
/// the input `input_id` and asking the browser to copy the selection.
async fn copy_to_clipboard(text: &str, input_id: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|clipboard| !clipboard.is_undefined());
    if has_clipboard {
        let promise = navigator.clipboard().write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    let Some(document) = window.document() else { return false };
    if let Some(input) = document
        .get_element_by_id(input_id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
    }
    document
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false)
}

/// Confirms deleting a key.
#[component]
pub fn DeleteKeyDialog(
    key: ApiKey,
    on_close: Callback<()>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let id = key.id;
    view! {
        <ConfirmDelete
            title="Delete this API key?"
            button="Delete key"
            delete=move || async move { gone_is_deleted(api::api_keys::delete(id).await) }
            on_close=on_close
            on_done=on_deleted
        >
            "Anything using "
            <strong>{key.name.clone()}</strong>
            " ("
            <code class="key-prefix">{key.prefix.clone()} "…"</code>
            ") stops working immediately. This can't be undone."
        </ConfirmDelete>
    }
}
