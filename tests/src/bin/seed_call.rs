//! Seeds a finished call and delivers its recording callback, as Twilio would, for the browser
//! tests (calls are otherwise created by the live media stream).
//!
//! `seed_call --database-url URL --server-url URL --org-email EMAIL --number E164 --from E164
//!  --account-sid AC… --auth-token TOKEN --recording-sid RE…` inserts the call on the
//! organization's number (resolving the caller to a contact), then POSTs a signed
//! `/twilio/recording` callback; prints `{"call_id": …}`.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::clients::twilio::signature;
use loquent_server::db::schema::{call, member, phone_number};
use uuid::Uuid;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts: HashMap<&str, &str> = args
        .chunks(2)
        .map(|pair| match pair {
            [k, v] => Ok((k.trim_start_matches("--"), v.as_str())),
            _ => anyhow::bail!("arguments come in --name value pairs"),
        })
        .collect::<anyhow::Result<_>>()?;
    let arg =
        |name: &str| opts.get(name).copied().ok_or_else(|| anyhow::anyhow!("--{name} is required"));

    let mut conn = loquent_tests::db::connect(arg("database-url")?).await;
    let org: Uuid = member::table
        .filter(member::email.eq(arg("org-email")?.to_lowercase()))
        .select(member::organization_id)
        .first(&mut conn)
        .await?;
    let phone: Uuid = phone_number::table
        .filter(phone_number::organization_id.eq(org))
        .filter(phone_number::number.eq(arg("number")?))
        .select(phone_number::id)
        .first(&mut conn)
        .await?;
    let from = arg("from")?;
    let contact = loquent_server::mods::contact::resolve_contact(&mut conn, from, org)
        .await
        .map_err(|e| anyhow::anyhow!("resolving the caller: {e}"))?;
    let call_sid = format!("CA{}", Uuid::new_v4().simple());
    let call_id: Uuid = diesel::insert_into(call::table)
        .values((
            call::organization_id.eq(org),
            call::phone_number_id.eq(phone),
            call::contact_id.eq(contact),
            call::call_sid.eq(&call_sid),
            call::from_number.eq(&from),
            call::to_number.eq(arg("number")?),
            call::direction.eq("inbound"),
            call::status.eq("completed"),
            call::duration_secs.eq(7),
            call::ended_at.eq(chrono::Utc::now()),
        ))
        .returning(call::id)
        .get_result(&mut conn)
        .await?;

    let params: Vec<(String, String)> = [
        ("AccountSid", arg("account-sid")?),
        ("CallSid", call_sid.as_str()),
        ("RecordingSid", arg("recording-sid")?),
        ("RecordingStatus", "completed"),
        ("RecordingDuration", "7"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let url = format!("{}/twilio/recording", arg("server-url")?.trim_end_matches('/'));
    let sig = signature::sign(arg("auth-token")?, &url, &params);
    let res = reqwest::Client::new()
        .post(&url)
        .header("X-Twilio-Signature", sig)
        .form(&params)
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "the recording callback answered {}", res.status());
    println!("{}", serde_json::json!({ "call_id": call_id, "call_sid": call_sid }));
    Ok(())
}
