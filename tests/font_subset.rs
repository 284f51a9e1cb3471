//! The fonts of the one-file edition, cut to the characters each file draws: smaller than the
//! theme's, and drawing Khmer exactly as the whole font does. Chromium renders real Khmer text of
//! the sample's Khmer file (and every consonant + coeng + consonant pair the file uses), regular
//! and bold, once with the whole fonts and once with the file's own, and the two screenshots
//! must be the same pixels; a character the file does not have must make them differ. A font
//! the subsetter cannot read is inlined whole, with a warning. The cut fonts are WOFF 1.0 (the
//! whole ones WOFF2): the screenshots compare the two formats too.

mod common;

use std::collections::BTreeSet;

use common::Fixture;
use common::cdp::{Browser, base64_decode};

const SAMPLE_NAME: &str = "nssf-information-for-citizens";
const FONTS: [(&str, &str); 2] = [
    ("400", "fonts/noto-sans-khmer-khmer-400-normal.woff2"),
    ("700", "fonts/noto-sans-khmer-khmer-700-normal.woff2"),
];

/// A face of a file's stylesheet: family, weight, `unicode-range`, the inlined font's MIME
/// type and `format()` hint, and its bytes.
struct Face {
    family: String,
    weight: String,
    range: String,
    kind: String,
    hint: String,
    font: Vec<u8>,
}

/// The `@font-face` rules of a file's stylesheet.
fn inlined_faces(html: &str) -> Vec<Face> {
    let value = |face: &str, key: &str| {
        face.split_once(key).map_or(String::new(), |(_, v)| {
            v[..v.find([';', '}']).unwrap_or(v.len())]
                .trim_matches('"')
                .to_string()
        })
    };
    html.split("@font-face{")
        .skip(1)
        .map(|rest| {
            let face = &rest[..rest.find('}').unwrap()];
            let (kind, data) = face
                .split_once("data:")
                .and_then(|(_, d)| d.split_once(";base64,"))
                .unwrap_or_default();
            let end = data.find('"').unwrap_or(data.len());
            let hint = data[end..]
                .split_once("format(")
                .map_or("", |(_, h)| &h[..h.find(')').unwrap_or(h.len())]);
            Face {
                family: value(face, "font-family:"),
                weight: value(face, "font-weight:"),
                range: value(face, "unicode-range:"),
                kind: kind.to_string(),
                hint: hint.trim_matches('"').to_string(),
                font: base64_decode(&data[..end]),
            }
        })
        .collect()
}

/// The Khmer face of this weight.
fn khmer_face(html: &str, weight: &str) -> Option<Face> {
    inlined_faces(html)
        .into_iter()
        .find(|f| f.family == "Noto Sans Khmer" && f.weight == weight)
}

/// The MIME type of a WOFF or WOFF2 font, from its signature.
fn font_kind(font: &[u8]) -> &'static str {
    match font.get(..4) {
        Some(b"wOFF") => "font/woff",
        _ => "font/woff2",
    }
}

fn is_khmer(c: char) -> bool {
    ('\u{1780}'..='\u{17FF}').contains(&c)
}

/// The text of the file's `<main>`, tags left out, in lines.
fn main_text(html: &str) -> Vec<String> {
    let main = &html[html.find("<main").unwrap()..html.rfind("</main>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push('\n');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| l.chars().any(is_khmer))
        .collect()
}

/// Real Khmer text of the file (about 1,000 characters, from its longest lines, 400 at most of each) and a line of
/// every consonant + coeng + consonant pair the whole file uses.
fn specimen(lines: &[String]) -> (String, String) {
    let mut longest: Vec<&String> = lines.iter().collect();
    longest.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    let mut text = String::new();
    for line in longest {
        if text.chars().count() > 1000 {
            break;
        }
        text.extend(line.chars().take(400));
        text.push(' ');
    }
    let consonant = |c: char| ('\u{1780}'..='\u{17A2}').contains(&c);
    let mut pairs = BTreeSet::new();
    for line in lines {
        let chars: Vec<char> = line.chars().collect();
        for w in chars.windows(3) {
            if consonant(w[0]) && w[1] == '\u{17D2}' && consonant(w[2]) {
                pairs.insert(format!("{}\u{17D2}{}", w[0], w[2]));
            }
        }
    }
    (text, pairs.into_iter().collect::<Vec<_>>().join(" "))
}

/// A page drawing `text` regular and bold with the two weights `fonts` (WOFF or WOFF2 bytes),
/// each for the characters of `range` as in the file (others are drawn with the browser's own
/// font).
fn page(fonts: &[Vec<u8>; 2], range: &str, text: &str) -> String {
    let face = |weight: &str, font: &[u8]| {
        format!(
            "@font-face{{font-family:T;font-weight:{weight};unicode-range:{range};src:url(\"data:{};base64,{}\")}}",
            font_kind(font),
            base64(font)
        )
    };
    format!(
        "<!DOCTYPE html><html lang=km><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><style>{}{}body{{margin:8px;width:760px;font:16px/1.9 T,sans-serif;overflow-wrap:anywhere}}</style><body><p>{text}</p><p><b>{text}</b></p>",
        face("400", &fonts[0]),
        face("700", &fonts[1]),
    )
}

/// A screenshot of `html` at 800 x 6000 px, after checking that both fonts loaded and that the
/// text fits.
fn render(browser: &mut Browser, dir: &std::path::Path, name: &str, html: &str) -> Vec<u8> {
    let file = dir.join(name);
    std::fs::write(&file, html).unwrap();
    let tab = browser.open(&format!("file://{}", file.display()), 800, 6000);
    let loaded = browser.evaluate(
        &tab,
        "document.fonts.ready.then(() => [...document.fonts].map(f => f.status).join())",
    );
    assert_eq!(loaded, "loaded,loaded", "{name}: the fonts did not load");
    let height = browser.evaluate(&tab, "document.documentElement.scrollHeight");
    assert!(height.as_u64().unwrap() <= 6000, "{name}: {height} px high");
    browser.screenshot(&tab)
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn the_cut_fonts_are_smaller_and_draw_khmer_exactly_as_the_whole_fonts() {
    let site = Fixture::sample();
    site.build_ok(&["--single-file"]);
    let public = site.public();
    let km = std::fs::read_to_string(public.join(format!("{SAMPLE_NAME}-km.html"))).unwrap();
    let en = std::fs::read_to_string(public.join(format!("{SAMPLE_NAME}-en.html"))).unwrap();
    let whole: Vec<Vec<u8>> = FONTS
        .iter()
        .map(|(_, rel)| std::fs::read(public.join(rel)).unwrap())
        .collect();
    let (ranges, cut): (Vec<String>, Vec<Vec<u8>>) = FONTS
        .iter()
        .map(|(weight, _)| {
            let face = khmer_face(&km, weight).expect("the Khmer file inlines both weights");
            // Cut fonts are WOFF 1.0, and the stylesheet says so.
            assert_eq!(&face.font[..4], b"wOFF", "{weight}");
            assert_eq!(
                (face.kind.as_str(), face.hint.as_str()),
                ("font/woff", "woff")
            );
            (face.range, face.font)
        })
        .unzip();
    assert_eq!(ranges[0], ranges[1]);
    assert!(ranges[0].contains("1780-17"), "{}", ranges[0]);
    let range = &ranges[0];

    // Smaller than the whole WOFF2 fonts: each weight, all of them together by more than a
    // sixth (WOFF 1.0 compresses less than WOFF2), and the English file's to less than a third.
    for ((weight, _), (whole, cut)) in FONTS.iter().zip(whole.iter().zip(&cut)) {
        assert!(
            cut.len() < whole.len(),
            "{weight}: {} >= {}",
            cut.len(),
            whole.len()
        );
        let en_cut = khmer_face(&en, weight)
            .expect("the English file's language menu")
            .font;
        assert!(
            en_cut.len() * 3 < whole.len(),
            "the English file's Khmer is a few words: {} bytes",
            en_cut.len()
        );
    }
    let (whole_total, cut_total): (usize, usize) = (
        whole.iter().map(Vec::len).sum(),
        cut.iter().map(Vec::len).sum(),
    );
    assert!(
        cut_total * 6 < whole_total * 5,
        "{cut_total} bytes of fonts in the Khmer file, {whole_total} whole"
    );

    // The same pixels.
    let lines = main_text(&km);
    let (text, pairs) = specimen(&lines);
    assert!(
        pairs.split(' ').count() >= 30,
        "only these pairs in the file: {pairs}"
    );
    let sample = format!("{text}<br>{pairs}");
    let dir = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch();
    let whole = [whole[0].clone(), whole[1].clone()];
    let cut = [cut[0].clone(), cut[1].clone()];
    let with_whole = render(
        &mut browser,
        dir.path(),
        "whole.html",
        &page(&whole, range, &sample),
    );
    let with_cut = render(
        &mut browser,
        dir.path(),
        "cut.html",
        &page(&cut, range, &sample),
    );
    assert!(
        with_whole == with_cut,
        "the cut fonts draw the Khmer text differently (screenshots in {})",
        {
            std::fs::write(dir.path().join("whole.png"), &with_whole).unwrap();
            std::fs::write(dir.path().join("cut.png"), &with_cut).unwrap();
            dir.keep().display().to_string()
        }
    );

    // A letter the file never writes is missing from its fonts, and that shows.
    let absent = ('\u{1780}'..='\u{17B3}')
        .find(|&c| !km.contains(c))
        .expect("a Khmer letter the file does not use");
    let other = format!("{sample}<br>\u{1780}\u{17D2}{absent} {absent}");
    let dir = tempfile::tempdir().unwrap();
    let with_whole = render(
        &mut browser,
        dir.path(),
        "whole.html",
        &page(&whole, range, &other),
    );
    let with_cut = render(
        &mut browser,
        dir.path(),
        "cut.html",
        &page(&cut, range, &other),
    );
    assert!(with_whole != with_cut, "{absent} drawn without its glyph");
}

#[test]
fn a_font_the_subsetter_cannot_read_is_inlined_whole_with_a_warning() {
    let site = Fixture::sample();
    let junk = b"wOF2 this is not a font".to_vec();
    site.write(
        &format!("themes/default/static/{}", FONTS[1].1),
        junk.clone(),
    );
    let out = site.build_ok(&["--single-file"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot cut this font for the one-file edition"),
        "{stderr}"
    );
    let km = site.read(&format!("{SAMPLE_NAME}-km.html"));
    let bold = khmer_face(&km, "700").unwrap();
    assert_eq!(bold.font, junk);
    assert_eq!(
        (bold.kind.as_str(), bold.hint.as_str()),
        ("font/woff2", "woff2")
    );
    let regular = khmer_face(&km, "400").unwrap().font;
    let whole = std::fs::read(site.public().join(FONTS[0].1)).unwrap();
    assert!(regular.len() < whole.len(), "the other font is still cut");
}
