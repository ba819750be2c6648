//! The operator's HTTP endpoints: `/metrics` (Prometheus text format),
//! `/health/live` (the process answers) and `/health/ready` (every input
//! and output is running and no shutdown is under way; the body says which
//! component is not).
//!
//! A bare hyper 1 HTTP/1 server: three routes do not need a framework.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::metrics::Metrics;

/// What a component is doing, for `/health/ready`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ComponentState {
    Starting = 0,
    Running = 1,
    /// An input that reached the end of its source.
    Finished = 2,
    /// A worker stuck on one batch past the job timeout.
    Stuck = 3,
}

impl ComponentState {
    fn from_u8(value: u8) -> ComponentState {
        match value {
            1 => ComponentState::Running,
            2 => ComponentState::Finished,
            3 => ComponentState::Stuck,
            _ => ComponentState::Starting,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            ComponentState::Starting => "starting",
            ComponentState::Running => "running",
            ComponentState::Finished => "finished",
            ComponentState::Stuck => "stuck",
        }
    }
}

/// The state `/health/ready` reports, one entry per component.
pub struct Health {
    components: Vec<(String, AtomicU8)>,
    shutting_down: AtomicBool,
}

impl Health {
    pub fn new(names: impl IntoIterator<Item = String>) -> Health {
        let components = names
            .into_iter()
            .map(|name| (name, AtomicU8::new(ComponentState::Starting as u8)))
            .collect();
        Health { components, shutting_down: AtomicBool::new(false) }
    }

    pub fn set(&self, name: &str, state: ComponentState) {
        if let Some((_, slot)) = self.components.iter().find(|(n, _)| n == name) {
            slot.store(state as u8, Ordering::Relaxed);
        }
    }

    pub fn set_shutting_down(&self) {
        self.shutting_down.store(true, Ordering::Relaxed);
    }

    /// Ready: not shutting down and no component starting or stuck.
    fn ready(&self) -> (bool, String) {
        let mut ready = !self.shutting_down.load(Ordering::Relaxed);
        let mut states = serde_json::Map::new();
        for (name, slot) in &self.components {
            let state = ComponentState::from_u8(slot.load(Ordering::Relaxed));
            ready &= matches!(state, ComponentState::Running | ComponentState::Finished);
            states.insert(name.clone(), state.as_str().into());
        }
        let status = if ready { "ready" } else { "not ready" };
        let body = serde_json::json!({ "status": status, "components": states });
        (ready, body.to_string())
    }
}

/// What the handlers read.
pub struct ApiState {
    pub metrics: Arc<Metrics>,
    pub health: Arc<Health>,
}

/// Serves the endpoints on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, state: Arc<ApiState>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, most likely: back off instead of
                // spinning, and let connections close.
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let state = Arc::clone(&state);
                async move { Ok::<_, Infallible>(handle(&request, &state)) }
            });
            // A client that hangs up mid-request is not worth reporting.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn handle(request: &Request<Incoming>, state: &ApiState) -> Response<Full<Bytes>> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return reply(StatusCode::METHOD_NOT_ALLOWED, "text/plain", "only GET is served\n".into());
    }
    match request.uri().path() {
        "/metrics" => reply(StatusCode::OK, "text/plain; version=0.0.4", state.metrics.render()),
        "/health/live" => reply(StatusCode::OK, "application/json", "{\"status\":\"live\"}".into()),
        "/health/ready" => {
            let (ready, body) = state.health.ready();
            let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
            reply(status, "application/json", body)
        }
        _ => reply(
            StatusCode::NOT_FOUND,
            "text/plain",
            "not found: try /metrics, /health/live or /health/ready\n".into(),
        ),
    }
}

fn reply(status: StatusCode, content_type: &'static str, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static(content_type));
    response
}
