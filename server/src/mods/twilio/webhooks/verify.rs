//! Whose auth token signed a request from Twilio: the one signature check behind every
//! `/twilio/*` webhook (through [`super::TwilioWebhook`]) and the media stream's upgrade.

use std::collections::BTreeSet;

use actix_web::HttpRequest;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use crate::clients::twilio::signature;
use crate::db::schema::organization_twilio_settings as ots;
use crate::mods::call::queries as calls;
use crate::mods::phone::queries as phones;
use crate::mods::twilio::account;
use crate::mods::twilio::error::TelephonyError;
use crate::public_urls::PublicUrls;
use crate::state::AppState;

pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// The request's `X-Twilio-Signature`, if it carries a readable one.
pub fn signature_of(req: &HttpRequest) -> Option<&str> {
    req.headers().get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok())
}

/// The public URL Twilio requested and signed: `APP_HOST` + path and query as received.
pub fn request_url(urls: PublicUrls<'_>, req: &HttpRequest) -> String {
    urls.http(req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/"))
}

/// The WebSocket URL Twilio signs a media-stream upgrade over: `wss://` (or `ws://` for a
/// plain-http deployment) + host + path, without the query string.
pub fn request_ws_url(urls: PublicUrls<'_>, req: &HttpRequest) -> String {
    urls.ws(req.uri().path())
}

/// Who may have signed a request, as far as the request tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signer<'a> {
    /// The organizations holding the dialled number, and those using the account the call
    /// belongs to (the voice webhook: the call is not known to Loquent yet).
    NumberOrAccount { number: &'a str, account_sid: &'a str },
    /// The organization the call belongs to (its row exists since the stream started).
    CallOwner { call_sid: &'a str },
    /// An organization already known (the stream upgrade knows it from the number's id).
    Organization(Uuid),
}

/// Where signers and their auth tokens are found: [`Stored`] in Loquent; a map in tests.
pub trait Signers {
    /// The organizations that may have signed, in the order their tokens are tried.
    fn candidates(
        &self,
        signer: Signer<'_>,
    ) -> impl Future<Output = Result<Vec<Uuid>, TelephonyError>>;

    /// The organization's auth token; `None` if it has no Twilio account (or it can't be read).
    fn auth_token(
        &self,
        organization_id: Uuid,
    ) -> impl Future<Output = Result<Option<SecretString>, TelephonyError>>;
}

/// The organizations and Twilio accounts stored in Loquent's database.
pub struct Stored<'a>(pub &'a AppState);

impl Signers for Stored<'_> {
    async fn candidates(&self, signer: Signer<'_>) -> Result<Vec<Uuid>, TelephonyError> {
        let mut conn = self.0.pool.get().await?;
        Ok(match signer {
            Signer::NumberOrAccount { number, account_sid } => {
                let holders = phones::holders_of(&mut conn, number).await?;
                let by_account: Vec<Uuid> = ots::table
                    .filter(ots::account_sid.eq(account_sid))
                    .select(ots::organization_id)
                    .load(&mut conn)
                    .await?;
                let orgs: BTreeSet<Uuid> =
                    holders.iter().map(|(org, _, _)| *org).chain(by_account).collect();
                orgs.into_iter().collect()
            }
            Signer::CallOwner { call_sid } => calls::find_by_sid(&mut conn, call_sid)
                .await?
                .map(|c| c.organization_id)
                .into_iter()
                .collect(),
            Signer::Organization(id) => vec![id],
        })
    }

    async fn auth_token(
        &self,
        organization_id: Uuid,
    ) -> Result<Option<SecretString>, TelephonyError> {
        let mut conn = self.0.pool.get().await?;
        Ok(account::stored_credentials(self.0, &mut conn, organization_id)
            .await
            .ok()
            .map(|creds| creds.auth_token))
    }
}

/// The organization whose auth token signed `url` and `params`: the first of `signer`'s
/// candidates whose token gives `signature`. 403 `invalid_signature` without a signature, when
/// no organization may have signed, or when none did.
pub async fn verify(
    signers: &impl Signers,
    signer: Signer<'_>,
    url: &str,
    params: &[(String, String)],
    signature: Option<&str>,
) -> Result<Uuid, TelephonyError> {
    let Some(sig) = signature else {
        tracing::warn!("Twilio request without a signature refused");
        return Err(TelephonyError::InvalidSignature);
    };
    let candidates = signers.candidates(signer).await?;
    if candidates.is_empty() {
        tracing::warn!(?signer, "Twilio request no organization could have signed; refused");
        return Err(TelephonyError::InvalidSignature);
    }
    for organization_id in candidates {
        let Some(token) = signers.auth_token(organization_id).await? else { continue };
        if signature::verify(token.expose_secret(), url, params, sig) {
            return Ok(organization_id);
        }
    }
    tracing::warn!(?signer, "Twilio request with a wrong signature refused");
    Err(TelephonyError::InvalidSignature)
}
