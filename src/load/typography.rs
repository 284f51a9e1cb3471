//! Step 1 (load), text as each language prints it: quotes and spaces (French guillemets and
//! narrow spaces, Khmer quotes as written), and cuts that never split a word or a Khmer syllable
//! (page summaries, search passages).

/// Quotes and spaces as each language prints them. English: curly quotes. French: « » with
/// narrow no-break spaces inside, and a narrow no-break space before ; : ! ? (as French
/// typography wants). Khmer: quotes as written (see `render_markdown`).
pub(super) fn typography(text: &str, lang: &str) -> String {
    match lang {
        "fr" if text.contains(['“', '”', '«', '»', ';', ':', '!', '?']) => {
            let mut s = text
                .replace('“', "«\u{202F}")
                .replace('”', "\u{202F}»")
                .replace("« ", "«\u{202F}")
                .replace(" »", "\u{202F}»");
            for mark in [';', ':', '!', '?'] {
                s = s.replace(&format!(" {mark}"), &format!("\u{202F}{mark}"));
                s = s.replace(&format!("\u{A0}{mark}"), &format!("\u{202F}{mark}"));
            }
            s
        }
        _ => text.to_string(),
    }
}

/// Cuts text to about `max` characters at a place that does not split a word or a Khmer
/// syllable (never before a dependent vowel or mark, never right after a coeng).
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut cut = max;
    // Prefer the last space; Khmer without spaces falls back to a syllable boundary.
    if let Some(space) = chars[..max]
        .iter()
        .rposition(|c| c.is_whitespace() || *c == '\u{200B}')
        && space > max / 2
    {
        cut = space;
    } else {
        while cut > 0 && !is_syllable_boundary(chars[cut - 1], chars[cut]) {
            cut -= 1;
        }
    }
    let mut short: String = chars[..cut].iter().collect();
    short.truncate(short.trim_end().len());
    short.push('…');
    short
}

fn is_syllable_boundary(before: char, after: char) -> bool {
    let after_is_mark = matches!(after, '\u{17B4}'..='\u{17D3}' | '\u{17DD}');
    let before_is_coeng = before == '\u{17D2}';
    let after_is_consonant_joined = before_is_coeng && ('\u{1780}'..='\u{17A2}').contains(&after);
    !after_is_mark && !before_is_coeng && !after_is_consonant_joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_never_splits_a_khmer_syllable() {
        let text = "សមាជិកស្ម័គ្រចិត្ត".repeat(20);
        let short = shorten(&text, 25);
        let last = short.trim_end_matches('…').chars().last().unwrap();
        assert_ne!(last, '\u{17D2}', "ends on a coeng: {short}");
        let next = text.chars().nth(short.chars().count() - 1).unwrap();
        assert!(!('\u{17B4}'..='\u{17D3}').contains(&next), "{short}");
    }
}
