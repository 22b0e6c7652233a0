//! The to-dos of one call, or about one contact, on its page.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use loquent_shared::Todo;
use uuid::Uuid;

use super::feed::TodoFeed;
use crate::api::ApiError;
use crate::api::todos::TodoQuery;
use crate::components::ErrorBanner;

/// Whose to-dos a section lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TodosOf {
    Call(Uuid),
    Contact(Uuid),
}

#[component]
pub fn TodoSection(of: TodosOf) -> impl IntoView {
    let query = Memo::new(move |_| match of {
        TodosOf::Call(id) => TodoQuery { call_id: Some(id), ..Default::default() },
        TodosOf::Contact(id) => TodoQuery { contact_id: Some(id), ..Default::default() },
    });
    let (subtitle, empty) = match of {
        TodosOf::Call(_) => (
            "Follow-ups Loquent found in this call.",
            ("No to-dos", "This call didn't ask for any follow-up."),
        ),
        TodosOf::Contact(_) => (
            "Follow-ups from their calls, newest first.",
            ("No to-dos", "Follow-ups from their calls show up here."),
        ),
    };
    let all = match of {
        TodosOf::Contact(id) => Some(format!("/todos?contact={id}&tab=all")),
        TodosOf::Call(_) => None,
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
                {all.map(|href| view! { <a class="btn btn-ghost btn-sm" href=href>"Open in To-dos"</a> })}
            </div>
            <TodoFeed
                query=query
                error_title="Couldn't load the to-dos"
                empty=Signal::derive(move || empty)
                compact=true
                hide_contact=matches!(of, TodosOf::Contact(_))
                hide_call=matches!(of, TodosOf::Call(_))
                on_change=Callback::new(|_: Todo| ())
            />
        </section>
    }
}

/// The section's code (cards, their dialog, following actions) is a split of its own, fetched
/// when a call's or a contact's page shows it, so those pages' first loads stay in budget.
#[wasm_split(todo_section, wasm_split_path = ::leptos::wasm_split, fallible)]
fn todo_section(of: TodosOf) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <TodoSection of=of /> }.into_any())
}

#[component]
pub fn LazyTodoSection(of: TodosOf) -> impl IntoView {
    let panel = Suspend::new(async move {
        todo_section(of).await.unwrap_or_else(|_| {
            view! {
                <section class="card panel" aria-label="To-dos">
                    <ErrorBanner error=ApiError::network() title="Couldn't load the to-dos" />
                </section>
            }
            .into_any()
        })
    });
    view! { <Suspense fallback=|| ()>{panel}</Suspense> }
}
