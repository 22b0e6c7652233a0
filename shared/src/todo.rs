//! To-dos: follow-ups the model finds in a call ("call back on Tuesday", "send the price list"),
//! reviewed by staff, and to-do types, which tell the model what to look for and what Loquent
//! does itself once a to-do is approved.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{FieldError, validate_email, validate_name};

/// What Loquent does itself when a to-do of a type is approved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TodoAction {
    /// Nothing: a person does the work and marks the to-do done.
    #[default]
    None,
    /// Email the caller (their contact's preferred address) the message drafted with the
    /// to-do, which staff can edit before approving.
    SendEmailToCaller,
    /// Email the to-do to a fixed address (`action_email`), e.g. a booking desk.
    SendEmail,
}

impl TodoAction {
    pub const ALL: [TodoAction; 3] =
        [TodoAction::None, TodoAction::SendEmailToCaller, TodoAction::SendEmail];

    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            TodoAction::None => "none",
            TodoAction::SendEmailToCaller => "send_email_to_caller",
            TodoAction::SendEmail => "send_email",
        }
    }

    pub fn parse(text: &str) -> Option<TodoAction> {
        TodoAction::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// For people: "Email the caller".
    pub fn label(self) -> &'static str {
        match self {
            TodoAction::None => "No action",
            TodoAction::SendEmailToCaller => "Email the caller",
            TodoAction::SendEmail => "Email an address",
        }
    }
}

/// A kind of to-do the model looks for in an organization's calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TodoType {
    pub id: Uuid,
    /// E.g. "Call back".
    pub name: String,
    /// When the model should create one, in the organization's words.
    pub description: String,
    pub action: TodoAction,
    /// Where `send_email` sends; absent for other actions.
    pub action_email: Option<String>,
    /// To-dos of this type skip review: they are approved, and their action run, as soon as
    /// they are found.
    pub auto_approve: bool,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

/// Creates a to-do type, or replaces one entirely (`PUT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TodoTypeInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Send price list",
            min_length = 1,
            max_length = 120,
            pattern = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "The caller asked for prices of a treatment to be sent to them.",
            max_length = 2000,
            pattern = r"^[\t\n\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: String,
    #[serde(default)]
    pub action: TodoAction,
    /// Required with `send_email`, refused with any other action.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!(null), value_type = Option<crate::patterns::items::EmailAddress>))]
    pub action_email: Option<String>,
    #[serde(default)]
    pub auto_approve: bool,
}

pub const MAX_TODO_TYPE_DESCRIPTION_LEN: usize = 2_000;
pub const MAX_TODO_TITLE_LEN: usize = 200;
pub const MAX_TODO_DESCRIPTION_LEN: usize = 5_000;
pub const MAX_TODO_DUE_HINT_LEN: usize = 200;
pub const MAX_TODO_EMAIL_SUBJECT_LEN: usize = 200;
pub const MAX_TODO_EMAIL_BODY_LEN: usize = 10_000;

/// `value` has text (not only blanks, when `required`), at most `max` characters, and no control
/// characters but tabs and line breaks.
fn validate_text(
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
) -> Result<(), FieldError> {
    if required && value.trim().is_empty() {
        return Err(FieldError::new(field, "required", "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(FieldError::new(field, "invalid", "must not contain control characters"));
    }
    Ok(())
}

impl TodoTypeInput {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_name("name", &self.name)?;
        validate_text("description", &self.description, MAX_TODO_TYPE_DESCRIPTION_LEN, true)?;
        match (self.action, self.action_email.as_deref()) {
            (TodoAction::SendEmail, Some(email)) => validate_email("action_email", email.trim()),
            (TodoAction::SendEmail, None) => Err(FieldError::new(
                "action_email",
                "required",
                "is required when the action is send_email",
            )),
            (_, Some(_)) => Err(FieldError::new(
                "action_email",
                "not_allowed",
                "is only for the send_email action",
            )),
            (_, None) => Ok(()),
        }
    }
}

/// Where a to-do is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TodoStatus {
    /// Found by the model; waiting for someone to approve or reject it.
    PendingReview,
    /// Approved, with no action of Loquent's: a person does it and marks it done.
    Approved,
    /// Approved; Loquent is running its action.
    InProgress,
    /// Loquent ran its action.
    Completed,
    /// Loquent's action failed (`failure_reason` says why); it can be approved again.
    Failed,
    /// Not worth doing.
    Rejected,
    /// A person marked it done.
    Done,
}

impl TodoStatus {
    pub const ALL: [TodoStatus; 7] = [
        TodoStatus::PendingReview,
        TodoStatus::Approved,
        TodoStatus::InProgress,
        TodoStatus::Completed,
        TodoStatus::Failed,
        TodoStatus::Rejected,
        TodoStatus::Done,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TodoStatus::PendingReview => "pending_review",
            TodoStatus::Approved => "approved",
            TodoStatus::InProgress => "in_progress",
            TodoStatus::Completed => "completed",
            TodoStatus::Failed => "failed",
            TodoStatus::Rejected => "rejected",
            TodoStatus::Done => "done",
        }
    }

    pub fn parse(text: &str) -> Option<TodoStatus> {
        TodoStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// For people: "To review".
    pub fn label(self) -> &'static str {
        match self {
            TodoStatus::PendingReview => "To review",
            TodoStatus::Approved => "Approved",
            TodoStatus::InProgress => "In progress",
            TodoStatus::Completed => "Completed",
            TodoStatus::Failed => "Failed",
            TodoStatus::Rejected => "Rejected",
            TodoStatus::Done => "Done",
        }
    }

    /// Whether it can be approved now (again, after its action failed).
    pub fn can_approve(self) -> bool {
        matches!(self, TodoStatus::PendingReview | TodoStatus::Failed)
    }

    pub fn can_reject(self) -> bool {
        matches!(self, TodoStatus::PendingReview | TodoStatus::Failed)
    }

    /// Whether a person can mark it done: anything still open but an action under way.
    pub fn can_mark_done(self) -> bool {
        matches!(self, TodoStatus::PendingReview | TodoStatus::Approved | TodoStatus::Failed)
    }

    /// Nothing more will happen to it.
    pub fn is_closed(self) -> bool {
        matches!(self, TodoStatus::Completed | TodoStatus::Rejected | TodoStatus::Done)
    }
}

/// A to-do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Todo {
    pub id: Uuid,
    /// Absent when its type was deleted since.
    pub todo_type_id: Option<Uuid>,
    /// The type's name, when it still exists.
    pub todo_type_name: Option<String>,
    /// What approving it makes Loquent do (its type's action now).
    pub action: TodoAction,
    /// The call it came from.
    pub call_id: Option<Uuid>,
    /// Who it concerns.
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(example = "Call back about the crown fitting"))]
    pub title: String,
    pub description: String,
    /// When it should happen, as said in the call ("Tuesday morning").
    pub due_hint: Option<String>,
    /// For `send_email_to_caller`: the message to the caller, drafted by the model.
    pub email_subject: Option<String>,
    pub email_body: Option<String>,
    pub status: TodoStatus,
    /// Why its action failed, in words.
    pub failure_reason: Option<String>,
    /// The member who owns it.
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TodoPage {
    pub items: Vec<Todo>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// How many of the organization's to-dos are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TodoCounts {
    pub pending_review: i64,
    pub approved: i64,
    pub in_progress: i64,
    pub completed: i64,
    pub failed: i64,
    pub rejected: i64,
    pub done: i64,
}

impl TodoCounts {
    pub fn get(&self, status: TodoStatus) -> i64 {
        match status {
            TodoStatus::PendingReview => self.pending_review,
            TodoStatus::Approved => self.approved,
            TodoStatus::InProgress => self.in_progress,
            TodoStatus::Completed => self.completed,
            TodoStatus::Failed => self.failed,
            TodoStatus::Rejected => self.rejected,
            TodoStatus::Done => self.done,
        }
    }

    pub fn set(&mut self, status: TodoStatus, n: i64) {
        let slot = match status {
            TodoStatus::PendingReview => &mut self.pending_review,
            TodoStatus::Approved => &mut self.approved,
            TodoStatus::InProgress => &mut self.in_progress,
            TodoStatus::Completed => &mut self.completed,
            TodoStatus::Failed => &mut self.failed,
            TodoStatus::Rejected => &mut self.rejected,
            TodoStatus::Done => &mut self.done,
        };
        *slot = n;
    }
}

/// Changes to a to-do (`PATCH`): absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// A misspelt field would otherwise change nothing and answer 200: refused by name instead.
#[serde(deny_unknown_fields)]
pub struct UpdateTodoRequest {
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            nullable = false,
            max_length = 200,
            pattern = r"^[\t\n\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub title: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            nullable = false,
            max_length = 5000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: Option<String>,
    /// A member's id assigns it; `null` unassigns it. The member must be the organization's.
    #[serde(
        default,
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub assignee_id: Option<Option<Uuid>>,
    /// `null` or an empty string removes it.
    #[serde(
        default,
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 200, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"))]
    pub due_hint: Option<Option<String>>,
    /// The subject of the email to the caller.
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            nullable = false,
            max_length = 200,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub email_subject: Option<String>,
    /// The body of the email to the caller, plain text.
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            nullable = false,
            max_length = 10000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub email_body: Option<String>,
}

impl UpdateTodoRequest {
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.description.is_none()
            && self.assignee_id.is_none()
            && self.due_hint.is_none()
            && self.email_subject.is_none()
            && self.email_body.is_none()
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(title) = &self.title {
            validate_text("title", title, MAX_TODO_TITLE_LEN, true)?;
        }
        if let Some(description) = &self.description {
            validate_text("description", description, MAX_TODO_DESCRIPTION_LEN, false)?;
        }
        if let Some(Some(due)) = &self.due_hint {
            validate_text("due_hint", due, MAX_TODO_DUE_HINT_LEN, false)?;
        }
        if let Some(subject) = &self.email_subject {
            validate_text("email_subject", subject, MAX_TODO_EMAIL_SUBJECT_LEN, false)?;
        }
        if let Some(body) = &self.email_body {
            validate_text("email_body", body, MAX_TODO_EMAIL_BODY_LEN, false)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(action: TodoAction, email: Option<&str>) -> TodoTypeInput {
        TodoTypeInput {
            name: "Call back".into(),
            description: "The caller wants a call back.".into(),
            action,
            action_email: email.map(str::to_string),
            auto_approve: false,
        }
    }

    #[test]
    fn the_fixed_address_goes_with_send_email_only() {
        assert!(input(TodoAction::None, None).validate().is_ok());
        assert!(input(TodoAction::SendEmail, Some("desk@example.com")).validate().is_ok());
        assert_eq!(
            input(TodoAction::SendEmail, None).validate().map_err(|e| e.field),
            Err("action_email")
        );
        assert_eq!(
            input(TodoAction::SendEmail, Some("not an address")).validate().map_err(|e| e.field),
            Err("action_email")
        );
        assert_eq!(
            input(TodoAction::SendEmailToCaller, Some("a@example.com"))
                .validate()
                .map_err(|e| e.field),
            Err("action_email")
        );
    }

    #[test]
    fn statuses_and_actions_round_trip_their_names() {
        for status in TodoStatus::ALL {
            assert_eq!(TodoStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).expect("serializes");
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        for action in TodoAction::ALL {
            assert_eq!(TodoAction::parse(action.as_str()), Some(action));
        }
    }

    #[test]
    fn a_patch_tells_absent_from_null() {
        let patch: UpdateTodoRequest =
            serde_json::from_str(r#"{"assignee_id": null}"#).expect("parses");
        assert_eq!(patch.assignee_id, Some(None));
        assert!(patch.title.is_none() && !patch.is_empty());
        assert!(serde_json::from_str::<UpdateTodoRequest>(r#"{"title": null}"#).is_err());
        let blank = UpdateTodoRequest { title: Some("  ".into()), ..Default::default() };
        assert_eq!(blank.validate().map_err(|e| e.field), Err("title"));
    }
}
