//! A resource's states in one place: loading, failed (with a retry), not found, empty, loaded.

use std::sync::Arc;

use leptos::prelude::*;

use super::feedback::ErrorBanner;
use crate::api::{ApiError, ApiResult};

/// Shows `fallback` while `resource` loads, then the first that applies: `not_found` for a 404
/// (when given), the error with a retry (after `error_head`), `empty` when `is_empty` says so,
/// or `children` with the loaded value.
#[component]
pub fn Loaded<T, F, V>(
    resource: LocalResource<ApiResult<T>>,
    /// The placeholder while loading (a skeleton of what's coming).
    #[prop(into)]
    fallback: ViewFn,
    /// Over the error's sentence: "Couldn't load your agents".
    error_title: &'static str,
    /// Shown above the error, e.g. a details page's header, so the way back stays on screen.
    #[prop(optional, into)]
    error_head: Option<ViewFn>,
    /// The error sits in a list panel, which gives it no padding of its own.
    #[prop(optional)]
    in_panel: bool,
    /// Shown instead of the error when the record doesn't exist (404).
    #[prop(optional, into)]
    not_found: Option<ViewFn>,
    /// Whether a loaded value has nothing to show; `empty` is shown for it.
    #[prop(optional)]
    is_empty: Option<fn(&T) -> bool>,
    #[prop(optional, into)] empty: Option<ViewFn>,
    /// The loaded value's view.
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let failed = Failed {
        title: error_title,
        head: error_head,
        in_panel,
        not_found,
        retry: Callback::new(move |()| resource.refetch()),
    };
    // Only reading the resource and showing its value depend on `T`: the rest is built by
    // code every `<Loaded>` shares (`Failed`, `transition`), kept once in the bundle.
    let state = move || {
        let view = match resource.get()? {
            Err(error) => failed.view(error),
            Ok(value) if is_empty.is_some_and(|is_empty| is_empty(&value)) && empty.is_some() => {
                empty.as_ref().map(ViewFn::run).into_any()
            }
            Ok(value) => children(value).into_any(),
        };
        Some(view)
    };
    transition(fallback, Arc::new(state))
}

/// How a `<Loaded>` shows a failure.
#[derive(Clone)]
struct Failed {
    title: &'static str,
    head: Option<ViewFn>,
    in_panel: bool,
    not_found: Option<ViewFn>,
    retry: Callback<()>,
}

impl Failed {
    /// The not-found state for a 404 when there is one, otherwise the error with a retry
    /// (under the head, when there is one).
    fn view(&self, error: ApiError) -> AnyView {
        if let Some(not_found) = self.not_found.as_ref().filter(|_| error.is_not_found()) {
            return not_found.run().into_any();
        }
        let banner = view! { <ErrorBanner error=error title=self.title on_retry=self.retry /> };
        let banner = if self.in_panel {
            view! { <div class="panel-pad">{banner}</div> }.into_any()
        } else {
            banner.into_any()
        };
        view! { {self.head.as_ref().map(ViewFn::run)} {banner} }.into_any()
    }
}

/// The `<Transition>` of every `<Loaded>`.
fn transition(
    fallback: ViewFn,
    state: Arc<dyn Fn() -> Option<AnyView> + Send + Sync>,
) -> impl IntoView {
    let fallback = move || fallback.run();
    view! { <Transition fallback=fallback>{move || state()}</Transition> }
}
