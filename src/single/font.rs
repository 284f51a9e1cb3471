//! The one-file edition (beside step 4, write): each WOFF2 font of the stylesheet cut to the
//! characters the file draws and inlined as WOFF 1.0 (`single::woff`), so that a Khmer file
//! carries about NN KB of each weight of Noto Sans Khmer instead of 23 KB.
//!
//! The characters are those of the file's text and of the attributes a browser draws (`alt`,
//! `title`, `placeholder`, `value`, `label`), and any non-ASCII character of the stylesheet
//! (generated `content:`), kept where the `@font-face`'s `unicode-range` lets the browser use
//! that face. A face with none of them is left out of the file. Each weight gets the same
//! characters: which text is bold is for the stylesheet's selectors to say, and a glyph missing
//! from the bold face would fall back to another font.
//!
//! The subset keeps everything shaping needs: the `fontcull` crate's subsetter (a port of
//! HarfBuzz's) closes the glyph set over GSUB with HarfBuzz's default features, Khmer's among
//! them (`pref`, `blwf`, `abvf`, `pstf`, `cfar`, `pres`, `abvs`, `blws`, `psts`: subscript
//! consonants after coeng U+17D2, reordered vowels, ligatures). The WOFF2 font is read with
//! `wuff`'s decoder. All of it is Rust: building spean needs no C or C++ compiler. A font that
//! cannot be cut is inlined whole, with a warning, and so is one whose cut WOFF 1.0 would not be
//! smaller than the whole WOFF2.

use std::collections::BTreeSet;

use super::tags::{find_ascii_case_insensitive, parse_tag};

/// Characters always kept with a face's others, when its range holds them: zero-width space,
/// non-joiner and joiner (which change Khmer shaping) and the dotted circle that shaping draws
/// under a vowel sign with no consonant.
const SHAPING_EXTRAS: [char; 4] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{25CC}'];

/// Attributes whose values a browser draws as text.
const DRAWN_ATTRIBUTES: [&str; 5] = ["alt", "title", "placeholder", "value", "label"];

/// The characters of `html`'s text and drawn attribute values (not of `<style>` or `<script>`).
pub(crate) fn drawn_chars(html: &str) -> BTreeSet<char> {
    let mut chars = BTreeSet::new();
    let mut add = |text: &str| chars.extend(crate::search::decode(text).chars());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        add(&rest[..at]);
        rest = &rest[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some((tag, len)) = parse_tag(rest) else {
            add("<");
            rest = &rest[1..];
            continue;
        };
        rest = &rest[len..];
        for (name, value) in &tag.attributes {
            if let Some(value) = value
                && DRAWN_ATTRIBUTES
                    .iter()
                    .any(|a| name.eq_ignore_ascii_case(a))
            {
                add(value);
            }
        }
        if !tag.closing && matches!(tag.name.as_str(), "script" | "style") {
            let close = format!("</{}", tag.name);
            rest = &rest[find_ascii_case_insensitive(rest, &close).unwrap_or(rest.len())..];
        }
    }
    add(rest);
    chars
}

/// The stylesheet `css` (minified) with each WOFF2 `@font-face` cut to `chars` and inlined as a
/// `data:` address, or left out when the file draws none of its characters. `read` gives a
/// file of the output by its path; `warn` hears of a font inlined whole because it could not be
/// cut (its path and why).
pub(crate) fn subset_faces(
    css: &str,
    chars: &BTreeSet<char>,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
    warn: &dyn Fn(&str, String),
) -> String {
    let mut chars = chars.clone();
    chars.extend(css.chars().filter(|c| !c.is_ascii()));
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = find_ascii_case_insensitive(rest, "@font-face") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('}').map_or(rest.len(), |end| end + 1);
        let face = &rest[..end];
        rest = &rest[end..];
        out.push_str(&cut_face(face, &chars, read, warn));
    }
    out.push_str(rest);
    out
}

/// One `@font-face{…}` rule, its WOFF2 font cut to the characters it can draw, or nothing.
fn cut_face(
    face: &str,
    chars: &BTreeSet<char>,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
    warn: &dyn Fn(&str, String),
) -> String {
    let Some((url_start, url_end, rel)) = woff2_source(face) else {
        return face.to_string();
    };
    let ranges = unicode_ranges(face);
    let in_range = |c: &char| {
        ranges
            .as_ref()
            .is_none_or(|r| r.iter().any(|&(lo, hi)| (lo..=hi).contains(&u32::from(*c))))
    };
    let mut wanted: BTreeSet<char> = chars.iter().copied().filter(in_range).collect();
    if wanted.is_empty() {
        return String::new();
    }
    wanted.extend(SHAPING_EXTRAS.iter().copied().filter(in_range));
    let Some(font) = read(&rel) else {
        return face.to_string();
    };
    match subset(&font, &wanted) {
        Ok(cut) if cut.len() < font.len() => format!(
            "{}url(\"{}\"){}",
            &face[..url_start],
            super::inline::data_address(&format!("{}.woff", rel.trim_end_matches(".woff2")), &cut),
            woff_hint(&face[url_end..])
        ),
        Ok(_) => face.to_string(),
        Err(why) => {
            warn(&rel, why);
            face.to_string()
        }
    }
}

/// Where the rule's `url(…)` of a `.woff2` file starts and ends, and the file's output path.
fn woff2_source(face: &str) -> Option<(usize, usize, String)> {
    let start = face.find("url(")?;
    let len = face[start..].find(')')? + 1;
    let address = face[start + 4..start + len - 1]
        .trim()
        .trim_matches(['"', '\'']);
    let rel = super::rewrite::resolve("css/style.css", address)?;
    rel.ends_with(".woff2").then_some((start, start + len, rel))
}

/// What follows a source's `url(…)`, its `format("woff2")` hint (if any) now `format("woff")`.
fn woff_hint(after: &str) -> String {
    let hint = after.trim_start();
    let skipped = after.len() - hint.len();
    match hint.find(')') {
        Some(end)
            if hint[..end].starts_with("format(")
                && hint[..end].to_ascii_lowercase().contains("woff2") =>
        {
            format!("{}format(\"woff\"){}", &after[..skipped], &hint[end + 1..])
        }
        _ => after.to_string(),
    }
}

/// The rule's `unicode-range` as inclusive code point ranges; `None` without one (every
/// character), and an empty list for a range spean cannot read (the face is left out).
fn unicode_ranges(face: &str) -> Option<Vec<(u32, u32)>> {
    let at = find_ascii_case_insensitive(face, "unicode-range")?;
    let value = face[at + "unicode-range".len()..]
        .trim_start()
        .strip_prefix(':')?;
    let value = &value[..value.find([';', '}']).unwrap_or(value.len())];
    let mut ranges = Vec::new();
    for part in value.split(',') {
        let Some(part) = part
            .trim()
            .strip_prefix(['U', 'u'])
            .and_then(|p| p.strip_prefix('+'))
        else {
            continue;
        };
        let hex = |s: &str| u32::from_str_radix(s, 16).ok();
        let range = match part.split_once('-') {
            Some((lo, hi)) => hex(lo).zip(hex(hi)),
            // `U+17??`: the wildcard form.
            None if part.contains('?') => {
                hex(&part.replace('?', "0")).zip(hex(&part.replace('?', "F")))
            }
            None => hex(part).map(|c| (c, c)),
        };
        ranges.extend(range);
    }
    Some(ranges)
}

/// The WOFF2 font `woff2` cut to the glyphs that `chars` need, with their shaping closure, as
/// WOFF 1.0. The font comes from the site's theme: a panic of the subsetter on a font crafted to
/// cause one is an error like any other.
pub(crate) fn subset(woff2: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    std::panic::catch_unwind(|| cut(woff2, chars))
        .unwrap_or_else(|_| Err("the subsetter stopped on this font".to_string()))
}

fn cut(woff2: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let sfnt = wuff::decompress_woff2(woff2).map_err(|e| format!("{e:?}"))?;
    let code_points: Vec<u32> = chars.iter().map(|&c| u32::from(c)).collect();
    let cut =
        fontcull::subset_font_data_unicode(&sfnt, &code_points, &[]).map_err(|e| e.to_string())?;
    super::woff::encode(&cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_text_is_text_and_drawn_attributes() {
        let chars = drawn_chars(
            "<p title=\"ក\">ខ&amp;<img alt='គ' src=\"ឃ\"></p><style>ង{}</style><script>ច</script><!--ឆ--><input placeholder=ជ>",
        );
        let expected: BTreeSet<char> = "កខ&គជ".chars().collect();
        assert_eq!(chars, expected);
    }

    #[test]
    fn unicode_ranges_are_read() {
        assert_eq!(
            unicode_ranges("@font-face{unicode-range:U+1780-17FF,u+200C,U+25??}"),
            Some(vec![(0x1780, 0x17FF), (0x200C, 0x200C), (0x2500, 0x25FF)])
        );
        assert_eq!(unicode_ranges("@font-face{src:url(a.woff2)}"), None);
    }

    #[test]
    fn a_face_the_file_does_not_use_is_left_out_and_others_are_kept() {
        let read = |_: &str| -> Option<Vec<u8>> { panic!("no font is read") };
        let warn = |_: &str, _: String| panic!("no warning");
        let css = "a{}@font-face{src:url(../fonts/k.woff2);unicode-range:U+1780-17FF}@font-face{src:url(../fonts/x.ttf)}b{}";
        let chars: BTreeSet<char> = "abc".chars().collect();
        assert_eq!(
            subset_faces(css, &chars, &read, &warn),
            "a{}@font-face{src:url(../fonts/x.ttf)}b{}"
        );
    }

    #[test]
    fn damaged_fonts_are_errors_or_cut_never_a_crash() {
        let font = include_bytes!(
            "../../themes/default/static/fonts/noto-sans-khmer-khmer-400-normal.woff2"
        );
        let chars: BTreeSet<char> = "ក្ខ ស្ត្រី".chars().collect();
        let whole = subset(font, &chars).expect("the theme's font is cut");
        assert!(whole.len() < font.len() / 2, "{} bytes", whole.len());
        for n in [0, 4, 48, 1000, font.len() / 2, font.len() - 1] {
            assert!(subset(&font[..n], &chars).is_err(), "{n} bytes");
        }
        for at in (60..font.len()).step_by(997) {
            let mut damaged = font.to_vec();
            damaged[at] ^= 0x5A;
            let _ = subset(&damaged, &chars);
        }
    }

    #[test]
    fn a_cut_face_is_inlined_as_woff_and_says_so() {
        let font = include_bytes!(
            "../../themes/default/static/fonts/noto-sans-khmer-khmer-400-normal.woff2"
        );
        let read = |rel: &str| (rel == "fonts/k.woff2").then(|| font.to_vec());
        let warn = |_: &str, why: String| panic!("{why}");
        let css = "@font-face{font-weight:400;src:url(\"../fonts/k.woff2\") format(\"woff2\");unicode-range:U+1780-17FF}";
        let chars: BTreeSet<char> = "ក្ខ".chars().collect();
        let out = subset_faces(css, &chars, &read, &warn);
        let (before, rest) = out.split_once("url(\"data:font/woff;base64,").unwrap();
        assert_eq!(before, "@font-face{font-weight:400;src:");
        let (_, after) = rest.split_once('"').unwrap();
        assert_eq!(after, ") format(\"woff\");unicode-range:U+1780-17FF}");
        assert_eq!(
            woff_hint(" format('WOFF2'),url(x)"),
            " format(\"woff\"),url(x)"
        );
        assert_eq!(woff_hint(";unicode-range:U+17??"), ";unicode-range:U+17??");
    }

    #[test]
    fn a_font_that_cannot_be_cut_is_kept_whole_with_a_warning() {
        let read = |rel: &str| (rel == "fonts/k.woff2").then(|| b"wOF2 not a font".to_vec());
        let warned = std::sync::Mutex::new(Vec::new());
        let warn = |rel: &str, _: String| warned.lock().unwrap().push(rel.to_string());
        let css = "@font-face{src:url(../fonts/k.woff2);unicode-range:U+1780-17FF}";
        let chars: BTreeSet<char> = "ក".chars().collect();
        assert_eq!(subset_faces(css, &chars, &read, &warn), css);
        assert_eq!(*warned.lock().unwrap(), ["fonts/k.woff2"]);
    }
}
