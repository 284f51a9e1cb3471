//! Random content through the real binary: front matter, Markdown and data YAML built from
//! the pieces editors (and hostile inputs) use. No input may make `spean check` or `spean build`
//! panic or abort; every failure is reported as diagnostics that name a file. Seeded by
//! proptest, bounded to a few dozen builds (well under a minute).

mod common;

use common::Fixture;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Short strings of the characters that matter to YAML, Markdown, HTML, paths and Khmer.
fn fragment() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Join",
        "ការចុះឈ្មោះ",
        "\u{17D2}",
        "\u{200B}",
        "é",
        " ",
        "  ",
        "\n",
        "\t",
        ":",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        "\"",
        "#",
        "&a ",
        "*a",
        "|",
        ">",
        "!",
        "%",
        "@/",
        "../",
        "..",
        "/",
        "\\",
        "\0",
        "\r",
        "CON",
        "nul.txt",
        "<div>",
        "</div>",
        "<script>",
        "javascript:",
        "data:",
        "http://x",
        "mailto:a@b",
        "*",
        "_",
        "`",
        "```",
        "~~",
        "[^1]",
        "{#id}",
        "<a@b.kh>",
        "&amp;",
        "&#0;",
        "0",
        "-1",
        "99999999999999999999",
        "2025-02-30",
        "2025-03-05T09:3",
        "true",
        "null",
        "~",
        "---",
        "...",
        "\u{FEFF}",
        "\u{1F600}",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

/// A front matter block: known keys (and typos) with random values.
fn front_matter() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "title",
        "description",
        "date",
        "updated",
        "weight",
        "draft",
        "slug",
        "template",
        "aliases",
        "sample",
        "extra",
        "titel",
        "translated_from",
    ]);
    // Most pages have a plain title, so the rest of the page is read (and built) too.
    let title =
        prop_oneof![3 => Just("title: Fuzzed page\n".to_string()), 1 => Just(String::new())];
    (
        title,
        prop::collection::vec((key, fragment(), any::<bool>()), 0..4),
    )
        .prop_map(|(title, fields)| {
            let mut text = format!("---\n{title}");
            for (key, value, as_list) in fields {
                if as_list {
                    text.push_str(&format!("{key}:\n  - {value}\n"));
                } else {
                    text.push_str(&format!("{key}: {value}\n"));
                }
            }
            text.push_str("---\n");
            text
        })
}

/// A Markdown body made of lines of Markdown and HTML pieces.
fn markdown() -> impl Strategy<Value = String> {
    let line = (
        prop::sample::select(vec![
            "",
            "# ",
            "## ",
            "> ",
            "- ",
            "1. ",
            "    ",
            "| a | b |\n|:-|-:|\n| ",
            "[x](",
            "![x](",
            "<details>",
            "<img src=x onerror=alert(1)>",
            "[^1]: ",
        ]),
        fragment(),
        prop::sample::select(vec!["", ")", ")]", "</details>", " {#a}"]),
    );
    prop::collection::vec(line, 0..10).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(start, middle, end)| format!("{start}{middle}{end}\n"))
            .collect()
    })
}

/// A list of data records (a scheme file), with fields from the schema and random values.
fn data_yaml() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "id",
        "name",
        "summary",
        "weight",
        "who_can_join",
        "contributions",
        "covers",
        "source",
        "last_verified",
        "journey",
        "url",
        "amount",
    ]);
    prop::collection::vec(prop::collection::vec((key, fragment()), 0..5), 0..3).prop_map(
        |records| {
            let mut text = String::new();
            for fields in records {
                let mut first = true;
                for (key, value) in fields {
                    text.push_str(if first { "- " } else { "  " });
                    text.push_str(&format!("{key}: {value}\n"));
                    first = false;
                }
            }
            text
        },
    )
}

/// Runs the real binary; the exit must be 0 or 1 with nothing like a panic or an abort.
fn run_cleanly(site: &Fixture, args: &[&str]) -> (i32, String, String) {
    let out = site.spean().args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "spean {args:?} ended with {:?}:\n{stderr}",
        out.status
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflowed"),
        "{stderr}"
    );
    (code.unwrap(), stdout, stderr)
}

#[test]
fn random_content_never_crashes_check_or_build() {
    let site = Fixture::copy("portal");
    let mut runner = TestRunner::new(Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(60),
        failure_persistence: None,
        ..Config::default()
    });
    // Half the cases leave the data alone, so pages alone get through to the renderer too.
    let inputs = (front_matter(), markdown(), prop::option::of(data_yaml()));
    let built = std::cell::Cell::new(0usize);
    runner
        .run(&inputs, |(front, body, data)| {
            site.write("content/guide/fuzzed.en.md", format!("{front}{body}"));
            match &data {
                Some(data) => site.write("data/schemes/fuzzed.yaml", data),
                None => {
                    let _ = std::fs::remove_file(site.path().join("data/schemes/fuzzed.yaml"));
                }
            }
            let (code, stdout, _) = run_cleanly(&site, &["check", "--format", "json"]);
            let report: serde_json::Value = serde_json::from_str(&stdout)
                .unwrap_or_else(|e| panic!("check printed no JSON ({e}):\n{stdout}"));
            for d in report["errors"].as_array().into_iter().flatten() {
                let file = d["file"].as_str().unwrap_or_default();
                prop_assert!(!file.is_empty(), "a diagnostic without a file: {d}");
            }
            let (build, _, stderr) = run_cleanly(&site, &["build"]);
            built.set(built.get() + usize::from(build == 0));
            if build == 1 {
                prop_assert!(
                    stderr.contains(" --> "),
                    "a failed build must point at files:\n{stderr}"
                );
            }
            prop_assert!(
                code == 1 || build == 0,
                "check passed, build failed:\n{stderr}"
            );
            Ok(())
        })
        .unwrap();
    // The generator must reach the renderer and the writer, not only the parsers.
    assert!(
        built.get() >= 3,
        "only {} of the random sites built",
        built.get()
    );
}
