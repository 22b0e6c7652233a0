//! An HTTP client bound to a test server, with its own cookie jar (its own browser, in effect).

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use loquent_shared::ErrorBody;

#[derive(Clone)]
pub struct ApiClient {
    pub base_url: String,
    pub http: reqwest::Client,
    bearer: Option<String>,
}

impl ApiClient {
    pub fn new(base_url: &str) -> ApiClient {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("building the HTTP client");
        ApiClient { base_url: base_url.to_string(), http, bearer: None }
    }

    /// A client without cookies that sends `Authorization: Bearer <token>`.
    pub fn with_bearer(base_url: &str, token: &str) -> ApiClient {
        ApiClient { bearer: Some(token.to_string()), ..ApiClient::new(base_url) }
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let req = self.http.request(method, format!("{}{path}", self.base_url));
        match &self.bearer {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.expect("GET")
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.request(Method::DELETE, path).send().await.expect("DELETE")
    }

    pub async fn post<B: Serialize + ?Sized>(&self, path: &str, body: &B) -> Response {
        self.request(Method::POST, path).json(body).send().await.expect("POST")
    }

    pub async fn patch<B: Serialize + ?Sized>(&self, path: &str, body: &B) -> Response {
        self.request(Method::PATCH, path).json(body).send().await.expect("PATCH")
    }

    pub async fn post_empty(&self, path: &str) -> Response {
        self.request(Method::POST, path).send().await.expect("POST")
    }
}

/// Asserts the status and decodes the JSON body.
pub async fn json<T: DeserializeOwned>(res: Response, status: StatusCode) -> T {
    let actual = res.status();
    let url = res.url().clone();
    let text = res.text().await.expect("reading body");
    assert_eq!(actual, status, "{url}: unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: decoding {text}: {e}"))
}

/// Asserts the status and that the body is the error envelope with `code`; returns the body.
pub async fn error(res: Response, status: StatusCode, code: &str) -> ErrorBody {
    envelope(res, status, code).await.0
}

/// [`error`] for an error about one request field: the envelope names `field`, and the message
/// begins with it.
pub async fn field_error(res: Response, status: StatusCode, code: &str, field: &str) -> ErrorBody {
    let (body, _) = envelope(res, status, code).await;
    assert_eq!(body.error.field.as_deref(), Some(field), "unexpected field: {body:?}");
    assert!(body.error.message.starts_with(&format!("{field}: ")), "{body:?}");
    body
}

/// [`error`] for an error about the request as a whole: the envelope has no `field` key at all
/// (absent, not `null`).
pub async fn whole_error(res: Response, status: StatusCode, code: &str) -> ErrorBody {
    let (body, raw) = envelope(res, status, code).await;
    assert!(raw["error"].get("field").is_none(), "a field on a whole-request error: {raw}");
    body
}

async fn envelope(res: Response, status: StatusCode, code: &str) -> (ErrorBody, serde_json::Value) {
    let content_type =
        res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(
        content_type.starts_with("application/json"),
        "error content-type was {content_type:?}"
    );
    let raw: serde_json::Value = json(res, status).await;
    let body: ErrorBody = serde_json::from_value(raw.clone())
        .unwrap_or_else(|e| panic!("not the error envelope: {raw}: {e}"));
    assert_eq!(body.error.code, code, "unexpected error: {body:?}");
    assert!(!body.error.message.is_empty());
    (body, raw)
}

/// The session token a response set, from its `Set-Cookie` header.
pub fn session_token(res: &Response) -> Option<String> {
    res.headers().get_all("set-cookie").iter().find_map(|v| {
        let v = v.to_str().ok()?;
        let token = v.strip_prefix("loquent_session=")?.split(';').next()?;
        (!token.is_empty()).then(|| token.to_string())
    })
}
