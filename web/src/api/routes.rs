//! Every endpoint the web app calls, as a method and a path template, named after the spec's
//! operation id. The request functions in [`super`] only take a [`Route`], so nothing reaches the
//! server without being listed here, and a test checks the list against `openapi/openapi.json`.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// An endpoint: its method and its path template with `{name}` parameters, as the spec has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    pub template: &'static str,
}

impl Route {
    /// The path with its `{…}` parameters filled in order from `params`.
    pub fn path(self, params: &[&dyn fmt::Display]) -> String {
        let mut out = String::with_capacity(self.template.len() + 36 * params.len());
        let mut rest = self.template;
        let mut params = params.iter();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            let param = params.next();
            debug_assert!(param.is_some(), "{} needs more parameters", self.template);
            if let Some(param) = param {
                out.push_str(&param.to_string());
            }
            rest = &rest[close..];
        }
        debug_assert!(params.next().is_none(), "{} takes fewer parameters", self.template);
        out.push_str(rest);
        out
    }
}

/// Declares each route as a constant, and [`ALL`] with every one of them, so no route can be
/// left out of the contract test.
macro_rules! routes {
    ($($name:ident = $method:ident $template:literal;)*) => {
        $(pub const $name: Route = Route { method: Method::$method, template: $template };)*

        /// Every route above.
        #[cfg_attr(not(test), expect(dead_code, reason = "read by the contract test"))]
        pub const ALL: &[Route] = &[$($name),*];
    };
}

routes! {
    SIGN_UP = Post "/api/auth/signup";
    LOG_IN = Post "/api/auth/login";
    LOG_OUT = Post "/api/auth/logout";
    GET_ME = Get "/api/me";
    SWITCH_ORGANIZATION = Post "/api/me/organization";
    PREVIEW_INVITATION = Post "/api/auth/invitation";
    ACCEPT_INVITATION = Post "/api/auth/invitation/accept";
    REQUEST_PASSWORD_RESET = Post "/api/auth/password-reset";
    RESET_PASSWORD = Post "/api/auth/password-reset/confirm";
    CONFIRM_EMAIL_CHANGE = Post "/api/auth/email-change/confirm";

    UPDATE_ACCOUNT = Patch "/api/account";
    CHANGE_PASSWORD = Post "/api/account/password";
    CHANGE_EMAIL = Post "/api/account/email";
    LIST_SESSIONS = Get "/api/account/sessions";
    REVOKE_SESSION = Delete "/api/account/sessions/{id}";

    LIST_AGENTS = Get "/api/agents";
    CREATE_AGENT = Post "/api/agents";
    GET_AGENT = Get "/api/agents/{id}";
    UPDATE_AGENT = Put "/api/agents/{id}";
    DELETE_AGENT = Delete "/api/agents/{id}";

    LIST_ANALYZERS = Get "/api/analyzers";
    CREATE_ANALYZER = Post "/api/analyzers";
    GET_ANALYZER = Get "/api/analyzers/{id}";
    UPDATE_ANALYZER = Put "/api/analyzers/{id}";
    DELETE_ANALYZER = Delete "/api/analyzers/{id}";

    LIST_API_KEYS = Get "/api/api-keys";
    CREATE_API_KEY = Post "/api/api-keys";
    DELETE_API_KEY = Delete "/api/api-keys/{id}";

    LIST_CALLS = Get "/api/calls";
    GET_CALL = Get "/api/calls/{id}";
    RERUN_CALL_ANALYSIS = Post "/api/calls/{id}/rerun";
    GET_CALL_RECORDING = Get "/api/calls/{id}/recording";

    LIST_CONTACTS = Get "/api/contacts";
    CREATE_CONTACT = Post "/api/contacts";
    GET_CONTACT = Get "/api/contacts/{id}";
    UPDATE_CONTACT = Put "/api/contacts/{id}";
    DELETE_CONTACT = Delete "/api/contacts/{id}";
    ADD_CONTACT_PHONE = Post "/api/contacts/{contact_id}/phones";
    UPDATE_CONTACT_PHONE = Put "/api/contacts/{contact_id}/phones/{phone_id}";
    DELETE_CONTACT_PHONE = Delete "/api/contacts/{contact_id}/phones/{phone_id}";
    ADD_CONTACT_EMAIL = Post "/api/contacts/{contact_id}/emails";
    UPDATE_CONTACT_EMAIL = Put "/api/contacts/{contact_id}/emails/{email_id}";
    DELETE_CONTACT_EMAIL = Delete "/api/contacts/{contact_id}/emails/{email_id}";

    UPDATE_ORGANIZATION = Patch "/api/organization";
    LIST_MEMBERS = Get "/api/members";
    UPDATE_MEMBER = Patch "/api/members/{id}";
    REMOVE_MEMBER = Delete "/api/members/{id}";
    TRANSFER_OWNERSHIP = Post "/api/organization/transfer-ownership";
    LIST_INVITATIONS = Get "/api/invitations";
    CREATE_INVITATION = Post "/api/invitations";
    RESEND_INVITATION = Post "/api/invitations/{id}/resend";
    REVOKE_INVITATION = Delete "/api/invitations/{id}";
    LIST_MEMBERSHIP_EVENTS = Get "/api/membership-events";
    DELETE_DEMO_DATA = Delete "/api/demo-data";
    GET_DASHBOARD = Get "/api/dashboard";
    GET_REPORT_SETTINGS = Get "/api/report-settings";
    PUT_REPORT_SETTINGS = Put "/api/report-settings";

    LIST_TODOS = Get "/api/todos";
    COUNT_TODOS = Get "/api/todos/counts";
    GET_TODO = Get "/api/todos/{id}";
    UPDATE_TODO = Patch "/api/todos/{id}";
    APPROVE_TODO = Post "/api/todos/{id}/approve";
    REJECT_TODO = Post "/api/todos/{id}/reject";
    MARK_TODO_DONE = Post "/api/todos/{id}/done";
    LIST_TODO_TYPES = Get "/api/todo-types";
    CREATE_TODO_TYPE = Post "/api/todo-types";
    UPDATE_TODO_TYPE = Put "/api/todo-types/{id}";
    DELETE_TODO_TYPE = Delete "/api/todo-types/{id}";

    GET_MAIL_SETTINGS = Get "/api/mail/settings";
    LIST_MAIL_MESSAGES = Get "/api/mail/outbox";
    GET_MAIL_MESSAGE = Get "/api/mail/outbox/{id}";
    SEND_TEST_MAIL = Post "/api/mail/test";

    LIST_PHONES = Get "/api/phones";
    GET_PHONE = Get "/api/phones/{id}";
    UPDATE_PHONE = Patch "/api/phones/{id}";
    TAKE_OVER_PHONE_VOICE_URL = Post "/api/phones/{id}/voice-url";
    RESTORE_PHONE_VOICE_URL = Post "/api/phones/{id}/voice-url/restore";

    GET_TWILIO_SETTINGS = Get "/api/twilio/settings";
    PUT_TWILIO_SETTINGS = Put "/api/twilio/settings";
    DELETE_TWILIO_SETTINGS = Delete "/api/twilio/settings";
    GET_TWILIO_ACCESS_TOKEN = Get "/api/twilio/access-token";
    SEARCH_AVAILABLE_NUMBERS = Post "/api/twilio/search-available-numbers";
    BUY_PHONE_NUMBER = Post "/api/twilio/buy-phone-number";
    GET_UNSYNCED_NUMBERS = Post "/api/twilio/get-unsynced-numbers";
    SYNC_NUMBERS = Post "/api/twilio/sync-numbers";
}

#[cfg(test)]
mod tests {
    use super::{ALL, GET_CALL_RECORDING, LIST_AGENTS, Method, UPDATE_CONTACT_PHONE};

    #[test]
    fn paths_fill_their_parameters_in_order() {
        assert_eq!(LIST_AGENTS.path(&[]), "/api/agents");
        assert_eq!(GET_CALL_RECORDING.path(&[&7]), "/api/calls/7/recording");
        assert_eq!(UPDATE_CONTACT_PHONE.path(&[&"c", &"p"]), "/api/contacts/c/phones/p");
    }

    /// The web app's side of the contract: every route it calls is in the committed spec, with
    /// that method and that path template.
    #[test]
    fn every_route_is_in_the_openapi_spec() {
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
        let text = std::fs::read_to_string(file).expect("openapi/openapi.json is readable");
        let spec: serde_json::Value = serde_json::from_str(&text).expect("the spec is JSON");
        let paths = spec["paths"].as_object().expect("the spec has paths");
        let missing: Vec<String> = ALL
            .iter()
            .filter(|route| {
                let method = match route.method {
                    Method::Get => "get",
                    Method::Post => "post",
                    Method::Put => "put",
                    Method::Patch => "patch",
                    Method::Delete => "delete",
                };
                paths.get(route.template).and_then(|p| p.get(method)).is_none()
            })
            .map(|route| format!("{:?} {}", route.method, route.template))
            .collect();
        assert!(missing.is_empty(), "not in openapi/openapi.json: {missing:#?}");
    }
}
