//! A list of to-dos for a query, a page at a time: the Todos page's tabs, a call's and a
//! contact's to-dos.

use leptos::prelude::*;
use loquent_shared::{Todo, TodoPage};

use super::card::TodoCard;
use crate::api::{self, todos::TodoQuery};
use crate::components::{EmptyState, Icon, Loaded, MorePages, PagedRows};

#[component]
pub fn TodoFeed(
    query: Memo<TodoQuery>,
    /// Over a failed load: "Couldn't load your to-dos".
    error_title: &'static str,
    /// What an empty list says: its title and a sentence.
    #[prop(into)]
    empty: Signal<(&'static str, &'static str)>,
    #[prop(optional)] compact: bool,
    #[prop(optional)] hide_contact: bool,
    #[prop(optional)] hide_call: bool,
    #[prop(into)] on_change: Callback<Todo>,
) -> impl IntoView {
    let first = LocalResource::new(move || {
        let query = query.get();
        async move { api::todos::list(&query).await }
    });
    let more = MorePages::new(query, |query: TodoQuery, cursor| async move {
        api::todos::list(&TodoQuery { cursor: Some(cursor), ..query }).await
    });
    let empty_view = move || {
        let (title, description) = empty.get();
        view! {
            <div class="list-empty">
                <EmptyState compact=compact icon=Icon::Todos title=title description=description />
            </div>
        }
    };

    view! {
        <Loaded
            resource=first
            fallback=|| view! { <div class="todo-skeleton skeleton" aria-label="Loading to-dos"></div> }
            error_title=error_title
            in_panel=true
            is_empty=|page: &TodoPage| page.items.is_empty()
            empty=empty_view
            let:page
        >
            <PagedRows page=page more=more error_title="Couldn't load more to-dos" let:rows>
                <ul class="todo-list" class:todo-list-compact=compact>
                    <For each=move || rows.get() key=|t: &Todo| t.id let:todo>
                        <TodoCard todo=todo hide_contact=hide_contact hide_call=hide_call on_change=on_change />
                    </For>
                </ul>
            </PagedRows>
        </Loaded>
    }
}
