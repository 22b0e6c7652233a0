//! `GET /twilio/stream/{phone_number_id}/{call_sid}`: the media stream's upgrade check and the
//! call record it keeps. (The speech bridge itself is tested with the realtime provider fakes.)

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use loquent_server::clients::twilio::signature;
use loquent_shared::{CallDetails, CallPage, Phone};
use loquent_tests::client::{field_error, json};
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::eventually;
use loquent_tests::fixtures::{OwnNumber, connect_own_number};
use loquent_tests::{SignedIn, TestApp};
use reqwest::StatusCode;
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

struct Setup {
    _twilio: FakeTwilio,
    app: TestApp,
    owner: SignedIn,
    account_sid: String,
    token: String,
    phone: Phone,
}

async fn setup() -> Setup {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let OwnNumber { account_sid, token, phone } =
        connect_own_number(&twilio, &owner, "+14155550123").await;
    let phones = [phone];
    Setup { _twilio: twilio, app, owner, account_sid, token, phone: phones[0].clone() }
}

impl Setup {
    fn ws_url(&self, call_sid: &str) -> String {
        format!(
            "ws://{}/twilio/stream/{}/{call_sid}",
            self.app.base_url.trim_start_matches("http://"),
            self.phone.id
        )
    }

    async fn connect(
        &self,
        token: Option<&str>,
        call_sid: &str,
    ) -> Result<
        tokio_tungstenite::WebSocketStream<
            tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
        >,
        WsError,
    > {
        let url = self.ws_url(call_sid);
        let mut req = url.as_str().into_client_request()?;
        if let Some(token) = token {
            let sig = signature::sign(token, &url, &[]);
            req.headers_mut().insert("X-Twilio-Signature", sig.parse().expect("header"));
        }
        tokio_tungstenite::connect_async(req).await.map(|(ws, _)| ws)
    }

    fn start(&self, call_sid: &str) -> Message {
        Message::text(json!({
            "event": "start", "sequenceNumber": "1", "streamSid": format!("MZ{}", "a".repeat(32)),
            "start": {
                "accountSid": self.account_sid, "callSid": call_sid, "streamSid": format!("MZ{}", "a".repeat(32)),
                "tracks": ["inbound"], "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                "customParameters": {"from": "+14155550199", "to": self.phone.number}
            }
        }).to_string())
    }

    async fn calls(&self) -> CallPage {
        json(self.owner.client.get("/api/calls").await, StatusCode::OK).await
    }
}

fn new_sid() -> String {
    format!("CA{}", uuid::Uuid::new_v4().simple())
}

/// Waits for the server to close the socket (or the stream to end).
async fn closed_by_server(
    ws: &mut tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
) -> bool {
    tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(Ok(msg)) = ws.next().await {
            if msg.is_close() {
                break;
            }
        }
    })
    .await
    .is_ok()
}

fn refused_with(result: Result<impl Sized, WsError>, status: u16) {
    match result {
        Err(WsError::Http(res)) => assert_eq!(res.status().as_u16(), status),
        Err(other) => panic!("expected HTTP {status}, got {other}"),
        Ok(_) => panic!("expected HTTP {status}, but the upgrade succeeded"),
    }
}

#[tokio::test]
async fn unsigned_or_wrongly_signed_upgrades_are_refused() {
    let s = setup().await;
    refused_with(s.connect(None, &new_sid()).await, 403);
    refused_with(s.connect(Some(&"0".repeat(32)), &new_sid()).await, 403);
    // A number that doesn't exist names no organization to check against: refused alike.
    let url = format!(
        "ws://{}/twilio/stream/{}/{}",
        s.app.base_url.trim_start_matches("http://"),
        uuid::Uuid::new_v4(),
        new_sid()
    );
    let mut req = url.as_str().into_client_request().expect("request");
    req.headers_mut().insert(
        "X-Twilio-Signature",
        signature::sign(&s.token, &url, &[]).parse().expect("header"),
    );
    refused_with(tokio_tungstenite::connect_async(req).await.map(|(ws, _)| ws), 403);
}

#[tokio::test]
async fn a_stream_records_the_call_and_ends_it_when_no_agent_can_answer() {
    // The number has no agent (it was unassigned after Twilio fetched the TwiML): the call is
    // recorded, marked failed, and the socket closed so the TwiML's apology plays.
    let s = setup().await;
    let call_sid = new_sid();
    let mut ws = s.connect(Some(&s.token), &call_sid).await.expect("signed upgrade accepted");

    ws.send(Message::text(r#"{"event":"connected","protocol":"Call","version":"1.0.0"}"#))
        .await
        .expect("send");
    ws.send(s.start(&call_sid)).await.expect("send");

    assert!(closed_by_server(&mut ws).await, "the server closed the stream");
    eventually(10, "the call to end", || async {
        s.calls().await.items.first().is_some_and(|c| c.ended_at.is_some())
    })
    .await;
    let call = &s.calls().await.items[0];
    assert_eq!((call.call_sid.as_str(), call.status.as_str()), (call_sid.as_str(), "failed"));
    assert_eq!(call.from_to_number, "+14155550199 -> +14155550123");
    assert_eq!(call.phone_number_id, Some(s.phone.id));
    assert!(call.contact_id.is_some(), "the caller became a contact");
    let details: CallDetails =
        json(s.owner.client.get(&format!("/api/calls/{}", call.id)).await, StatusCode::OK).await;
    assert!(details.call.duration_secs.is_some());
}

#[tokio::test]
async fn a_stream_without_a_start_is_closed() {
    let s = setup().await;
    let mut ws = s.connect(Some(&s.token), &new_sid()).await.expect("upgrade");
    ws.send(Message::text(r#"{"event":"media","media":{"payload":""}}"#)).await.expect("send");
    ws.send(Message::text(r#"{"event":"stop"}"#)).await.expect("send");
    let _ = tokio::time::timeout(Duration::from_secs(5), ws.next()).await;
    assert!(s.calls().await.items.is_empty(), "no call without a start");
}

#[tokio::test]
async fn a_signed_upgrade_opens_its_own_calls_stream_and_no_other() {
    // The signature covers the call's SID in the URL: an upgrade captured and replayed with
    // another call's `start` (a new call record and agent session the organization would pay
    // for) is closed, unrecorded.
    let s = setup().await;
    let mut ws = s.connect(Some(&s.token), &new_sid()).await.expect("upgrade");
    ws.send(Message::text(r#"{"event":"connected","protocol":"Call","version":"1.0.0"}"#))
        .await
        .expect("send");
    ws.send(s.start(&new_sid())).await.expect("send");
    assert!(closed_by_server(&mut ws).await, "the server closed the stream");
    assert!(s.calls().await.items.is_empty(), "no call recorded");

    // A path whose call SID isn't one is refused before the signature is looked at.
    let res = s
        .app
        .client()
        .http
        .get(format!("{}/twilio/stream/{}/CA123", s.app.base_url, s.phone.id))
        .send()
        .await
        .expect("GET");
    field_error(res, StatusCode::BAD_REQUEST, "malformed_call_sid", "call_sid").await;
}
