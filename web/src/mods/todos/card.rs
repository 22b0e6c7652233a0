//! One to-do: what it is, who and which call it's about, the email it would send, and the
//! buttons that move it on. Follows its action while Loquent runs it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use loquent_shared::{Todo, TodoAction, TodoStatus};

use super::edit::EditTodoDialog;
use crate::api::todos::TodoStep;
use crate::api::{self, ApiError};
use crate::components::{Icon, Spinner, Svg};
use crate::mods::auth::session::use_session;
use crate::refresh::refresh_while;
use crate::util;

/// The badge's look for a status.
fn badge_class(status: TodoStatus) -> &'static str {
    match status {
        TodoStatus::PendingReview | TodoStatus::Approved => "badge",
        TodoStatus::Completed | TodoStatus::Done => "badge badge-success",
        TodoStatus::Failed => "badge badge-danger",
        TodoStatus::InProgress | TodoStatus::Rejected => "badge badge-muted",
    }
}

/// What "approve" does, said on its button.
fn approve_label(todo: &Todo) -> &'static str {
    match (todo.action, todo.status) {
        (TodoAction::SendEmailToCaller, TodoStatus::Failed) => "Try sending again",
        (TodoAction::SendEmail, TodoStatus::Failed) => "Try again",
        (TodoAction::SendEmailToCaller, _) => "Approve & send",
        (TodoAction::SendEmail, _) => "Approve & notify",
        (TodoAction::None, _) => "Approve",
    }
}

/// `on_change` hears every new state of the to-do (a page recounts its tabs).
#[component]
pub fn TodoCard(
    todo: Todo,
    /// On a contact's page: the contact is the page's, so it isn't linked again.
    #[prop(optional)]
    hide_contact: bool,
    /// On a call's page: the call is the page's.
    #[prop(optional)]
    hide_call: bool,
    #[prop(into)] on_change: Callback<Todo>,
) -> impl IntoView {
    let session = use_session();
    let id = todo.id;
    let current = RwSignal::new(todo);
    let busy = RwSignal::new(None::<TodoStep>);
    let error = RwSignal::new(None::<ApiError>);
    let editing = RwSignal::new(false);
    let take = move |todo: Todo| {
        current.set(todo.clone());
        on_change.run(todo);
    };
    let act = move |step: TodoStep| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(step));
        error.set(None);
        spawn_local(async move {
            let result = api::todos::step(id, step).await;
            if busy.try_set(None).is_some() {
                return;
            }
            match result {
                Ok(todo) => take(todo),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    // An email being sent settles within moments: look again until it has.
    let running = Memo::new(move |_| current.with(|t| t.status == TodoStatus::InProgress));
    refresh_while(running.into(), move || async move {
        let fetched = api::todos::get(id).await;
        // The card may have gone while the request ran (its signals with it).
        match (fetched, current.try_get_untracked()) {
            (Ok(todo), Some(shown)) if todo != shown => {
                take(todo);
                true
            }
            _ => false,
        }
    });

    let status = move || current.with(|t| t.status);
    let can_act = move || session.can_edit();
    let button = move |step: TodoStep, label: String, class: &'static str| {
        let pending = move || busy.get() == Some(step);
        view! {
            <button
                type="button"
                class=class
                disabled=move || busy.get().is_some()
                aria-busy=move || pending().to_string()
                on:click=move |_| act(step)
            >
                {move || pending().then(|| view! { <Spinner /> })}
                <span>{label}</span>
            </button>
        }
    };
    let actions = move || {
        let (todo_status, approve) = current.with(|t| (t.status, approve_label(t)));
        let mut buttons = Vec::new();
        if todo_status.can_approve() {
            buttons.push(button(TodoStep::Approve, approve.to_owned(), "btn btn-primary btn-sm"));
        }
        if todo_status.can_mark_done() {
            buttons.push(button(
                TodoStep::MarkDone,
                "Mark done".to_owned(),
                "btn btn-secondary btn-sm",
            ));
        }
        if todo_status.can_reject() {
            buttons.push(button(TodoStep::Reject, "Reject".to_owned(), "btn btn-ghost btn-sm"));
        }
        buttons
    };

    let meta = move || {
        current.with(|t| {
            let mut items = Vec::new();
            if let Some(name) = &t.todo_type_name {
                items.push(view! { <span class="chip"><Svg icon=Icon::Todos /><span>{name.clone()}</span></span> }.into_any());
            }
            if let (Some(contact), false) = (t.contact_id, hide_contact) {
                let name = t.contact_name.clone().unwrap_or_else(|| "Unnamed caller".to_owned());
                items.push(view! { <a class="todo-link" href=format!("/contacts/{contact}")><Svg icon=Icon::User />{name}</a> }.into_any());
            }
            if let (Some(call), false) = (t.call_id, hide_call) {
                let when = format!("Call {}", util::relative(t.created_at));
                items.push(view! { <a class="todo-link" href=format!("/calls/{call}")><Svg icon=Icon::Calls />{when}</a> }.into_any());
            }
            if let Some(due) = &t.due_hint {
                items.push(view! { <span class="todo-fact"><Svg icon=Icon::Clock />{format!("When: {due}")}</span> }.into_any());
            }
            if let Some(who) = &t.assignee_name {
                items.push(view! { <span class="todo-fact">{format!("Assigned to {who}")}</span> }.into_any());
            }
            items
        })
    };
    let email = move || {
        current.with(|t| {
            let body =
                t.email_body.clone().filter(|_| t.action == TodoAction::SendEmailToCaller)?;
            let subject = t.email_subject.clone().unwrap_or_default();
            Some(view! {
                <details class="todo-email">
                    <summary>
                        <Svg icon=Icon::Mail />
                        <span>"Email to the caller: "<strong>{subject}</strong></span>
                    </summary>
                    <p class="todo-email-body">{body}</p>
                </details>
            })
        })
    };

    view! {
        <li class="todo" data-testid="todo" data-status=move || status().as_str()>
            <div class="todo-head">
                <h3 class="todo-title">{move || current.with(|t| t.title.clone())}</h3>
                <span class=move || badge_class(status())>
                    {move || (status() == TodoStatus::InProgress).then(|| view! { <Spinner /> })}
                    {move || status().label()}
                </span>
            </div>
            {move || {
                current.with(|t| {
                    (!t.description.is_empty())
                        .then(|| view! { <p class="todo-description">{t.description.clone()}</p> })
                })
            }}
            <div class="todo-meta">{meta}</div>
            {email}
            {move || {
                current.with(|t| {
                    t.failure_reason.clone().map(|reason| {
                        view! {
                            <p class="todo-failure" role="alert">
                                <Svg icon=Icon::Alert />
                                {format!("Couldn't finish: {reason}.")}
                            </p>
                        }
                    })
                })
            }}
            {move || error.get().map(|e| view! { <p class="todo-failure" role="alert">{e.message}</p> })}
            {move || {
                can_act()
                    .then(|| {
                        view! {
                            <div class="todo-actions">
                                {actions}
                                {move || {
                                    (!status().is_closed() && status() != TodoStatus::InProgress)
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="btn btn-ghost btn-sm"
                                                    on:click=move |_| editing.set(true)
                                                >
                                                    <Svg icon=Icon::Pencil />
                                                    <span>"Edit"</span>
                                                </button>
                                            }
                                        })
                                }}
                            </div>
                        }
                    })
            }}
            {move || {
                editing
                    .get()
                    .then(|| {
                        view! {
                            <EditTodoDialog
                                todo=current.get_untracked()
                                on_saved=Callback::new(move |todo: Todo| {
                                    take(todo);
                                    editing.set(false);
                                })
                                on_close=Callback::new(move |()| editing.set(false))
                            />
                        }
                    })
            }}
        </li>
    }
}
