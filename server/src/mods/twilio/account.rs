//! Which Twilio account an organization's numbers live in, and its credentials.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use super::error::TelephonyError;
use crate::clients::twilio::{TwilioClient, TwilioCredentials, TwilioError};
use crate::crypto::SecretCipher;
use crate::db::schema::organization_twilio_settings as ots;
use crate::mods::organization::OrganizationRow;
use crate::state::AppState;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ots, check_for_backend(diesel::pg::Pg))]
pub struct SettingsRow {
    pub organization_id: Uuid,
    pub account_sid: String,
    pub auth_token: Vec<u8>,
    pub is_byo: bool,
    pub connected_at: DateTime<Utc>,
}

/// The associated data binding an auth token ciphertext to its organization.
fn token_context(organization_id: Uuid) -> String {
    format!("twilio.auth_token:{organization_id}")
}

impl SettingsRow {
    pub fn credentials(&self, cipher: &SecretCipher) -> Result<TwilioCredentials, TelephonyError> {
        let auth_token = cipher
            .decrypt(&self.auth_token, &token_context(self.organization_id))
            .map_err(TelephonyError::Secret)?;
        Ok(TwilioCredentials { account_sid: self.account_sid.clone(), auth_token })
    }
}

/// The organization's settings row, if it has a Twilio account yet.
pub async fn get_twilio_settings(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<Option<SettingsRow>> {
    ots::table.find(organization_id).select(SettingsRow::as_select()).first(conn).await.optional()
}

/// The organization's Twilio credentials, if it has an account (no Twilio call).
pub async fn stored_credentials(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> Result<TwilioCredentials, TelephonyError> {
    get_twilio_settings(conn, organization_id)
        .await?
        .ok_or(TelephonyError::NotConnected)?
        .credentials(&state.cipher)
}

/// The organization's credentials, creating its platform subaccount on first need. Serialised
/// per organization, so two first requests at once create one subaccount, not two.
pub async fn ensure_credentials(
    state: &AppState,
    organization: &OrganizationRow,
) -> Result<TwilioCredentials, TelephonyError> {
    let mut conn = state.pool.get().await?;
    if let Some(row) = get_twilio_settings(&mut conn, organization.id).await? {
        return row.credentials(&state.cipher);
    }
    let main = state.config.twilio_main.clone().ok_or(TelephonyError::NotConfigured)?;
    let (twilio, cipher, org_id, org_name) =
        (state.twilio.clone(), state.cipher.clone(), organization.id, organization.name.clone());
    conn.transaction::<_, TelephonyError, _>(async move |conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind::<Text, _>(format!("twilio-subaccount:{org_id}"))
            .execute(conn)
            .await?;
        if let Some(row) = get_twilio_settings(conn, org_id).await? {
            return row.credentials(&cipher);
        }
        let created = create_subaccount(&twilio, &main, &org_name).await?;
        save(conn, &cipher, org_id, &created, false).await?;
        tracing::info!(org_id = %org_id, account_sid = %created.account_sid, "Twilio subaccount created");
        Ok(created)
    })
    .await
}

async fn create_subaccount(
    twilio: &TwilioClient,
    main: &TwilioCredentials,
    org_name: &str,
) -> Result<TwilioCredentials, TwilioError> {
    let account = twilio.create_subaccount(main, &format!("Loquent · {org_name}")).await?;
    let token = account.auth_token.ok_or_else(|| {
        TwilioError::Decode("the new subaccount came without an auth token".into())
    })?;
    Ok(TwilioCredentials { account_sid: account.sid, auth_token: SecretString::from(token) })
}

/// Stores (or replaces) the organization's account, encrypting its token.
pub async fn save(
    conn: &mut AsyncPgConnection,
    cipher: &SecretCipher,
    organization_id: Uuid,
    creds: &TwilioCredentials,
    is_byo: bool,
) -> Result<SettingsRow, TelephonyError> {
    let token = cipher
        .encrypt(creds.auth_token.expose_secret(), &token_context(organization_id))
        .map_err(TelephonyError::Secret)?;
    let now = Utc::now();
    let row = diesel::insert_into(ots::table)
        .values((
            ots::organization_id.eq(organization_id),
            ots::account_sid.eq(&creds.account_sid),
            ots::auth_token.eq(&token),
            ots::is_byo.eq(is_byo),
            ots::connected_at.eq(now),
        ))
        .on_conflict(ots::organization_id)
        .do_update()
        .set((
            ots::account_sid.eq(&creds.account_sid),
            ots::auth_token.eq(&token),
            ots::is_byo.eq(is_byo),
            ots::connected_at.eq(now),
            // Resources created under the previous account don't exist under this one.
            ots::twiml_app_sid.eq(None::<String>),
            ots::api_key_sid.eq(None::<String>),
            ots::api_key_secret.eq(None::<Vec<u8>>),
            ots::event_sink_sid.eq(None::<String>),
            ots::event_subscription_sid.eq(None::<String>),
            ots::sms_events_active.eq(false),
        ))
        .returning(SettingsRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row)
}

/// Forgets the organization's own account (platform-managed accounts are kept: their numbers
/// live there). Returns whether anything was removed.
pub async fn forget_byo(conn: &mut AsyncPgConnection, organization_id: Uuid) -> QueryResult<bool> {
    let n = diesel::delete(ots::table.find(organization_id).filter(ots::is_byo.eq(true)))
        .execute(conn)
        .await?;
    Ok(n > 0)
}

/// Where Twilio sends a Loquent number's calls.
pub fn voice_url(state: &AppState) -> String {
    state.config.public_urls().voice_webhook()
}
