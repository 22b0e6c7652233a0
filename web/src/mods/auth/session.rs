//! Who is signed in, shared with every page through context.
//!
//! The app asks `GET /api/me` once at start; sign-in and sign-up fill the session from their
//! answers, sign-out and any 401 `unauthenticated` empty it (the API layer reports those through
//! [`api::on_session_ended`], so pages don't). Route guards only read [`Phase`].
//!
//! Pages read the member through [`Session::me`], [`Session::can_configure`] and
//! [`Session::can_edit`], which keep the last signed-in member after a sign-out: the app shell
//! tears the pages down when the phase changes, and a page must not re-render itself for a
//! signed-out member in the same moment (its views would run on values being disposed, which
//! panicked the app when signing out from a form or a details page).

use leptos::prelude::*;
use leptos::task::spawn_local;
use loquent_shared::{Me, Role};

use crate::api::{self, ApiError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// `GET /api/me` hasn't answered yet.
    Loading,
    /// Nobody is signed in. `by_user` when the member just logged out (no "come back to" link).
    SignedOut {
        by_user: bool,
    },
    SignedIn(Me),
    /// The session couldn't be checked (server down, network error).
    Failed(ApiError),
}

/// The part of [`SessionState`] that decides what a route shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Loading,
    SignedOut,
    SignedIn,
    Failed,
}

#[derive(Debug, Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
    phase: Memo<Phase>,
    /// The member last signed in: set on sign-in, kept through a sign-out (see above).
    member: RwSignal<Option<Me>>,
}

impl Session {
    /// Creates the session, provides it as context and starts checking it.
    pub fn provide() -> Session {
        let state = RwSignal::new(SessionState::Loading);
        let phase = Memo::new(move |_| {
            state.with(|s| match s {
                SessionState::Loading => Phase::Loading,
                SessionState::SignedOut { .. } => Phase::SignedOut,
                SessionState::SignedIn(_) => Phase::SignedIn,
                SessionState::Failed(_) => Phase::Failed,
            })
        });
        let session = Session { state, phase, member: RwSignal::new(None) };
        provide_context(session);
        api::on_session_ended(move || {
            // Already signed out (e.g. by the member, a moment ago): keep how that happened.
            if session.state.with_untracked(|s| !matches!(s, SessionState::SignedOut { .. })) {
                session.signed_out(false);
            }
        });
        session.refresh();
        session
    }

    /// (Re)asks the server who is signed in.
    pub fn refresh(self) {
        self.state.set(SessionState::Loading);
        spawn_local(async move {
            let next = match api::auth::me().await {
                Ok(me) => {
                    self.member.set(Some(me.clone()));
                    SessionState::SignedIn(me)
                }
                Err(e) if e.is_unauthenticated() => SessionState::SignedOut { by_user: false },
                Err(e) => SessionState::Failed(e),
            };
            self.state.set(next);
        });
    }

    /// Re-reads who is signed in while the page stays as it is (a role may have changed).
    pub fn refresh_quietly(self) {
        spawn_local(async move {
            if let Ok(me) = api::auth::me().await {
                self.signed_in(me);
            }
        });
    }

    /// Starts the app afresh at the dashboard, as whoever the server says is signed in now.
    /// After a switch of organization every page, cache and pending request of the one before
    /// goes with the reload: nothing of one organization can show in another.
    pub fn restart(self) {
        if let Some(window) = web_sys::window() {
            let _ = window.location().assign("/");
        }
    }

    /// The person left the current organization: the app starts again in another of theirs,
    /// or at sign-in if that was their last.
    pub fn left_organization(self) {
        self.restart();
    }

    pub fn phase(self) -> Phase {
        self.phase.get()
    }

    /// The signed-in member and organization, if any (tracked; kept through a sign-out).
    pub fn me(self) -> Option<Me> {
        self.member.get()
    }

    /// Reads the signed-in member's details without copying them; false when signed out.
    pub fn member_with(self, read: impl Fn(&Me) -> bool) -> bool {
        self.member.with(|m| m.as_ref().is_some_and(&read))
    }

    pub fn failure(self) -> Option<ApiError> {
        self.state.with(|s| match s {
            SessionState::Failed(e) => Some(e.clone()),
            _ => None,
        })
    }

    pub fn logged_out_by_user(self) -> bool {
        self.state.with_untracked(|s| matches!(s, SessionState::SignedOut { by_user: true }))
    }

    pub fn signed_in(self, me: Me) {
        self.member.set(Some(me.clone()));
        self.state.set(SessionState::SignedIn(me));
    }

    pub fn signed_out(self, by_user: bool) {
        self.state.set(SessionState::SignedOut { by_user });
    }

    /// Whether the member may change numbers, agents, analyzers and integrations (admins and
    /// owners; everyone else reads). Tracked.
    pub fn can_configure(self) -> bool {
        self.member.with(|m| m.as_ref().is_some_and(|me| me.member.role >= Role::Admin))
    }

    /// Whether the member may change contacts and rerun call analysis (members, admins and
    /// owners; viewers read). Tracked.
    pub fn can_edit(self) -> bool {
        self.member.with(|m| m.as_ref().is_some_and(|me| me.member.role >= Role::Member))
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
