//! The one door to the YAML parser: front matter, `site.yaml`, UI strings and data files all
//! come through here, so no other module knows which crate parses YAML.
//!
//! Parse errors become [`Diagnostic`]s that point at the file, line and column, with a hint an
//! editor can act on ("did you mean `title`?").

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

mod locate;

pub(crate) use locate::{Step, locate, locate_key};
pub(crate) use serde_yaml::{Mapping, Value};

/// Where a YAML document sits inside its file (front matter starts below the `---` line).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement {
    /// Number of lines of the file before the document's first line.
    pub line_offset: usize,
}

impl Placement {
    pub(crate) const WHOLE_FILE: Placement = Placement { line_offset: 0 };
}

/// Parses `yaml` into `T`, or returns one diagnostic saying where and why it failed.
/// `file_text` is the whole file, used to show the offending line.
pub(crate) fn parse<T: DeserializeOwned>(
    yaml: &str,
    file: &Path,
    file_text: &str,
    placement: Placement,
) -> Result<T, Diagnostic> {
    if let Some((line, column)) = nested_too_deep(yaml, MAX_DEPTH) {
        return Err(Diagnostic::error(
            file,
            format!("the YAML is nested deeper than {MAX_DEPTH} levels"),
        )
        .at(file_text, line + placement.line_offset, column)
        .with_hint("no page or record needs this many levels of lists and mappings; check for a runaway `[` or `- - -`"));
    }
    // An empty document is an empty mapping for our purposes (an empty front matter block).
    let yaml_or_empty = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml_or_empty).map_err(|err| {
        let message = message_without_location(&err.to_string());
        // The parser puts "end of input" one line past the text: that is the end of its
        // last line (of this record, when the text is one record of a file).
        let lines = yaml.lines().count().max(1);
        let (line, column) = err.location().map_or((1, 1), |l| {
            let (line, column) = if l.line() > lines {
                let last = yaml.lines().last().unwrap_or_default();
                (lines, last.chars().count() + 1)
            } else {
                (l.line(), l.column())
            };
            (line + placement.line_offset, column)
        });
        let hint = hint_for(&message);
        let mut d = Diagnostic::error(file, friendly_message(&message)).at(file_text, line, column);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        d
    })
}

/// Lists and mappings nested deeper than this are refused before parsing: the parser would take
/// tens of seconds over a front matter of 100,000 `[`s, and real content needs a handful.
pub(crate) const MAX_DEPTH: usize = 64;

/// Where a YAML text first nests deeper than `max` levels (line and column, 1-based), counting
/// block levels by indentation and `- ` indicators and flow levels by `[` and `{`, outside
/// quotes, comments and block scalars. A quick scan, not a parser: it may count a level more
/// than the parser would, never fewer.
fn nested_too_deep(yaml: &str, max: usize) -> Option<(usize, usize)> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut quote: Option<u8> = None;
    // The indentation of the line that opened a `|` or `>` block scalar.
    let mut block_scalar: Option<usize> = None;
    for (n, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some(open) = block_scalar {
            if trimmed.is_empty() || indent > open {
                continue;
            }
            block_scalar = None;
        }
        if quote.is_none() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        let bytes = trimmed.as_bytes();
        let mut i = 0;
        if flow == 0 && quote.is_none() {
            while indents.last().is_some_and(|&last| last >= indent) {
                indents.pop();
            }
            indents.push(indent);
            // `- - x`: each indicator opens one more level.
            while bytes[i..].starts_with(b"- ") || &bytes[i..] == b"-" {
                i += 1;
                while i < bytes.len() && bytes[i] == b' ' {
                    i += 1;
                }
                indents.push(indent + i);
                if indents.len() > max {
                    return Some((n + 1, indent + i));
                }
            }
        }
        if indents.len() + flow > max {
            return Some((n + 1, indent + 1));
        }
        let mut value_start = true;
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(q) = quote {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    quote = None;
                    value_start = false;
                }
                i += 1;
                continue;
            }
            match b {
                b'#' if i == 0 || bytes[i - 1] == b' ' => break,
                b'"' | b'\'' if value_start => quote = Some(b),
                b'[' | b'{' if value_start || flow > 0 => {
                    flow += 1;
                    value_start = true;
                    if indents.len() + flow > max {
                        return Some((n + 1, indent + i + 1));
                    }
                }
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    value_start = false;
                }
                b',' if flow > 0 => value_start = true,
                b':' if bytes.get(i + 1).is_none_or(|&c| c == b' ') || flow > 0 => {
                    value_start = true;
                }
                b' ' => {}
                _ => value_start = false,
            }
            i += 1;
        }
        let last = trimmed.split(" #").next().unwrap_or("").trim_end();
        let opens_block = last
            .trim_end_matches(['+', '-', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
            .ends_with(['|', '>']);
        if flow == 0 && quote.is_none() && opens_block {
            block_scalar = Some(indent);
        }
    }
    None
}

/// Serialises a value back to YAML text (used when spean writes content for editors).
pub(crate) fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// serde_yaml appends " at line L column C" to messages; we show the location ourselves.
fn message_without_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Turns serde's wording into an editor's: strips the internal path prefix serde_yaml adds.
fn friendly_message(message: &str) -> String {
    // "languages[0]: unknown field `nam`, expected ..." -> keep the path, cut the long list.
    let cut = message.find(", expected one of").or_else(|| {
        message
            .starts_with("unknown field")
            .then(|| message.find(", expected"))
            .flatten()
    });
    match cut {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// A hint for the common serde messages.
fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        let expected = expected_names(message);
        return Some(match closest(field, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None if !expected.is_empty() => format!("allowed fields: {}", expected.join(", ")),
            None => "remove this field".to_string(),
        });
    }
    if let Some(rest) = message.split("unknown variant `").nth(1) {
        let variant = rest.split('`').next().unwrap_or_default();
        let expected = expected_names(message);
        return Some(match closest(variant, &expected) {
            Some(best) => format!("did you mean `{best}`? allowed: {}", expected.join(", ")),
            None => format!("allowed values: {}", expected.join(", ")),
        });
    }
    if let Some(rest) = message.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        return Some(format!("add a `{field}:` line"));
    }
    if message.contains("invalid type") {
        let expected = message.rsplit("expected ").next().unwrap_or("another type");
        return Some(format!("this value must be {expected}"));
    }
    if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
        || message.contains("found character that cannot start")
    {
        return Some(
            "check the indentation and the `key: value` form; quote a value that contains `: ` or starts with a special character"
                .to_string(),
        );
    }
    None
}

fn expected_names(message: &str) -> Vec<String> {
    let Some(list) = message.split(", expected ").nth(1) else {
        return Vec::new();
    };
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be a typo.
pub(crate) fn closest(word: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_found_before_parsing() {
        let flow = format!("a: {}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(nested_too_deep(&flow, MAX_DEPTH), Some((1, 67)));
        let dashes = format!("a:\n{}x\n", "- ".repeat(100_000));
        assert!(nested_too_deep(&dashes, MAX_DEPTH).is_some());
        let mut block = String::new();
        for depth in 0..100 {
            block.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
        }
        assert!(nested_too_deep(&block, MAX_DEPTH).is_some());
        let started = std::time::Instant::now();
        let err =
            parse::<Value>(&flow, Path::new("a.md"), &flow, Placement::WHOLE_FILE).unwrap_err();
        assert!(
            err.message.contains("nested deeper than 64"),
            "{}",
            err.message
        );
        // Not a timing test: the scan is linear, where the parser took 34 s over such a file.
        assert!(started.elapsed().as_secs() < 30);
    }

    #[test]
    fn ordinary_yaml_is_not_too_deep() {
        let text = "title: l'adhésion [1\ndescription: |\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n  text\nextra: {a: [1, 2, {b: \"[[[[\"}]}\nlist:\n  - - a\n    - b\n  - c\n";
        assert_eq!(nested_too_deep(text, MAX_DEPTH), None);
        assert_eq!(nested_too_deep(text, 3), Some((5, 19)));
    }
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        weight: Option<i64>,
    }

    fn parse_front(yaml: &str) -> Result<Front, Diagnostic> {
        let file = format!("---\n{yaml}---\n");
        parse(yaml, Path::new("a.md"), &file, Placement { line_offset: 1 })
    }

    #[test]
    fn unknown_field_suggests_the_nearest_name_and_points_at_the_line() {
        let d = parse_front("title: A\ntitel: B\n").unwrap_err();
        assert_eq!(d.message, "unknown field `titel`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.source_line.as_deref(), Some("titel: B"));
    }

    #[test]
    fn wrong_type_names_what_is_expected() {
        let d = parse_front("title: A\nweight: heavy\n").unwrap_err();
        assert!(d.message.contains("invalid type"), "{}", d.message);
        assert_eq!(d.line, 3);
        assert!(d.hint.unwrap().contains("i64"));
    }

    #[test]
    fn missing_field_hints_to_add_it() {
        let d = parse_front("weight: 1\n").unwrap_err();
        assert!(d.message.contains("missing field `title`"));
        assert_eq!(d.hint.as_deref(), Some("add a `title:` line"));
    }

    #[test]
    fn broken_yaml_has_a_location() {
        let d = parse_front("title: [unclosed\n").unwrap_err();
        // At the end of the line left open, not past the text (where no line is shown).
        assert_eq!((d.line, d.column), (2, 8), "{d:?}");
        assert_eq!(d.source_line.as_deref(), Some("title: [unclosed"));
    }

    #[test]
    fn the_end_of_a_record_is_its_last_line_not_the_next_record() {
        let file = "- title: A\n- title: {#id}\n- title: C\n";
        let chunk = "- title: {#id}\n";
        let d = parse::<Vec<Front>>(
            chunk,
            Path::new("d.yaml"),
            file,
            Placement { line_offset: 1 },
        )
        .unwrap_err();
        assert_eq!(
            (d.line, d.source_line.as_deref()),
            (2, Some("- title: {#id}")),
            "{d:?}"
        );
    }

    #[test]
    fn closest_ignores_far_words() {
        let c = vec!["title".to_string(), "description".to_string()];
        assert_eq!(closest("titel", &c), Some("title".into()));
        assert_eq!(closest("descripton", &c), Some("description".into()));
        assert_eq!(closest("zzz", &c), None);
    }
}
