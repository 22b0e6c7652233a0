//! The router: public sign-in pages, and the app pages behind the session guard.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::mods::auth::session::Session;
use crate::mods::auth::views::{LoginPage, SignupPage};
use crate::mods::dashboard::views::DashboardPage;
use crate::mods::layout::views::{AppShell, NotFound};
use crate::mods::settings::views::{ApiKeysPage, GeneralSettings, SettingsLayout};
use crate::mods::upcoming::views::{
    AgentsPage, AnalyzersPage, CallsPage, ContactsPage, PhonesPage, TodosPage,
};

#[component]
pub fn App() -> impl IntoView {
    Session::provide();

    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/signup") view=SignupPage />
                <ParentRoute path=path!("") view=AppShell>
                    <Route path=path!("") view=DashboardPage />
                    <Route path=path!("calls") view=CallsPage />
                    <Route path=path!("contacts") view=ContactsPage />
                    <Route path=path!("todos") view=TodosPage />
                    <Route path=path!("phones") view=PhonesPage />
                    <Route path=path!("agents") view=AgentsPage />
                    <Route path=path!("analyzers") view=AnalyzersPage />
                    <ParentRoute path=path!("settings") view=SettingsLayout>
                        <Route path=path!("") view=GeneralSettings />
                        <Route path=path!("api-keys") view=ApiKeysPage />
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
