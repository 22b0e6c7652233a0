//! `TwilioWebhook<T>`: the one way a `/twilio/*` webhook reads its request. The form body is
//! read once (refused past [`body::MAX_BODY_BYTES`]), deserialised into `T`, its SIDs checked, and the signature verified with the
//! auth token of the organization that made it; the handler gets the form and the organization.

use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use loquent_shared::twilio::is_sid;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::body;
use super::verify::{self, Signer, Signers, Stored};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The form of one Twilio webhook: what it must carry and who may have signed it.
pub trait WebhookForm: DeserializeOwned + 'static {
    /// Names the webhook in the errors about its form, e.g. `voice webhook`.
    const NAME: &'static str;

    /// `AccountSid`: every webhook carries the account it comes from.
    fn account_sid(&self) -> &str;

    /// `CallSid`, for webhooks about a call.
    fn call_sid(&self) -> Option<&str>;

    /// Any further SIDs to check, as (parameter, value, prefix).
    fn other_sids(&self) -> Vec<(&'static str, &str, &'static str)> {
        Vec::new()
    }

    /// Whose auth token may have signed it.
    fn signer(&self) -> Signer<'_>;
}

/// A webhook Twilio signed for `organization_id`, with its form. Derefs to the form.
#[derive(Debug)]
pub struct TwilioWebhook<T> {
    pub form: T,
    pub organization_id: Uuid,
}

impl<T> Deref for TwilioWebhook<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.form
    }
}

/// Reads a webhook whose body is `body`, requested at the public `url` and signed with
/// `signature`. Refuses a body that is not a form, or not `T`, or whose SIDs are malformed with
/// 400 `malformed_form`; an unsigned request, or one no candidate organization's token signed,
/// with 403 `invalid_signature`. Records `call_sid` in the current span.
pub async fn authenticate<T: WebhookForm>(
    signers: &impl Signers,
    url: &str,
    body: &[u8],
    signature: Option<&str>,
) -> ApiResult<TwilioWebhook<T>> {
    let params: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|e| {
        ApiError::bad_request("malformed_form", format!("the body is not a form: {e}"))
    })?;
    let form: T = serde_urlencoded::from_bytes(body)
        .map_err(|e| ApiError::bad_request("malformed_form", format!("{}: {e}", T::NAME)))?;
    let mut sids = vec![("AccountSid", form.account_sid(), "AC")];
    sids.extend(form.call_sid().map(|sid| ("CallSid", sid, "CA")));
    sids.extend(form.other_sids());
    for (field, value, prefix) in sids {
        if !is_sid(value, prefix) {
            return Err(ApiError::bad_request(
                "malformed_form",
                format!("{field}: not a {prefix}… SID"),
            ));
        }
    }
    if let Some(call_sid) = form.call_sid() {
        tracing::Span::current().record("call_sid", call_sid);
    }
    let organization_id = verify::verify(signers, form.signer(), url, &params, signature).await?;
    Ok(TwilioWebhook { form, organization_id })
}

impl<T: WebhookForm> FromRequest for TwilioWebhook<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let payload = payload.take();
        let req = req.clone();
        Box::pin(async move {
            // Read with a ceiling first: nothing is parsed or hashed for an oversized body.
            let body = body::read(&req, payload, body::MAX_BODY_BYTES).await?;
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("AppState missing")))?;
            let url = verify::request_url(state.config.public_urls(), &req);
            let hook =
                authenticate(&Stored(state), &url, &body, verify::signature_of(&req)).await?;
            Ok(hook)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use actix_web::ResponseError;
    use actix_web::http::StatusCode;
    use secrecy::SecretString;
    use serde::Deserialize;

    use super::*;
    use crate::clients::twilio::signature::sign;
    use crate::mods::twilio::error::TelephonyError;

    const URL: &str = "https://voice.example.com/twilio/test";
    const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
    const CALL: &str = "CA0123456789abcdef0123456789abcdef";
    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct CallForm {
        account_sid: String,
        #[serde(default)]
        call_sid: Option<String>,
    }

    impl WebhookForm for CallForm {
        const NAME: &'static str = "test webhook";

        fn account_sid(&self) -> &str {
            &self.account_sid
        }

        fn call_sid(&self) -> Option<&str> {
            self.call_sid.as_deref()
        }

        fn signer(&self) -> Signer<'_> {
            Signer::NumberOrAccount { number: "+14155550123", account_sid: &self.account_sid }
        }
    }

    /// A form with a further SID, like the recording callback's.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct RecordingForm {
        account_sid: String,
        call_sid: String,
        recording_sid: String,
    }

    impl WebhookForm for RecordingForm {
        const NAME: &'static str = "test callback";

        fn account_sid(&self) -> &str {
            &self.account_sid
        }

        fn call_sid(&self) -> Option<&str> {
            Some(&self.call_sid)
        }

        fn other_sids(&self) -> Vec<(&'static str, &str, &'static str)> {
            vec![("RecordingSid", &self.recording_sid, "RE")]
        }

        fn signer(&self) -> Signer<'_> {
            Signer::NumberOrAccount { number: "+14155550123", account_sid: &self.account_sid }
        }
    }

    /// Accounts and their organizations' tokens, in memory.
    #[derive(Default)]
    struct Accounts {
        orgs: HashMap<String, Vec<Uuid>>,
        tokens: HashMap<Uuid, String>,
    }

    impl Accounts {
        fn with(mut self, account_sid: &str, org: Uuid, token: &str) -> Accounts {
            self.orgs.entry(account_sid.to_string()).or_default().push(org);
            self.tokens.insert(org, token.to_string());
            self
        }
    }

    impl Signers for Accounts {
        async fn candidates(&self, signer: Signer<'_>) -> Result<Vec<Uuid>, TelephonyError> {
            let Signer::NumberOrAccount { account_sid, .. } = signer else {
                panic!("the test form names its account");
            };
            Ok(self.orgs.get(account_sid).cloned().unwrap_or_default())
        }

        async fn auth_token(&self, org: Uuid) -> Result<Option<SecretString>, TelephonyError> {
            Ok(self.tokens.get(&org).map(|t| SecretString::from(t.clone())))
        }
    }

    fn form(params: &[(&str, &str)]) -> (Vec<u8>, Vec<(String, String)>) {
        let owned: Vec<(String, String)> =
            params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        (serde_urlencoded::to_string(&owned).expect("form").into_bytes(), owned)
    }

    fn refused<T: std::fmt::Debug>(result: ApiResult<T>) -> (StatusCode, String) {
        let err = result.expect_err("refused");
        (err.status_code(), err.code().into_owned())
    }

    fn forbidden() -> (StatusCode, String) {
        (StatusCode::FORBIDDEN, "invalid_signature".into())
    }

    fn malformed() -> (StatusCode, String) {
        (StatusCode::BAD_REQUEST, "malformed_form".into())
    }

    #[tokio::test]
    async fn a_good_signature_names_the_organization() {
        let org = Uuid::new_v4();
        let accounts = Accounts::default().with(ACCOUNT, org, TOKEN);
        let (body, params) = form(&[("AccountSid", ACCOUNT), ("CallSid", CALL), ("From", "+1")]);
        let sig = sign(TOKEN, URL, &params);

        let hook: TwilioWebhook<CallForm> =
            authenticate(&accounts, URL, &body, Some(&sig)).await.expect("accepted");

        assert_eq!(hook.organization_id, org);
        assert_eq!(hook.call_sid.as_deref(), Some(CALL));
    }

    #[tokio::test]
    async fn the_candidate_whose_token_signed_is_the_one() {
        let (other, org) = (Uuid::new_v4(), Uuid::new_v4());
        let accounts =
            Accounts::default().with(ACCOUNT, other, &"f".repeat(32)).with(ACCOUNT, org, TOKEN);
        let (body, params) = form(&[("AccountSid", ACCOUNT), ("CallSid", CALL)]);
        let sig = sign(TOKEN, URL, &params);

        let hook: TwilioWebhook<CallForm> =
            authenticate(&accounts, URL, &body, Some(&sig)).await.expect("accepted");

        assert_eq!(hook.organization_id, org);
    }

    #[tokio::test]
    async fn bad_or_missing_signatures_are_403() {
        let accounts = Accounts::default().with(ACCOUNT, Uuid::new_v4(), TOKEN);
        let (body, params) = form(&[("AccountSid", ACCOUNT), ("CallSid", CALL)]);
        let wrong_token = sign(&"f".repeat(32), URL, &params);
        let wrong_url = sign(TOKEN, "https://elsewhere.example.com/twilio/test", &params);
        let (tampered, _) = form(&[("AccountSid", ACCOUNT), ("CallSid", CALL), ("X", "1")]);
        let good = sign(TOKEN, URL, &params);

        for (body, sig) in [
            (&body, None),
            (&body, Some(wrong_token.as_str())),
            (&body, Some(wrong_url.as_str())),
            (&body, Some("bm90IGEgc2lnbmF0dXJl")),
            (&tampered, Some(good.as_str())),
        ] {
            let result = authenticate::<CallForm>(&accounts, URL, body, sig).await;
            assert_eq!(refused(result), forbidden(), "{sig:?}");
        }
    }

    #[tokio::test]
    async fn an_unknown_account_is_403() {
        let accounts = Accounts::default().with(ACCOUNT, Uuid::new_v4(), TOKEN);
        let stranger = "ACffffffffffffffffffffffffffffffff";
        let (body, params) = form(&[("AccountSid", stranger), ("CallSid", CALL)]);
        let sig = sign(TOKEN, URL, &params);

        let result = authenticate::<CallForm>(&accounts, URL, &body, Some(&sig)).await;

        assert_eq!(refused(result), forbidden());
    }

    #[tokio::test]
    async fn an_organization_without_a_token_is_403() {
        let org = Uuid::new_v4();
        let mut accounts = Accounts::default().with(ACCOUNT, org, TOKEN);
        accounts.tokens.clear();
        let (body, params) = form(&[("AccountSid", ACCOUNT), ("CallSid", CALL)]);
        let sig = sign(TOKEN, URL, &params);

        let result = authenticate::<CallForm>(&accounts, URL, &body, Some(&sig)).await;

        assert_eq!(refused(result), forbidden());
    }

    #[tokio::test]
    async fn missing_or_malformed_sids_are_400_before_any_signature_check() {
        let accounts = Accounts::default().with(ACCOUNT, Uuid::new_v4(), TOKEN);
        for params in [
            vec![("CallSid", CALL)],
            vec![("AccountSid", "nope"), ("CallSid", CALL)],
            vec![("AccountSid", CALL), ("CallSid", CALL)],
            vec![("AccountSid", ACCOUNT), ("CallSid", "CA0123")],
            vec![("AccountSid", ACCOUNT), ("CallSid", "../../etc/passwd")],
        ] {
            let (body, owned) = form(&params);
            let sig = sign(TOKEN, URL, &owned);
            let result = authenticate::<CallForm>(&accounts, URL, &body, Some(&sig)).await;
            assert_eq!(refused(result), malformed(), "{params:?}");
        }
    }

    #[tokio::test]
    async fn a_webhook_without_a_call_sid_is_verified_by_its_account() {
        let org = Uuid::new_v4();
        let accounts = Accounts::default().with(ACCOUNT, org, TOKEN);
        let (body, params) = form(&[("AccountSid", ACCOUNT)]);
        let sig = sign(TOKEN, URL, &params);

        let hook: TwilioWebhook<CallForm> =
            authenticate(&accounts, URL, &body, Some(&sig)).await.expect("accepted");

        assert_eq!((hook.organization_id, hook.call_sid.as_deref()), (org, None));
    }

    #[tokio::test]
    async fn further_sids_are_checked_too() {
        let accounts = Accounts::default().with(ACCOUNT, Uuid::new_v4(), TOKEN);
        let recording = "RE0123456789abcdef0123456789abcdef";
        for (value, accepted) in [(recording, true), ("../../etc/passwd", false), (CALL, false)] {
            let (body, params) =
                form(&[("AccountSid", ACCOUNT), ("CallSid", CALL), ("RecordingSid", value)]);
            let sig = sign(TOKEN, URL, &params);
            let result = authenticate::<RecordingForm>(&accounts, URL, &body, Some(&sig)).await;
            if accepted {
                assert_eq!(result.expect("accepted").recording_sid, recording);
            } else {
                assert_eq!(refused(result), malformed(), "{value}");
            }
        }
    }
}
