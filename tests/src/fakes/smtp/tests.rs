//! The fake refuses what a real SMTP server refuses, with the real reply codes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use super::auth::{AuthConfig, Mechanism};
use super::session::{Output, Session};
use super::{FakeSmtp, Refusal};

/// Sends `line` (CRLF added) and returns the last reply line's code, or 0 for no reply.
fn say(session: &mut Session, line: &str) -> u16 {
    match session.line(format!("{line}\r\n").as_bytes()) {
        Output::Nothing => 0,
        Output::Reply(lines) | Output::Close(lines) | Output::Delivered(_, lines) => {
            lines.last().and_then(|l| l.get(..3)).and_then(|c| c.parse().ok()).unwrap_or(0)
        }
    }
}

fn auth(mechanisms: Vec<Mechanism>) -> AuthConfig {
    AuthConfig { user: "mailer".into(), password: "s3cret".into(), mechanisms }
}

#[test]
fn commands_out_of_order_are_refused_with_503() {
    let mut s = Session::new(None, None);
    assert_eq!(say(&mut s, "MAIL FROM:<a@example.com>"), 503, "before EHLO");
    assert_eq!(say(&mut s, "EHLO client.example"), 250);
    assert_eq!(say(&mut s, "RCPT TO:<b@example.com>"), 503, "before MAIL");
    assert_eq!(say(&mut s, "DATA"), 503, "before MAIL");
    assert_eq!(say(&mut s, "MAIL FROM:<a@example.com>"), 250);
    assert_eq!(say(&mut s, "MAIL FROM:<a@example.com>"), 503, "nested MAIL");
    assert_eq!(say(&mut s, "DATA"), 554, "no recipients yet");
    assert_eq!(say(&mut s, "RCPT TO:<b@example.com>"), 250);
    assert_eq!(say(&mut s, "AUTH PLAIN"), 503, "AUTH inside a transaction");
    assert_eq!(say(&mut s, "RSET"), 250);
    assert_eq!(say(&mut s, "DATA"), 503, "RSET ended the transaction");
}

#[test]
fn bad_syntax_and_unknown_commands_are_refused() {
    let mut s = Session::new(None, None);
    assert_eq!(say(&mut s, "EHLO"), 501);
    assert_eq!(say(&mut s, "HELO client.example"), 250);
    assert_eq!(
        say(&mut s, "MAIL FROM:<a@example.com> BODY=8BITMIME"),
        555,
        "no extensions after HELO"
    );
    assert_eq!(say(&mut s, "EHLO client.example"), 250);
    assert_eq!(say(&mut s, "MAIL FROM: <a@example.com>"), 501, "no space after the colon");
    assert_eq!(say(&mut s, "MAIL FROM:a@example.com"), 501, "angle brackets required");
    assert_eq!(say(&mut s, "MAIL FROM:<a@example.com> SIZE=10"), 555, "SIZE was not offered");
    assert_eq!(say(&mut s, "MAIL FROM:<a@example.com> BODY=8BITMIME"), 250);
    assert_eq!(say(&mut s, "RCPT TO:<nobody>"), 501);
    assert_eq!(say(&mut s, "STARTTLS"), 502, "not offered");
    assert_eq!(say(&mut s, "XYZZY"), 500);
    assert!(matches!(s.line(b"NOOP\n"), Output::Reply(l) if l[0].starts_with("500")), "bare LF");
    let long = format!("NOOP {}", "x".repeat(600));
    assert_eq!(say(&mut s, &long), 500, "a command line over 512 octets");
    assert_eq!(say(&mut s, "QUIT"), 221);
}

#[test]
fn a_message_is_received_with_dot_stuffing_undone() {
    let mut s = Session::new(None, None);
    for (line, code) in [
        ("EHLO client.example", 250),
        ("MAIL FROM:<a@example.com>", 250),
        ("RCPT TO:<b@example.com>", 250),
        ("RCPT TO:<c@example.com>", 250),
        ("DATA", 354),
        ("Subject: hi", 0),
        ("", 0),
        ("..", 0),
        ("..leading dot", 0),
    ] {
        assert_eq!(say(&mut s, line), code, "{line}");
    }
    let Output::Delivered(received, reply) = s.line(b".\r\n") else { panic!("not delivered") };
    assert!(reply[0].starts_with("250 "));
    assert_eq!(received.mail_from, "a@example.com");
    assert_eq!(received.rcpt_to, ["b@example.com", "c@example.com"]);
    assert_eq!(received.data, b"Subject: hi\r\n\r\n.\r\n.leading dot\r\n");
    assert_eq!(say(&mut s, "MAIL FROM:<a@example.com>"), 250, "ready for the next message");
}

#[test]
fn a_message_with_bare_lf_or_overlong_lines_is_refused() {
    for bad in [b"a bare LF\n".to_vec(), [b"x".repeat(1200), b"\r\n".to_vec()].concat()] {
        let mut s = Session::new(None, None);
        for line in
            ["EHLO c.example", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.com>", "DATA"]
        {
            say(&mut s, line);
        }
        assert_eq!(s.line(&bad), Output::Nothing);
        assert_eq!(say(&mut s, "."), 554);
    }
}

#[test]
fn authentication_is_required_and_checked() {
    let mut s = Session::new(Some(auth(vec![Mechanism::Plain, Mechanism::Login])), None);
    assert_eq!(say(&mut s, "EHLO c.example"), 250);
    assert_eq!(say(&mut s, "MAIL FROM:<a@example.com>"), 530, "AUTH first");
    let wrong = STANDARD.encode("\0mailer\0wrong");
    assert_eq!(say(&mut s, &format!("AUTH PLAIN {wrong}")), 535);
    assert_eq!(say(&mut s, "AUTH CRAM-MD5"), 504, "not offered");
    assert_eq!(say(&mut s, "AUTH PLAIN"), 334);
    assert_eq!(say(&mut s, "not base64!"), 501);
    assert_eq!(say(&mut s, "AUTH LOGIN"), 334);
    assert_eq!(say(&mut s, &STANDARD.encode("mailer")), 334);
    assert_eq!(say(&mut s, &STANDARD.encode("s3cret")), 235);
    assert_eq!(say(&mut s, "AUTH LOGIN"), 503, "already signed in");
    assert_eq!(say(&mut s, "MAIL FROM:<a@example.com>"), 250);

    let mut helo = Session::new(Some(auth(vec![Mechanism::Plain])), None);
    assert_eq!(say(&mut helo, "HELO c.example"), 250);
    assert_eq!(say(&mut helo, "AUTH PLAIN"), 503, "AUTH needs EHLO");
}

#[test]
fn recipients_can_be_refused() {
    let refusal = Refusal { reply: "451 4.3.0 Try again later".into() };
    let mut s = Session::new(None, Some(refusal));
    say(&mut s, "EHLO c.example");
    say(&mut s, "MAIL FROM:<a@example.com>");
    assert_eq!(say(&mut s, "RCPT TO:<b@example.com>"), 451);
    assert_eq!(say(&mut s, "DATA"), 554, "no recipient was accepted");
}

#[tokio::test]
async fn it_speaks_over_tcp_and_records_what_it_accepts() {
    let smtp = FakeSmtp::start().await;
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", smtp.port)).await.expect("connect");
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut replies = Vec::new();
    let mut line = String::new();
    read.read_line(&mut line).await.expect("greeting");
    assert!(line.starts_with("220 "), "{line}");
    for command in
        ["EHLO c.example", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.com>", "DATA"]
    {
        write.write_all(format!("{command}\r\n").as_bytes()).await.expect("write");
        loop {
            line.clear();
            read.read_line(&mut line).await.expect("reply");
            if line.as_bytes().get(3) != Some(&b'-') {
                break;
            }
        }
        replies.push(line[..3].to_string());
    }
    write.write_all(b"Subject: hi\r\n\r\nHello\r\n.\r\nQUIT\r\n").await.expect("write");
    let received = smtp.wait_for_messages(1).await;

    assert_eq!(replies, ["250", "250", "250", "354"]);
    assert_eq!(received[0].entity().header("subject"), Some("hi"));
    assert_eq!(received[0].entity().text(), "Hello\n");
    assert_eq!(smtp.connections(), 1);
}
