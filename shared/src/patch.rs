//! Fields of a partial update (`PATCH`): absent leaves a value as it is, present changes it.

use serde::Deserialize;

/// A field that is there, `null` included: `Some(None)` for `null`, `Some(Some(v))` for a
/// value. With `#[serde(default)]`, an absent field stays `None`.
pub fn present<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A string field that may be left out but, when there, is a string (`null` is refused).
pub fn present_string<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    String::deserialize(deserializer).map(Some)
}

/// A field that may be left out but, when there, holds a value (`null` is refused).
pub fn present_value<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    T::deserialize(deserializer).map(Some)
}
