//! Cursor paging under a list: the first page comes with the list's resource, later pages are
//! appended on "Load more" until what the list shows (its filters, its search) changes.

use std::future::Future;

use leptos::prelude::*;
use loquent_shared::{
    Call, CallPage, Contact, ContactPage, MailMessage, MailMessagePage, Todo, TodoPage,
};

use super::feedback::{ErrorBanner, Spinner};
use crate::api::{ApiError, ApiResult};

/// A page of a cursor-paged list: its items, and the cursor of the next page (none on the last).
pub trait CursorPage {
    type Item;
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

impl CursorPage for CallPage {
    type Item = Call;
    fn into_parts(self) -> (Vec<Call>, Option<String>) {
        (self.items, self.next_cursor)
    }
}

impl CursorPage for ContactPage {
    type Item = Contact;
    fn into_parts(self) -> (Vec<Contact>, Option<String>) {
        (self.items, self.next_cursor)
    }
}

impl CursorPage for MailMessagePage {
    type Item = MailMessage;
    fn into_parts(self) -> (Vec<MailMessage>, Option<String>) {
        (self.items, self.next_cursor)
    }
}

impl CursorPage for TodoPage {
    type Item = Todo;
    fn into_parts(self) -> (Vec<Todo>, Option<String>) {
        (self.items, self.next_cursor)
    }
}

/// The pages loaded after the first, for the list's current query.
pub struct MorePages<T: 'static> {
    items: RwSignal<Vec<T>>,
    /// The cursor after the last page loaded here; `None` while only the first page is shown.
    next: RwSignal<Option<Option<String>>>,
    load: Action<String, Option<ApiError>>,
}

impl<T: 'static> Clone for MorePages<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for MorePages<T> {}

impl<T: Clone + Send + Sync + 'static> MorePages<T> {
    /// Starts over whenever `query` changes. `fetch` loads the page after a cursor for a query;
    /// a page that arrives for an earlier query is dropped.
    pub fn new<Q, P, F, Fut>(query: Memo<Q>, fetch: F) -> Self
    where
        Q: Clone + PartialEq + Send + Sync + 'static,
        P: CursorPage<Item = T>,
        F: Fn(Q, String) -> Fut + 'static,
        Fut: Future<Output = ApiResult<P>> + 'static,
    {
        let items = RwSignal::new(Vec::new());
        let next = RwSignal::new(None);
        Effect::new(move |_| {
            query.track();
            items.set(Vec::new());
            next.set(None);
        });
        let load = Action::new_local(move |cursor: &String| {
            let asked = query.get_untracked();
            let page = fetch(asked.clone(), cursor.clone());
            async move {
                let result = page.await;
                if query.get_untracked() != asked {
                    return None;
                }
                match result {
                    Ok(page) => {
                        let (more, cursor) = page.into_parts();
                        items.update(|e| e.extend(more));
                        next.set(Some(cursor));
                        None
                    }
                    Err(error) => Some(error),
                }
            }
        });
        MorePages { items, next, load }
    }
}

/// A paged list's rows (`children`, given the first page and the pages loaded since) with
/// "Load more" under them.
#[component]
pub fn PagedRows<T, P, F, V>(
    /// The first page, from the list's resource.
    page: P,
    more: MorePages<T>,
    /// "Couldn't load more calls"
    error_title: &'static str,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    P: CursorPage<Item = T>,
    F: Fn(Signal<Vec<T>>) -> V,
    V: IntoView + 'static,
{
    let (first, first_next) = page.into_parts();
    let rows = Signal::derive(move || {
        let mut all = first.clone();
        more.items.with(|e| all.extend(e.iter().cloned()));
        all
    });
    let next = Signal::derive(move || more.next.get().unwrap_or_else(|| first_next.clone()));
    view! {
        {children(rows)}
        <LoadMore
            has_more=Signal::derive(move || next.with(Option::is_some))
            pending=more.load.pending()
            error=Signal::derive(move || more.load.value().get().flatten())
            error_title=error_title
            on_more=Callback::new(move |()| {
                if let Some(cursor) = next.get_untracked() {
                    more.load.dispatch(cursor);
                }
            })
        />
    }
}

/// Under a paged list: "Load more" while there's a next page, and why the last try failed.
#[component]
pub fn LoadMore(
    #[prop(into)] has_more: Signal<bool>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ApiError>>,
    /// "Couldn't load more calls"
    error_title: &'static str,
    on_more: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || has_more.get() || error.with(Option::is_some)>
            <div class="list-foot">
                {move || error.get().map(|error| view! { <ErrorBanner error=error title=error_title /> })}
                <Show when=move || has_more.get()>
                    <button
                        type="button"
                        class="btn btn-secondary"
                        disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()
                        on:click=move |_| on_more.run(())
                    >
                        {move || pending.get().then(|| view! { <Spinner /> })}
                        <span>{move || if pending.get() { "Loading…" } else { "Load more" }}</span>
                    </button>
                </Show>
            </div>
        </Show>
    }
}
