//! The person's signed-in browsers, with "Sign out" for each but this one.

use leptos::prelude::*;
use loquent_shared::AccountSession;

use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Loaded, use_toasts};
use crate::mods::settings::components::TableSkeleton;
use crate::util::{date, relative};

/// "Firefox on macOS" from a User-Agent, or the raw string's start when it says nothing known.
pub fn browser_name(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent else { return "Unknown browser".to_owned() };
    let browser =
        [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
            .into_iter()
            .find(|(mark, _)| ua.contains(mark))
            .map(|(_, name)| name);
    let system = [
        ("Windows", "Windows"),
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(mark, _)| ua.contains(mark))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => format!("A browser on {s}"),
        (None, None) => ua.chars().take(40).collect(),
    }
}

#[component]
pub fn SessionsList() -> impl IntoView {
    let toasts = use_toasts();
    let sessions = LocalResource::new(api::account::sessions);
    let error = RwSignal::new(None::<ApiError>);
    let sign_out = Action::new_local(move |id: &uuid::Uuid| {
        let id = *id;
        async move {
            match api::account::revoke_session(id).await {
                Ok(()) => {
                    toasts.success("That browser is signed out");
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            sessions.refetch();
        }
    });
    let busy = sign_out.pending();
    let row = move |s: AccountSession| {
        let id = s.id;
        let place = s.ip_address.clone().unwrap_or_default();
        view! {
            <li class="session-item" data-current=s.current.to_string()>
                <span class="session-text">
                    <span class="person-name">
                        {browser_name(s.user_agent.as_deref())}
                        {s.current.then(|| view! { <span class="badge badge-success">"This browser"</span> })}
                    </span>
                    <span class="person-email">
                        {format!("Signed in {} · {} · until {}", relative(s.created_at), place, date(s.expires_at))}
                    </span>
                </span>
                {(!s.current)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn-secondary btn-sm"
                                disabled=move || busy.get()
                                on:click=move |_| {
                                    sign_out.dispatch(id);
                                }
                            >
                                "Sign out"
                            </button>
                        }
                    })}
            </li>
        }
    };
    view! {
        {move || error.get().map(|e| view! { <ErrorBanner error=e title="Couldn't sign that browser out" /> })}
        <Loaded
            resource=sessions
            fallback=|| view! { <TableSkeleton /> }
            error_title="Couldn't load where you're signed in"
            in_panel=true
            let:list
        >
            <ul class="sessions" data-testid="sessions">
                {list.into_iter().map(row).collect_view()}
            </ul>
        </Loaded>
    }
}

#[cfg(test)]
mod tests {
    use super::browser_name;

    #[test]
    fn browsers_are_named_for_people() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(browser_name(Some(chrome)), "Chrome on Linux");
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1";
        assert_eq!(browser_name(Some(safari)), "Safari on iOS");
        assert_eq!(browser_name(None), "Unknown browser");
        assert_eq!(browser_name(Some("curl/8.0")), "curl/8.0");
    }
}
