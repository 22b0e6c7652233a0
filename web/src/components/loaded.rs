//! A resource's states in one place: loading, failed (with a retry), not found, empty, loaded.

use leptos::prelude::*;

use super::feedback::ErrorBanner;
use crate::api::ApiResult;

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
    let retry = Callback::new(move |()| resource.refetch());
    let fallback = move || fallback.run();
    let state = move || {
        let result = resource.get()?;
        Some(match result {
            Err(error) if error.is_not_found() && not_found.is_some() => {
                not_found.as_ref().map(ViewFn::run).into_any()
            }
            Err(error) => {
                let banner = view! { <ErrorBanner error=error title=error_title on_retry=retry /> };
                let banner = if in_panel {
                    view! { <div class="panel-pad">{banner}</div> }.into_any()
                } else {
                    banner.into_any()
                };
                view! { {error_head.as_ref().map(ViewFn::run)} {banner} }.into_any()
            }
            Ok(value) if is_empty.is_some_and(|is_empty| is_empty(&value)) && empty.is_some() => {
                empty.as_ref().map(ViewFn::run).into_any()
            }
            Ok(value) => children(value).into_any(),
        })
    };
    view! { <Transition fallback=fallback>{state}</Transition> }
}
