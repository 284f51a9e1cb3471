//! Edit-to-page benchmark for `spean watch`: saves one page at a time in a running watch of a
//! corpus (`examples/corpus.rs`) and measures, from the moment the file is saved, how long
//! until its new HTML is in the output folder. Run by `bench/watch.sh`.
//!
//! `watch_bench <site> <output> <edits>`: edits pages of different sections and languages,
//! appending a sentence with a unique marker to the body (the kind of edit an editor makes),
//! and polls the page's output file until the marker is in it.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let site = Path::new(&args[1]);
    let output = Path::new(&args[2]);
    let edits: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(20);
    let mut times = Vec::new();
    for n in 0..edits {
        let common::Edit {
            lang,
            section,
            slug,
            source,
        } = common::page_to_edit(site, n);
        let target = output
            .join(lang)
            .join(&section)
            .join(&slug)
            .join("index.html");
        let marker = format!("editmarker{n}x{}", std::process::id());
        let mut text = std::fs::read_to_string(&source).unwrap();
        text.push_str(&format!("\nAn editor adds a sentence: {marker}.\n"));

        let started = Instant::now();
        std::fs::write(&source, &text).unwrap();
        loop {
            if std::fs::read(&target)
                .map(|b| b.windows(marker.len()).any(|w| w == marker.as_bytes()))
                .unwrap_or(false)
            {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{} never showed the edit",
                target.display()
            );
            std::thread::sleep(Duration::from_micros(200));
        }
        let took = started.elapsed();
        times.push(took.as_secs_f64() * 1000.0);
        println!(
            "edit {n:2} {lang} {section}/{slug}: {:.1} ms",
            took.as_secs_f64() * 1000.0
        );
        // Let the rebuild finish (search index) before the next save.
        std::thread::sleep(Duration::from_millis(1500));
    }
    times.sort_by(f64::total_cmp);
    println!(
        "median {:.1} ms, min {:.1} ms, max {:.1} ms over {} edits",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len()
    );
}
