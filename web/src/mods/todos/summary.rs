//! A call's or a contact's to-dos on its page: each one's title and where it stands, linked to
//! the To-dos page where they are acted on. Kept to a list of links: the cards' code (actions,
//! following an email being sent) would put these pages over their first-load budget.

use leptos::prelude::*;
use loquent_shared::TodoStatus;
use uuid::Uuid;

use crate::api::{self, todos::TodoQuery};

/// Whose to-dos a summary lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TodosOf {
    Call(Uuid),
    Contact(Uuid),
}

impl TodosOf {
    /// Their to-dos on the To-dos page, every status.
    pub fn href(self) -> String {
        match self {
            TodosOf::Call(id) => format!("/todos?call={id}&tab=all"),
            TodosOf::Contact(id) => format!("/todos?contact={id}&tab=all"),
        }
    }
}

/// Open to-dos stand out; finished ones are muted.
pub fn status_class(status: TodoStatus) -> &'static str {
    match status {
        TodoStatus::PendingReview | TodoStatus::Approved => "badge",
        TodoStatus::Completed | TodoStatus::Done => "badge badge-success",
        TodoStatus::Failed => "badge badge-danger",
        TodoStatus::InProgress | TodoStatus::Rejected => "badge badge-muted",
    }
}

#[component]
pub fn TodoSummary(of: TodosOf) -> impl IntoView {
    let query = match of {
        TodosOf::Call(id) => TodoQuery { call_id: Some(id), ..Default::default() },
        TodosOf::Contact(id) => TodoQuery { contact_id: Some(id), ..Default::default() },
    };
    let todos = LocalResource::new(move || {
        let query = query.clone();
        async move { api::todos::list(&query).await }
    });
    let subtitle = match of {
        TodosOf::Call(_) => "Follow-ups Loquent found in this call.",
        TodosOf::Contact(_) => "Follow-ups from their calls, newest first.",
    };
    let href = of.href();
    let list = move || {
        let href = href.clone();
        todos.get().map(|loaded| match loaded {
            Err(_) => view! { <p class="panel-text">"Couldn't load the to-dos."</p> }.into_any(),
            Ok(page) if page.items.is_empty() => {
                view! { <p class="panel-text">"No follow-ups."</p> }.into_any()
            }
            Ok(page) => view! {
                <ul class="todo-summary">
                    {page
                        .items
                        .into_iter()
                        .map(|t| {
                            view! {
                                <li data-testid="todo-summary-item">
                                    <a class="row-link" href=href.clone()>{t.title}</a>
                                    <span class=status_class(t.status)>{t.status.label()}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        })
    };
    view! {
        <section class="card panel" aria-labelledby="todos-title" data-testid="todo-section">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="todos-title">
                        "To-dos"
                    </h2>
                    <p class="panel-subtitle">{subtitle}</p>
                </div>
                <a class="btn btn-ghost btn-sm" href=of.href()>
                    "Open in To-dos"
                </a>
            </div>
            {list}
        </section>
    }
}
