//! Slugs for URLs and heading anchors.
//!
//! Khmer writes words without spaces and builds syllables from consonants, subscripts (after the
//! coeng sign U+17D2) and vowel signs; cutting or dropping any of those marks breaks the word, so
//! every Khmer letter and mark (U+1780-U+17D3, U+17D7, U+17DC, U+17DD) stays whole and only Khmer
//! punctuation (khan ។, bariyoosan ៕ ...) and spaces become separators. French accents are
//! folded (`adhérer` → `adherer`, the table of `fold.rs`) so URLs stay plain ASCII where the
//! language allows it.

/// Turns a title or file name into a slug: lower case, words joined with `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_separator = false;
    for c in text.chars() {
        if is_word_char(c) {
            if pending_separator && !out.is_empty() {
                out.push('-');
            }
            pending_separator = false;
            push_folded(&mut out, c);
        } else if !is_invisible_joiner(c) {
            pending_separator = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Makes `id` unique among `taken` by appending `-1`, `-2`, ... as needed.
pub(crate) fn unique(id: String, taken: &mut std::collections::HashSet<String>) -> String {
    if taken.insert(id.clone()) {
        return id;
    }
    (1..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .expect("an unused suffix exists")
}

/// A character that belongs inside a word (never a separator).
pub(crate) fn is_word_char(c: char) -> bool {
    is_khmer_word_char(c) || (c.is_alphanumeric() && !is_khmer_punctuation(c)) || c == '_'
}

/// Khmer letters, independent vowels, dependent vowel signs, subscript sign (coeng), diacritics,
/// repetition sign and digits: all parts of a Khmer word.
pub(crate) fn is_khmer_word_char(c: char) -> bool {
    matches!(c, '\u{1780}'..='\u{17D3}' | '\u{17D7}' | '\u{17DC}' | '\u{17DD}' | '\u{17E0}'..='\u{17E9}')
}

fn is_khmer_punctuation(c: char) -> bool {
    matches!(c, '\u{17D4}'..='\u{17D6}' | '\u{17D8}'..='\u{17DB}')
}

/// Zero-width joiners inside a word are dropped; a zero-width space (U+200B), which Khmer
/// writers put between words, is a separator like a space.
fn is_invisible_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FEFF}')
}

/// `c` in lower case with its accent folded away (`É` → `e`), as the search index folds it.
fn push_folded(out: &mut String, c: char) {
    for lower in c.to_lowercase() {
        match crate::fold::unaccented(lower) {
            Some(folded) => out.push_str(folded),
            None => out.push(lower),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_french_titles() {
        assert_eq!(slugify("How to join"), "how-to-join");
        assert_eq!(slugify("Qui peut adhérer ?"), "qui-peut-adherer");
        assert_eq!(
            slugify("  L’assurance : cotisation (15 600 riels) "),
            "l-assurance-cotisation-15-600-riels"
        );
        assert_eq!(slugify("???"), "section");
    }

    #[test]
    fn khmer_letters_and_marks_stay_whole() {
        // "Who can join" in Khmer: every subscript (្ + consonant) and vowel sign is kept.
        let heading = "អ្នកណាខ្លះអាចចូលរួម";
        assert_eq!(slugify(heading), heading);
        // Khmer punctuation (khan ។) and spaces separate; a zero-width space separates too.
        assert_eq!(slugify("ភាគទាន ប្រចាំខែ។"), "ភាគទាន-ប្រចាំខែ");
        assert_eq!(slugify("របប\u{200B}សន្តិសុខ"), "របប-សន្តិសុខ");
        // Khmer digits are part of words.
        assert_eq!(slugify("ជំហាន ១"), "ជំហាន-១");
    }

    #[test]
    fn unique_adds_suffixes() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a".into(), &mut taken), "a-1");
        assert_eq!(unique("a".into(), &mut taken), "a-2");
    }
}
