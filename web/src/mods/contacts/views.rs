//! Contact pages: the list with its search, a new contact, a contact's details.

use std::time::Duration;

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use loquent_shared::{Contact, ContactInput};
use uuid::Uuid;

use super::components::{
    ContactTable, ContactTableSkeleton, DeleteDialog, EntryCard, EntryForm, PhoneTaken,
    PhoneTakenLink, Removal, is_named, name,
};
use super::entry::{EMAIL_LABELS, Kind, PHONE_LABELS, label_options};
use super::form_state::{ContactFormState, NameFormState};
use crate::api::{self, ApiError};
use crate::components::form::{ServerErrors, focus};
use crate::components::{
    Binding, CreateLink, DangerZone, DetailsSkeleton, EmptyState, ErrorBanner, FormError, Icon,
    ListPage, Loaded, MissingState, MorePages, PageHeader, PagedRows, ReadOnlyNote, SelectField,
    Spinner, SubmitButton, Svg, TextField, id_param, use_toasts,
};
use crate::mods::auth::session::use_session;
use crate::mods::todos::section::{LazyTodoSection, TodosOf};
use crate::refresh::{refresh_while, replace};
use crate::util;

#[component]
pub fn ContactListView() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|p| p.get("q").unwrap_or_default()));
    let typed = RwSignal::new(q.get_untracked());
    // Typing waits for a pause (250 ms) before searching; the address keeps the search.
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        let navigate = navigate.clone();
        set_timeout(
            move || {
                if typed.try_get_untracked().is_some_and(|now| now == value)
                    && q.get_untracked() != value
                {
                    let search = api::query_string(&[(
                        "q",
                        Some(value.as_str()).filter(|v| !v.trim().is_empty()),
                    )]);
                    let options =
                        NavigateOptions { replace: true, scroll: false, ..Default::default() };
                    navigate(&format!("/contacts{search}"), options);
                }
            },
            Duration::from_millis(250),
        );
    };
    Effect::new(move |_| {
        let value = q.get();
        if typed.with_untracked(|t| *t != value) {
            typed.set(value);
        }
    });
    let searching = move || typed.with(|t| *t != q.get());

    let first = LocalResource::new(move || {
        let search = util::contact_search(&q.get());
        async move {
            let search = (!search.is_empty()).then_some(search);
            api::contacts::list(search.as_deref(), None).await
        }
    });
    // Pages after the first, until the search changes.
    let more = MorePages::new(q, |asked: String, cursor| async move {
        let search = util::contact_search(&asked);
        let search = (!search.is_empty()).then_some(search);
        api::contacts::list(search.as_deref(), Some(&cursor)).await
    });
    let clear_navigate = use_navigate();
    let clear = Callback::new(move |()| {
        typed.set(String::new());
        let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
        clear_navigate("/contacts", options);
        focus("contact-search");
    });
    let can_edit = Signal::derive(move || session.can_edit());
    // Nobody yet, or nobody matching the search.
    let empty = move || {
        if q.with_untracked(|q| q.trim().is_empty()) {
            view! {
                <div class="list-empty">
                    <EmptyState
                        icon=Icon::Contacts
                        title="No contacts yet"
                        description="Each caller becomes a contact, named as your agents learn who they are. You can add people yourself too."
                    >
                        <CreateLink href="/contacts/new" label="Add a contact" can_create=can_edit />
                    </EmptyState>
                </div>
            }
                .into_any()
        } else {
            let searched = q.get_untracked();
            view! {
                <div class="list-empty" data-testid="no-matching-contacts">
                    <EmptyState
                        icon=Icon::Search
                        title=format!("No contacts match “{}”", searched.trim())
                        description="Search by first or last name, or by any part of a phone number."
                    >
                        <button type="button" class="btn btn-secondary" on:click=move |_| clear.run(())>
                            "Clear search"
                        </button>
                    </EmptyState>
                </div>
            }
                .into_any()
        }
    };

    view! {
        <ListPage
            title="Contacts"
            subtitle="Everyone who has called, named as your agents learn who they are."
            create=("/contacts/new", "New contact")
            can_create=can_edit
        >
            <section class="card panel list-panel" aria-label="Contacts">
                <div class="search-box" role="search">
                    <Svg icon=Icon::Search class="search-icon" />
                    <input
                        type="search"
                        class="input search-input"
                        id="contact-search"
                        placeholder="Search by name or number"
                        aria-label="Search contacts"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || typed.get()
                        on:input=on_input
                    />
                    <Show when=searching>
                        <span class="search-pending">
                            <Spinner />
                        </span>
                    </Show>
                </div>
                <Loaded
                    resource=first
                    fallback=|| view! { <ContactTableSkeleton /> }
                    error_title="Couldn't load your contacts"
                    in_panel=true
                    is_empty=|page: &loquent_shared::ContactPage| page.items.is_empty()
                    empty=empty
                    let:page
                >
                    <PagedRows page=page more=more error_title="Couldn't load more contacts" let:rows>
                        <ContactTable rows=rows />
                    </PagedRows>
                </Loaded>
            </section>
        </ListPage>
    }
}

#[component]
pub fn ContactCreateView() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let form = RwSignal::new(ContactFormState::default());
    let first_name = Binding::field(form, |s| s.first_name.clone(), |s, v| s.first_name = v);
    let last_name = Binding::field(form, |s| s.last_name.clone(), |s, v| s.last_name = v);
    let number = Binding::field(form, |s| s.number.clone(), |s, v| s.number = v);
    let phone_label = Binding::field(form, |s| s.phone_label.clone(), |s, v| s.phone_label = v);
    let email = Binding::field(form, |s| s.email.clone(), |s, v| s.email = v);
    let email_label = Binding::field(form, |s| s.email_label.clone(), |s, v| s.email_label = v);
    let server = ServerErrors::default();
    let taken = RwSignal::new(None::<PhoneTaken>);
    let editable = Signal::derive(move || session.can_edit());

    let create = Action::new_local(move |input: &ContactInput| {
        let input = input.clone();
        let navigate = navigate.clone();
        async move {
            match api::contacts::create(&input).await {
                Ok(contact) => {
                    toasts.success(format!("{} was added", name(&contact)));
                    navigate(&format!("/contacts/{}", contact.id), Default::default());
                }
                Err(error) => {
                    if let Some(t) = PhoneTaken::from_error(&error) {
                        taken.set(Some(t));
                        focus("number");
                    } else {
                        server.set(error);
                        if let Some(field) = server.first_field() {
                            focus(&field);
                        }
                    }
                }
            }
        }
    });
    let pending = create.pending();

    let number_error = Signal::derive(move || {
        if let Some(t) = taken.get() {
            return Some(t.message());
        }
        server.field("number").or_else(|| form.with(ContactFormState::number_message))
    });
    let email_error = Signal::derive(move || {
        server.field("email").or_else(|| form.with(ContactFormState::email_message))
    });
    let first_error = Signal::derive(move || {
        server.field("first_name").or_else(|| form.with(|s| s.name_message("first_name")))
    });
    let last_error = Signal::derive(move || {
        server.field("last_name").or_else(|| form.with(|s| s.name_message("last_name")))
    });
    let nothing = Signal::derive(move || form.with(ContactFormState::blank_message));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        server.clear();
        taken.set(None);
        form.update(ContactFormState::submit);
        match form.with_untracked(ContactFormState::first_invalid) {
            Some(field) => focus(field),
            None => {
                create.dispatch(form.with_untracked(ContactFormState::to_input));
            }
        }
    };

    view! {
        <div class="page">
            <PageHeader
                title="New contact"
                subtitle=Signal::derive(|| "Add someone before they call, or with details your agents can't learn.".to_owned())
                back=("/contacts", "Contacts")
            />
            {move || (!editable.get()).then(|| view! { <ReadOnlyNote what="contacts" who="members" /> })}
            <form class="form form-sections" on:submit=on_submit novalidate=true>
                <fieldset class="fieldset stack" disabled=move || !editable.get()>
                    <section class="card panel" aria-labelledby="contact-name-title">
                        <div class="panel-head">
                            <div>
                                <h2 class="panel-title" id="contact-name-title">
                                    "Name"
                                </h2>
                                <p class="panel-subtitle">"Leave it empty and the contact goes by their number."</p>
                            </div>
                        </div>
                        <div class="form-grid">
                            <TextField
                                id="first_name"
                                label="First name"
                                value=first_name
                                error=first_error
                                autocomplete="off"
                                placeholder="Grace"
                                autofocus=true
                                on_input=move || server.clear_field("first_name")
                            />
                            <TextField
                                id="last_name"
                                label="Last name"
                                value=last_name
                                error=last_error
                                autocomplete="off"
                                placeholder="Hopper"
                                on_input=move || server.clear_field("last_name")
                            />
                        </div>
                        {move || {
                            nothing
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
                    <section class="card panel" aria-labelledby="contact-reach-title">
                        <div class="panel-head">
                            <div>
                                <h2 class="panel-title" id="contact-reach-title">
                                    "Phone and email"
                                </h2>
                                <p class="panel-subtitle">"Both optional. You can add more on the contact's page."</p>
                            </div>
                        </div>
                        <div class="form">
                            <div class="form-grid form-grid-wide">
                                <div>
                                    <TextField
                                        id="number"
                                        label="Phone number"
                                        value=number
                                        error=number_error
                                        kind="tel"
                                        inputmode="tel"
                                        autocomplete="off"
                                        placeholder="+14155550100"
                                        hint="With the country code. US numbers can be typed as (415) 555-0100."
                                        on_input=move || {
                                            server.clear_field("number");
                                            taken.set(None);
                                        }
                                        on_blur=move || form.update(ContactFormState::leave_number)
                                    />
                                    <PhoneTakenLink taken=taken />
                                </div>
                                <SelectField id="phone_label" label="Label" value=phone_label options=label_options(&PHONE_LABELS, "mobile") />
                            </div>
                            <div class="form-grid form-grid-wide">
                                <TextField
                                    id="email"
                                    label="Email"
                                    value=email
                                    error=email_error
                                    kind="email"
                                    inputmode="email"
                                    autocomplete="off"
                                    placeholder="grace@example.com"
                                    on_input=move || server.clear_field("email")
                                    on_blur=move || form.update(ContactFormState::leave_email)
                                />
                                <SelectField id="email_label" label="Label" value=email_label options=label_options(&EMAIL_LABELS, "work") />
                            </div>
                        </div>
                    </section>
                </fieldset>
                <FormError error=server.form() />
                <Show when=move || editable.get()>
                    <div class="form-actions form-actions-bar">
                        <a class="btn btn-ghost" href="/contacts">
                            "Cancel"
                        </a>
                        <SubmitButton pending=pending label="Create contact" pending_label="Creating…" />
                    </div>
                </Show>
            </form>
        </div>
    }
}

#[component]
pub fn ContactDetailsView() -> impl IntoView {
    let id = id_param();
    let contact = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::contacts::get(id).await,
                None => Err(ApiError::not_found()),
            }
        }
    });

    view! {
        <div class="page">
            <Loaded
                resource=contact
                fallback=|| view! { <DetailsSkeleton /> }
                error_title="Couldn't load this contact"
                error_head=|| view! { <PageHeader title="Contact" back=("/contacts", "Contacts") /> }
                not_found=|| {
                    view! {
                        <MissingState
                            icon=Icon::Contacts
                            title="This contact isn't here"
                            description="It may have been deleted, or it belongs to another organization."
                            back=("/contacts", "Back to contacts")
                        />
                    }
                }
                let:loaded
            >
                <ContactPage loaded=loaded />
            </Loaded>
        </div>
    }
}

/// A contact: the name, phone and email cards, and deleting it.
#[component]
fn ContactPage(loaded: Contact) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let id = loaded.id;
    let contact = RwSignal::new(loaded);
    let editable = Signal::derive(move || session.can_edit());
    let editing = RwSignal::new(None::<Uuid>);
    let adding = RwSignal::new(None::<Kind>);
    let removing = RwSignal::new(None::<Removal>);
    let changed = Callback::new(move |c: Contact| contact.set(c));
    // While a call with them is being processed, Loquent may yet name them or add their email:
    // the page looks again, and takes what it finds unless someone is editing a phone or email
    // (then the next look brings it).
    let pending = Memo::new(move |_| contact.with(|c| c.processing));
    refresh_while(pending.into(), move || async move {
        let Ok(fresh) = api::contacts::get(id).await else { return false };
        let busy = editing.with_untracked(Option::is_some)
            || adding.with_untracked(Option::is_some)
            || removing.with_untracked(Option::is_some);
        !busy && replace(contact, fresh)
    });

    let title = Signal::derive(move || contact.with(name));
    let subtitle = Signal::derive(move || {
        contact.with(|c| {
            format!("Added {} · updated {}", util::date(c.created_at), util::relative(c.updated_at))
        })
    });
    let on_removed = Callback::new(move |result: Option<Contact>| {
        let what = removing.get_untracked();
        removing.set(None);
        match (result, what) {
            (Some(c), Some(Removal::Entry(kind, entry))) => {
                toasts.success(format!("{} was removed", kind.shown(&entry.value)));
                contact.set(c);
            }
            (Some(c), _) => contact.set(c),
            (None, what) => {
                let who = match what {
                    Some(Removal::Contact(name)) => name,
                    _ => "The contact".to_owned(),
                };
                toasts.success(format!("{who} was deleted"));
                navigate("/contacts", Default::default());
            }
        }
    });

    let section = move |kind: Kind| {
        let (title_id, heading, subtitle, add_label, empty) = match kind {
            Kind::Phone => (
                "phones-title",
                "Phone numbers",
                "Calls from these numbers are matched to this contact.",
                "Add phone",
                "No phone numbers yet.",
            ),
            Kind::Email => (
                "emails-title",
                "Emails",
                "Where to reach them in writing.",
                "Add email",
                "No emails yet.",
            ),
        };
        let entries = move || contact.with(|c| kind.entries(c));
        view! {
            <section class="card panel" aria-labelledby=title_id data-testid=format!("{}-panel", kind.noun())>
                <div class="panel-head">
                    <div>
                        <h2 class="panel-title" id=title_id>
                            {heading}
                        </h2>
                        <p class="panel-subtitle">{subtitle}</p>
                    </div>
                    <Show when=move || editable.get() && adding.get() != Some(kind)>
                        <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| adding.set(Some(kind))>
                            <Svg icon=Icon::Plus />
                            {add_label}
                        </button>
                    </Show>
                </div>
                {move || {
                    let list = entries();
                    if list.is_empty() {
                        return view! { <p class="muted entry-empty">{empty}</p> }.into_any();
                    }
                    view! {
                        <ul class="entries">
                            {list
                                .into_iter()
                                .map(|entry| {
                                    view! {
                                        <EntryCard
                                            kind=kind
                                            contact_id=id
                                            entry=entry
                                            editable=editable
                                            editing=editing
                                            on_changed=changed
                                            on_delete=Callback::new(move |(kind, entry)| removing.set(Some(Removal::Entry(kind, entry))))
                                            contact_name=Signal::derive(move || contact.with(name))
                                        />
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
                <Show when=move || editable.get() && adding.get() == Some(kind)>
                    <div class="entry-add">
                        <EntryForm
                            kind=kind
                            contact_id=id
                            on_saved=Callback::new(move |c: Contact| {
                                adding.set(None);
                                toasts.success(if kind == Kind::Phone { "Phone added" } else { "Email added" });
                                contact.set(c);
                            })
                            on_cancel=Callback::new(move |()| adding.set(None))
                        />
                    </div>
                </Show>
            </section>
        }
    };

    view! {
        <PageHeader title=title subtitle=subtitle back=("/contacts", "Contacts") />
        {move || (!editable.get()).then(|| view! { <ReadOnlyNote what="contacts" who="members" /> })}
        <div class="grid grid-2-1">
            <div class="stack">
                {section(Kind::Phone)}
                {section(Kind::Email)}
                <LazyTodoSection of=TodosOf::Contact(id) />
                <LazyContactCalls contact_id=id />
            </div>
            <div class="stack">
                <NamePanel contact=contact editable=editable />
                <DangerZone
                    title="Delete this contact"
                    description="Their calls stay, without a contact."
                    button="Delete contact"
                    can_delete=editable
                    stacked=true
                    on_delete=Callback::new(move |()| removing.set(Some(Removal::Contact(contact.with_untracked(name)))))
                />
            </div>
        </div>
        {move || {
            removing
                .get()
                .map(|removal| {
                    view! {
                        <DeleteDialog
                            contact_id=id
                            removal=removal
                            on_close=Callback::new(move |()| removing.set(None))
                            on_done=on_removed
                        />
                    }
                })
        }}
    }
}

/// The contact's first and last name.
#[component]
fn NamePanel(contact: RwSignal<Contact>, #[prop(into)] editable: Signal<bool>) -> impl IntoView {
    let toasts = use_toasts();
    let id = contact.with_untracked(|c| c.id);
    let form = RwSignal::new(contact.with_untracked(|c| NameFormState::from(c)));
    // A name that arrives while the form holds the one before (nobody typing) fills the form.
    Effect::new(move |before: Option<Contact>| {
        let now = contact.get();
        if let Some(before) = before
            && !form.with_untracked(|s| s.differs_from(&before))
        {
            form.set(NameFormState::from(&now));
        }
        now
    });
    let first_name = Binding::field(form, |s| s.first_name.clone(), |s, v| s.first_name = v);
    let last_name = Binding::field(form, |s| s.last_name.clone(), |s, v| s.last_name = v);
    let server = ServerErrors::default();
    let dirty = move || contact.with(|c| form.with(|s| s.differs_from(c)));
    let save = Action::new_local(move |input: &ContactInput| {
        let input = input.clone();
        async move {
            match api::contacts::rename(id, &input).await {
                Ok(updated) => {
                    toasts.success("Name saved");
                    form.set(NameFormState::from(&updated));
                    contact.set(updated);
                }
                Err(error) => server.set(error),
            }
        }
    });
    let pending = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || !dirty() {
            return;
        }
        form.update(|s| s.submitted = true);
        server.clear();
        match form.with_untracked(NameFormState::first_invalid) {
            Some(field) => focus(field),
            None => {
                save.dispatch(form.with_untracked(NameFormState::to_input));
            }
        }
    };
    let unnamed = move || contact.with(|c| !is_named(c));

    view! {
        <section class="card panel" aria-labelledby="name-title">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="name-title">
                        "Name"
                    </h2>
                    <p class="panel-subtitle">
                        {move || {
                            if unnamed() {
                                "Not named yet: your agents fill it in when callers say who they are."
                            } else {
                                "How your team and your agents refer to them."
                            }
                        }}
                    </p>
                </div>
            </div>
            <form class="form" on:submit=on_submit novalidate=true>
                <fieldset class="fieldset" disabled=move || !editable.get()>
                    <TextField
                        id="first_name"
                        label="First name"
                        value=first_name
                        error=Signal::derive(move || {
                            server.field("first_name").or_else(|| form.with(|s| s.message("first_name")))
                        })
                        autocomplete="off"
                        on_input=move || server.clear_field("first_name")
                    />
                    <TextField
                        id="last_name"
                        label="Last name"
                        value=last_name
                        error=Signal::derive(move || {
                            server.field("last_name").or_else(|| form.with(|s| s.message("last_name")))
                        })
                        autocomplete="off"
                        on_input=move || server.clear_field("last_name")
                    />
                </fieldset>
                <FormError error=server.form() />
                <Show when=move || editable.get()>
                    <div class="form-actions">
                        <span class="form-status">{move || if dirty() { "Unsaved changes." } else { "" }}</span>
                        <SubmitButton
                            pending=pending
                            label="Save name"
                            pending_label="Saving…"
                            disabled=Signal::derive(move || !dirty())
                        />
                    </div>
                </Show>
            </form>
        </section>
    }
}

/// A contact's calls come with the calls' code (decoding calls, playback, following them): a
/// split of its own, fetched when the page shows, so the page's first load stays in budget.
#[wasm_split(contact_calls, wasm_split_path = ::leptos::wasm_split, fallible)]
fn contact_calls(contact_id: Uuid) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::mods::calls::contact_calls::ContactCalls contact_id=contact_id /> }
        .into_any())
}

#[component]
fn LazyContactCalls(contact_id: Uuid) -> impl IntoView {
    let panel = Suspend::new(async move {
        contact_calls(contact_id).await.unwrap_or_else(|_| {
            view! {
                <section class="card panel" aria-label="Calls">
                    <ErrorBanner error=ApiError::network() title="Couldn't load their calls" />
                </section>
            }
            .into_any()
        })
    });
    view! { <Suspense fallback=|| ()>{panel}</Suspense> }
}
