//! The dialog that creates or changes a to-do type.

use leptos::prelude::*;
use loquent_shared::{TodoAction, TodoType, TodoTypeInput};

use crate::api;
use crate::components::form::ServerErrors;
use crate::components::{
    Binding, FormError, Modal, SelectField, SubmitButton, TextArea, TextField, Toggle,
};

/// The form's fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeFields {
    pub name: String,
    pub description: String,
    /// `TodoAction::as_str`.
    pub action: String,
    pub action_email: String,
    pub auto_approve: bool,
}

impl TypeFields {
    pub fn of(kind: Option<&TodoType>) -> TypeFields {
        match kind {
            Some(t) => TypeFields {
                name: t.name.clone(),
                description: t.description.clone(),
                action: t.action.as_str().to_owned(),
                action_email: t.action_email.clone().unwrap_or_default(),
                auto_approve: t.auto_approve,
            },
            None => {
                TypeFields { action: TodoAction::None.as_str().to_owned(), ..Default::default() }
            }
        }
    }

    /// The request: the fixed address only with the action that uses it.
    pub fn to_input(&self) -> TodoTypeInput {
        let action = TodoAction::parse(&self.action).unwrap_or_default();
        TodoTypeInput {
            name: self.name.trim().to_owned(),
            description: self.description.trim().to_owned(),
            action,
            action_email: (action == TodoAction::SendEmail)
                .then(|| self.action_email.trim().to_owned()),
            auto_approve: self.auto_approve,
        }
    }
}

#[component]
pub fn TodoTypeDialog(
    /// The type to change; a new one when absent.
    kind: Option<TodoType>,
    on_saved: Callback<TodoType>,
    on_close: Callback<()>,
) -> impl IntoView {
    let form = RwSignal::new(TypeFields::of(kind.as_ref()));
    let name = Binding::field(form, |s| s.name.clone(), |s, v| s.name = v);
    let description = Binding::field(form, |s| s.description.clone(), |s, v| s.description = v);
    let action = Binding::field(form, |s| s.action.clone(), |s, v| s.action = v);
    let email = Binding::field(form, |s| s.action_email.clone(), |s, v| s.action_email = v);
    let auto = Binding::field(form, |s| s.auto_approve, |s, v| s.auto_approve = v);
    let server = ServerErrors::default();
    let options = Signal::derive(|| {
        TodoAction::ALL.iter().map(|a| (a.as_str().to_owned(), a.label().to_owned())).collect()
    });
    let id = kind.as_ref().map(|k| k.id);
    let title = if id.is_some() { "Edit to-do type" } else { "New to-do type" };
    let save = Action::new_local(move |input: &TodoTypeInput| {
        let input = input.clone();
        async move {
            let result = match id {
                Some(id) => api::todos::update_type(id, &input).await,
                None => api::todos::create_type(&input).await,
            };
            match result {
                Ok(saved) => on_saved.run(saved),
                Err(error) => server.set(error),
            }
        }
    });
    let pending = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            server.clear();
            save.dispatch(form.with_untracked(TypeFields::to_input));
        }
    };
    let error = move |field: &'static str| Signal::derive(move || server.field(field));
    let sends_to_address = move || form.with(|f| f.action == TodoAction::SendEmail.as_str());

    view! {
        <Modal title=title on_close=on_close>
            <form class="form" on:submit=on_submit novalidate=true data-testid="todo-type-form">
                <div class="modal-body">
                    <TextField id="type-name" label="Name" value=name error=error("name") autofocus=true placeholder="e.g. Send price list" />
                    <TextArea
                        id="type-description"
                        label="When to create one"
                        value=description
                        error=error("description")
                        rows=3
                        hint="Loquent's model reads this to decide which calls need this follow-up."
                    />
                    <SelectField id="type-action" label="When approved" value=action options=options error=error("action") />
                    <Show when=sends_to_address>
                        <TextField
                            id="type-email"
                            label="Send to"
                            kind="email"
                            value=email
                            error=error("action_email")
                            placeholder="desk@example.com"
                        />
                    </Show>
                    <Toggle
                        id="type-auto"
                        label="Approve automatically"
                        description="Skip review: Loquent acts as soon as it finds one."
                        checked=auto
                    />
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
    use super::*;

    #[test]
    fn the_address_goes_only_with_the_action_that_sends_to_it() {
        let mut fields = TypeFields {
            name: " Desk ".into(),
            description: "D".into(),
            action: "send_email_to_caller".into(),
            action_email: "desk@example.com".into(),
            auto_approve: true,
        };
        let input = fields.to_input();
        assert_eq!(
            (input.name.as_str(), input.action, input.action_email),
            ("Desk", TodoAction::SendEmailToCaller, None)
        );
        fields.action = "send_email".into();
        assert_eq!(fields.to_input().action_email.as_deref(), Some("desk@example.com"));
    }
}
