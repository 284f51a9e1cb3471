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

mod normal;
mod scan;
mod words;
pub(crate) use normal::KHMER_FOLDS;
#[cfg(test)]
use normal::{clusters_raw, normalize_khmer};
use normal::{is_normalized, normalized};
use scan::{CLASS, Class, char_at};
pub(crate) use words::{PackedHasher, Short};

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
const fn is_cluster_base(c: char) -> bool {
    matches!(c, '\u{1780}'..='\u{17B3}' | '\u{17E0}'..='\u{17E9}')
}

/// Dependent vowels, signs and marks that attach to the cluster before them.
const fn is_sign(c: char) -> bool {
    matches!(c, '\u{17B4}'..='\u{17D1}' | '\u{17D3}' | '\u{17DD}')
}

const COENG: char = '\u{17D2}';
const RO: char = '\u{179A}';

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
    for_each_key(text, true, |found, times| {
        let key = match found {
            Found::Packed(packed) => Key::Pair(packed.text()),
            Found::Text(KeyKind::Term, key) => Key::Term(key.to_string()),
            Found::Text(KeyKind::Pair, key) => Key::Pair(key.to_string()),
            Found::Text(KeyKind::Word, key) => Key::Word(key.trim_start_matches("w:").to_string()),
        };
        out.extend(std::iter::repeat_n(key, times as usize));
    });
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Term,
    Pair,
    Word,
}

/// A key as the tokenizer finds it, without a string made for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found<'t> {
    /// Two neighbouring Khmer clusters (or a run's only one), as a number: see [`Packed`].
    Packed(Packed),
    /// Any other key: a Khmer pair too long to pack, a dictionary word (`w:…`), a Latin term.
    Text(KeyKind, &'t str),
}

/// Khmer text of at most [`Packed::MAX_CHARS`] characters as one number, 7 bits a character
/// (its offset in U+1780-U+17E9, plus one, so that no character is 0 and the length shows):
/// a page's thousands of pairs are counted by number, with no string to hash, compare or copy,
/// and each different one is spelled out once ([`Packed::text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Packed(u128);

impl Packed {
    const BITS: u32 = 7;
    const MAX_CHARS: u32 = 18;

    /// The code of one cluster character (every character of a cluster is in U+1780-U+17E9).
    #[cfg(test)]
    fn code(c: char) -> u128 {
        u128::from(c as u32 - 0x177F)
    }

    /// Two packed texts one after the other, when they fit.
    fn join(self, chars: u32, next: Packed, next_chars: u32) -> Option<Packed> {
        (chars + next_chars <= Self::MAX_CHARS)
            .then(|| Packed((self.0 << (Self::BITS * next_chars)) | next.0))
    }

    /// The text it packs.
    pub(crate) fn text(self) -> String {
        let mut chars = Vec::with_capacity(Self::MAX_CHARS as usize);
        let mut rest = self.0;
        while rest != 0 {
            let code = (rest & ((1 << Self::BITS) - 1)) as u32;
            chars.push(char::from_u32(code + 0x177F).expect("a Khmer character"));
            rest >>= Self::BITS;
        }
        chars.iter().rev().collect()
    }

    /// The packed form of a Khmer text, when it has one (tests look keys up by their text).
    #[cfg(test)]
    pub(crate) fn of(text: &str) -> Option<Packed> {
        let mut code = 0u128;
        for (n, c) in text.chars().enumerate() {
            if n as u32 >= Self::MAX_CHARS || !('\u{1780}'..='\u{17E9}').contains(&c) {
                return None;
            }
            code = (code << Self::BITS) | Self::code(c);
        }
        (code != 0).then_some(Packed(code))
    }
}

/// A Khmer cluster just read: where it starts, its packed characters (when it has few enough)
/// and how many.
#[derive(Clone, Copy)]
struct Cluster {
    start: usize,
    packed: Option<Packed>,
    chars: u32,
}

/// The Khmer cluster starting at byte `start` with the base `base` (its offset in the block):
/// it ends after its subscripts (coeng and a base) and signs. Every character of it is three
/// bytes long.
#[inline]
fn cluster_at(bytes: &[u8], start: usize, base: u8) -> (Cluster, usize) {
    let mut end = start + 3;
    let mut code = u128::from(base) + 1;
    let mut chars = 1u32;
    let mut push = |k: u8, chars: &mut u32| {
        if *chars < Packed::MAX_CHARS {
            code = (code << Packed::BITS) | (u128::from(k) + 1);
        }
        *chars += 1;
    };
    while let Some(k) = scan::khmer_at(bytes, end) {
        match CLASS[k as usize] {
            Class::Coeng => match scan::khmer_at(bytes, end + 3) {
                Some(b) if CLASS[b as usize] == Class::Base => {
                    push(k, &mut chars);
                    push(b, &mut chars);
                    end += 6;
                }
                _ => break,
            },
            Class::Sign => {
                push(k, &mut chars);
                end += 3;
            }
            Class::Base | Class::Other => break,
        }
    }
    let packed = (chars <= Packed::MAX_CHARS).then_some(Packed(code));
    (
        Cluster {
            start,
            packed,
            chars,
        },
        end,
    )
}

/// Calls `key` for every key of the text with the number of times it is there, reading the
/// text once, without making a string for a key (the index builder copies only the keys it has
/// not seen). Latin words are counted as they are written and folded and stemmed once each
/// (a page says `the` and `contribution` many times). Khmer dictionary words are among the keys
/// when `words` is true: the index asks for them in titles and headings, where a whole-word
/// match ranks a page most, and not in the body text, whose pairs of clusters find the same
/// pages (the dictionary was a third of indexing's time there).
pub(crate) fn for_each_key(text: &str, words: bool, mut key: impl FnMut(Found<'_>, u32)) {
    let owned;
    let text = if is_normalized(text) {
        text
    } else {
        owned = normalized(text.to_string());
        owned.as_str()
    };
    let mut any_cluster = false;
    // The Latin (or other script's) word being read starts here.
    let mut word: Option<usize> = None;
    let mut latin = words::Words::default();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII, most of English and French, without decoding: a letter or digit goes on a
        // word, anything else ends it.
        let b = bytes[at];
        if b.is_ascii() {
            // The whole run of ASCII letters and digits (or of other ASCII) at once.
            if b.is_ascii_alphanumeric() {
                word.get_or_insert(at);
                at = scan::letters_end(bytes, at);
            } else {
                if let Some(start) = word.take() {
                    latin.count(text, start, at);
                }
                at = scan::gap_end(bytes, at);
            }
            continue;
        }
        // Khmer, most of a Khmer page, by each letter's offset in the block.
        if let Some(k) = scan::khmer_at(bytes, at) {
            if let Some(start) = word.take() {
                latin.count(text, start, at);
            }
            at = if CLASS[k as usize] == Class::Base {
                any_cluster = true;
                khmer_run(text, at, k, &mut key)
            } else {
                // A sign without a base, or punctuation.
                at + 3
            };
            continue;
        }
        // Anything else (every cluster's letter is in the block above).
        let c = char_at(text, at).expect("at a character boundary");
        // (The Khmer test first: it is a cheap range check, `is_alphanumeric` a table search.)
        if !is_khmer(c) && c.is_alphanumeric() {
            word.get_or_insert(at);
        } else if let Some(start) = word.take() {
            latin.count(text, start, at);
        }
        at += c.len_utf8();
    }
    if let Some(start) = word {
        latin.count(text, start, text.len());
    }
    let mut folded = String::new();
    latin.for_each(text, |word, times| {
        terms(word, &mut folded, &mut |found| key(found, times));
    });
    if words && any_cluster {
        let mut word_key = String::from("w:");
        khmer_words(text, |word| {
            word_key.truncate(2);
            word_key.push_str(word);
            key(Found::Text(KeyKind::Word, &word_key), 1);
        });
    }
}

/// Gives the keys of the run of Khmer clusters that starts at byte `at` with the base `base`
/// (its offset in the block): each pair of neighbouring clusters, or a run's only cluster
/// (short words like ខែ). Returns where the run ends.
#[inline]
fn khmer_run(text: &str, at: usize, base: u8, key: &mut impl FnMut(Found<'_>, u32)) -> usize {
    let bytes = text.as_bytes();
    let (mut previous, mut end) = cluster_at(bytes, at, base);
    let mut many = false;
    while let Some(k) = scan::khmer_at(bytes, end) {
        if CLASS[k as usize] != Class::Base {
            break;
        }
        let (cluster, next_end) = cluster_at(bytes, end, k);
        let joined = previous
            .packed
            .zip(cluster.packed)
            .and_then(|(a, b)| a.join(previous.chars, b, cluster.chars));
        let found = match joined {
            Some(packed) => Found::Packed(packed),
            None => Found::Text(KeyKind::Pair, &text[previous.start..next_end]),
        };
        key(found, 1);
        previous = cluster;
        end = next_end;
        many = true;
    }
    if !many {
        key(lone(text, previous, end), 1);
    }
    end
}

/// The key of a run's only cluster.
fn lone(text: &str, cluster: Cluster, end: usize) -> Found<'_> {
    match cluster.packed {
        Some(packed) => Found::Packed(packed),
        None => Found::Text(KeyKind::Pair, &text[cluster.start..end]),
    }
}

/// The keys of a word of Latin (or another cased script's) letters and digits: folded and
/// stemmed, unless it is one letter or a stop word. A word with letters beyond ASCII is put in
/// lower case first and split again, as lower case can bring characters that split it.
fn terms(word: &str, folded: &mut String, key: &mut impl FnMut(Found<'_>)) {
    let mut term = |word: &str, folded: &mut String| {
        folded.clear();
        fold_into(word, folded);
        if folded.chars().nth(1).is_none() || is_stop_word(folded) {
            return;
        }
        key(Found::Text(KeyKind::Term, &stem_str(folded)));
    };
    if word.is_ascii() {
        term(word, folded);
        return;
    }
    let lowered = lower(word);
    for part in lowered.split(|c: char| is_khmer(c) || !c.is_alphanumeric()) {
        if !part.is_empty() {
            term(part, folded);
        }
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
    // Most words end in none of the endings' last letters, and are looked at no further.
    if !word.ends_with(ENDINGS_END) {
        return word.into();
    }
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

/// The last letters of the endings above and below (a test checks them).
const ENDINGS_END: [char; 7] = ['s', 'n', 'g', 't', 'e', 'd', 'x'];

/// Endings the stemmer strips, tried in order, when four letters or more are left.
pub(crate) const SUFFIXES: [&str; 15] = [
    "ations", "ation", "ements", "ement", "ments", "ment", "ions", "ion", "ings", "ing", "ies",
    "es", "ed", "s", "e",
];

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
