//! Browser tests: Debian's headless Chromium opens the built site over `file://` (an `--offline`
//! build, as on a USB drive) and the tests read the page as the browser left it after its
//! scripts ran (`--dump-dom`). The directory filter takes its choice from the address
//! (`?province=17&type=health_centre`), so a test drives it exactly as a bookmarked filter would.
//!
//! `.ci/run` installs Chromium. Set `CHROMIUM` to use another binary.

mod common;

use std::path::Path;
use std::process::Command;

use common::Fixture;

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string())
}

/// The DOM of `page` after load, with or without JavaScript.
fn dump_dom(page: &Path, query: &str, javascript: bool) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{query}", page.display());
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--allow-file-access-from-files",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()));
    if !javascript {
        cmd.arg("--blink-settings=scriptEnabled=false");
    }
    let out = cmd
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}); install Debian's chromium or set CHROMIUM",
                chromium()
            )
        });
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The names of the facility cards the filter shows.
fn shown_cards(dom: &str) -> Vec<String> {
    let Some(start) = dom.find(r#"id="filter-results""#) else {
        return Vec::new();
    };
    let results = &dom[start..];
    let results = &results[..results.find("</form>").unwrap_or(results.len())];
    results
        .split("<h3>")
        .skip(1)
        .map(|card| {
            let name = card.split('>').nth(1).unwrap_or("");
            name.split('<').next().unwrap_or("").to_string()
        })
        .collect()
}

fn status(dom: &str) -> String {
    let at = dom.find(r#"id="filter-status""#).expect("status line");
    let text = &dom[at..];
    text[text.find('>').unwrap() + 1..text.find("</p>").unwrap()].to_string()
}

#[test]
fn the_directory_filter_works_from_file_urls() {
    let site = Fixture::copy("portal");
    site.build_ok(&["--offline"]);
    let index = site.public().join("en/facilities/index.html");

    let dom = dump_dom(&index, "?province=17&type=health_centre", true);
    assert!(
        !dom.contains(r#"id="facility-filter" hidden"#) && dom.contains(r#"id="facility-filter""#),
        "the form shows when script runs"
    );
    assert_eq!(shown_cards(&dom), ["Siem Reap Health Centre"], "{dom}");
    assert_eq!(status(&dom), "1 facility found");

    let dom = dump_dom(&index, "?province=17", true);
    assert_eq!(
        shown_cards(&dom),
        ["Siem Reap Health Centre", "Siem Reap Referral Hospital"]
    );
    assert_eq!(status(&dom), "2 facilities found");

    let dom = dump_dom(&index, "?emergency=1", true);
    assert_eq!(
        shown_cards(&dom),
        ["Capital Hospital", "Siem Reap Referral Hospital"]
    );

    // Text search folds case and accents, in the reader's language.
    let dom = dump_dom(
        &site.public().join("fr/facilities/index.html"),
        "?q=hopital%20CAPITALE",
        true,
    );
    assert_eq!(shown_cards(&dom), ["Hôpital de la capitale"]);
    assert!(
        dom.contains(r#"href="tel:023100100""#),
        "cards keep tap-to-call: {dom}"
    );
    let dom = dump_dom(&index, "?q=maternity", true);
    assert_eq!(
        shown_cards(&dom),
        ["Sen Sok Health Centre"],
        "services are searched"
    );

    let dom = dump_dom(&index, "?province=5", true);
    assert!(shown_cards(&dom).is_empty());
    assert!(status(&dom).starts_with("No facility matches"));
}

#[test]
fn card_links_lead_to_the_facility_on_its_province_page() {
    let site = Fixture::copy("portal");
    site.build_ok(&["--offline"]);
    let dom = dump_dom(
        &site.public().join("en/facilities/index.html"),
        "?q=capital",
        true,
    );
    let at = dom.find(r#"<h3><a href=""#).expect("a linked card");
    let href = dom[at + 13..].split('"').next().unwrap();
    assert_eq!(href, "phnom-penh/index.html#pp-hospital");
    let province = site
        .public()
        .join("en/facilities")
        .join(href.split('#').next().unwrap());
    assert!(
        std::fs::read_to_string(province)
            .unwrap()
            .contains("id=pp-hospital")
    );
}

/// Headless Chromium cannot dump a page with scripting turned off (`--dump-dom` itself runs
/// through script), so this reads the files as a browser without JavaScript receives them: no
/// script changes them, and everything a reader needs must already be there.
#[test]
fn without_javascript_the_directory_is_still_usable() {
    let site = Fixture::copy("portal");
    site.build_ok(&["--offline"]);
    let read = |rel: &str| std::fs::read_to_string(site.public().join(rel)).unwrap();
    let index = read("en/facilities/index.html");
    let form = &index[index.find("<form").unwrap()..];
    let form = &form[..form.find('>').unwrap()];
    assert!(
        form.contains(" hidden "),
        "the filter needs script, so it starts hidden: {form}"
    );
    assert!(
        index.contains("<a href=siem-reap/index.html>Siem Reap <span class=count>(2)</span></a>"),
        "{index}"
    );
    let page = read("en/facilities/siem-reap/index.html");
    assert!(
        page.contains("Siem Reap Health Centre") && page.contains("Siem Reap Referral Hospital"),
        "{page}"
    );
    assert!(page.contains("href=tel:063963111"), "{page}");
    assert!(
        !page.contains("<script"),
        "province pages need no script: {page}"
    );
    let scheme = read("km/schemes/voluntary/index.html");
    assert!(
        scheme.contains("១៥,៦០០ រៀល ក្នុងមួយខែ") && !scheme.contains("<script"),
        "{scheme}"
    );
    let journey = read("en/enrol/join/index.html");
    assert!(
        journey.contains("Step 1: <span>Get the certificate</span>")
            && !journey.contains("<script"),
        "{journey}"
    );
}

#[test]
fn the_usb_bundle_opens_in_chromium_from_its_root() {
    let site = Fixture::copy("portal");
    let keys = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        site.spean()
            .env("SPEAN_KEY_DIR", keys.path())
            .env("SOURCE_DATE_EPOCH", "1741132800")
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["keygen"]).status.success());
    assert!(run(&["package"]).status.success());
    let bundle = site.path().join("dist/test-site-2025-03-05");
    let root = dump_dom(&bundle.join("index.html"), "", true);
    assert!(
        root.contains(r#"<a href="km/index.html" hreflang="km">"#),
        "{root}"
    );
    let km = dump_dom(&bundle.join("km/schemes/voluntary/index.html"), "", true);
    assert!(km.contains("១៥,៦០០ រៀល ក្នុងមួយខែ"), "{km}");
    let readme = dump_dom(&bundle.join("README.html"), "", true);
    assert!(
        readme.contains(r#"<a href="index.html">index.html</a>"#),
        "{readme}"
    );
}
