//! The router: the public sign-in pages, and the app's pages behind the session guard, all lazy.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, path};

use crate::api::ApiError;
use crate::components::{ErrorBanner, Playback, Toasts};
use crate::mods::account::views::{
    AcceptInvitationPage, AccountSettings, ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage,
};
use crate::mods::agents::views::{AgentCreateView, AgentDetailsView, AgentListView};
use crate::mods::analyzers::views::{AnalyzerCreateView, AnalyzerDetailsView, AnalyzerListView};
use crate::mods::auth::session::Session;
use crate::mods::auth::views::{LoginPage, SignupPage};
use crate::mods::calls::views::{CallDetailsView, CallListView};
use crate::mods::contacts::views::{ContactCreateView, ContactDetailsView, ContactListView};
use crate::mods::dashboard::views::DashboardPage;
use crate::mods::layout::views::{AppShell, NotFound};
use crate::mods::mail::views::{EmailSettings, MailMessageView};
use crate::mods::phones::views::{BuyPhoneView, PhoneDetailsView, PhoneListView};
use crate::mods::reporting::views::ReportingSettings;
use crate::mods::settings::views::{ApiKeysPage, GeneralSettings, SettingsLayout};
use crate::mods::team::views::TeamPage;
use crate::mods::telephony::views::TelephonySettings;
use crate::mods::todos::types::TodoTypesPage;
use crate::mods::todos::views::TodosPage;

/// The signed-in app's pages, downloaded the first time one of them is shown. Each group below
/// is one split point: `scripts/build-web.sh` cuts its code out of the main wasm into a module of
/// its own (code several groups share goes into shared chunks), so the first page load fetches
/// only the app's frame and the group of the page it opens. Pages of one
/// feature share a group where they share most of their code (fewer groups, fewer chunks).
/// A group that can't be fetched shows [`PageUnavailable`] instead of stopping the app.
macro_rules! lazy_pages {
    ($($group:ident($pages:ident) { $($route:ident => $view:ident,)* })*) => {$(
        #[derive(Clone, Copy)]
        #[repr(u8)]
        #[allow(clippy::enum_variant_names, reason = "the variants are the routes' names")]
        enum $pages {
            $($route,)*
        }

        #[wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $group(page: $pages) -> Result<AnyView, SplitLoaderError> {
            Ok(match page {
                $($pages::$route => view! { <$view /> }.into_any(),)*
            })
        }

        $(
            struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(this: Self) -> AnyView {
                    let _ = this;
                    $group($pages::$route)
                        .await
                        .unwrap_or_else(|_| view! { <PageUnavailable /> }.into_any())
                }
            }
        )*
    )*};
}

lazy_pages! {
    // Signed-in people never need the sign-in and sign-up pages: out of the main module, they
    // leave every signed-in page's first load lighter.
    auth_pages(AuthPages) {
        Login => LoginPage,
        Signup => SignupPage,
        AcceptInvitation => AcceptInvitationPage,
        ForgotPassword => ForgotPasswordPage,
        ResetPassword => ResetPasswordPage,
        ConfirmEmail => ConfirmEmailPage,
    }
    dashboard_pages(DashboardPages) {
        Dashboard => DashboardPage,
    }
    // A call's page (player, transcript, analysis) and the list are apart: together they'd be
    // over the first-load budget.
    call_list_pages(CallListPages) {
        CallList => CallListView,
    }
    call_details_pages(CallDetailsPages) {
        CallDetails => CallDetailsView,
    }
    contacts_pages(ContactsPages) {
        ContactList => ContactListView,
        ContactCreate => ContactCreateView,
    }
    // A contact's page (its cards, their forms, following its calls) is the heaviest of the
    // three: with the others it would be over the budget.
    contact_details_pages(ContactDetailsPages) {
        ContactDetails => ContactDetailsView,
    }
    todos_pages(TodosPages) {
        Todos => TodosPage,
        TodoTypes => TodoTypesPage,
    }
    // Buying a number (searching Twilio's available numbers) is in the occasional pages below:
    // with it the numbers' list and pages were at the budget's edge (350 KB; 324 KB without).
    phones_pages(PhonesPages) {
        PhoneList => PhoneListView,
        PhoneDetails => PhoneDetailsView,
    }
    agents_pages(AgentsPages) {
        AgentList => AgentListView,
        AgentCreate => AgentCreateView,
        AgentDetails => AgentDetailsView,
    }
    analyzers_pages(AnalyzersPages) {
        AnalyzerList => AnalyzerListView,
        AnalyzerCreate => AnalyzerCreateView,
        AnalyzerDetails => AnalyzerDetailsView,
    }
    settings_pages(SettingsPages) {
        GeneralSettingsRoute => GeneralSettings,
        TelephonySettingsRoute => TelephonySettings,
        ApiKeys => ApiKeysPage,
    }
    // Settings → Reporting brings form controls the other settings don't use (switches, a
    // member checklist): with them it put their first load at 360 KB, with the occasional
    // pages at 352 KB. The team and one's own account share its member lists and forms; in a
    // group of their own, the components they share with four other groups moved into the
    // main module (+15 KB) and put the dashboard, the to-dos and the settings over the budget
    // (355, 352, 352 KB); with the occasional pages that group was 392 KB.
    reporting_pages(ReportingPages) {
        ReportingSettingsRoute => ReportingSettings,
        TeamSettingsRoute => TeamPage,
        AccountSettingsRoute => AccountSettings,
    }
    // Buying a number, and Settings → Email with its outbox: pages an admin opens now and then,
    // one group. Email with the other settings was over the first-load budget (373 KB); in a
    // group of its own, or with buying apart, the extra group cut the chunks other groups share
    // into more files and put the numbers (353 KB), then the agents (351 KB) over it.
    occasional_pages(OccasionalPages) {
        BuyPhone => BuyPhoneView,
        EmailSettingsRoute => EmailSettings,
        MailMessage => MailMessageView,
    }
}

/// A lazy page whose code couldn't be fetched (offline, or a new version deployed meanwhile):
/// reloading fetches it again, from the version the server has now.
#[component]
fn PageUnavailable() -> impl IntoView {
    let reload = Callback::new(|()| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    view! {
        <div class="page">
            <ErrorBanner
                error=ApiError::network()
                title="This page couldn't be loaded"
                on_retry=reload
            />
        </div>
    }
}

#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    Toasts::provide();
    Playback::provide();

    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view={Lazy::<Login>::new()} />
                <Route path=path!("/signup") view={Lazy::<Signup>::new()} />
                <Route path=path!("/invite") view={Lazy::<AcceptInvitation>::new()} />
                <Route path=path!("/forgot-password") view={Lazy::<ForgotPassword>::new()} />
                <Route path=path!("/reset-password") view={Lazy::<ResetPassword>::new()} />
                <Route path=path!("/confirm-email") view={Lazy::<ConfirmEmail>::new()} />
                <ParentRoute path=path!("") view=AppShell>
                    <Route path=path!("") view={Lazy::<Dashboard>::new()} />
                    <Route path=path!("calls") view={Lazy::<CallList>::new()} />
                    <Route path=path!("calls/:id") view={Lazy::<CallDetails>::new()} />
                    <Route path=path!("contacts") view={Lazy::<ContactList>::new()} />
                    <Route path=path!("contacts/new") view={Lazy::<ContactCreate>::new()} />
                    <Route path=path!("contacts/:id") view={Lazy::<ContactDetails>::new()} />
                    <Route path=path!("todos") view={Lazy::<Todos>::new()} />
                    <Route path=path!("todos/types") view={Lazy::<TodoTypes>::new()} />
                    <Route path=path!("phones") view={Lazy::<PhoneList>::new()} />
                    <Route path=path!("phones/buy") view={Lazy::<BuyPhone>::new()} />
                    <Route path=path!("phones/:id") view={Lazy::<PhoneDetails>::new()} />
                    <Route path=path!("agents") view={Lazy::<AgentList>::new()} />
                    <Route path=path!("agents/new") view={Lazy::<AgentCreate>::new()} />
                    <Route path=path!("agents/:id") view={Lazy::<AgentDetails>::new()} />
                    <Route path=path!("analyzers") view={Lazy::<AnalyzerList>::new()} />
                    <Route path=path!("analyzers/new") view={Lazy::<AnalyzerCreate>::new()} />
                    <Route path=path!("analyzers/:id") view={Lazy::<AnalyzerDetails>::new()} />
                    <ParentRoute path=path!("settings") view=SettingsLayout>
                        <Route path=path!("") view={Lazy::<GeneralSettingsRoute>::new()} />
                        <Route path=path!("telephony") view={Lazy::<TelephonySettingsRoute>::new()} />
                        <Route path=path!("api-keys") view={Lazy::<ApiKeys>::new()} />
                        <Route path=path!("email") view={Lazy::<EmailSettingsRoute>::new()} />
                        <Route path=path!("email/:id") view={Lazy::<MailMessage>::new()} />
                        <Route path=path!("reporting") view={Lazy::<ReportingSettingsRoute>::new()} />
                        <Route path=path!("team") view={Lazy::<TeamSettingsRoute>::new()} />
                        <Route path=path!("account") view={Lazy::<AccountSettingsRoute>::new()} />
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
