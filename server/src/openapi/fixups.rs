//! Two corrections to what utoipa writes, so the spec states exactly what the server checks.

use utoipa::openapi::schema::{Object, OneOf, Schema, SchemaType, Type};
use utoipa::openapi::{OpenApi, RefOr};

/// Partial updates (`PATCH`) that change nothing are refused (422): each must name at least one
/// field. utoipa 5.5 writes `#[schema(min_properties = 1)]` as `maxProperties`, so the rule is
/// stated here instead.
const AT_LEAST_ONE_FIELD: &[&str] =
    &["UpdateOrganizationRequest", "UpdatePhoneRequest", "UpdateTodoRequest"];

pub fn apply(spec: &mut OpenApi) {
    let Some(components) = spec.components.as_mut() else { return };
    for (name, schema) in components.schemas.iter_mut() {
        let RefOr::T(Schema::Object(object)) = schema else { continue };
        if AT_LEAST_ONE_FIELD.contains(&name.as_str()) {
            object.min_properties = Some(1);
            object.max_properties = None;
        }
        for property in object.properties.values_mut() {
            split_nullable(property);
        }
    }
}

/// `{"type": ["string", "null"], "format": "uuid"}` says a UUID or `null`, but generators read
/// the `format` (or `pattern`) as applying to nothing and send `""`: the same rule as
/// `oneOf: [null, {"type": "string", "format": "uuid"}]` reads unambiguously.
fn split_nullable(property: &mut RefOr<Schema>) {
    let RefOr::T(Schema::Object(object)) = property else { return };
    let SchemaType::Array(types) = &object.schema_type else { return };
    let constrained = object.format.is_some()
        || object.pattern.is_some()
        || object.min_length.is_some()
        || object.max_length.is_some();
    let others: Vec<Type> = types.iter().filter(|t| **t != Type::Null).cloned().collect();
    if !constrained || others.len() != 1 || others.len() == types.len() {
        return;
    }
    let mut value: Object = object.clone();
    value.schema_type = SchemaType::Type(others[0].clone());
    let description = value.description.take();
    let example = value.example.take();
    let mut one_of = OneOf::new();
    one_of.items = vec![
        RefOr::T(Schema::Object(Object::with_type(Type::Null))),
        RefOr::T(Schema::Object(value)),
    ];
    one_of.description = description;
    one_of.example = example;
    *property = RefOr::T(Schema::OneOf(one_of));
}
