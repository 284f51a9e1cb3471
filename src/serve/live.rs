//! What open pages of `spean serve` hear: `/__spean/live.js` (from `live.js`, with the theme's
//! `dev_error_*` strings of every language) and the Server-Sent Events of `/__spean/events`:
//! reload, refresh the stylesheets, or show the problems of the last save over the page.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use super::Shared;
use super::files::with_type;
use crate::build::Engine;
use crate::diagnostic::Diagnostic;
use crate::error::Error;

const LIVE_SCRIPT: &str = include_str!("live.js");

/// What open pages are told.
#[derive(Clone, Debug)]
pub(super) enum Message {
    /// The site changed: load the page again.
    Reload,
    /// Only stylesheets changed: fetch them again, keep the page.
    Css,
    /// The last save broke the site: show these problems (JSON).
    Failed(String),
}

/// The problems of a failed build as the overlay wants them (JSON), or `None` after a good one.
pub(super) fn failure_json(result: &Result<(), &Error>) -> Option<String> {
    let problems: Vec<Diagnostic> = match result {
        Ok(()) => return None,
        Err(Error::Content(problems)) => {
            problems.iter().filter(|d| d.is_error()).cloned().collect()
        }
        Err(other) => vec![Diagnostic::error("", other.to_string())],
    };
    serde_json::to_string(&problems).ok()
}

/// The overlay's strings per language (JSON), from the theme's UI strings.
pub(super) fn overlay_strings(engine: &Engine) -> String {
    let mut out = serde_json::Map::new();
    for (lang, t) in engine.ui_strings().unwrap_or_default() {
        let get = |key: &str| t.get(key).cloned().unwrap_or_default();
        out.insert(
            lang.clone(),
            serde_json::json!({
                "title": get("dev_error_title"),
                "kept": get("dev_error_kept"),
                "hint": get("dev_error_hint"),
                "close": get("dev_error_close"),
            }),
        );
    }
    serde_json::Value::Object(out).to_string()
}

pub(super) async fn live_script(State(shared): State<Arc<Shared>>) -> Response {
    let strings = shared
        .overlay_strings
        .lock()
        .expect("no panic while locked")
        .clone();
    let script = LIVE_SCRIPT.replace("/*STRINGS*/ {}", &strings);
    with_type(script.into_bytes(), "text/javascript; charset=utf-8")
}

pub(super) async fn events_stream(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = shared.events.subscribe();
    // A page opened while the site is broken learns it at once.
    let now = shared
        .failure
        .lock()
        .expect("no panic while locked")
        .clone()
        .map(|json| Ok(Event::default().event("failed").data(json)));
    let hello = Ok(Event::default().event("hello").data("spean"));
    let later = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(message) => {
                    let event = match message {
                        Message::Reload => Event::default().event("reload").data("page"),
                        Message::Css => Event::default().event("css").data("styles"),
                        Message::Failed(json) => Event::default().event("failed").data(json),
                    };
                    return Some((Ok(event), receiver));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(
        stream::iter(std::iter::once(hello).chain(now))
            .chain(later)
            .boxed(),
    )
    .keep_alive(KeepAlive::default())
}
