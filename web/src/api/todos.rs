//! To-dos found in calls, their review, and the to-do types.

use loquent_shared::{
    Todo, TodoCounts, TodoPage, TodoStatus, TodoType, TodoTypeInput, UpdateTodoRequest,
};
use uuid::Uuid;

use super::{ApiResult, query_string, routes};

/// Which to-dos to list: any of `statuses` (all when empty), about one contact, from one call,
/// of one type; a page after `cursor`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TodoQuery {
    pub cursor: Option<String>,
    pub statuses: Vec<TodoStatus>,
    pub contact_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    pub todo_type_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
}

/// `GET /api/todos`: newest first.
pub async fn list(query: &TodoQuery) -> ApiResult<TodoPage> {
    let status = query.statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");
    let id = |id: Option<Uuid>| id.map(|id| id.to_string());
    let (contact, call, kind, assignee) =
        (id(query.contact_id), id(query.call_id), id(query.todo_type_id), id(query.assignee_id));
    let params = query_string(&[
        ("cursor", query.cursor.as_deref()),
        ("status", Some(status.as_str()).filter(|s| !s.is_empty())),
        ("contact_id", contact.as_deref()),
        ("call_id", call.as_deref()),
        ("todo_type_id", kind.as_deref()),
        ("assignee_id", assignee.as_deref()),
    ]);
    super::fetch(routes::LIST_TODOS.at(&[]).query(&params)).await
}

/// `GET /api/todos/{id}`
pub async fn get(id: Uuid) -> ApiResult<Todo> {
    super::fetch(routes::GET_TODO.at(&[&id])).await
}

/// `GET /api/todos/counts`: how many in each status.
pub async fn counts() -> ApiResult<TodoCounts> {
    super::fetch(routes::COUNT_TODOS.at(&[])).await
}

/// `PATCH /api/todos/{id}`
pub async fn update(id: Uuid, changes: &UpdateTodoRequest) -> ApiResult<Todo> {
    super::send_json(routes::UPDATE_TODO.at(&[&id]), changes).await
}

/// What a person does to a to-do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TodoStep {
    Approve,
    Reject,
    MarkDone,
}

/// `POST /api/todos/{id}/approve|reject|done`: the to-do as it is now.
pub async fn step(id: Uuid, step: TodoStep) -> ApiResult<Todo> {
    let route = match step {
        TodoStep::Approve => routes::APPROVE_TODO,
        TodoStep::Reject => routes::REJECT_TODO,
        TodoStep::MarkDone => routes::MARK_TODO_DONE,
    };
    super::fetch(route.at(&[&id])).await
}

/// `GET /api/todo-types`: by name.
pub async fn types() -> ApiResult<Vec<TodoType>> {
    super::fetch(routes::LIST_TODO_TYPES.at(&[])).await
}

/// `POST /api/todo-types`
pub async fn create_type(input: &TodoTypeInput) -> ApiResult<TodoType> {
    super::send_json(routes::CREATE_TODO_TYPE.at(&[]), input).await
}

/// `PUT /api/todo-types/{id}`
pub async fn update_type(id: Uuid, input: &TodoTypeInput) -> ApiResult<TodoType> {
    super::send_json(routes::UPDATE_TODO_TYPE.at(&[&id]), input).await
}

/// `DELETE /api/todo-types/{id}`
pub async fn delete_type(id: Uuid) -> ApiResult<()> {
    super::fetch_empty(routes::DELETE_TODO_TYPE.at(&[&id])).await
}
