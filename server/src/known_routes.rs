//! Which methods each documented path has, read off the built OpenAPI spec: a request for a path
//! Loquent serves, with a method it doesn't, answers 405 with `Allow` (RFC 9110 §15.5.6) rather
//! than the 404 of an unknown path. Built from the spec so the two can't disagree.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};

use crate::error::ApiError;
use crate::extract_errors::code_for_status;

/// The order `Allow` lists methods in.
const ORDER: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

#[derive(Debug, Default)]
pub struct KnownRoutes {
    routes: Vec<Route>,
}

#[derive(Debug)]
struct Route {
    /// The template's segments; `None` for a `{parameter}`, which matches any one segment.
    segments: Vec<Option<String>>,
    methods: Vec<&'static str>,
}

impl KnownRoutes {
    pub fn from_spec(spec: &utoipa::openapi::OpenApi) -> Self {
        let routes = spec
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let segments = template
                    .split('/')
                    .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
                    .collect();
                let present = [
                    item.get.is_some(),
                    item.post.is_some(),
                    item.put.is_some(),
                    item.patch.is_some(),
                    item.delete.is_some(),
                ];
                let methods = ORDER
                    .into_iter()
                    .zip(present)
                    .filter_map(|(method, present)| present.then_some(method))
                    .collect();
                Route { segments, methods }
            })
            .collect();
        KnownRoutes { routes }
    }

    /// The methods `path` has, or `None` when no documented path matches it. A path spelt out
    /// in full (`/api/todos/counts`) has only its own methods, even where a template
    /// (`/api/todos/{id}`) would also match it.
    pub fn methods_for(&self, path: &str) -> Option<Vec<&'static str>> {
        if let Some(literal) = self.literal(path) {
            return Some(literal.methods.clone());
        }
        let segments: Vec<&str> = path.split('/').collect();
        let mut methods: Vec<&'static str> = Vec::new();
        for route in &self.routes {
            let matches = route.segments.len() == segments.len()
                && route.segments.iter().zip(&segments).all(|(template, actual)| match template {
                    Some(literal) => literal == actual,
                    None => !actual.is_empty(),
                });
            if matches {
                for method in &route.methods {
                    if !methods.contains(method) {
                        methods.push(method);
                    }
                }
            }
        }
        methods.sort_by_key(|m| ORDER.iter().position(|o| o == m));
        (!methods.is_empty()).then_some(methods)
    }
}

impl KnownRoutes {
    fn literal(&self, path: &str) -> Option<&Route> {
        self.routes.iter().find(|route| {
            route.segments.iter().all(Option::is_some)
                && route.segments.iter().flatten().map(String::as_str).eq(path.split('/'))
        })
    }

    /// The 405 for a request whose path is spelt out in full by a documented route without this
    /// method, but which a parameterised route took instead (`PATCH /api/todos/counts` reaching
    /// `PATCH /api/todos/{id}`): what a client asked for is that path, not an id.
    pub fn method_not_allowed(&self, req: &HttpRequest) -> Option<HttpResponse> {
        let literal = self.literal(req.path())?;
        if literal.methods.contains(&req.method().as_str()) {
            return None;
        }
        Some(method_not_allowed(req, &literal.methods))
    }
}

fn method_not_allowed(req: &HttpRequest, methods: &[&'static str]) -> HttpResponse {
    let allow = methods.join(", ");
    let status = actix_web::http::StatusCode::METHOD_NOT_ALLOWED;
    let error = ApiError::Framework {
        status,
        code: code_for_status(status),
        message: format!("{} {} is not supported; use {allow}", req.method(), req.path()),
    };
    let mut response = error.error_response();
    if let Ok(value) = header::HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// The answer to a request no route took: 405 with `Allow` for a known path, else 404.
pub async fn unmatched(req: HttpRequest, known: web::Data<KnownRoutes>) -> HttpResponse {
    match known.methods_for(req.path()) {
        Some(methods) => method_not_allowed(&req, &methods),
        None => ApiError::Missing {
            code: "not_found",
            message: format!("no route {} {}", req.method(), req.path()),
            field: None,
        }
        .error_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes() -> KnownRoutes {
        let spec: utoipa::openapi::OpenApi = serde_json::from_value(serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/api/agents": {"get": {"responses": {}}, "post": {"responses": {}}},
                "/api/agents/{id}": {"get": {"responses": {}}, "delete": {"responses": {}}},
                "/api/agents/new": {"put": {"responses": {}}}
            }
        }))
        .expect("a valid spec");
        KnownRoutes::from_spec(&spec)
    }

    #[test]
    fn a_known_path_lists_its_methods() {
        assert_eq!(routes().methods_for("/api/agents"), Some(vec!["GET", "POST"]));
        assert_eq!(routes().methods_for("/api/agents/abc"), Some(vec!["GET", "DELETE"]));
    }

    #[test]
    fn a_path_spelt_out_has_only_its_own_methods() {
        assert_eq!(routes().methods_for("/api/agents/new"), Some(vec!["PUT"]));
    }

    #[test]
    fn unknown_paths_have_none() {
        assert_eq!(routes().methods_for("/api/agentz"), None);
        assert_eq!(routes().methods_for("/api/agents/"), None);
        assert_eq!(routes().methods_for("/api/agents/a/b"), None);
    }
}
