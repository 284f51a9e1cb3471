//! Where a value sits in YAML text: the line and column of a key or list item, found by
//! following a path (`languages` → third item → `fallback`). Used to point diagnostics at
//! values that parsed but failed a later check; the parser's own errors carry their location.
//!
//! Each step looks only at the direct children of what the step before found, so a key or a
//! list nested deeper (a `- ` inside an earlier record's `amounts:`) is never taken for the
//! one meant.

/// One step of a path into a YAML document, for [`locate`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

/// Finds the line and column of a key in block-style YAML, following a path of keys, one per
/// level (`["title", "en"]` is the `en:` of `title:`). Returns (1, 1) when not found.
pub(crate) fn locate_key(text: &str, path: &[&str]) -> (usize, usize) {
    let steps: Vec<Step> = path.iter().map(|k| Step::Key(k)).collect();
    locate(text, &steps)
}

/// Like [`locate_key`], with list items: `[Key("languages"), Item(2), Key("fallback")]` is the
/// `fallback:` of the third language. Keys of a one-line `{...}` mapping are found too.
/// Returns the 1-based line and column of the deepest step found, or (1, 1).
pub(crate) fn locate(text: &str, path: &[Step]) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut scope = Scope::Document;
    let mut found = (1, 1);
    for step in path {
        let Some((line, column)) = find_child(&lines, scope, *step) else {
            return found;
        };
        found = (line + 1, lines[line][..column].chars().count() + 1);
        scope = match step {
            Step::Key(_) => Scope::Key { line, column },
            Step::Item(_) => Scope::Item { line, column },
        };
    }
    found
}

/// What a step looks inside: the whole text, or the value of the key or list item found by
/// the step before, on `line` at byte `column`.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Document,
    Key { line: usize, column: usize },
    Item { line: usize, column: usize },
}

/// The line and byte column of `step` among the direct children of `scope`.
fn find_child(lines: &[&str], scope: Scope, step: Step) -> Option<(usize, usize)> {
    // The indent of the children, known from the first one met.
    let mut level = None;
    let first = match scope {
        Scope::Document => 0,
        Scope::Key { line, column } | Scope::Item { line, column } => {
            let raw = lines[line];
            let value = value_start(raw, column, matches!(scope, Scope::Item { .. }));
            if let Step::Key(key) = step
                && let Some(at) = flow_key(raw, value, key)
            {
                return Some((line, at));
            }
            // `- id: x`: an item's first key is on the item's own line.
            if let Scope::Item { .. } = scope
                && value < raw.len()
                && !raw[value..].starts_with(['{', '[', '#'])
            {
                if let Step::Key(key) = step
                    && key_of(&raw[value..]) == Some(key)
                {
                    return Some((line, value));
                }
                level = Some(value);
            }
            line + 1
        }
    };
    let mut items = 0;
    for (index, raw) in lines.iter().enumerate().skip(first) {
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        let is_item = trimmed.starts_with("- ") || trimmed == "-";
        let inside = match scope {
            Scope::Document => true,
            Scope::Item { column, .. } => indent > column,
            // A list may sit at its key's own indent (`steps:` then `- title: ...`).
            Scope::Key { column, .. } => indent > column || (indent == column && is_item),
        };
        if !inside {
            break;
        }
        let level = *level.get_or_insert(indent);
        if indent != level {
            continue;
        }
        match step {
            Step::Key(key) if !is_item && key_of(trimmed) == Some(key) => {
                return Some((index, indent));
            }
            Step::Item(n) if is_item => {
                if items == n {
                    return Some((index, indent));
                }
                items += 1;
            }
            _ => {}
        }
    }
    None
}

/// Where the value of the key or item at byte `column` of `line` starts (after `key:` or `- `
/// and spaces); the line's length when nothing follows on the line.
fn value_start(line: &str, column: usize, item: bool) -> usize {
    let after = if item {
        column + 1
    } else {
        let rest = &line[column..];
        column + rest.find(':').map_or(rest.len(), |i| i + 1)
    };
    let rest = &line[after.min(line.len())..];
    line.len() - rest.trim_start_matches(' ').len()
}

/// The byte column of `key` among the keys of the one-line `{...}` mapping starting at byte
/// `from` of `line`; keys of mappings nested in it and texts in quotes are passed over.
fn flow_key(line: &str, from: usize, key: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    if bytes.get(from) != Some(&b'{') {
        return None;
    }
    let mut depth = 0;
    let mut quote = None;
    let mut key_start = None;
    // Quotes open a text only where a value or key starts, not inside `l'État`.
    let mut token_start = true;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' && q == b'"' {
                i += 1;
            } else if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b'{' | b'[' => {
                depth += 1;
                if depth == 1 {
                    key_start = Some(i + 1);
                }
                token_start = true;
            }
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
                token_start = false;
            }
            b',' => {
                if depth == 1 {
                    key_start = Some(i + 1);
                }
                token_start = true;
            }
            b':' => {
                if depth == 1
                    && let Some(start) = key_start.take()
                {
                    let written = &line[start..i];
                    let name = written.trim().trim_matches(|c| c == '"' || c == '\'');
                    if name == key {
                        return Some(start + written.len() - written.trim_start().len());
                    }
                }
                token_start = true;
            }
            b'"' | b'\'' if token_start => quote = Some(b),
            b' ' => {}
            _ => token_start = false,
        }
        i += 1;
    }
    None
}

/// The key of a `key: value` line (without quotes), if it is one.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && !key.contains(' ')).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::Step::{Item, Key};
    use super::*;

    #[test]
    fn locate_finds_list_items_and_flow_keys() {
        let text = "languages:\n  - code: km\n    fallback: [en]\n  - {code: en, name: English, fallback: [km]}\n  - code: fr\n    name: Français\n    fallback: [de]\n";
        let fr = locate(text, &[Key("languages"), Item(2), Key("fallback")]);
        assert_eq!(fr, (7, 5));
        let en = locate(text, &[Key("languages"), Item(1), Key("fallback")]);
        assert_eq!(en, (4, 31));
        let km = locate(text, &[Key("languages"), Item(0), Key("code")]);
        assert_eq!(km, (2, 5));
    }

    #[test]
    fn locate_key_follows_nesting_one_level_per_key() {
        let text = "title:\n  en: x\nlanguages:\n  - code: km\n    fallback: [en]\n  - code: en\n";
        assert_eq!(locate_key(text, &["languages"]), (3, 1));
        assert_eq!(locate_key(text, &["title", "en"]), (2, 3));
        assert_eq!(locate_key(text, &["missing"]), (1, 1));
        // `fallback` is a key of an item of `languages`, not of `languages`: the deepest step
        // found is given.
        assert_eq!(locate_key(text, &["languages", "fallback"]), (3, 1));
    }

    #[test]
    fn items_of_the_top_list_are_not_confused_with_lists_inside_a_record() {
        // The second record's `last_verified` was reported inside the first record's
        // `amounts:`, whose items were counted as records.
        let text = "# benefits\n- id: a\n  amounts:\n    - {amount: 1}\n    - {amount: 2}\n  last_verified: 2025-01-01\n\n- id: b\n  conditions:\n    - en: x\n  last_verified: 2025-02-01\n";
        assert_eq!(locate(text, &[Item(0), Key("last_verified")]), (6, 3));
        assert_eq!(locate(text, &[Item(1), Key("id")]), (8, 3));
        assert_eq!(locate(text, &[Item(1), Key("last_verified")]), (11, 3));
        assert_eq!(locate(text, &[Item(0), Key("amounts"), Item(1)]), (5, 5));
        // A third record does not exist: the deepest step found is the document start.
        assert_eq!(locate(text, &[Item(2), Key("id")]), (1, 1));
    }

    #[test]
    fn keys_of_nested_mappings_are_not_taken_for_the_records_own() {
        let text = "- id: j\n  steps:\n    - title: One\n      source: inner\n  source: outer\n  cost: {label: {en: Fee, fr: Frais}, en: 1, amount: 0}\n";
        assert_eq!(locate(text, &[Item(0), Key("source")]), (5, 3));
        assert_eq!(
            locate(text, &[Item(0), Key("steps"), Item(0), Key("source")]),
            (4, 7)
        );
        // In a flow mapping, the key of the mapping itself, not of the one nested in it.
        assert_eq!(locate(text, &[Item(0), Key("cost"), Key("en")]), (6, 39));
        assert_eq!(
            locate(text, &[Item(0), Key("cost"), Key("amount")]),
            (6, 46)
        );
    }

    #[test]
    fn lists_at_their_keys_indent_and_dashes_alone() {
        let text = "-\n  id: a\n  steps:\n  - title: One\n  - title: Two\n    link: \"@/x.md\"\n  last_verified: 2025-01-01\n";
        assert_eq!(locate(text, &[Item(0), Key("id")]), (2, 3));
        assert_eq!(
            locate(text, &[Item(0), Key("steps"), Item(1), Key("link")]),
            (6, 5)
        );
        assert_eq!(locate(text, &[Item(0), Key("last_verified")]), (7, 3));
    }

    #[test]
    fn flow_keys_after_an_apostrophe_and_quoted_texts() {
        let line = "- {label: {fr: l'État}, note: 'a, b: c', paid_by: member}";
        let text = format!("{line}\n");
        assert_eq!(locate(&text, &[Item(0), Key("paid_by")]), (1, 42));
        assert_eq!(locate(&text, &[Item(0), Key("note")]), (1, 25));
    }
}
