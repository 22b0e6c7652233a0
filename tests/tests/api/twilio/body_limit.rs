//! `/twilio/*` webhooks refuse a body bigger than Twilio ever sends (64 KiB) before reading it
//! whole, parsing it or checking its signature: at once when `Content-Length` says so, and as
//! soon as a chunked body grows past it.

use std::time::Duration;

use loquent_tests::client::error;
use loquent_tests::fixtures::post_signed;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::recording::{Pipeline, pipeline};

const LIMIT: usize = 64 * 1024;

/// The recording callback for the pipeline's call, padded with an extra parameter to `size`
/// bytes of form, and signed as Twilio signs.
async fn padded_callback(p: &Pipeline, size: usize) -> reqwest::Response {
    let mut params = p.params();
    let base = encode(&params).len();
    let pad = "x".repeat(size - base - "&Pad=".len());
    params.push(("Pad", &pad));
    assert_eq!(encode(&params).len(), size);
    post_signed(&p.app, "/twilio/recording", &params, &p.token).await
}

fn encode(params: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish()
}

/// Sends `head` (and `body`, if any) on a raw connection, leaves the request unfinished, and
/// returns the status and body of the response, which must come within two seconds.
async fn unfinished_request(port: u16, head: &str, body: &[u8]) -> (u16, String) {
    let mut socket = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    socket.write_all(head.as_bytes()).await.expect("head");
    // The server may answer (and close) before taking all of it.
    let _ = socket.write_all(body).await;
    let mut received = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            let n = socket.read(&mut buf).await.expect("read");
            received.extend_from_slice(&buf[..n]);
            if n == 0 || complete(&received) {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(2), read)
        .await
        .expect("an answer before the body was finished");
    let text = String::from_utf8_lossy(&received).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status line");
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Whether `received` holds a whole response (head and `Content-Length` bytes of body).
fn complete(received: &[u8]) -> bool {
    let text = String::from_utf8_lossy(received);
    let Some((head, body)) = text.split_once("\r\n\r\n") else { return false };
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(str::to_string))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    body.len() >= length
}

fn head(port: u16, framing: &str) -> String {
    format!(
        "POST /twilio/recording HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: c2lnbmF0dXJl\r\n\
         {framing}\r\n\r\n"
    )
}

fn assert_too_large(status: u16, body: &str) {
    assert_eq!(status, 413, "{body}");
    let json: serde_json::Value = serde_json::from_str(body).expect("the JSON envelope");
    assert_eq!(json["error"]["code"], "payload_too_large", "{body}");
}

#[tokio::test]
async fn an_oversized_signed_callback_is_413_and_changes_nothing() {
    let p = pipeline(&[]).await;

    let res = padded_callback(&p, LIMIT + 1).await;

    error(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    assert!(p.jobs().await.is_empty(), "nothing enqueued");
}

#[tokio::test]
async fn a_callback_just_within_the_limit_is_accepted() {
    let p = pipeline(&[]).await;

    let res = padded_callback(&p, LIMIT).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(p.jobs().await.len(), 1, "the recording is processed");
}

#[tokio::test]
async fn a_content_length_over_the_limit_is_refused_before_the_body_is_sent() {
    let p = pipeline(&[]).await;

    let (status, body) =
        unfinished_request(p.app.port, &head(p.app.port, "Content-Length: 10000000"), b"").await;

    assert_too_large(status, &body);
    assert!(p.jobs().await.is_empty());
}

#[tokio::test]
async fn a_chunked_body_is_refused_as_soon_as_it_grows_past_the_limit() {
    let p = pipeline(&[]).await;
    let form = encode(&p.params());
    let mut chunks = format!("{:x}\r\n{form}&Pad=\r\n", form.len() + 5).into_bytes();
    // 80 KiB of padding in 8 KiB chunks, and no final chunk: the body never ends.
    for _ in 0..10 {
        chunks.extend_from_slice(format!("{:x}\r\n", 8192).as_bytes());
        chunks.extend_from_slice(&[b'x'; 8192]);
        chunks.extend_from_slice(b"\r\n");
    }

    let (status, body) =
        unfinished_request(p.app.port, &head(p.app.port, "Transfer-Encoding: chunked"), &chunks)
            .await;

    assert_too_large(status, &body);
    assert!(p.jobs().await.is_empty());
}
