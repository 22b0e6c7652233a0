//! A short list of calls that follows its calls (the dashboard's recent calls, a contact's
//! calls): loading, a failure with a retry, the empty state, or the rows, each row following
//! its call while it is live or being processed.

use leptos::prelude::*;
use loquent_shared::Call;

use super::components::{CallTableSkeleton, current};
use super::live::LiveCalls;
use crate::api;
use crate::components::{EmptyState, ErrorBanner, Icon};

/// The first `shown` calls `query` lists, newest first; `row` draws one (given its call as it
/// is now). `empty` is the empty state's description.
#[component]
pub fn FollowedCalls(
    query: api::calls::CallQuery,
    shown: usize,
    /// "Couldn't load recent calls"
    error_title: &'static str,
    #[prop(into)] empty: Signal<&'static str>,
    /// The list's `data-testid`.
    testid: &'static str,
    row: fn(Memo<Call>) -> AnyView,
) -> impl IntoView {
    let query = api::calls::CallQuery { limit: Some(shown as u32), ..query };
    let fetch = {
        let query = query.clone();
        move || {
            let query = query.clone();
            async move { api::calls::list(&query).await }
        }
    };
    let calls = LocalResource::new(fetch);
    let live = LiveCalls::follow(move || query.clone(), move || calls.refetch(), Some(shown));
    view! {
        <Transition fallback=|| view! { <CallTableSkeleton rows=2 /> }>
            {move || {
                calls
                    .get()
                    .map(|result| match result {
                        Err(error) => {
                            view! {
                                <ErrorBanner
                                    error=error
                                    title=error_title
                                    on_retry=Callback::new(move |()| calls.refetch())
                                />
                            }
                                .into_any()
                        }
                        Ok(page) if page.items.is_empty() => {
                            view! {
                                <EmptyState compact=true icon=Icon::Calls title="No calls yet" description=empty.get() />
                            }
                                .into_any()
                        }
                        Ok(page) => {
                            let rows = live.over(Signal::stored(page.items));
                            view! {
                                <ul class="recent-calls" data-testid=testid>
                                    <For each=move || rows.get() key=|call| call.id let:call>
                                        {row(current(rows, call))}
                                    </For>
                                </ul>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}
