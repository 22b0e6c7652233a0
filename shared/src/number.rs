//! Whole numbers in JSON bodies. JSON has one number type, and JSON Schema's `integer` accepts
//! `14.0` as readily as `14`: so does Loquent, where a field is a whole number.

use serde::{Deserialize, Deserializer, de::Error};

#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Whole(i64),
    Decimal(f64),
}

/// A `u8` written as a whole number, with or without a fractional part of zero.
pub fn whole_u8<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    let whole = match Number::deserialize(deserializer)? {
        Number::Whole(n) => Some(n),
        Number::Decimal(x) if x.fract() == 0.0 && x.abs() < 1e15 => Some(x as i64),
        Number::Decimal(_) => None,
    };
    whole
        .and_then(|n| u8::try_from(n).ok())
        .ok_or_else(|| D::Error::custom("expected a whole number from 0 to 255"))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Hour {
        #[serde(deserialize_with = "super::whole_u8")]
        hour: u8,
    }

    fn read(json: &str) -> Option<u8> {
        serde_json::from_str::<Hour>(json).ok().map(|h| h.hour)
    }

    #[test]
    fn whole_numbers_read_either_way() {
        assert_eq!(read(r#"{"hour": 14}"#), Some(14));
        assert_eq!(read(r#"{"hour": 14.0}"#), Some(14));
        assert_eq!(read(r#"{"hour": 14.5}"#), None);
        assert_eq!(read(r#"{"hour": -1}"#), None);
        assert_eq!(read(r#"{"hour": 256}"#), None);
        assert_eq!(read(r#"{"hour": "14"}"#), None);
    }
}
