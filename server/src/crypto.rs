//! Secrets at rest (Twilio auth tokens, API key secrets): AES-256-GCM under
//! `LOQUENT_SECRET_KEY`, with a random nonce per value. Each ciphertext is bound to where it
//! belongs (e.g. `twilio.auth_token:<org id>`) through the associated data, so a value copied
//! into another organization's row fails to decrypt instead of leaking across tenants.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use secrecy::{ExposeSecret, SecretString};

use crate::config::SecretKey;

const NONCE_LEN: usize = 12;

#[derive(Clone)]
pub struct SecretCipher {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for SecretCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretCipher(…)")
    }
}

impl SecretCipher {
    pub fn new(key: &SecretKey) -> SecretCipher {
        SecretCipher { cipher: Aes256Gcm::new(key.expose_secret().into()) }
    }

    /// `nonce ‖ ciphertext ‖ tag`.
    pub fn encrypt(&self, plaintext: &str, context: &str) -> anyhow::Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::getrandom(&mut nonce).map_err(|e| anyhow::anyhow!("system randomness: {e}"))?;
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload { msg: plaintext.as_bytes(), aad: context.as_bytes() },
            )
            .map_err(|_| anyhow::anyhow!("encrypting a secret failed"))?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    pub fn decrypt(&self, stored: &[u8], context: &str) -> anyhow::Result<SecretString> {
        if stored.len() <= NONCE_LEN {
            anyhow::bail!("stored secret is truncated");
        }
        let (nonce, sealed) = stored.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: context.as_bytes() })
            .map_err(|_| {
                anyhow::anyhow!("a stored secret does not decrypt: wrong LOQUENT_SECRET_KEY, or the value was moved")
            })?;
        Ok(SecretString::from(String::from_utf8(plain)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretBox;

    fn cipher(byte: u8) -> SecretCipher {
        SecretCipher::new(&SecretBox::new(Box::new([byte; 32])))
    }

    #[test]
    fn round_trips_only_with_the_same_key_and_context() {
        let c = cipher(7);
        let sealed = c.encrypt("s3cret-token", "twilio.auth_token:org-a").expect("encrypt");
        assert!(!sealed.windows(12).any(|w| w == b"s3cret-token"));
        let plain = c.decrypt(&sealed, "twilio.auth_token:org-a").expect("decrypt");
        assert_eq!(plain.expose_secret(), "s3cret-token");
        assert!(c.decrypt(&sealed, "twilio.auth_token:org-b").is_err(), "bound to its context");
        assert!(cipher(8).decrypt(&sealed, "twilio.auth_token:org-a").is_err(), "bound to its key");
        assert_ne!(sealed, c.encrypt("s3cret-token", "twilio.auth_token:org-a").expect("encrypt"));
    }
}
