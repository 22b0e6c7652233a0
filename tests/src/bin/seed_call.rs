//! Seeds calls for the browser tests, as the live media stream and Twilio would make them
//! (calls are otherwise created by the stream).
//!
//! `seed_call --database-url URL --server-url URL --org-email EMAIL --number E164 --from E164
//!  --account-sid AC… --auth-token TOKEN --recording-sid RE…` inserts a finished call on the
//! organization's number (resolving the caller to a contact), then POSTs a signed
//! `/twilio/recording` callback; prints `{"call_id": …, "call_sid": …}`.
//!
//! With `--live true` the call is left in progress, as while the caller is still on the line,
//! and no callback is sent. `--end CA…` (with the database, server, account, token and
//! recording) ends that call now and delivers its recording callback.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_server::clients::twilio::signature;
use loquent_server::db::schema::{call, member, person, phone_number};
use uuid::Uuid;

type Args<'a> = HashMap<&'a str, &'a str>;

fn arg<'a>(opts: &Args<'a>, name: &str) -> anyhow::Result<&'a str> {
    opts.get(name).copied().ok_or_else(|| anyhow::anyhow!("--{name} is required"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts: Args = args
        .chunks(2)
        .map(|pair| match pair {
            [k, v] => Ok((k.trim_start_matches("--"), v.as_str())),
            _ => anyhow::bail!("arguments come in --name value pairs"),
        })
        .collect::<anyhow::Result<_>>()?;
    let mut conn = loquent_tests::db::connect(arg(&opts, "database-url")?).await;

    if let Some(call_sid) = opts.get("end") {
        let ended = diesel::update(call::table.filter(call::call_sid.eq(call_sid)))
            .set((
                call::status.eq("completed"),
                call::ended_at.eq(chrono::Utc::now()),
                call::duration_secs.eq(7),
            ))
            .returning(call::id)
            .get_result::<Uuid>(&mut conn)
            .await?;
        recording_callback(&opts, call_sid).await?;
        println!("{}", serde_json::json!({ "call_id": ended, "call_sid": call_sid }));
        return Ok(());
    }

    let live = opts.get("live") == Some(&"true");
    let (call_id, call_sid) = insert(&mut conn, &opts, live).await?;
    if !live {
        recording_callback(&opts, &call_sid).await?;
    }
    println!("{}", serde_json::json!({ "call_id": call_id, "call_sid": call_sid }));
    Ok(())
}

/// A call from `--from` to the organization's `--number`: finished a moment ago (7 s long), or
/// in progress.
async fn insert(
    conn: &mut AsyncPgConnection,
    opts: &Args<'_>,
    live: bool,
) -> anyhow::Result<(Uuid, String)> {
    let org: Uuid = member::table
        .inner_join(person::table)
        .filter(person::email.eq(arg(opts, "org-email")?.to_lowercase()))
        .order(member::last_active_at.desc().nulls_last())
        .select(member::organization_id)
        .first(conn)
        .await?;
    let number = arg(opts, "number")?;
    let phone: Uuid = phone_number::table
        .filter(phone_number::organization_id.eq(org))
        .filter(phone_number::number.eq(number))
        .select(phone_number::id)
        .first(conn)
        .await?;
    let from = arg(opts, "from")?;
    let contact = loquent_server::mods::contact::resolve_contact(conn, from, org)
        .await
        .map_err(|e| anyhow::anyhow!("resolving the caller: {e}"))?;
    let call_sid = format!("CA{}", Uuid::new_v4().simple());
    let (status, duration, ended_at) = if live {
        ("in-progress", None, None)
    } else {
        ("completed", Some(7), Some(chrono::Utc::now()))
    };
    let call_id: Uuid = diesel::insert_into(call::table)
        .values((
            call::organization_id.eq(org),
            call::phone_number_id.eq(phone),
            call::contact_id.eq(contact),
            call::call_sid.eq(&call_sid),
            call::from_number.eq(&from),
            call::to_number.eq(number),
            call::direction.eq("inbound"),
            call::status.eq(status),
            call::duration_secs.eq(duration),
            call::ended_at.eq(ended_at),
        ))
        .returning(call::id)
        .get_result(conn)
        .await?;
    Ok((call_id, call_sid))
}

/// Twilio's recording status callback for the call, signed with the account's token.
async fn recording_callback(opts: &Args<'_>, call_sid: &str) -> anyhow::Result<()> {
    let params: Vec<(String, String)> = [
        ("AccountSid", arg(opts, "account-sid")?),
        ("CallSid", call_sid),
        ("RecordingSid", arg(opts, "recording-sid")?),
        ("RecordingStatus", "completed"),
        ("RecordingDuration", "7"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let url = format!("{}/twilio/recording", arg(opts, "server-url")?.trim_end_matches('/'));
    let sig = signature::sign(arg(opts, "auth-token")?, &url, &params);
    let res = reqwest::Client::new()
        .post(&url)
        .header("X-Twilio-Signature", sig)
        .form(&params)
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "the recording callback answered {}", res.status());
    Ok(())
}
