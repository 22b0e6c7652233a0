//! Sign-up, sign-in, sign-out and the signed-in identity.

use loquent_shared::{LoginRequest, Me, SignupRequest};

use super::{ApiResult, routes};

/// `POST /api/auth/signup`: creates the organization and its owner, and signs the owner in.
pub async fn signup(request: &SignupRequest) -> ApiResult<Me> {
    super::send_json(routes::SIGN_UP.at(&[]), request).await
}

/// `POST /api/auth/login`: sets the session cookie.
pub async fn login(request: &LoginRequest) -> ApiResult<Me> {
    super::send_json(routes::LOG_IN.at(&[]), request).await
}

/// `POST /api/auth/logout`: clears the session cookie.
pub async fn logout() -> ApiResult<()> {
    super::fetch_empty(routes::LOG_OUT.at(&[])).await
}

/// `GET /api/me`: who is signed in; a 401 `unauthenticated` when nobody is.
pub async fn me() -> ApiResult<Me> {
    super::fetch(routes::GET_ME.at(&[])).await
}
