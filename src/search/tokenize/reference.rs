//! The tokenizer as it was before it read text in one pass (five passes: lower case, normal
//! form, cluster ranges, pairs, Latin words), kept as the oracle the one-pass tokenizer is
//! tested against on random text (`tests.rs`): both must find the same keys.

use super::*;

/// The keys the earlier tokenizer found in `text`, as (kind, key), with repeats.
pub(super) fn keys(text: &str, words: bool) -> Vec<(KeyKind, String)> {
    let mut out = Vec::new();
    let mut key = |kind: KeyKind, key: &str| out.push((kind, key.to_string()));
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

/// Whether `c` starts one of the spellings [`KHMER_FOLDS`] folds (coeng-da: after a coeng).
fn is_folded(previous: char, c: char) -> bool {
    matches!(
        c,
        '\u{17B2}' | '\u{17A3}' | '\u{17A4}' | '\u{17B4}' | '\u{17B5}' | '\u{17D8}'
    ) || (previous == COENG && c == '\u{178A}')
}

/// The normal-form check as it was before it read Khmer by table: the oracle of the one that
/// does (`tests.rs`).
pub(super) fn is_normalized(text: &str) -> bool {
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
