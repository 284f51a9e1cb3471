//! How search splits text into index keys, the same way at build time (here) and in the browser
//! (`themes/default/static/js/search.js`, which mirrors these rules).
//!
//! - **Khmer** has no spaces between words, and the browser's word splitter (when it has one)
//!   uses another dictionary than ours, so matching never depends on words: Khmer text is cut
//!   into orthographic clusters (a consonant with its subscripts and vowel signs, which every
//!   splitter agrees on), and each pair of neighbouring clusters is a key. A query matches a page
//!   when all of its pairs occur there, so a word found inside a longer compound still matches.
//!   Dictionary words (icu_segmenter) of titles and headings are indexed beside the pairs, to
//!   rank whole-word matches higher. Before cutting, zero-width spaces and joiners are removed and the usual typing
//!   variants are normalised (a vowel typed before a subscript, coeng-ro typed before another
//!   subscript, េ+ា for ោ and េ+ី for ើ, nikahit before u).
//! - **English and French**: lower case, accents folded (`sécurité` = `securite`), a light
//!   suffix stemmer (`contributions` → `contribut`), and the browser matches keys by prefix.

use std::sync::OnceLock;

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};

/// A key of the index and where it came from.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key {
    /// A folded, stemmed Latin word (`contribut`).
    Term(String),
    /// Two neighbouring Khmer clusters (`ចូល`).
    Pair(String),
    /// A Khmer dictionary word, prefixed `w:` in the index.
    Word(String),
}

fn is_khmer(c: char) -> bool {
    ('\u{1780}'..='\u{17FF}').contains(&c) || ('\u{19E0}'..='\u{19FF}').contains(&c)
}

/// A cluster starts with a consonant or independent vowel (U+1780-U+17B3) or a Khmer digit.
fn is_cluster_base(c: char) -> bool {
    ('\u{1780}'..='\u{17B3}').contains(&c) || ('\u{17E0}'..='\u{17E9}').contains(&c)
}

/// Dependent vowels, signs and marks that attach to the cluster before them.
fn is_sign(c: char) -> bool {
    matches!(c, '\u{17B4}'..='\u{17D1}' | '\u{17D3}' | '\u{17DD}')
}

const COENG: char = '\u{17D2}';
const RO: char = '\u{179A}';

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

/// Whether `c` starts one of the spellings [`KHMER_FOLDS`] folds (coeng-da: after a coeng).
fn is_folded(previous: char, c: char) -> bool {
    matches!(
        c,
        '\u{17B2}' | '\u{17A3}' | '\u{17A4}' | '\u{17B4}' | '\u{17B5}' | '\u{17D8}'
    ) || (previous == COENG && c == '\u{178A}')
}

/// Removes invisible characters and puts Khmer signs in their standard order.
#[cfg(test)]
pub(crate) fn normalize_khmer(text: &str) -> String {
    normalized(text.to_string())
}

/// [`normalize_khmer`] of a text already owned: most text is normal, and is given back as it is.
fn normalized(text: String) -> String {
    if is_normalized(&text) {
        return text;
    }
    let mut text: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{FEFF}'
            )
        })
        .collect::<String>();
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
/// subscript. Checked in one pass without allocating.
fn is_normalized(text: &str) -> bool {
    let mut previous = '\0';
    let mut before_previous = '\0';
    for c in text.chars() {
        let bad = matches!(c, '\u{200B}'..='\u{200D}' | '\u{00AD}' | '\u{FEFF}')
            || is_folded(previous, c)
            || (previous == '\u{17C1}' && matches!(c, '\u{17B6}' | '\u{17B8}'))
            || (previous == '\u{17C6}' && c == '\u{17BB}')
            || (c == COENG && is_sign(previous))
            || (c == COENG && previous == RO && before_previous == COENG);
        if bad {
            return false;
        }
        before_previous = previous;
        previous = c;
    }
    true
}

/// Splits into runs: each Khmer cluster alone, other text as it is.
fn clusters_raw(text: &str) -> Vec<Vec<char>> {
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

/// The Khmer clusters of normalised text, in order; a non-Khmer character ends a run (`None`).
#[cfg(test)]
pub(crate) fn khmer_clusters(text: &str) -> Vec<Option<String>> {
    clusters_raw(text)
        .into_iter()
        .map(|c| (is_khmer(c[0]) && is_cluster_base(c[0])).then(|| c.into_iter().collect()))
        .collect()
}

/// Keys of a text, with repeats (the caller counts them).
#[cfg(test)]
pub(crate) fn keys(text: &str) -> Vec<Key> {
    let mut out = Vec::new();
    for_each_key(text, true, |kind, key| {
        out.push(match kind {
            KeyKind::Term => Key::Term(key.to_string()),
            KeyKind::Pair => Key::Pair(key.to_string()),
            KeyKind::Word => Key::Word(key.trim_start_matches("w:").to_string()),
        });
    });
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Term,
    Pair,
    Word,
}

/// Calls `key` for every key of the text, without allocating one string per key (the index
/// builder only copies the keys it has not seen yet). Khmer dictionary words are among the keys
/// when `words` is true: the index asks for them in titles and headings, where a whole-word
/// match ranks a page most, and not in the body text, whose pairs of clusters find the same
/// pages (the dictionary was a third of indexing's time there).
pub(crate) fn for_each_key(text: &str, words: bool, mut key: impl FnMut(KeyKind, &str)) {
    let normalized = normalized(lower(text));
    // Khmer: byte ranges of clusters; `None` breaks a run.
    let ranges = khmer_cluster_ranges(&normalized);
    for (i, range) in ranges.iter().enumerate() {
        let Some((start, end)) = *range else { continue };
        match ranges.get(i + 1).copied().flatten() {
            Some((_, next_end)) => key(KeyKind::Pair, &normalized[start..next_end]),
            // A run of one cluster is a key of its own (short words like ខែ).
            None if i == 0 || ranges[i - 1].is_none() => {
                key(KeyKind::Pair, &normalized[start..end]);
            }
            None => {}
        }
    }
    if words && ranges.iter().any(Option::is_some) {
        let mut word_key = String::from("w:");
        khmer_words(&normalized, |word| {
            word_key.truncate(2);
            word_key.push_str(word);
            key(KeyKind::Word, &word_key);
        });
    }
    // Latin and other scripts: words, folded and stemmed.
    let mut folded = String::new();
    // (The Khmer test first: it is a cheap range check, `is_alphanumeric` is a table search.)
    for word in normalized.split(|c: char| is_khmer(c) || !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        folded.clear();
        fold_into(word, &mut folded);
        if folded.chars().nth(1).is_none() || is_stop_word(&folded) {
            continue;
        }
        key(KeyKind::Term, &stem_str(&folded));
    }
}

/// Lower case, copying Khmer (which has no case) without looking it up.
fn lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_khmer(c) {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Byte ranges of the Khmer clusters of normalised text; `None` where a non-Khmer character is.
fn khmer_cluster_ranges(text: &str) -> Vec<Option<(usize, usize)>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_cluster_base(c) {
            if out.last().is_some_and(Option::is_some) {
                out.push(None);
            }
            continue;
        }
        let mut end = start + c.len_utf8();
        loop {
            let mut look = chars.clone();
            match look.next() {
                Some((i, COENG)) => match look.next() {
                    Some((j, b)) if is_cluster_base(b) => {
                        end = j + b.len_utf8();
                        chars.next();
                        chars.next();
                        let _ = i;
                    }
                    _ => break,
                },
                Some((i, s)) if is_sign(s) => {
                    end = i + s.len_utf8();
                    chars.next();
                }
                _ => break,
            }
        }
        out.push(Some((start, end)));
    }
    out
}

/// Calls `word` for each Khmer dictionary word of the text (two clusters or more: shorter ones
/// are in the pairs).
fn khmer_words(text: &str, mut word: impl FnMut(&str)) {
    static SEGMENTER: OnceLock<WordSegmenterBorrowed<'static>> = OnceLock::new();
    let segmenter = SEGMENTER
        .get_or_init(|| WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()));
    for run in text.split(|c: char| !is_khmer(c)).filter(|r| !r.is_empty()) {
        let mut start = 0;
        for end in segmenter.segment_str(run).skip(1) {
            let w = &run[start..end];
            if cluster_count(w) >= 2 {
                word(w);
            }
            start = end;
        }
    }
}

/// The number of Khmer clusters in a word: bases not joined by a coeng to the one before.
fn cluster_count(word: &str) -> usize {
    let mut previous = '\0';
    let mut count = 0;
    for c in word.chars() {
        if is_cluster_base(c) && previous != COENG {
            count += 1;
        }
        previous = c;
    }
    count
}

/// The tables of this tokenizer the browser's (`search.js`) applies to a query, as JSON: the
/// Khmer spellings folded, the stop words, the French plurals and the endings stemmed. Written
/// into each language's `index.js`, so both sides use one table.
pub(crate) fn rules_json() -> String {
    serde_json::json!({
        "folds": KHMER_FOLDS,
        "stop": STOP_WORDS,
        "plurals": FRENCH_PLURALS,
        "suffixes": SUFFIXES,
    })
    .to_string()
}

/// Lower case with Latin accents removed.
#[cfg(test)]
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

fn fold_into(word: &str, out: &mut String) {
    for c in word.chars() {
        if c.is_ascii() {
            // Most letters: no accent to fold, and no case table to look up.
            if c != '\'' {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        match c {
            '’' | '\'' => {}
            c => match crate::fold::unaccented(c) {
                Some(folded) => out.push_str(folded),
                None => out.extend(c.to_lowercase()),
            },
        }
    }
}

/// Words too common to search by (English and French; `qu` is what `qu’` leaves).
pub(crate) const STOP_WORDS: [&str; 31] = [
    "the", "and", "of", "to", "in", "for", "on", "at", "by", "or", "is", "an", "it", "be", "as",
    "la", "le", "les", "de", "des", "du", "et", "un", "une", "en", "au", "aux", "l", "d", "a",
    "qu",
];

fn is_stop_word(word: &str) -> bool {
    // Every stop word is three bytes or fewer: longer words skip the scan of the list.
    word.len() <= 3 && STOP_WORDS.contains(&word)
}

/// A light stemmer for English and French: strips common plural and derivational endings, so
/// `contributions`, `contribution` and `contribute` share `contribut`. The browser completes
/// keys by prefix, which covers what this misses.
#[cfg(test)]
pub(crate) fn stem(word: &str) -> String {
    stem_str(word).into_owned()
}

fn stem_str(word: &str) -> std::borrow::Cow<'_, str> {
    // French plurals in -x first: `hôpitaux` is `hôpital`, `réseaux` `réseau`.
    for (plural, singular) in FRENCH_PLURALS {
        if let Some(base) = word.strip_suffix(plural)
            && base.chars().count() >= 3
        {
            return format!("{base}{singular}").into();
        }
    }
    for suffix in SUFFIXES {
        if let Some(base) = word.strip_suffix(suffix)
            && base.chars().count() >= 4
        {
            return if suffix == "ies" {
                format!("{base}y").into()
            } else {
                base.into()
            };
        }
    }
    word.into()
}

/// French plural endings in -x and their singular (`-aux` → `-al`, `-eaux` → `-eau`, `-eux` →
/// `-eu`), tried in order.
pub(crate) const FRENCH_PLURALS: [(&str, &str); 3] =
    [("eaux", "eau"), ("aux", "al"), ("eux", "eu")];

/// Endings the stemmer strips, tried in order, when four letters or more are left.
pub(crate) const SUFFIXES: [&str; 15] = [
    "ations", "ation", "ements", "ement", "ments", "ment", "ions", "ion", "ings", "ing", "ies",
    "es", "ed", "s", "e",
];

#[cfg(test)]
mod tests;
