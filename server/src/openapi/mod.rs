//! The OpenAPI document: the base (info, tags, security schemes) plus every path collected from
//! the real router by utoipa-actix-web. `loquent openapi` writes it to `openapi/openapi.json`;
//! a test fails when that file and the served spec differ.

use actix_web::App;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{AppExt, scope};

use crate::mods::auth::session::SESSION_COOKIE;

mod fixups;
mod standard_responses;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Loquent API",
        description = "Loquent puts AI voice agents on your business's phone numbers. This API is \
            what the Loquent web app uses, and what integrations use with an organization API key \
            (`Authorization: Bearer lq_…`).\n\nEvery error answers with \
            `{\"error\": {\"code\": \"…\", \"message\": \"…\"}}`; `code` is stable, `message` is \
            for people. Resources of another organization answer 404, exactly like ids that \
            don't exist.",
        license(name = "Proprietary")
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "auth", description = "Sign-up, sign-in and the signed-in member"),
        (name = "organization", description = "The organization: its name, time zone and members"),
        (name = "account", description = "The signed-in person's own login: name, email, password, sessions; and the forgotten-password link"),
        (name = "api_key", description = "Organization API keys for integrations"),
        (name = "phone", description = "The organization's phone numbers: names, agents, call routing"),
        (name = "twilio", description = "The organization's Twilio account, and buying and importing numbers"),
        (name = "agent", description = "AI agents that answer calls"),
        (name = "analyzer", description = "Prompts run over every call transcript"),
        (name = "contact", description = "The people who call, with their phones and emails"),
        (name = "call", description = "Calls, their recordings, transcriptions and analysis"),
        (name = "mail", description = "Email Loquent sends: how it leaves, the outbox, a test message"),
        (name = "todo", description = "Follow-ups found in calls, their review and actions, and the to-do types"),
        (name = "report", description = "Reporting by email: who receives a report after each call and the daily digest, and when"),
        (name = "demo", description = "The demo workspace's sample data: whether the organization holds it (`demo_data` in `GET /api/me`), and clearing it"),
        (name = "twilio_webhooks", description = "What Twilio calls during a call, outside `/api`: each request signed by Twilio (`X-Twilio-Signature`) with the auth token of the account the call belongs to, and refused otherwise. Bodies are Twilio's forms, at most 64 KiB"),
        (name = "dashboard", description = "What the organization's calls and to-dos add up to over a range, on its own calendar"),
    ),
    components(schemas(loquent_shared::ErrorBody))
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "Set by sign-up and sign-in; what the web app uses.",
            ))),
        );
        components.add_security_scheme(
            "twilio_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Twilio-Signature",
                "Twilio's signature of a webhook: base64 HMAC-SHA1, keyed with the auth token \
                 of the Twilio account the call belongs to, of the request's URL followed by \
                 each POST parameter's name and value in name order.",
            ))),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An organization API key, `lq_…`. It acts as the member who created it, \
                         with at most a viewer's permissions when its scope is `read_only`; an \
                         expired or deleted key answers 401 `invalid_api_key`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The whole spec, built from the same route registration the server mounts.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope("/api").configure(crate::mods::configure_api))
        .split_for_parts();
    let mut api = api;
    api.merge(crate::mods::twilio::webhooks::WebhooksDoc::openapi());
    standard_responses::add(&mut api);
    fixups::apply(&mut api);
    api
}

/// The spec as committed in `openapi/openapi.json`: pretty JSON with a trailing newline.
pub fn spec_json() -> anyhow::Result<String> {
    Ok(spec().to_pretty_json()? + "\n")
}
