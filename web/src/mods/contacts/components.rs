//! The contacts table, the phone and email cards with their forms, and the dialogs.

use leptos::prelude::*;
use loquent_shared::Contact;
use uuid::Uuid;

use super::entry::{Entry, EntryFormState, EntryInput, Kind, label_options};
use crate::api::{self, ApiError, ApiResult};
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{
    Binding, ConfirmDelete, ErrorBanner, FormError, Icon, SelectField, Spinner, SubmitButton, Svg,
    TextField, gone_is_deleted,
};
use crate::mods::dialpad::use_dial_pad;
use crate::util;

/// A contact's name for people: "Grace Hopper", or their number while unnamed.
pub fn name(contact: &Contact) -> String {
    let full = format!("{} {}", contact.first_name.trim(), contact.last_name.trim());
    let full = full.trim();
    if !full.is_empty() {
        return full.to_owned();
    }
    preferred_phone(contact)
        .map_or_else(|| "Unnamed contact".to_owned(), |p| util::phone_number(&p))
}

pub fn is_named(contact: &Contact) -> bool {
    !contact.first_name.trim().is_empty() || !contact.last_name.trim().is_empty()
}

fn preferred_phone(contact: &Contact) -> Option<String> {
    let phone = contact.phones.iter().find(|p| p.is_preferred).or(contact.phones.first());
    phone.map(|p| p.number.clone())
}

fn preferred_email(contact: &Contact) -> Option<String> {
    let email = contact.emails.iter().find(|e| e.is_preferred).or(contact.emails.first());
    email.map(|e| e.email.clone())
}

/// The contacts, newest first; each row opens the contact.
#[component]
pub fn ContactTable(#[prop(into)] rows: Signal<Vec<Contact>>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table contacts-table" data-testid="contacts-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Phone"</th>
                        <th scope="col" class="hide-sm">
                            "Email"
                        </th>
                        <th scope="col" class="hide-sm">
                            "Added"
                        </th>
                        <th scope="col" class="cell-chevron">
                            <span class="sr-only">"Open"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|c| (c.id, c.updated_at) let:contact>
                        <ContactRow contact=contact />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ContactRow(contact: Contact) -> impl IntoView {
    let href = format!("/contacts/{}", contact.id);
    let named = is_named(&contact);
    let title = name(&contact);
    let initials = if named { util::initials(&title) } else { String::new() };
    let phone = contact.phones.iter().find(|p| p.is_preferred).or(contact.phones.first()).cloned();
    let email = preferred_email(&contact);
    view! {
        <tr class="contact-row" data-testid="contact-row">
            <td>
                <span class="person">
                    <span class="avatar avatar-sm" class:avatar-muted=!named aria-hidden="true">
                        {if initials.is_empty() {
                            view! { <Svg icon=Icon::User /> }.into_any()
                        } else {
                            initials.into_any()
                        }}
                    </span>
                    <a class="row-link" href=href>
                        <span class="cell-strong" class:cell-unknown=!named>{title}</span>
                    </a>
                </span>
            </td>
            <td class="cell-phone">
                {match phone {
                    Some(p) => {
                        view! {
                            <span>{util::phone_number(&p.number)}</span>
                            {(!p.label.is_empty()).then(|| view! { <span class="cell-label">{sentence(&p.label)}</span> })}
                        }
                            .into_any()
                    }
                    None => view! { <span class="cell-muted">"—"</span> }.into_any(),
                }}
            </td>
            <td class="cell-muted hide-sm cell-email">{email.unwrap_or_else(|| "—".to_owned())}</td>
            <td class="cell-muted hide-sm" title=util::date_time(contact.created_at)>
                {util::date(contact.created_at)}
            </td>
            <td class="cell-chevron" aria-hidden="true">
                <Svg icon=Icon::ChevronRight />
            </td>
        </tr>
    }
}

/// Placeholder rows while contacts load.
#[component]
pub fn ContactTableSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton-list" role="status" aria-label="Loading contacts">
            {(0..4)
                .map(|_| {
                    view! {
                        <div class="skeleton-row">
                            <span class="skeleton skeleton-round"></span>
                            <span class="skeleton skeleton-line"></span>
                            <span class="skeleton skeleton-line short"></span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The contact a `phone_taken` conflict names: "number: +1… already belongs to Grace Hopper
/// (<uuid>)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneTaken {
    pub owner: String,
    pub owner_id: Option<Uuid>,
}

impl PhoneTaken {
    pub fn from_error(error: &ApiError) -> Option<PhoneTaken> {
        if error.code != "phone_taken" {
            return None;
        }
        let (_, owner) = error.message.split_once(" already belongs to ")?;
        let owner = owner.trim().trim_end_matches('.');
        let parsed = owner.strip_suffix(')').and_then(|rest| {
            let (name, id) = rest.rsplit_once(" (")?;
            Some((name.trim().to_owned(), Uuid::parse_str(id).ok()?))
        });
        Some(match parsed {
            Some((owner, id)) => PhoneTaken { owner, owner_id: Some(id) },
            None => PhoneTaken { owner: owner.to_owned(), owner_id: None },
        })
    }

    pub fn message(&self) -> String {
        format!("This number already belongs to {}", self.owner)
    }
}

/// "View Grace Hopper →" under a number that belongs to someone else.
#[component]
pub fn PhoneTakenLink(#[prop(into)] taken: Signal<Option<PhoneTaken>>) -> impl IntoView {
    move || {
        taken.get().and_then(|t| {
            let id = t.owner_id?;
            Some(view! {
                <a class="inline-link field-link" href=format!("/contacts/{id}") data-testid="phone-owner-link">
                    {format!("Open {}", t.owner)}
                    <Svg icon=Icon::ArrowRight />
                </a>
            })
        })
    }
}

/// Adds (no `id`) or changes a phone or email; answers with the contact.
async fn save_entry(contact: Uuid, id: Option<Uuid>, input: EntryInput) -> ApiResult<Contact> {
    match (input, id) {
        (EntryInput::Phone(input), Some(id)) => {
            api::contacts::update_phone(contact, id, &input).await
        }
        (EntryInput::Phone(input), None) => api::contacts::add_phone(contact, &input).await,
        (EntryInput::Email(input), Some(id)) => {
            api::contacts::update_email(contact, id, &input).await
        }
        (EntryInput::Email(input), None) => api::contacts::add_email(contact, &input).await,
    }
}

/// Deletes a phone or email; answers with the contact.
async fn remove_entry(kind: Kind, contact: Uuid, id: Uuid) -> ApiResult<Contact> {
    match kind {
        Kind::Phone => api::contacts::delete_phone(contact, id).await,
        Kind::Email => api::contacts::delete_email(contact, id).await,
    }
}

/// Under the value: its label, and a phone's number as stored ("Work · +14155550143").
fn entry_sub(kind: Kind, entry: &Entry) -> Option<String> {
    let label = (!entry.label.is_empty()).then(|| sentence(&entry.label));
    match kind {
        Kind::Phone => Some(match label {
            Some(label) => format!("{label} · {}", entry.value),
            None => entry.value.clone(),
        }),
        Kind::Email => label,
    }
}

/// A phone's or an email's card: the value, its label, "Preferred", and its actions; edited in
/// place.
#[component]
pub fn EntryCard(
    kind: Kind,
    contact_id: Uuid,
    entry: Entry,
    #[prop(into)] editable: Signal<bool>,
    /// The entry being edited (one at a time).
    editing: RwSignal<Option<Uuid>>,
    on_changed: Callback<Contact>,
    on_delete: Callback<(Kind, Entry)>,
    /// Whom a phone's "Call" calls (the dial pad shows their name).
    #[prop(optional, into)]
    contact_name: Signal<String>,
) -> impl IntoView {
    let id = entry.id;
    let shown = kind.shown(&entry.value);
    let dial_pad = use_dial_pad();
    let call_label = format!("Call {shown}");
    let prefer = Action::new_local({
        let entry = entry.clone();
        move |(): &()| {
            let input = kind.input(entry.value.clone(), entry.label.clone(), true);
            async move {
                match save_entry(contact_id, Some(id), input).await {
                    Ok(contact) => {
                        on_changed.run(contact);
                        None
                    }
                    Err(error) => Some(error),
                }
            }
        }
    });
    let preferring = prefer.pending();
    let icon = if kind == Kind::Phone { Icon::Handset } else { Icon::Mail };
    let testid = if kind == Kind::Phone { "contact-phone" } else { "contact-email" };
    let edit_label = format!("Edit {shown}");
    let delete_label = format!("Delete {shown}");
    let prefer_label = format!("Make {shown} preferred");
    let is_preferred = entry.preferred;

    view! {
        <li class="entry" class:entry-preferred=is_preferred data-testid=testid>
            {move || {
                if editing.get() == Some(id) {
                    view! {
                        <EntryForm
                            kind=kind
                            contact_id=contact_id
                            existing=entry.clone()
                            on_saved=Callback::new(move |contact| {
                                editing.set(None);
                                on_changed.run(contact);
                            })
                            on_cancel=Callback::new(move |()| editing.set(None))
                        />
                    }
                        .into_any()
                } else {
                    let entry = entry.clone();
                    let for_delete = entry.clone();
                    let (edit_label, delete_label, prefer_label, call_label) = (
                        edit_label.clone(),
                        delete_label.clone(),
                        prefer_label.clone(),
                        call_label.clone(),
                    );
                    view! {
                        <div class="entry-row">
                            <span class="tile tile-sm">
                                <Svg icon=icon />
                            </span>
                            <div class="entry-main">
                                <p class="entry-value">
                                    <span data-testid="entry-value">
                                        {kind
                                            .shown_parts(&entry.value)
                                            .into_iter()
                                            .map(|part| view! { {part} <wbr /> })
                                            .collect_view()}
                                    </span>
                                    {entry
                                        .preferred
                                        .then(|| {
                                            view! {
                                                <span class="badge" data-testid="preferred-badge">
                                                    <Svg icon=Icon::Star />
                                                    "Preferred"
                                                </span>
                                            }
                                        })}
                                </p>
                                {entry_sub(kind, &entry).map(|sub| view! { <p class="entry-sub">{sub}</p> })}
                            </div>
                            <Show when=move || editable.get()>
                                <div class="entry-actions">
                                    {(kind == Kind::Phone)
                                        .then(|| {
                                            let number = entry.value.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class="btn btn-secondary btn-sm"
                                                    aria-label=call_label.clone()
                                                    data-testid="call-contact-phone"
                                                    on:click=move |_| {
                                                        if let Some(pad) = dial_pad {
                                                            let who = contact_name.get_untracked();
                                                            pad.open(number.clone(), Some((contact_id, who)));
                                                        }
                                                    }
                                                >
                                                    <Svg icon=Icon::Handset />
                                                    <span>"Call"</span>
                                                </button>
                                            }
                                        })}
                                    {(!entry.preferred)
                                        .then(|| {
                                            let label = prefer_label.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class="btn btn-ghost btn-sm"
                                                    aria-label=label
                                                    disabled=move || preferring.get()
                                                    on:click=move |_| {
                                                        prefer.dispatch(());
                                                    }
                                                >
                                                    {move || preferring.get().then(|| view! { <Spinner /> })}
                                                    <span>"Make preferred"</span>
                                                </button>
                                            }
                                        })}
                                    <button
                                        type="button"
                                        class="icon-btn"
                                        aria-label=edit_label.clone()
                                        title="Edit"
                                        on:click=move |_| editing.set(Some(id))
                                    >
                                        <Svg icon=Icon::Pencil />
                                    </button>
                                    <button
                                        type="button"
                                        class="icon-btn icon-btn-danger"
                                        aria-label=delete_label.clone()
                                        title="Delete"
                                        on:click={
                                            let entry = for_delete.clone();
                                            move |_| on_delete.run((kind, entry.clone()))
                                        }
                                    >
                                        <Svg icon=Icon::Trash />
                                    </button>
                                </div>
                            </Show>
                        </div>
                        {move || prefer.value().get().flatten().map(|error| view! { <ErrorBanner error=error /> })}
                    }
                        .into_any()
                }
            }}
        </li>
    }
}

/// Adds a phone or an email (no `existing`), or edits one.
#[component]
pub fn EntryForm(
    kind: Kind,
    contact_id: Uuid,
    #[prop(optional)] existing: Option<Entry>,
    on_saved: Callback<Contact>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let editing = existing.is_some();
    let (value_id, label_id) = kind.ids(editing);
    let field = kind.field();
    let existing_id = existing.as_ref().map(|e| e.id);
    let form = RwSignal::new(match &existing {
        Some(entry) => EntryFormState::editing(kind, entry),
        None => EntryFormState::new(kind),
    });
    let options = form.with_untracked(|s| label_options(kind.labels(), &s.label));
    let value = Binding::field(form, |s| s.value.clone(), |s, v| s.value = v);
    let label = Binding::field(form, |s| s.label.clone(), |s, v| s.label = v);
    let server = ServerErrors::default();
    let taken = RwSignal::new(None::<PhoneTaken>);

    let save = Action::new_local(move |input: &EntryInput| {
        let input = input.clone();
        async move {
            match save_entry(contact_id, existing_id, input).await {
                Ok(contact) => on_saved.run(contact),
                Err(error) => {
                    if let Some(t) = PhoneTaken::from_error(&error) {
                        taken.set(Some(t));
                    } else {
                        server.set(error);
                    }
                    focus(value_id);
                }
            }
        }
    });
    let pending = save.pending();

    let value_error = Signal::derive(move || {
        if let Some(t) = taken.get() {
            return Some(t.message());
        }
        server.field(field).or_else(|| form.with(EntryFormState::message))
    });
    let label_error = Signal::derive(move || server.field("label"));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        if pending.get_untracked() {
            return;
        }
        server.clear();
        taken.set(None);
        form.update(EntryFormState::submit);
        if value_error.get_untracked().is_some() {
            focus(value_id);
            return;
        }
        save.dispatch(form.with_untracked(EntryFormState::to_input));
    };

    let (value_label, placeholder, hint, kind_attr, inputmode, autocomplete) = match kind {
        Kind::Phone => ("Number", "+14155550100", "With the country code.", "tel", "tel", "tel"),
        Kind::Email => {
            ("Email", "grace@example.com", "Where to write to them.", "email", "email", "email")
        }
    };
    let submit_label = match (kind, editing) {
        (_, true) => "Save",
        (Kind::Phone, false) => "Add phone",
        (Kind::Email, false) => "Add email",
    };
    let testid = if editing { "entry-edit-form" } else { "entry-add-form" };

    view! {
        <form class="entry-form" on:submit=on_submit novalidate=true data-testid=testid data-kind=kind.noun()>
            <div class="entry-fields">
                <div class="entry-value-field">
                    <TextField
                        id=value_id
                        label=value_label
                        value=value
                        error=value_error
                        kind=kind_attr
                        inputmode=inputmode
                        autocomplete=autocomplete
                        placeholder=placeholder
                        hint=hint
                        autofocus=true
                        on_input=move || {
                            server.clear_field(field);
                            taken.set(None);
                        }
                        on_blur=move || form.update(EntryFormState::leave)
                    />
                    <PhoneTakenLink taken=taken />
                </div>
                <SelectField id=label_id label="Label" value=label options=options error=label_error />
            </div>
            <FormError error=server.form() />
            <div class="entry-form-actions">
                <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
                <SubmitButton pending=pending label=submit_label pending_label="Saving…" class="btn btn-primary btn-sm" />
            </div>
        </form>
    }
}

/// What a dialog is about to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    Entry(Kind, Entry),
    Contact(String),
}

/// Confirms deleting a phone, an email or the whole contact.
#[component]
pub fn DeleteDialog(
    contact_id: Uuid,
    removal: Removal,
    on_close: Callback<()>,
    /// With the changed contact, or `None` when the contact itself was deleted.
    on_done: Callback<Option<Contact>>,
) -> impl IntoView {
    let target = removal.clone();
    let delete = move || {
        let target = target.clone();
        async move {
            match target {
                Removal::Entry(kind, entry) => {
                    remove_entry(kind, contact_id, entry.id).await.map(Some)
                }
                Removal::Contact(_) => {
                    gone_is_deleted(api::contacts::delete(contact_id).await).map(|()| None)
                }
            }
        }
    };
    let (title, text, button) = match &removal {
        Removal::Entry(kind, entry) => (
            format!("Delete this {}?", kind.noun()),
            view! {
                <strong>{kind.shown(&entry.value)}</strong>
                {format!(" will be removed from this contact.{}", if entry.preferred { " Another one becomes preferred." } else { "" })}
            }
                .into_any(),
            if *kind == Kind::Phone { "Delete phone" } else { "Delete email" },
        ),
        Removal::Contact(name) => (
            "Delete this contact?".to_owned(),
            view! {
                <strong>{name.clone()}</strong>
                " will be deleted with their phones and emails. Their calls stay, without a contact. This can't be undone."
            }
                .into_any(),
            "Delete contact",
        ),
    };

    view! {
        <ConfirmDelete title=title button=button delete=delete on_close=on_close on_done=on_done>
            {text}
        </ConfirmDelete>
    }
}

#[cfg(test)]
mod tests {
    use super::PhoneTaken;
    use crate::api::ApiError;

    #[test]
    fn phone_taken_names_the_owner() {
        let error = ApiError {
            status: 409,
            code: "phone_taken".into(),
            message: "number: +14155550199 already belongs to Grace Hopper (6f1c2a52-6a0e-4a47-9d57-1f1e7a6b2c3d)".into(),
            field: Some("number".into()),
        };
        let taken = PhoneTaken::from_error(&error).expect("parsed");
        assert_eq!(taken.owner, "Grace Hopper");
        assert_eq!(
            taken.owner_id.map(|id| id.to_string()).as_deref(),
            Some("6f1c2a52-6a0e-4a47-9d57-1f1e7a6b2c3d")
        );
        assert_eq!(taken.message(), "This number already belongs to Grace Hopper");

        let error = ApiError {
            message: "number: +1415 already belongs to another contact".into(),
            ..error
        };
        let taken = PhoneTaken::from_error(&error).expect("parsed");
        assert_eq!(taken, PhoneTaken { owner: "another contact".into(), owner_id: None });

        let other = ApiError { code: "invalid_phone_number".into(), ..error };
        assert_eq!(PhoneTaken::from_error(&other), None);
    }
}
