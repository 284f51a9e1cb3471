//! The sample portal on a 360 x 740 phone screen, measured in headless Chromium over `file://`
//! (the `--offline` build, as on a USB drive) through the DevTools protocol
//! (`common::cdp`): where every page's heading starts, whether any phone number wraps, which
//! fonts an English page downloads, whether the menu and the search box open without script,
//! how Khmer links are underlined. `./test.sh` installs Chromium.

mod common;

use std::path::{Path, PathBuf};

use common::cdp::{Browser, Tab, pdf_pages};
use serde_json::Value;

const WIDTH: u32 = 360;
const HEIGHT: u32 = 740;

fn url(page: &Path) -> String {
    format!("file://{}", page.display())
}

/// Every page of the three languages (`km/.../index.html`), sorted.
fn pages(public: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = ["km", "en", "fr"]
        .iter()
        .flat_map(|lang| walkdir::WalkDir::new(public.join(lang)))
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.file_name().is_some_and(|n| n == "index.html"))
        .collect();
    pages.sort();
    pages
}

/// What the page looks like at 360 px: the top of its `h1` in the page, the phone links whose
/// text runs over more than one line, and the bottom edge of the skip link.
const MEASURE: &str = r#"(() => {
  const h1 = document.querySelector("main h1");
  const lines = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
  };
  // The number of each phone link: its `.number` (the label beside it is set smaller), or the
  // whole link when it is the number alone.
  const wrapped = [...document.querySelectorAll('a[href^="tel:"]')]
    .map(a => a.querySelector(".number") || a)
    .filter(n => lines(n) > 1)
    .map(n => n.textContent.trim());
  const skip = document.querySelector(".skip");
  return {
    h1: h1 ? h1.getBoundingClientRect().top + window.scrollY : null,
    wrapped,
    skip_bottom: skip ? skip.getBoundingClientRect().bottom : null,
  };
})()"#;

#[test]
fn on_a_phone_every_heading_starts_in_the_first_200_px_and_no_phone_number_wraps() {
    let (_dir, public) = common::offline_sample();
    let pages = pages(&public);
    assert!(pages.len() > 100, "{} pages", pages.len());
    let mut browser = Browser::launch();
    let tab = browser.open("about:blank", WIDTH, HEIGHT);
    let mut low = Vec::new();
    let mut wrapped = Vec::new();
    let mut phones = 0;
    for page in &pages {
        browser.navigate(&tab, &url(page));
        let m = browser.evaluate(&tab, MEASURE);
        let shown = page.strip_prefix(&public).unwrap().display().to_string();
        match m["h1"].as_f64() {
            Some(top) if top <= 200.0 => {}
            top => low.push(format!("{shown}: h1 at {top:?}")),
        }
        for number in m["wrapped"].as_array().unwrap() {
            wrapped.push(format!("{shown}: {number}"));
        }
        phones += usize::from(shown.contains("facilities/"));
        assert!(
            m["skip_bottom"].as_f64().is_some_and(|b| b <= 0.0),
            "{shown}: the skip link shows before it is focused: {m}"
        );
        let errors = browser.errors(&tab);
        assert!(errors.is_empty(), "{shown}: {errors:#?}");
    }
    assert!(low.is_empty(), "headings below 200 px:\n{}", low.join("\n"));
    assert!(
        wrapped.is_empty(),
        "wrapped numbers:\n{}",
        wrapped.join("\n")
    );
    assert!(
        phones > 0,
        "facility pages (with phone numbers) were measured"
    );
}

/// The font faces of the stylesheet the page loaded, as `family weight` (a face is only
/// downloaded when some text of the page needs it).
fn fonts_loaded(browser: &mut Browser, tab: &Tab) -> Vec<String> {
    let names = browser.evaluate(
        tab,
        r#"[...document.fonts].filter(f => f.status !== "unloaded").map(f => f.family.replaceAll('"', "") + " " + f.weight)"#,
    );
    names
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_english_or_french_page_loads_no_khmer_text_font_only_the_switchers_word() {
    let (_dir, public) = common::offline_sample();
    let mut browser = Browser::launch();
    for lang in ["en", "fr"] {
        let tab = browser.open(&url(&public.join(lang).join("index.html")), WIDTH, HEIGHT);
        let fonts = fonts_loaded(&mut browser, &tab);
        assert_eq!(fonts, ["Noto Sans Khmer Name 400 700"], "{lang}");
        // The word is drawn with that font, not a system fallback.
        let family = browser.evaluate(
            &tab,
            r#"getComputedStyle(document.querySelector('.languages [lang="km"]')).fontFamily"#,
        );
        assert!(
            family
                .as_str()
                .unwrap()
                .starts_with("\"Noto Sans Khmer Name\""),
            "{family}"
        );
        assert_eq!(
            browser.evaluate(
                &tab,
                r#"document.fonts.check('16px "Noto Sans Khmer Name"', "ខ្មែរ")"#
            ),
            Value::Bool(true)
        );
    }
    // A Khmer page does load the text font.
    let tab = browser.open(&url(&public.join("km/index.html")), WIDTH, HEIGHT);
    let fonts = fonts_loaded(&mut browser, &tab);
    assert!(
        fonts.contains(&"Noto Sans Khmer 400".to_string()),
        "{fonts:?}"
    );
}

#[test]
fn the_menu_and_the_search_box_open_from_their_buttons_without_script() {
    let (_dir, public) = common::offline_sample();
    let mut browser = Browser::launch();
    let tab = browser.open("about:blank", WIDTH, HEIGHT);
    browser.call(
        Some(&tab),
        "Emulation.setScriptExecutionDisabled",
        serde_json::json!({"value": true}),
    );
    browser.navigate(&tab, &url(&public.join("en/voluntary/index.html")));
    let shown = |browser: &mut Browser, selector: &str| {
        browser.evaluate(
            &tab,
            &format!("document.querySelector({selector:?}).checkVisibility()"),
        )
    };
    assert_eq!(shown(&mut browser, ".main-nav a"), Value::Bool(false));
    assert_eq!(shown(&mut browser, "#search-q"), Value::Bool(false));
    // A click on the summary, as a finger would (the page's own script is off).
    for (button, inside) in [
        (".menu > summary", ".main-nav a"),
        (".search-box > summary", "#search-q"),
    ] {
        let rect = browser.evaluate(
            &tab,
            &format!("(() => {{ const r = document.querySelector({button:?}).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"),
        );
        for kind in ["mousePressed", "mouseReleased"] {
            browser.call(
                Some(&tab),
                "Input.dispatchMouseEvent",
                serde_json::json!({"type": kind, "x": rect[0], "y": rect[1], "button": "left", "clickCount": 1}),
            );
        }
        assert_eq!(shown(&mut browser, inside), Value::Bool(true), "{button}");
    }
    // The menu's links lead to the sections, over the page.
    let links = browser.evaluate(
        &tab,
        "[...document.querySelectorAll('.main-nav a')].map(a => a.getAttribute('href'))",
    );
    assert!(links.as_array().unwrap().len() >= 4, "{links}");
}

#[test]
fn khmer_links_are_underlined_below_their_subscripts() {
    let (_dir, public) = common::offline_sample();
    let mut browser = Browser::launch();
    let tab = browser.open(&url(&public.join("km/index.html")), WIDTH, HEIGHT);
    let style = browser.evaluate(
        &tab,
        r#"(() => { const a = document.querySelector("main a"); const s = getComputedStyle(a);
             return [parseFloat(s.textUnderlineOffset), parseFloat(s.fontSize), s.textDecorationSkipInk]; })()"#,
    );
    let (offset, size) = (style[0].as_f64().unwrap(), style[1].as_f64().unwrap());
    // Noto Sans Khmer's subscripts reach about 0.4 em below the baseline.
    assert!(offset >= 0.4 * size, "offset {offset}px at {size}px");
    assert_eq!(style[2], "auto");
}

#[test]
fn a_checklist_prints_on_one_page_with_its_sources_its_date_and_the_hotline_once() {
    let (_dir, public) = common::offline_sample();
    let mut browser = Browser::launch();
    for (lang, hotline, heading) in [
        ("en", "1286", "The steps, in order"),
        ("fr", "1286", "Les étapes, dans l’ordre"),
        ("km", "១២៨៦", "ជំហាននានា តាមលំដាប់"),
    ] {
        let page = public
            .join(lang)
            .join("enrol/join-self-employed/checklist/index.html");
        let tab = browser.open(&url(&page), WIDTH, HEIGHT);
        browser.call(
            Some(&tab),
            "Emulation.setEmulatedMedia",
            serde_json::json!({"media": "print"}),
        );
        let printed = browser.evaluate(&tab, "document.body.innerText");
        let printed = printed.as_str().unwrap();
        assert_eq!(printed.matches(hotline).count(), 1, "{lang}: {printed}");
        assert!(printed.contains(heading), "{lang}: {printed}");
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            html.contains("class=sources"),
            "{lang}: the sources are printed"
        );
        assert!(
            html.contains("<time datetime=2026-"),
            "{lang}: the date it was checked"
        );
        assert_eq!(pdf_pages(&browser.print_to_pdf(&tab)), 1, "{lang}");
    }
}

#[test]
fn the_hotline_button_of_a_khmer_page_reads_in_khmer_digits_and_calls_in_ascii() {
    let (_dir, public) = common::offline_sample();
    let km = std::fs::read_to_string(public.join("km/index.html")).unwrap();
    assert!(km.contains("<a class=call href=tel:1286>"), "{km}");
    assert!(km.contains("<span class=number>១២៨៦</span>"), "{km}");
    let en = std::fs::read_to_string(public.join("en/index.html")).unwrap();
    assert!(en.contains("<span class=number>1286</span>"));
}

#[test]
fn the_language_chooser_shows_every_title_and_the_not_official_notice() {
    let (_dir, public) = common::offline_sample();
    let html = std::fs::read_to_string(public.join("index.html")).unwrap();
    let site =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("site.yaml")).unwrap();
    for lang in ["km", "en", "fr"] {
        let title = site
            .lines()
            .skip_while(|l| *l != "title:")
            .find_map(|l| l.strip_prefix(&format!("  {lang}: ")))
            .unwrap();
        assert!(
            html.contains(&format!("<span class=choice-title>{title}</span>")),
            "{lang}: {title}"
        );
        let strings = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/i18n/{lang}.yaml")),
        )
        .unwrap();
        let notice = strings
            .lines()
            .find_map(|l| l.strip_prefix("footer_note: "))
            .unwrap()
            .trim_matches('"');
        assert!(html.contains(notice), "{lang}: {notice}");
    }
}

#[test]
fn ui_strings_use_one_kind_of_apostrophe_and_quotes_that_match() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    for lang in ["km", "en", "fr"] {
        let text = std::fs::read_to_string(root.join(format!("{lang}.yaml"))).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') {
                continue;
            }
            let value = line
                .split_once(": ")
                .map_or("", |(_, v)| v.trim_matches('"'));
            if lang == "fr" {
                assert!(
                    !value.contains('\''),
                    "fr.yaml:{}: a straight apostrophe: {line}",
                    n + 1
                );
            }
            let opened = value.matches(['‘', '“', '«']).count();
            let closed = value.matches(['”', '»']).count() + value.matches('’').count().min(opened);
            assert!(
                opened <= closed,
                "{lang}.yaml:{}: a quote left open: {line}",
                n + 1
            );
        }
    }
}
