//! Search's tokenizer, reading text byte by byte where it can: a character at a byte (Khmer
//! letters decoded from their three bytes at once) and the ends of runs of ASCII.

/// The next character of `text` at byte `at`, if any.
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

/// Where the run of ASCII bytes starting at `at` ends: eight bytes at a time (English and
/// French text is mostly ASCII), then byte by byte.
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
pub(super) fn letters_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
        at += 1;
    }
    at
}

/// Where the run of ASCII bytes that are not letters or digits (spaces, punctuation) starting
/// at `at` ends.
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
