//! Changing a to-do before acting on it: its words, when, who owns it, and the email the
//! caller would get.

use leptos::prelude::*;
use loquent_shared::{Todo, TodoAction, UpdateTodoRequest};
use uuid::Uuid;

use crate::api;
use crate::components::form::ServerErrors;
use crate::components::{
    Binding, FormError, Modal, SelectField, SubmitButton, TextArea, TextField,
};

/// The request that changes what differs between `todo` and the edited fields.
pub fn changes(todo: &Todo, edited: &EditedTodo) -> UpdateTodoRequest {
    let text =
        |before: &str, after: &str| (before != after.trim()).then(|| after.trim().to_owned());
    let assignee = edited.assignee.parse::<Uuid>().ok();
    let due = edited.due_hint.trim();
    UpdateTodoRequest {
        title: text(&todo.title, &edited.title),
        description: text(&todo.description, &edited.description),
        assignee_id: (assignee != todo.assignee_id).then_some(assignee),
        due_hint: (todo.due_hint.as_deref().unwrap_or("") != due)
            .then(|| Some(due.to_owned()).filter(|d| !d.is_empty())),
        email_subject: text(todo.email_subject.as_deref().unwrap_or(""), &edited.email_subject),
        email_body: text(todo.email_body.as_deref().unwrap_or(""), &edited.email_body),
    }
}

/// The form's fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditedTodo {
    pub title: String,
    pub description: String,
    pub due_hint: String,
    /// A member's id, or empty for nobody.
    pub assignee: String,
    pub email_subject: String,
    pub email_body: String,
}

impl EditedTodo {
    pub fn of(todo: &Todo) -> EditedTodo {
        EditedTodo {
            title: todo.title.clone(),
            description: todo.description.clone(),
            due_hint: todo.due_hint.clone().unwrap_or_default(),
            assignee: todo.assignee_id.map(|id| id.to_string()).unwrap_or_default(),
            email_subject: todo.email_subject.clone().unwrap_or_default(),
            email_body: todo.email_body.clone().unwrap_or_default(),
        }
    }
}

#[component]
pub fn EditTodoDialog(
    todo: Todo,
    on_saved: Callback<Todo>,
    on_close: Callback<()>,
) -> impl IntoView {
    let form = RwSignal::new(EditedTodo::of(&todo));
    let title = Binding::field(form, |s| s.title.clone(), |s, v| s.title = v);
    let description = Binding::field(form, |s| s.description.clone(), |s, v| s.description = v);
    let due = Binding::field(form, |s| s.due_hint.clone(), |s, v| s.due_hint = v);
    let assignee = Binding::field(form, |s| s.assignee.clone(), |s, v| s.assignee = v);
    let subject = Binding::field(form, |s| s.email_subject.clone(), |s, v| s.email_subject = v);
    let body = Binding::field(form, |s| s.email_body.clone(), |s, v| s.email_body = v);
    let server = ServerErrors::default();
    let emails_caller = todo.action == TodoAction::SendEmailToCaller;
    let members =
        LocalResource::new(|| async { api::organization::members().await.unwrap_or_default() });
    let options = Signal::derive(move || {
        let mut options = vec![(String::new(), "Nobody".to_owned())];
        options.extend(
            members.get().unwrap_or_default().into_iter().map(|m| (m.id.to_string(), m.name)),
        );
        options
    });
    let id = todo.id;
    let original = StoredValue::new(todo);
    let save = Action::new_local(move |request: &UpdateTodoRequest| {
        let request = request.clone();
        async move {
            match api::todos::update(id, &request).await {
                Ok(todo) => on_saved.run(todo),
                Err(error) => server.set(error),
            }
        }
    });
    let pending = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        server.clear();
        let request = original.with_value(|t| form.with_untracked(|f| changes(t, f)));
        if request.is_empty() {
            on_close.run(());
            return;
        }
        save.dispatch(request);
    };
    let error = move |field: &'static str| Signal::derive(move || server.field(field));

    view! {
        <Modal title="Edit to-do" on_close=on_close>
            <form class="form" on:submit=on_submit novalidate=true data-testid="edit-todo">
                <div class="modal-body">
                    <TextField id="todo-title" label="Title" value=title error=error("title") autofocus=true />
                    <TextArea id="todo-description" label="Details" value=description error=error("description") rows=3 />
                    <TextField
                        id="todo-due"
                        label="When"
                        value=due
                        error=error("due_hint")
                        placeholder="e.g. Tuesday morning"
                    />
                    <SelectField
                        id="todo-assignee"
                        label="Assigned to"
                        value=assignee
                        options=options
                        error=error("assignee_id")
                    />
                    {emails_caller
                        .then(|| {
                            view! {
                                <TextField id="todo-email-subject" label="Email subject" value=subject error=error("email_subject") />
                                <TextArea
                                    id="todo-email-body"
                                    label="Email to the caller"
                                    value=body
                                    error=error("email_body")
                                    rows=8
                                    hint="Sent as written when you approve."
                                />
                            }
                        })}
                    <FormError error=server.form() />
                </div>
                <div class="modal-footer">
                    <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <SubmitButton pending=pending label="Save" pending_label="Saving…" />
                </div>
            </form>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use loquent_shared::TodoStatus;

    use super::*;

    fn todo() -> Todo {
        Todo {
            id: Uuid::nil(),
            todo_type_id: None,
            todo_type_name: None,
            action: TodoAction::SendEmailToCaller,
            call_id: None,
            contact_id: None,
            contact_name: None,
            title: "Call Ada".into(),
            description: String::new(),
            due_hint: Some("Tuesday".into()),
            email_subject: Some("Prices".into()),
            email_body: Some("Hello".into()),
            status: TodoStatus::PendingReview,
            failure_reason: None,
            assignee_id: None,
            assignee_name: None,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn only_what_changed_is_sent() {
        let t = todo();
        assert!(changes(&t, &EditedTodo::of(&t)).is_empty());
        let edited = EditedTodo {
            title: " Call Ada back ".into(),
            due_hint: " ".into(),
            ..EditedTodo::of(&t)
        };
        let request = changes(&t, &edited);
        assert_eq!(request.title.as_deref(), Some("Call Ada back"));
        assert_eq!(request.due_hint, Some(None), "cleared");
        assert!(request.email_body.is_none() && request.assignee_id.is_none());
        let member = Uuid::from_u128(7);
        let assigned = EditedTodo { assignee: member.to_string(), ..EditedTodo::of(&t) };
        assert_eq!(changes(&t, &assigned).assignee_id, Some(Some(member)));
    }
}
