//! Client messages written into one reused buffer. Each message is a slice of it, handed to the
//! socket without a copy; the socket copies it into its own output buffer and lets go, so the
//! next message reuses the same memory. Caller audio goes out fifty times a second per call:
//! in the steady state this allocates nothing.

use bytes::BytesMut;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::Utf8Bytes;

/// Room taken at a time when the buffer must grow: a few audio messages, so that messages still
/// waiting in an outbox share one allocation, while a call holds little memory (it is kept for
/// the call's whole life).
const CHUNK: usize = 2 * 1024;

#[derive(Debug, Default)]
pub(super) struct MessageWriter {
    buf: BytesMut,
}

impl MessageWriter {
    /// A text message of `parts` joined.
    pub fn text(&mut self, parts: &[&str]) -> Message {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if self.buf.capacity() < len {
            // Takes back the memory of messages already written, when none is still held.
            self.buf.reserve(len.max(CHUNK));
        }
        for part in parts {
            self.buf.extend_from_slice(part.as_bytes());
        }
        match Utf8Bytes::try_from(self.buf.split().freeze()) {
            Ok(text) => Message::Text(text),
            // Joined `&str`s are UTF-8: this cannot happen.
            Err(_) => Message::text(parts.concat()),
        }
    }
}

/// Whether `text` is base64 (standard alphabet), which JSON carries without escaping.
pub(super) fn is_base64(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_joined_parts_and_memory_is_reused() {
        let mut writer = MessageWriter::default();
        let first = writer.text(&["{\"a\":\"", "xyz", "\"}"]);
        assert_eq!(first.to_text().ok(), Some("{\"a\":\"xyz\"}"));
        let start = first.to_text().map(str::as_ptr).ok();
        drop(first);
        // Once the chunk is used up, the next message starts over at the beginning of it.
        let audio = "A".repeat(200);
        let reused = (0..2 * CHUNK / 200).any(|_| {
            let message = writer.text(&[&audio]);
            message.to_text().map(str::as_ptr).ok() == start
        });
        assert!(reused, "the memory of messages the socket let go is written again");
    }

    #[test]
    fn base64_needs_no_escaping() {
        assert!(is_base64("/w+A=="));
        assert!(!is_base64("a\"b"));
        assert!(!is_base64("a\\b"));
    }
}
