//! The router: public sign-in pages, and the app pages behind the session guard.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::{Playback, Toasts};
use crate::mods::agents::views::{AgentCreateView, AgentDetailsView, AgentListView};
use crate::mods::analyzers::views::{AnalyzerCreateView, AnalyzerDetailsView, AnalyzerListView};
use crate::mods::auth::session::Session;
use crate::mods::auth::views::{LoginPage, SignupPage};
use crate::mods::calls::views::{CallDetailsView, CallListView};
use crate::mods::contacts::views::{ContactCreateView, ContactDetailsView, ContactListView};
use crate::mods::dashboard::views::DashboardPage;
use crate::mods::layout::views::{AppShell, NotFound};
use crate::mods::phones::views::{BuyPhoneView, PhoneDetailsView, PhoneListView};
use crate::mods::settings::views::{ApiKeysPage, GeneralSettings, SettingsLayout};
use crate::mods::telephony::views::TelephonySettings;
use crate::mods::upcoming::views::TodosPage;

#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    Toasts::provide();
    Playback::provide();

    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/signup") view=SignupPage />
                <ParentRoute path=path!("") view=AppShell>
                    <Route path=path!("") view=DashboardPage />
                    <Route path=path!("calls") view=CallListView />
                    <Route path=path!("calls/:id") view=CallDetailsView />
                    <Route path=path!("contacts") view=ContactListView />
                    <Route path=path!("contacts/new") view=ContactCreateView />
                    <Route path=path!("contacts/:id") view=ContactDetailsView />
                    <Route path=path!("todos") view=TodosPage />
                    <Route path=path!("phones") view=PhoneListView />
                    <Route path=path!("phones/buy") view=BuyPhoneView />
                    <Route path=path!("phones/:id") view=PhoneDetailsView />
                    <Route path=path!("agents") view=AgentListView />
                    <Route path=path!("agents/new") view=AgentCreateView />
                    <Route path=path!("agents/:id") view=AgentDetailsView />
                    <Route path=path!("analyzers") view=AnalyzerListView />
                    <Route path=path!("analyzers/new") view=AnalyzerCreateView />
                    <Route path=path!("analyzers/:id") view=AnalyzerDetailsView />
                    <ParentRoute path=path!("settings") view=SettingsLayout>
                        <Route path=path!("") view=GeneralSettings />
                        <Route path=path!("telephony") view=TelephonySettings />
                        <Route path=path!("api-keys") view=ApiKeysPage />
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
