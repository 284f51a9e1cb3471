//! One cell of a spreadsheet: where it starts in the file's text, and the rule against cells that
//! spreadsheet programs run as formulas (formula injection): a cell starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return.
//!
//! Import refuses such a cell (a phone number keeps its leading `+`, in the phone column only).
//! Every CSV spean writes puts a single quote `'` before one, the mark spreadsheet programs read
//! as "this is text, not a formula"; import takes that quote off again, so a published CSV can
//! be edited and imported back.

use std::borrow::Cow;

/// Characters that make a spreadsheet program read a cell as a formula when they come first.
/// A line feed is there too: `text::decode` turns every carriage return into one.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// The character that would make `cell` a formula, if any. Leading spaces do not hide one: the
/// import trims them, and so would a spreadsheet program on the way back.
pub(super) fn formula_start(cell: &str) -> Option<char> {
    let first = cell.chars().next()?;
    if first.is_whitespace() && FORMULA_STARTS.contains(&first) {
        return Some(first);
    }
    cell.trim_start()
        .chars()
        .next()
        .filter(|c| FORMULA_STARTS.contains(c))
}

/// A cell as it must be written in a CSV for spreadsheets: with a `'` before a formula start.
pub(super) fn escape(cell: &str) -> Cow<'_, str> {
    if formula_start(cell).is_some() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The text of a cell written by [`escape`] (`'=x` → `=x`); `None` for any other cell.
pub(super) fn unescape(cell: &str) -> Option<&str> {
    cell.strip_prefix('\'')
        .filter(|rest| formula_start(rest).is_some())
}

/// Where each cell of a CSV record starts (byte offsets into the file's text), how many blank
/// lines come before it, and how many line breaks it holds inside quoted cells (a spreadsheet
/// shows such a record as one row). The grammar is the `csv` crate's default: `,` between
/// cells, `"` quotes, `""` inside quotes.
pub(super) struct RowLayout {
    pub starts: Vec<usize>,
    pub blank_lines_before: usize,
    pub inner_line_breaks: usize,
}

/// The layout of the record at `start`, where the `csv` crate puts it: blank lines before the
/// record belong to its position.
pub(super) fn row_layout(text: &str, start: usize) -> RowLayout {
    let bytes = text.as_bytes();
    let blank = bytes
        .get(start..)
        .map_or(0, |rest| rest.iter().take_while(|b| **b == b'\n').count());
    let start = start + blank;
    let mut layout = RowLayout {
        starts: vec![start],
        blank_lines_before: blank,
        inner_line_breaks: 0,
    };
    let (mut i, mut quoted, mut cell_start) = (start, false, true);
    while let Some(&b) = bytes.get(i) {
        if quoted {
            match b {
                b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => quoted = false,
                b'\n' => layout.inner_line_breaks += 1,
                _ => {}
            }
        } else {
            match b {
                b'"' if cell_start => quoted = true,
                b',' => {
                    layout.starts.push(i + 1);
                    cell_start = true;
                    i += 1;
                    continue;
                }
                b'\n' => break,
                _ => {}
            }
        }
        cell_start = false;
        i += 1;
    }
    layout
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_found_behind_spaces() {
        for cell in ["=1+1", "+855", "-", "@SUM(A1)", "\tx", "\rx", "\nx", "  =x"] {
            assert!(formula_start(cell).is_some(), "{cell:?}");
        }
        for cell in ["", "Kep", "023 100 100", "a=b", "'=x", "ក"] {
            assert_eq!(formula_start(cell), None, "{cell:?}");
        }
    }

    #[test]
    fn escape_and_unescape_round_trip() {
        for cell in [
            "=HYPERLINK(\"x\")",
            "+855 12 345 678",
            "-",
            "@x",
            "\tx",
            " =x",
        ] {
            let escaped = escape(cell);
            assert!(escaped.starts_with('\''), "{escaped}");
            assert_eq!(unescape(&escaped), Some(cell));
        }
        assert_eq!(escape("Kep"), "Kep");
        assert_eq!(unescape("'Tis"), None, "a quote before plain text stays");
    }

    #[test]
    fn cells_are_located_through_quotes_and_line_breaks() {
        let text = "a,b\nx,\"1,\"\"2\"\"\n3\",z\nlast,row\n";
        let second = text.find("x,").unwrap();
        let layout = row_layout(text, second);
        let cells: Vec<&str> = layout.starts.iter().map(|s| &text[*s..*s + 1]).collect();
        assert_eq!(cells, ["x", "\"", "z"]);
        assert_eq!(layout.inner_line_breaks, 1);
        assert_eq!(row_layout(text, 0).starts, [0, 2]);
        assert_eq!(row_layout("", 0).starts, [0]);
        let blank = row_layout("a\n\n\nb,c\n", 2);
        assert_eq!((blank.starts, blank.blank_lines_before), (vec![4, 6], 2));
    }
}
