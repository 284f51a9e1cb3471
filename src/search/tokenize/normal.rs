//! The normal form of Khmer text that search's keys are made from, at build time and (by the
//! same table, [`KHMER_FOLDS`]) in the browser: invisible characters removed, equivalent
//! spellings folded, signs in their standard order.

use super::scan::{CLASS, Class, ascii_run_end, char_at, khmer_at};
use super::{COENG, RO, is_cluster_base, is_sign};

/// Spellings of Khmer that readers type one way and official texts write another, folded to
/// one form on both sides (the pages when indexing, the query when searching). The browser
/// applies the same table: it comes with each language's index (`index.js`), so there is one.
///
/// - coeng-da is written where most people type coeng-ta (សន្ដិសុខ / សន្តិសុខ, អន្ដរជាតិ /
///   អន្តរជាតិ): both become coeng-ta;
/// - ឲ and ឱ (ឲ្យ / ឱ្យ) become ឱ;
/// - what the Unicode Standard marks deprecated or discouraged in Khmer: ឣ (U+17A3) is អ,
///   ឤ (U+17A4) is អា, the inherent vowels U+17B4 and U+17B5 are invisible and dropped, and ៘
///   (U+17D8) is ។ល។.
pub(crate) const KHMER_FOLDS: [(&str, &str); 7] = [
    ("\u{17D2}\u{178A}", "\u{17D2}\u{178F}"),
    ("\u{17B2}", "\u{17B1}"),
    ("\u{17A3}", "\u{17A2}"),
    ("\u{17A4}", "\u{17A2}\u{17B6}"),
    ("\u{17B4}", ""),
    ("\u{17B5}", ""),
    ("\u{17D8}", "\u{17D4}\u{179B}\u{17D4}"),
];

/// Removes invisible characters and puts Khmer signs in their standard order.
#[cfg(test)]
pub(crate) fn normalize_khmer(text: &str) -> String {
    normalized(text.to_string())
}

/// [`normalize_khmer`] of a text already owned: most text is normal, and is given back as it is.
pub(super) fn normalized(text: String) -> String {
    if is_normalized(&text) {
        return text;
    }
    let mut text: String = text.chars().filter(|&c| !is_invisible(c)).collect();
    for (from, to) in KHMER_FOLDS {
        if text.contains(from) {
            text = text.replace(from, to);
        }
    }
    let text = text
        .replace("\u{17C1}\u{17B6}", "\u{17C4}")
        .replace("\u{17C1}\u{17B8}", "\u{17BE}")
        .replace("\u{17C6}\u{17BB}", "\u{17BB}\u{17C6}");
    let mut out = String::with_capacity(text.len());
    for cluster in clusters_raw(&text) {
        if cluster.len() < 3 {
            out.extend(cluster);
        } else {
            out.extend(reorder_cluster(&cluster));
        }
    }
    out
}

/// Whether the text is already in the form `normalize_khmer` makes (most text is): no invisible
/// characters, no split vowels, no sign typed before a subscript, no coeng-ro before another
/// subscript. Checked in one pass without allocating; a Khmer letter by a table of the letters
/// that may not follow the one before it, without a branch on what it is.
pub(super) fn is_normalized(text: &str) -> bool {
    // The two letters before, by their offset in the block (`NONE` for any other character).
    let (mut previous, mut before_previous) = (NONE, NONE);
    let mut bad = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if let Some(k) = khmer_at(bytes, at) {
            at += 3;
            bad |= (AFTER[previous as usize] >> k) & 1 == 1;
            // coeng-ro before another subscript
            bad |= before_previous == COENG_AT && previous == RO_AT && k == COENG_AT;
            before_previous = previous;
            previous = k;
            continue;
        }
        if bytes[at].is_ascii() {
            // Any run of ASCII stands for all of it: only coeng-ro's rule looks two back.
            let run = at;
            at = ascii_run_end(bytes, at);
            before_previous = if at - run >= 2 { NONE } else { previous };
            previous = NONE;
            continue;
        }
        let c = char_at(text, at).expect("at a character boundary");
        at += c.len_utf8();
        if is_invisible(c) {
            return false;
        }
        before_previous = previous;
        previous = NONE;
    }
    !bad
}

/// Zero-width spaces and joiners, the soft hyphen and the byte-order mark: removed.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{00AD}' | '\u{FEFF}')
}

/// A character that is not a letter of the block, for [`AFTER`].
const NONE: u8 = 128;
const COENG_AT: u8 = (COENG as u32 - 0x1780) as u8;
const RO_AT: u8 = (RO as u32 - 0x1780) as u8;

/// For each letter of the block (by offset, and [`NONE`]), the letters that may not follow it
/// in normal text, one bit each: what [`KHMER_FOLDS`] folds (a letter after anything, the
/// second of two letters after the first: coeng-da after a coeng), ា and ី after េ, ុ after ំ,
/// a coeng after a sign.
const AFTER: [u128; 129] = {
    // The offset in the block of the letter at byte `at` of a fold (every one is in it).
    const fn offset(bytes: &[u8], at: usize) -> usize {
        assert!(bytes[at] == 0xE1 && (bytes[at + 1] == 0x9E || bytes[at + 1] == 0x9F));
        (((bytes[at + 1] & 1) as usize) << 6) | (bytes[at + 2] & 0x3F) as usize
    }
    let mut table = [0u128; 129];
    let mut fold = 0;
    while fold < KHMER_FOLDS.len() {
        let from = KHMER_FOLDS[fold].0.as_bytes();
        match from.len() {
            3 => {
                let mut previous = 0;
                while previous < table.len() {
                    table[previous] |= 1 << offset(from, 0);
                    previous += 1;
                }
            }
            6 => table[offset(from, 0)] |= 1 << offset(from, 3),
            _ => panic!("a fold of one or two letters"),
        }
        fold += 1;
    }
    let mut previous = 0;
    while previous < 128 {
        let c = 0x1780 + previous as u32;
        let mut not_after = 0u128;
        if c == 0x17C1 {
            not_after |= (1 << (0x17B6 - 0x1780)) | (1 << (0x17B8 - 0x1780));
        }
        if c == 0x17C6 {
            not_after |= 1 << (0x17BB - 0x1780);
        }
        if matches!(CLASS[previous], Class::Sign) {
            not_after |= 1 << COENG_AT;
        }
        table[previous] |= not_after;
        previous += 1;
    }
    table
};

/// Splits into runs: each Khmer cluster alone, other text as it is.
pub(super) fn clusters_raw(text: &str) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_cluster_base(c) {
            let mut cluster = vec![c];
            i += 1;
            while i < chars.len() {
                if chars[i] == COENG && i + 1 < chars.len() && is_cluster_base(chars[i + 1]) {
                    cluster.extend([chars[i], chars[i + 1]]);
                    i += 2;
                } else if is_sign(chars[i]) {
                    cluster.push(chars[i]);
                    i += 1;
                } else {
                    break;
                }
            }
            out.push(cluster);
        } else {
            out.push(vec![c]);
            i += 1;
        }
    }
    out
}

/// Base, then subscripts (coeng-ro last), then the signs in their typed order.
fn reorder_cluster(cluster: &[char]) -> Vec<char> {
    if cluster.len() < 3 || !is_cluster_base(cluster[0]) {
        return cluster.to_vec();
    }
    let mut subscripts: Vec<[char; 2]> = Vec::new();
    let mut signs = Vec::new();
    let mut i = 1;
    while i < cluster.len() {
        if cluster[i] == COENG && i + 1 < cluster.len() {
            subscripts.push([cluster[i], cluster[i + 1]]);
            i += 2;
        } else {
            signs.push(cluster[i]);
            i += 1;
        }
    }
    subscripts.sort_by_key(|s| s[1] == RO);
    let mut out = vec![cluster[0]];
    for s in subscripts {
        out.extend(s);
    }
    out.extend(signs);
    out
}
