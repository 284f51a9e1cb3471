//! `spean serve`: the editors' preview. Builds the site, serves the output folder on
//! 127.0.0.1, rebuilds on every save (`watch`), and tells open pages over Server-Sent Events
//! to reload, to refresh their stylesheets, or to show what broke.
//!
//! The server (axum on tokio) answers only requests addressed to this computer by name
//! (`localhost`, `127.0.0.1`, `[::1]` or the `--bind` address, in the `Host` header): a web
//! page that rebinds its own domain to 127.0.0.1 cannot read the preview. It only reads files
//! under the output folder: every request path is percent-decoded first, then refused (403) if
//! a segment is `..` or holds a backslash or NUL, and the file found is refused if, symlinks
//! resolved, it lies outside the output folder. Redirects are paths on this server. A file
//! missing while a build writes the folder is looked for again once the build is done. Only
//! GET and HEAD are answered. Pages get a `<script>` tag for `/__spean/live.js`, added as
//! they are served, so nothing of it is ever written to the output. `/__spean/translations`
//! shows editors the translation status of every page (`spean check --translations`), also
//! only here.

mod files;
mod hosts;
mod live;
mod translations;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::middleware;
use axum::routing::get;
use tokio::sync::broadcast;

use crate::build::Engine;
use crate::config::BuildOptions;
use crate::error::Error;
use crate::watch::{self, Round, Watcher};
use live::Message;

/// The port `spean serve` uses unless told otherwise (the NSSF hotline is 1286).
pub(crate) const DEFAULT_PORT: u16 = 1286;

struct Shared {
    /// The output folder, symlinks resolved.
    root: PathBuf,
    /// The output folder as the engine names it (its lock is beside it).
    output_dir: PathBuf,
    /// The address the server listens on: the `Host` names it answers depend on it.
    local: SocketAddr,
    languages: Vec<String>,
    /// The problems of the last rebuild, as JSON, while the site is broken.
    failure: Mutex<Option<String>>,
    /// UI strings of the overlay, per language (JSON), from the theme.
    overlay_strings: Mutex<String>,
    events: broadcast::Sender<Message>,
    /// Open pages were told to reload as soon as this rebuild's pages were written.
    reloaded: AtomicBool,
    options: BuildOptions,
}

/// Where to listen.
pub(crate) struct Listen {
    pub bind: IpAddr,
    pub port: u16,
}

/// Builds, then serves and rebuilds until the process is stopped. `started` hears the address
/// once the server listens; `round` hears of every rebuild (for the terminal). A `site.yaml`
/// that cannot be used is the error ([`Error::Content`]): there is no output folder to serve.
pub(crate) fn serve(
    options: BuildOptions,
    listen: Listen,
    started: impl FnOnce(SocketAddr, &Result<crate::BuildReport, Error>),
    round: impl FnMut(&Round) + Send + 'static,
) -> Result<(), Error> {
    let mut engine = Engine::new(options.clone(), true);
    let first = engine.build();
    let Some(output_dir) = engine.output_dir() else {
        // Only a site.yaml that cannot be read leaves the engine without an output folder.
        return Err(first.err().unwrap_or_else(|| Error::Content(Vec::new())));
    };
    std::fs::create_dir_all(&output_dir)
        .map_err(|e| Error::io(format!("cannot create {}", output_dir.display()), e))?;
    let watcher = Watcher::start(&options.site_dir, &output_dir)
        .map_err(|e| Error::io(format!("cannot watch {}", options.site_dir.display()), e))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("cannot start the server", e))?;
    let address = SocketAddr::new(listen.bind, listen.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .map_err(|source| Error::Listen { address, source })?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::io(format!("cannot listen on {address}"), e))?;
    let (events, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        root: output_dir
            .canonicalize()
            .map_err(|e| Error::io(format!("cannot open {}", output_dir.display()), e))?,
        output_dir: output_dir.clone(),
        local,
        languages: engine.languages(),
        failure: Mutex::new(live::failure_json(&first.as_ref().map(|_| ()))),
        overlay_strings: Mutex::new(live::overlay_strings(&engine)),
        events,
        reloaded: AtomicBool::new(false),
        options: options.clone(),
    });
    started(local, &first);
    reload_when_pages_are_written(&mut engine, Arc::clone(&shared));
    rebuild_on_save(engine, watcher, Arc::clone(&shared), round);
    runtime
        .block_on(axum::serve(listener, app(shared)).into_future())
        .map_err(|e| Error::io("the server stopped", e))
}

/// Tells open pages to reload as soon as a rebuild has written pages, without waiting for the
/// search index and the rest of the rebuild: the editor sees the edit sooner. The rebuild's
/// end then tells them nothing more, unless it failed or removed files.
fn reload_when_pages_are_written(engine: &mut Engine, shared: Arc<Shared>) {
    engine.on_pages_written(move |written| {
        if written.iter().any(|path| path.ends_with(".html")) {
            // The pages are good again: a page that reloads now must not see the last problem.
            shared.failure.lock().expect("no panic while locked").take();
            shared.reloaded.store(true, Ordering::SeqCst);
            let _ = shared.events.send(Message::Reload);
        }
    });
}

/// Runs the watch loop on a thread of its own: each rebuild is told to `round`, and to the open
/// pages (reload, new stylesheets, or what broke).
fn rebuild_on_save(
    mut engine: Engine,
    mut watcher: Watcher,
    watching: Arc<Shared>,
    mut round: impl FnMut(&Round) + Send + 'static,
) {
    std::thread::spawn(move || {
        watch::run(&mut engine, &mut watcher, |engine, r| {
            round(&r);
            let reloaded = watching.reloaded.swap(false, Ordering::SeqCst);
            let message = match &r.result {
                Ok(report) => {
                    let was_failing = watching
                        .failure
                        .lock()
                        .expect("no panic while locked")
                        .take()
                        .is_some();
                    *watching
                        .overlay_strings
                        .lock()
                        .expect("no panic while locked") = live::overlay_strings(engine);
                    let unseen = report.full.is_none()
                        && report.written.is_empty()
                        && report.removed.is_empty();
                    // Open pages reloaded when the pages were written (which cleared the
                    // failure); files removed only now (a page moved away) make them load again.
                    if (reloaded && report.removed.is_empty()) || (!was_failing && unseen) {
                        return;
                    }
                    if report.css_only() {
                        Message::Css
                    } else {
                        Message::Reload
                    }
                }
                Err(err) => {
                    let json = live::failure_json(&Err(err)).unwrap_or_default();
                    *watching.failure.lock().expect("no panic while locked") = Some(json.clone());
                    Message::Failed(json)
                }
            };
            let _ = watching.events.send(message);
        });
    });
}

/// The server's routes: the live-reload script and events, the translation status, and the
/// output folder's files, all behind the local-hosts guard.
fn app(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__spean/live.js", get(live::live_script))
        .route("/__spean/events", get(live::events_stream))
        .route(
            "/__spean/translations",
            get(translations::translations_page),
        )
        .fallback(files::serve_file)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            hosts::local_hosts_only,
        ))
        .with_state(shared)
}
