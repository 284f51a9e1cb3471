//! Search's tokenizer, reading text byte by byte where it can: a character at a byte (Khmer
//! letters decoded from their three bytes at once) and the ends of runs of ASCII.

use super::{COENG, is_cluster_base, is_sign};

/// The next character of `text` at byte `at`, if any.
#[inline]
pub(super) fn char_at(text: &str, at: usize) -> Option<char> {
    // Khmer letters (U+1780-U+17FF, three bytes from E1 9E 80) decoded at once: most of what
    // the tokenizer reads of Khmer pages. In UTF-8 a byte E1 only starts a character, and two
    // continuation bytes follow it.
    if let Some(&[0xE1, second @ (0x9E | 0x9F), third]) = text.as_bytes().get(at..at + 3) {
        let code = 0x1000 | (u32::from(second & 0x3F) << 6) | u32::from(third & 0x3F);
        return char::from_u32(code);
    }
    text.get(at..).and_then(|rest| rest.chars().next())
}

/// The Khmer character (U+1780-U+17FF) whose three bytes start at byte `at`, as its offset in
/// the block (0-127), if one does: every character of a cluster is one, and most of a Khmer
/// page's text.
#[inline]
pub(super) fn khmer_at(bytes: &[u8], at: usize) -> Option<u8> {
    match bytes.get(at..at + 3) {
        Some(&[0xE1, second @ (0x9E | 0x9F), third]) => Some(((second & 1) << 6) | (third & 0x3F)),
        _ => None,
    }
}

/// What a Khmer character is to a cluster, by its offset in the block ([`khmer_at`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// A consonant, an independent vowel or a digit: it starts a cluster.
    Base,
    /// A dependent vowel, sign or mark: it attaches to the cluster before it.
    Sign,
    Coeng,
    /// Punctuation and the rest of the block: it ends a run of clusters.
    Other,
}

/// The [`Class`] of each character of the block, by offset: what the tokenizer's character
/// tests say of it.
pub(super) const CLASS: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut k = 0;
    while k < 128 {
        let c = char::from_u32(0x1780 + k as u32).expect("a character of the block");
        table[k] = if is_cluster_base(c) {
            Class::Base
        } else if is_sign(c) {
            Class::Sign
        } else if c == COENG {
            Class::Coeng
        } else {
            Class::Other
        };
        k += 1;
    }
    table
};

/// Where the run of ASCII bytes starting at `at` ends: eight bytes at a time (English and
/// French text is mostly ASCII), then byte by byte.
#[inline]
pub(super) fn ascii_run_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        at += 8;
    }
    while bytes.get(at).is_some_and(u8::is_ascii) {
        at += 1;
    }
    at
}

/// Where the run of ASCII letters and digits starting at `at` ends.
#[inline]
pub(super) fn letters_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
        at += 1;
    }
    at
}

/// Where the run of ASCII bytes that are not letters or digits (spaces, punctuation) starting
/// at `at` ends.
#[inline]
pub(super) fn gap_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
    {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_table_says_what_the_character_tests_say() {
        for k in 0..128u8 {
            let c = char::from_u32(0x1780 + u32::from(k)).expect("a character");
            let mut bytes = [0u8; 3];
            c.encode_utf8(&mut bytes);
            assert_eq!(khmer_at(&bytes, 0), Some(k));
            let expected = if super::super::is_cluster_base(c) {
                Class::Base
            } else if super::super::is_sign(c) {
                Class::Sign
            } else if c == super::super::COENG {
                Class::Coeng
            } else {
                Class::Other
            };
            assert!(CLASS[k as usize] == expected, "{c:?}");
        }
        assert_eq!(khmer_at("\u{1A00}".as_bytes(), 0), None);
        assert_eq!(khmer_at("\u{17FF}".as_bytes()[..2].as_ref(), 0), None);
    }

    proptest::proptest! {
        /// Reading eight bytes at a time ends the ASCII run where reading byte by byte does.
        #[test]
        fn an_ascii_run_ends_at_the_first_other_byte(
            text in "[a-z .\u{1780}-\u{17FF}é]{0,40}",
            from in 0usize..40,
        ) {
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            let expected = bytes[from..]
                .iter()
                .position(|b| !b.is_ascii())
                .map_or(bytes.len(), |p| from + p);
            proptest::prop_assert_eq!(super::ascii_run_end(bytes, from), expected);
        }
    }
}
