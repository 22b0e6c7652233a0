//! Sign-up, sign-in, sign-out and the signed-in identity.

use loquent_shared::{LoginRequest, Me, SignupRequest};

use super::ApiResult;

/// `POST /api/auth/signup`: creates the organization and its owner, and signs the owner in.
pub async fn signup(request: &SignupRequest) -> ApiResult<Me> {
    super::post("/api/auth/signup", request).await
}

/// `POST /api/auth/login`: sets the session cookie.
pub async fn login(request: &LoginRequest) -> ApiResult<Me> {
    super::post("/api/auth/login", request).await
}

/// `POST /api/auth/logout`: clears the session cookie.
pub async fn logout() -> ApiResult<()> {
    super::post_empty("/api/auth/logout").await
}

/// `GET /api/me`: who is signed in; a 401 `unauthenticated` when nobody is.
pub async fn me() -> ApiResult<Me> {
    super::get("/api/me").await
}
