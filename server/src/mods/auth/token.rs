//! Random bearer secrets (session tokens, API keys, emailed links) and the hashes stored in
//! their place.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

/// 256 random bits, URL-safe base64 (43 characters).
pub fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("system randomness: {e}"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// What the database keeps instead of the token. A fast hash is right here: the tokens are
/// 256-bit random, so there is nothing to brute-force, and every request verifies one.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// An emailed link's token (invitations, password resets, email changes): `<row id>.<secret>`.
/// The row is found by its id and the secret's hash compared in constant time, so neither the
/// lookup nor the comparison tells a guesser how close they came; the row then says whether
/// the link expired, was used or was revoked, which the person is told in words.
pub struct LinkToken {
    /// What the link carries: the only time it exists unhashed.
    pub token: String,
    /// What the row stores.
    pub secret_hash: Vec<u8>,
}

/// A new link token for the row `id`.
pub fn link_token(id: Uuid) -> anyhow::Result<LinkToken> {
    let secret = random_token()?;
    Ok(LinkToken { token: format!("{}.{secret}", id.simple()), secret_hash: hash_token(&secret) })
}

/// The row id and secret of a link token; `None` when it isn't one (say, cut short when
/// copied from an email).
pub fn parse_link_token(token: &str) -> Option<(Uuid, &str)> {
    let (id, secret) = token.trim().split_once('.')?;
    let id = Uuid::try_parse(id).ok()?;
    (secret.len() == 43).then_some((id, secret))
}

/// Whether `secret` hashes to `stored`, compared in constant time.
pub fn secret_matches(secret: &str, stored: &[u8]) -> bool {
    hash_token(secret).ct_eq(stored).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_tokens_name_their_row_and_check_their_secret() {
        let id = Uuid::new_v4();
        let link = link_token(id).expect("randomness");
        let (parsed, secret) = parse_link_token(&link.token).expect("parses");
        assert_eq!(parsed, id);
        assert!(secret_matches(secret, &link.secret_hash));
        let other = link_token(id).expect("randomness");
        assert!(!secret_matches(secret, &other.secret_hash));
        assert!(parse_link_token("nonsense").is_none());
        assert!(parse_link_token(&link.token[..link.token.len() - 1]).is_none());
    }

    #[test]
    fn tokens_are_random_and_hash_stably() {
        let a = random_token().expect("randomness");
        let b = random_token().expect("randomness");
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), hash_token(&b));
    }
}
