//! `spean serve`'s guard against DNS rebinding: only requests addressed to this computer by
//! name (`localhost`, a loopback address or the `--bind` address, in the `Host` header) are
//! answered; a page of another site that rebinds its own domain to 127.0.0.1 gets 403.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Shared;

/// Refuses (403) a request whose `Host` is not a name of this computer: a page of another site
/// that points its own domain at 127.0.0.1 (DNS rebinding) sends its domain there.
pub(super) async fn local_hosts_only(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| {
            request
                .uri()
                .authority()
                .map(axum::http::uri::Authority::as_str)
        });
    if host.is_some_and(|h| is_local_host(h, shared.local)) {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        "spean serve answers only requests for localhost, 127.0.0.1, [::1] or its --bind address\n",
    )
        .into_response()
}

/// `localhost`, a loopback address or the address listened on, with no port or the port
/// listened on. Listening on every address (`--bind 0.0.0.0`), any address written as an IP is
/// taken (a phone on the network uses the computer's address; DNS rebinding needs a name).
fn is_local_host(host: &str, local: SocketAddr) -> bool {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, port)) => (ip, port),
            None => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) => (name, port),
            None => (host, ""),
        },
    };
    let port = port.strip_prefix(':').unwrap_or(port);
    if !port.is_empty() && port.parse::<u16>().ok() != Some(local.port()) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == local.ip() || local.ip().is_unspecified(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_of_this_computer_are_answered() {
        let local: SocketAddr = "127.0.0.1:1286".parse().unwrap();
        for host in [
            "localhost",
            "localhost:1286",
            "LocalHost:1286",
            "127.0.0.1",
            "127.0.0.1:1286",
            "[::1]",
            "[::1]:1286",
        ] {
            assert!(is_local_host(host, local), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1286",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1286",
            "localhost:8080",
            "127.0.0.1:80",
            "[::1",
            "192.168.1.20:1286",
            "",
        ] {
            assert!(!is_local_host(host, local), "{host}");
        }
        let bound: SocketAddr = "192.168.1.20:1286".parse().unwrap();
        assert!(is_local_host("192.168.1.20:1286", bound));
        assert!(!is_local_host("192.168.1.21:1286", bound));
        let everywhere: SocketAddr = "0.0.0.0:1286".parse().unwrap();
        assert!(is_local_host("192.168.1.20:1286", everywhere));
        assert!(!is_local_host("rebound.example:1286", everywhere));
    }
}
