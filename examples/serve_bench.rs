//! Edit-to-screen benchmark for `spean serve`, over HTTP as a browser sees it: saves one page
//! at a time in a running `spean serve` of a corpus (`examples/corpus.rs`) and measures, from
//! the moment the file is saved, how long until the server has told open pages to reload
//! (`/__spean/events`) and then serves the page with the edit in it. Run by `bench/serve.sh`.
//!
//! `serve_bench <site> <port> <edits> <body|title>`: a body edit appends a sentence with a
//! unique marker (what an editor does most); a title edit puts the marker in the page's
//! `title:`, which also changes its section's listing and the search index. The marker is
//! looked for in the page served; a title edit's marker also in the section's listing page
//! that lists it, once the rebuild is over.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(60);

mod common;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let site = Path::new(&args[1]);
    let port: u16 = args[2].parse().expect("a port");
    let edits: usize = args[3].parse().expect("a number of edits");
    let title = match args[4].as_str() {
        "title" => true,
        "body" => false,
        other => panic!("an edit is `body` or `title`, not {other:?}"),
    };
    let events = events(port);
    let mut times = Vec::new();
    for n in 0..edits {
        let common::Edit {
            lang,
            section,
            slug,
            source,
        } = common::page_to_edit(site, n);
        let address = format!("/{lang}/{section}/{slug}/");
        let marker = format!("editmarker{n}x{}", std::process::id());
        let text = std::fs::read_to_string(&source).expect("a page of the corpus");
        let text = if title {
            retitled(&text, &marker)
        } else {
            format!("{text}\nAn editor adds a sentence: {marker}.\n")
        };
        while events.try_recv().is_ok() {}

        let started = Instant::now();
        std::fs::write(&source, &text).expect("the page saved");
        loop {
            let left = DEADLINE
                .checked_sub(started.elapsed())
                .expect("the edit shows within the deadline");
            let (event, data) = events.recv_timeout(left).expect("an event from the server");
            assert_ne!(event, "failed", "the rebuild failed: {data}");
            if event == "reload" && get(port, &address).contains(&marker) {
                break;
            }
        }
        let took = started.elapsed().as_secs_f64() * 1000.0;
        times.push(took);
        println!("edit {n:2} {lang} {address}: {took:.1} ms");
        // Let the rebuild finish (search index) before the next save.
        std::thread::sleep(Duration::from_millis(1500));
        if title {
            let listing = format!("/{lang}/{section}/");
            assert!(
                listed(port, &listing, &marker),
                "the listing of {listing} does not show the new title"
            );
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "median {:.1} ms, min {:.1} ms, max {:.1} ms over {} {} edits",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len(),
        if title { "title" } else { "body" }
    );
}

/// The page's text with a title that ends in `marker` (its words stay in their order, so the
/// page keeps its place in listings: titles only break ties of weight and date).
fn retitled(text: &str, marker: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        match line.strip_prefix("title: ") {
            Some(title) => {
                let kept = title.split(" editmarker").next().unwrap_or(title);
                out.push_str(&format!("title: {kept} {marker}\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Whether the section's listing, or one of its next pages, shows `marker`.
fn listed(port: u16, listing: &str, marker: &str) -> bool {
    for n in 1.. {
        let path = if n == 1 {
            listing.to_string()
        } else {
            format!("{listing}page/{n}/")
        };
        let body = get(port, &path);
        if body.is_empty() {
            return false;
        }
        if body.contains(marker) {
            return true;
        }
    }
    false
}

/// The body of a page served with status 200, or nothing.
fn get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("a request sent");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("a response");
    let response = String::from_utf8_lossy(&response);
    match response.split_once("\r\n\r\n") {
        Some((head, body)) if head.starts_with("HTTP/1.1 200") => body.to_string(),
        _ => String::new(),
    }
}

/// The server's events (name, data), read on a thread of their own.
fn events(port: u16) -> Receiver<(String, String)> {
    let (sender, receiver) = mpsc::channel();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    write!(
        stream,
        "GET /__spean/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("a request sent");
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(data) = line.strip_prefix("data: ")
                && sender.send((event.clone(), data.to_string())).is_err()
            {
                return;
            }
        }
    });
    let (first, _) = receiver.recv_timeout(DEADLINE).expect("the server's hello");
    assert_eq!(first, "hello");
    receiver
}
