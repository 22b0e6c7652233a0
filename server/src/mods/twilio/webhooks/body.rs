//! Reading a webhook's body with a ceiling: anything bigger than Twilio ever sends is refused
//! before it is buffered, parsed or signature-checked.

use actix_web::HttpRequest;
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt;

use crate::error::ApiError;

/// The largest webhook body Loquent reads. Twilio's are a few KB (a voice webhook with every
/// optional parameter, caller-location fields included, is well under 4 KB); 64 KiB leaves
/// ample room for parameters Twilio may add, while an unauthenticated sender can't make
/// Loquent buffer, parse or HMAC megabytes before the signature refuses it.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The whole body, at most `limit` bytes: a `Content-Length` over it is refused before a byte
/// is read, and a body without one (chunked) as soon as it grows past it. 413
/// `payload_too_large` either way.
pub async fn read(
    req: &HttpRequest,
    mut payload: Payload,
    limit: usize,
) -> Result<Bytes, ApiError> {
    if declared_length(req).is_some_and(|length| length > limit) {
        tracing::warn!(limit, "Twilio webhook refused: its Content-Length is over the limit");
        return Err(too_large(limit));
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request("unreadable_body", format!("the body could not be read: {e}"))
        })?;
        if body.len() + chunk.len() > limit {
            tracing::warn!(limit, "Twilio webhook refused: its body grew over the limit");
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// `Content-Length`, when the request declares a readable one (the HTTP layer has already
/// refused malformed ones).
fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers().get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

fn too_large(limit: usize) -> ApiError {
    ApiError::Framework {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "payload_too_large",
        message: format!("a Twilio webhook's body must be at most {limit} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError;
    use actix_web::test::TestRequest;

    use super::*;

    #[actix_web::test]
    async fn a_body_within_the_limit_is_read_whole() {
        let (req, _) = TestRequest::post().to_http_parts();
        let payload = Payload::from(Bytes::from_static(b"a=1&b=2"));

        let body = read(&req, payload, 7).await.expect("read");

        assert_eq!(&body[..], b"a=1&b=2");
    }

    #[actix_web::test]
    async fn a_declared_or_actual_length_over_the_limit_is_413() {
        let (declared, payload) =
            TestRequest::post().insert_header((header::CONTENT_LENGTH, "1000000")).to_http_parts();
        // No Content-Length: the body is only known too big once read.
        let (actual, _) = TestRequest::post().to_http_parts();
        let big = Payload::from(vec![b'a'; 8]);

        for result in [read(&declared, payload, 7).await, read(&actual, big, 7).await] {
            let err = result.expect_err("refused");
            assert_eq!(err.status_code(), StatusCode::PAYLOAD_TOO_LARGE);
            assert_eq!(err.code(), "payload_too_large");
        }
    }
}
