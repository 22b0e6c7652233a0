//! The contacts table, the phone and email cards with their forms, and the dialogs.

use leptos::prelude::*;
use loquent_shared::validation::{validate_e164, validate_email};
use loquent_shared::{Contact, ContactEmailInput, ContactPhoneInput};
use uuid::Uuid;

use crate::api::{self, ApiError, ApiResult};
use crate::components::form::{ServerErrors, focus, sentence};
use crate::components::{
    ConfirmDelete, ErrorBanner, FormError, Icon, SelectField, Spinner, SubmitButton, Svg,
    TextField, gone_is_deleted,
};
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

pub const PHONE_LABELS: [&str; 5] = ["mobile", "work", "home", "main", "other"];
pub const EMAIL_LABELS: [&str; 3] = ["work", "personal", "other"];

/// Label options for a select, keeping a label set elsewhere (e.g. by the API).
pub fn label_options(labels: &[&str], current: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> =
        labels.iter().map(|l| ((*l).to_owned(), sentence(l))).collect();
    if !current.is_empty() && !labels.contains(&current) {
        options.push((current.to_owned(), sentence(current)));
    }
    options.push((String::new(), "No label".to_owned()));
    options
}

/// What is typed in a phone field, checked as typed: letters at once, the rest once the field
/// was left or the form sent.
pub fn phone_error(value: &str, shown: bool) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return None;
    }
    let letters = trimmed.chars().any(|c| c.is_alphabetic());
    let normalized = util::normalize_phone_input(trimmed);
    (shown || letters)
        .then(|| validate_e164("number", &normalized).err())
        .flatten()
        .map(|_| "Enter a number with its country code, like +14155550100".to_owned())
}

pub fn email_error(value: &str, shown: bool) -> Option<String> {
    let trimmed = value.trim();
    (shown && !trimmed.is_empty())
        .then(|| validate_email("email", trimmed).err())
        .flatten()
        .map(|_| "Enter an email address like grace@example.com".to_owned())
}

/// Phones and emails work alike; this says which one a card or form is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Phone,
    Email,
}

/// A phone or an email of a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: Uuid,
    pub value: String,
    pub label: String,
    pub preferred: bool,
}

impl Kind {
    pub fn entries(self, contact: &Contact) -> Vec<Entry> {
        match self {
            Kind::Phone => contact
                .phones
                .iter()
                .map(|p| Entry {
                    id: p.id,
                    value: p.number.clone(),
                    label: p.label.clone(),
                    preferred: p.is_preferred,
                })
                .collect(),
            Kind::Email => contact
                .emails
                .iter()
                .map(|e| Entry {
                    id: e.id,
                    value: e.email.clone(),
                    label: e.label.clone(),
                    preferred: e.is_preferred,
                })
                .collect(),
        }
    }

    /// The field the server names in its errors.
    fn field(self) -> &'static str {
        match self {
            Kind::Phone => "number",
            Kind::Email => "email",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Kind::Phone => "phone",
            Kind::Email => "email",
        }
    }

    pub fn shown(self, value: &str) -> String {
        match self {
            Kind::Phone => util::phone_number(value),
            Kind::Email => value.to_owned(),
        }
    }

    fn labels(self) -> &'static [&'static str] {
        match self {
            Kind::Phone => &PHONE_LABELS,
            Kind::Email => &EMAIL_LABELS,
        }
    }

    fn normalize(self, value: &str) -> String {
        match self {
            Kind::Phone => util::normalize_phone_input(value),
            Kind::Email => value.trim().to_owned(),
        }
    }

    fn error(self, value: &str, shown: bool) -> Option<String> {
        match self {
            Kind::Phone => phone_error(value, shown),
            Kind::Email => email_error(value, shown),
        }
    }

    /// Input ids: one add form and one edit form of each kind can be open at once.
    fn ids(self, editing: bool) -> (&'static str, &'static str) {
        match (self, editing) {
            (Kind::Phone, false) => ("phone_number", "phone_label"),
            (Kind::Phone, true) => ("edit_phone_number", "edit_phone_label"),
            (Kind::Email, false) => ("email", "email_label"),
            (Kind::Email, true) => ("edit_email", "edit_email_label"),
        }
    }

    /// Adds (no `id`) or changes a phone or email; answers with the contact.
    pub async fn save(self, contact: Uuid, id: Option<Uuid>, entry: Entry) -> ApiResult<Contact> {
        let Entry { value, label, preferred, .. } = entry;
        match self {
            Kind::Phone => {
                let input = ContactPhoneInput { number: value, label, is_preferred: preferred };
                match id {
                    Some(id) => api::contacts::update_phone(contact, id, &input).await,
                    None => api::contacts::add_phone(contact, &input).await,
                }
            }
            Kind::Email => {
                let input = ContactEmailInput { email: value, label, is_preferred: preferred };
                match id {
                    Some(id) => api::contacts::update_email(contact, id, &input).await,
                    None => api::contacts::add_email(contact, &input).await,
                }
            }
        }
    }

    pub async fn remove(self, contact: Uuid, id: Uuid) -> ApiResult<Contact> {
        match self {
            Kind::Phone => api::contacts::delete_phone(contact, id).await,
            Kind::Email => api::contacts::delete_email(contact, id).await,
        }
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
) -> impl IntoView {
    let id = entry.id;
    let shown = kind.shown(&entry.value);
    let prefer = Action::new_local({
        let entry = entry.clone();
        move |(): &()| {
            let entry = Entry { preferred: true, ..entry.clone() };
            async move {
                match kind.save(contact_id, Some(id), entry).await {
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
                    let (edit_label, delete_label, prefer_label) =
                        (edit_label.clone(), delete_label.clone(), prefer_label.clone());
                    view! {
                        <div class="entry-row">
                            <span class="tile tile-sm">
                                <Svg icon=icon />
                            </span>
                            <div class="entry-main">
                                <p class="entry-value">
                                    <span data-testid="entry-value">{kind.shown(&entry.value)}</span>
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
    let value = RwSignal::new(existing.as_ref().map(|e| e.value.clone()).unwrap_or_default());
    let current_label = existing.as_ref().map_or_else(
        || if kind == Kind::Phone { "mobile".to_owned() } else { "work".to_owned() },
        |e| e.label.clone(),
    );
    let options = label_options(kind.labels(), &current_label);
    let label = RwSignal::new(current_label);
    let touched = RwSignal::new(false);
    let submitted = RwSignal::new(false);
    let server = ServerErrors::default();
    let taken = RwSignal::new(None::<PhoneTaken>);
    let existing_id = existing.as_ref().map(|e| e.id);
    let preferred = existing.as_ref().is_some_and(|e| e.preferred);

    let save = Action::new_local(move |entry: &Entry| {
        let entry = entry.clone();
        async move {
            match kind.save(contact_id, existing_id, entry).await {
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
        server.field(field).or_else(|| {
            let v = value.get();
            if submitted.get() && v.trim().is_empty() {
                return Some(
                    if kind == Kind::Phone { "Enter a number" } else { "Enter an email address" }
                        .to_owned(),
                );
            }
            kind.error(&v, touched.get() || submitted.get())
        })
    });
    let label_error = Signal::derive(move || server.field("label"));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        server.clear();
        taken.set(None);
        value.set(kind.normalize(&value.get_untracked()));
        if value_error.get_untracked().is_some() {
            focus(value_id);
            return;
        }
        save.dispatch(Entry {
            id: existing_id.unwrap_or_default(),
            value: value.get_untracked(),
            label: label.get_untracked(),
            preferred,
        });
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
                        on_blur=move || {
                            if value.with_untracked(|v| !v.trim().is_empty()) {
                                value.set(kind.normalize(&value.get_untracked()));
                                touched.set(true);
                            }
                        }
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
                Removal::Entry(kind, entry) => kind.remove(contact_id, entry.id).await.map(Some),
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
    use super::{PhoneTaken, email_error, label_options, phone_error};
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

    #[test]
    fn fields_are_checked_as_typed() {
        assert_eq!(phone_error("", true), None);
        assert_eq!(phone_error("+1415", false), None);
        assert!(phone_error("+1415", true).is_some());
        assert!(phone_error("415-abc", false).is_some());
        assert_eq!(phone_error("(415) 555-0100", true), None);
        assert_eq!(email_error("grace@", false), None);
        assert!(email_error("grace@", true).is_some());
        assert_eq!(email_error("grace@example.com", true), None);
        let options = label_options(&["mobile", "work"], "fax");
        assert_eq!(
            options.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(),
            ["mobile", "work", "fax", ""]
        );
        assert_eq!(options[0].1, "Mobile");
    }
}
