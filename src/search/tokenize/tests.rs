//! The tokenizer's tests, and the test vectors it shares with the browser's.

use super::*;

fn pairs(text: &str) -> Vec<String> {
    keys(text)
        .into_iter()
        .filter_map(|k| if let Key::Pair(p) = k { Some(p) } else { None })
        .collect()
}

#[test]
fn khmer_clusters_keep_subscripts_and_vowels() {
    let c: Vec<String> = khmer_clusters("ស្ម័គ្រចិត្ត").into_iter().flatten().collect();
    assert_eq!(c, ["ស្ម័", "គ្រ", "ចិ", "ត្ត"]);
}

#[test]
fn a_word_inside_a_compound_shares_its_pairs() {
    // "ចូលរួម" (to join) inside "ការចូលរួមរបបភាគទាន" (joining the contribution scheme).
    let phrase: std::collections::HashSet<String> = pairs("ការចូលរួមរបបភាគទាន").into_iter().collect();
    for p in pairs("ចូលរួម") {
        assert!(phrase.contains(&p), "{p} missing from {phrase:?}");
    }
    // and a sentence split by zero-width spaces gives the same pairs as one without.
    assert_eq!(pairs("ការ\u{200B}ចូលរួម"), pairs("ការចូលរួម"));
}

#[test]
fn typing_variants_are_normalised() {
    // Vowel typed before the subscript: ក + ា + ្ស  →  ក + ្ស + ា
    assert_eq!(normalize_khmer("ក\u{17B6}\u{17D2}ស"), "ក\u{17D2}ស\u{17B6}");
    // Coeng-ro typed before another subscript: ស + ្រ + ្ត → ស + ្ត + ្រ
    assert_eq!(
        normalize_khmer("ស\u{17D2}រ\u{17D2}ត"),
        "ស\u{17D2}ត\u{17D2}រ"
    );
    // Split vowels: េ + ា → ោ
    assert_eq!(normalize_khmer("ក\u{17C1}\u{17B6}"), "ក\u{17C4}");
    assert_eq!(pairs("សេវា"), pairs("ស\u{200C}េវា"));
}

#[test]
fn dictionary_words_are_indexed_beside_the_pairs() {
    let words: Vec<String> = keys("អ្នកប្រកបរបរខ្លួនឯង")
        .into_iter()
        .filter_map(|k| if let Key::Word(w) = k { Some(w) } else { None })
        .collect();
    assert!(words.len() >= 2, "{words:?}");
    assert!(words.iter().all(|w| "អ្នកប្រកបរបរខ្លួនឯង".contains(w.as_str())));
}

/// The vectors the browser's tokenizer is held to as well (`tests/browser.rs`): the keys
/// of each text, without the dictionary words (the browser does not split words).
#[test]
fn the_shared_test_vectors() {
    let vectors: Vec<serde_json::Value> = serde_json::from_str(include_str!(
        "../../../tests/fixtures/tokenizer-vectors.json"
    ))
    .expect("the vectors are JSON");
    let mut wrong = Vec::new();
    for vector in &vectors {
        let text = vector["text"].as_str().expect("a text");
        // In any order: the browser lists Khmer pairs before words, the one-pass tokenizer
        // finds them in the order of the text, and an index counts them the same.
        let mut keys: Vec<String> = keys(text)
            .into_iter()
            .filter_map(|k| match k {
                Key::Pair(p) => Some(p),
                Key::Term(t) => Some(t),
                Key::Word(_) => None,
            })
            .collect();
        keys.sort();
        let mut expected: Vec<String> = vector["keys"]
            .as_array()
            .expect("keys")
            .iter()
            .map(|k| k.as_str().expect("a key").to_string())
            .collect();
        expected.sort();
        if keys != expected {
            wrong.push(format!("{text:?}: {keys:?}, expected {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn equivalent_khmer_spellings_give_the_same_keys() {
    assert_eq!(keys("សន្ដិសុខសង្គម"), keys("សន្តិសុខសង្គម"));
    assert_eq!(keys("អន្ដរជាតិ"), keys("អន្តរជាតិ"));
    assert_eq!(keys("សន្ដិភាព"), keys("សន្តិភាព"));
    assert_eq!(keys("ឲ្យ"), keys("ឱ្យ"));
    assert_eq!(normalize_khmer("ឤ"), "អា");
    assert!(!is_normalized("សន្ដិ") && is_normalized("សន្តិ"));
}

#[test]
fn french_plurals_fold_to_the_singular() {
    assert_eq!(keys("hôpitaux"), keys("hôpital"));
    assert_eq!(stem("reseaux"), "reseau");
    assert_eq!(keys("l’hôpital"), keys("hôpital"));
    assert_eq!(keys("qu’il"), keys("il"));
}

#[test]
fn latin_folding_and_stemming() {
    assert_eq!(keys("Sécurité"), keys("securite"));
    assert_eq!(stem("contributions"), stem("contribution"));
    assert_eq!(stem("hospitals"), "hospital");
    assert_eq!(stem("cotisations"), "cotis");
    assert!(keys("the of and").is_empty());
    assert_eq!(fold("L’assurance"), "lassurance");
}

#[test]
fn stop_words_are_short_enough_for_the_length_test() {
    assert!(
        STOP_WORDS.iter().all(|w| w.len() <= 3),
        "is_stop_word checks the length first"
    );
}

#[test]
fn every_ending_ends_in_a_letter_the_stemmer_looks_for() {
    let endings = SUFFIXES
        .iter()
        .chain(FRENCH_PLURALS.iter().map(|(plural, _)| plural));
    for ending in endings {
        assert!(ending.ends_with(ENDINGS_END), "{ending}");
    }
}

/// The keys of the one-pass tokenizer, as the earlier one gave them (sorted: the order differs).
fn found(text: &str, words: bool) -> Vec<(KeyKind, String)> {
    let mut out = Vec::new();
    for_each_key(text, words, |found, times| {
        let key = match found {
            Found::Packed(packed) => (KeyKind::Pair, packed.text()),
            Found::Text(kind, key) => (kind, key.to_string()),
        };
        out.extend(std::iter::repeat_n(key, times as usize));
    });
    out.sort_by(|a, b| (a.0 as u8, &a.1).cmp(&(b.0 as u8, &b.1)));
    out
}

fn earlier(text: &str, words: bool) -> Vec<(KeyKind, String)> {
    let mut out = reference::keys(text, words);
    out.sort_by(|a, b| (a.0 as u8, &a.1).cmp(&(b.0 as u8, &b.1)));
    out
}

#[test]
fn packed_khmer_spells_out_what_it_packs() {
    for text in ["ក", "ស្ម័គ្រ", "ចិត្ត", "១២", "ក្រុមគ្រួសារ"]
    {
        let packed = Packed::of(text).expect("short Khmer packs");
        assert_eq!(packed.text(), text);
    }
    assert_eq!(Packed::of("abc"), None);
    assert_eq!(Packed::of(&"ក".repeat(19)), None, "at most 18 characters");
    // A pair too long to pack is a key as text, the same one.
    let long = "ក្ក្ក្ក្ក្ក្ក្ក្ក្កាក្ក្ក្ក្ក្ក្ក្ក្ក្កា";
    assert_eq!(found(long, false), earlier(long, false));
    assert!(
        found(long, false)
            .iter()
            .all(|(_, k)| k.chars().count() > 18)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
    /// On any text (Khmer with its typing variants and invisible characters, accented Latin in
    /// both cases, digits, punctuation, and any character at all), the one-pass tokenizer finds
    /// the keys the earlier five-pass one did.
    #[test]
    fn one_pass_finds_what_five_passes_did(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::string::string_regex("[\u{1780}-\u{17FF}]{1,8}").expect("a regex"),
                proptest::string::string_regex("(ក|ស|ន|ត|ដ|្|ា|ិ|េ|ី|ុ|ំ|ោ|ឲ|ឱ|\u{17B4}|\u{200B}|\u{00AD}){1,10}").expect("a regex"),
                proptest::string::string_regex("[a-zA-ZéÉèàÀôÔçÇœŒ’'İß0-9]{1,12}").expect("a regex"),
                proptest::string::string_regex("[ .,;:!?\n()«»។-]{1,3}").expect("a regex"),
                // One character at a time, of all the kinds above, so that each meets each.
                proptest::string::string_regex("[ក-ឳ០-៩ា-៝\u{17B4}\u{200B}\u{00AD}aZéÉİß0 '’.-]").expect("a regex"),
                proptest::strategy::Strategy::prop_map(proptest::prelude::any::<char>(), String::from),
            ],
            0..40,
        ),
        words in proptest::prelude::any::<bool>(),
    ) {
        let text: String = parts.concat();
        proptest::prop_assert_eq!(found(&text, words), earlier(&text, words), "{:?}", text);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
    /// The normal-form check that reads Khmer by table says what the one that looks at every
    /// character does, on text made of what its rules look at (and of anything else).
    #[test]
    fn the_normal_form_check_by_table_says_what_the_plain_one_does(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::string::string_regex("(ក|រ|ដ|្|ា|ី|េ|ុ|ំ|ោ|ិ|៉|ឲ|ឱ|ឣ|ឤ|៘|\u{17B4}|\u{17B5}|\u{200B}|\u{200D}|\u{00AD}|\u{FEFF}|a|é| ){1,10}").expect("a regex"),
                // What each rule looks for, and its near misses.
                proptest::string::string_regex("(្រ|្ក|្ដ|េ|ា|ី|ំ|ុ|ិ|រ|ក){1,6}").expect("a regex"),
                proptest::string::string_regex("[\u{1780}-\u{17FF}]{1,4}").expect("a regex"),
                proptest::strategy::Strategy::prop_map(proptest::prelude::any::<char>(), String::from),
            ],
            0..30,
        ),
    ) {
        let text: String = parts.concat();
        proptest::prop_assert_eq!(is_normalized(&text), reference::is_normalized(&text), "{:?}", text);
    }
}

#[test]
fn characters_are_read_as_utf8_reads_them_khmer_or_not() {
    let text: String = ('\u{1700}'..='\u{1900}')
        .chain(['a', 'é', '\u{E19E}', '\u{10000}', '\u{A0}'])
        .collect();
    let mut at = 0;
    for c in text.chars() {
        assert_eq!(char_at(&text, at), Some(c), "at byte {at}");
        if c.len_utf8() > 1 {
            assert_eq!(char_at(&text, at + 1), None, "inside {c:?}");
        }
        at += c.len_utf8();
    }
    assert_eq!(char_at(&text, at), None);
    assert_eq!(char_at("\u{1780}", 1), None);
}
