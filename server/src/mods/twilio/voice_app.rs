//! What calling from the browser needs in the organization's Twilio account: a TwiML
//! Application (Twilio asks `/twilio/voice/outbound` what its calls do) and an API Key (its
//! secret signs the Voice SDK's access tokens). Made on first need, once per account, and kept
//! (the secret encrypted, bound to the organization like the auth token); connecting another
//! account forgets them ([`super::account::save`]), disconnecting one removes them with it.

use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use super::account;
use super::error::TelephonyError;
use crate::crypto::SecretCipher;
use crate::db::schema::organization_twilio_settings as ots;
use crate::mods::organization::OrganizationRow;
use crate::state::AppState;

/// An organization's browser-calling resources.
pub struct VoiceApp {
    pub account_sid: String,
    pub twiml_app_sid: String,
    pub api_key_sid: String,
    pub api_key_secret: SecretString,
}

/// The associated data binding an API key secret's ciphertext to its organization.
fn secret_context(organization_id: Uuid) -> String {
    format!("twilio.api_key_secret:{organization_id}")
}

type Stored = (String, Option<String>, Option<String>, Option<Vec<u8>>);

async fn stored(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<Option<Stored>> {
    ots::table
        .find(organization_id)
        .select((ots::account_sid, ots::twiml_app_sid, ots::api_key_sid, ots::api_key_secret))
        .first(conn)
        .await
        .optional()
}

fn complete(
    cipher: &SecretCipher,
    organization_id: Uuid,
    stored: Stored,
) -> Result<Option<VoiceApp>, TelephonyError> {
    let (account_sid, Some(twiml_app_sid), Some(api_key_sid), Some(secret)) = stored else {
        return Ok(None);
    };
    let api_key_secret = cipher
        .decrypt(&secret, &secret_context(organization_id))
        .map_err(TelephonyError::Secret)?;
    Ok(Some(VoiceApp { account_sid, twiml_app_sid, api_key_sid, api_key_secret }))
}

/// The organization's TwiML Application and API Key, made in its Twilio account on first need
/// (the account itself too, as buying a number would). Serialised per organization, so two
/// first requests at once make one of each.
pub async fn ensure(
    state: &AppState,
    organization: &OrganizationRow,
) -> Result<VoiceApp, TelephonyError> {
    let mut conn = state.pool.get().await?;
    if let Some(found) = stored(&mut conn, organization.id).await?
        && let Some(app) = complete(&state.cipher, organization.id, found)?
    {
        return Ok(app);
    }
    drop(conn);
    let creds = account::ensure_credentials(state, organization).await?;
    let mut conn = state.pool.get().await?;
    let org_id = organization.id;
    let voice_url = state.config.public_urls().outbound_voice_webhook();
    // The inner result is Twilio's: what was made before it failed is kept (the transaction
    // commits), so a retry doesn't make a second application.
    conn.transaction::<_, TelephonyError, _>(async move |conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind::<Text, _>(format!("twilio-voice-app:{org_id}"))
            .execute(conn)
            .await?;
        let found = stored(conn, org_id).await?.ok_or(TelephonyError::NotConfigured)?;
        if found.0 != creds.account_sid {
            // The account changed meanwhile: what was made belongs to the old one.
            return Err(TelephonyError::NotConfigured);
        }
        let (_, app_sid, key_sid, secret) = found.clone();
        if let Some(app) = complete(&state.cipher, org_id, found)? {
            return Ok(Ok(app));
        }
        let twiml_app_sid = match app_sid {
            Some(sid) => sid,
            None => {
                let made = state
                    .twilio
                    .create_application(&creds, "Loquent browser calling", &voice_url)
                    .await;
                let sid = match made {
                    Ok(app) => app.sid,
                    Err(e) => return Ok(Err(TelephonyError::from(e))),
                };
                diesel::update(ots::table.find(org_id))
                    .set(ots::twiml_app_sid.eq(&sid))
                    .execute(conn)
                    .await?;
                sid
            }
        };
        let (api_key_sid, api_key_secret) = match (key_sid, secret) {
            (Some(sid), Some(secret)) => (
                sid,
                state
                    .cipher
                    .decrypt(&secret, &secret_context(org_id))
                    .map_err(TelephonyError::Secret)?,
            ),
            _ => match state.twilio.create_api_key(&creds, "Loquent browser calling").await {
                Ok(key) => (key.sid, SecretString::from(key.secret)),
                Err(e) => return Ok(Err(TelephonyError::from(e))),
            },
        };
        let sealed = state
            .cipher
            .encrypt(api_key_secret.expose_secret(), &secret_context(org_id))
            .map_err(TelephonyError::Secret)?;
        diesel::update(ots::table.find(org_id))
            .set((ots::api_key_sid.eq(&api_key_sid), ots::api_key_secret.eq(&sealed)))
            .execute(conn)
            .await?;
        tracing::info!(org_id = %org_id, %twiml_app_sid, %api_key_sid, "browser calling set up");
        Ok(Ok(VoiceApp {
            account_sid: creds.account_sid.clone(),
            twiml_app_sid,
            api_key_sid,
            api_key_secret,
        }))
    })
    .await?
}
