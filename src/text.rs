//! Beside the stages: a text file's bytes read the way editors save them (UTF-8 with or without
//! a byte-order mark, Unix or Windows line endings), for `site.yaml` (step 0, config), pages
//! (step 1, load), data files and the theme. Invalid UTF-8 is a diagnostic that points at the
//! bad byte.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Decodes file bytes to text with `\n` line endings and no BOM.
pub(crate) fn decode(bytes: &[u8], file: &Path) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Checked by simdutf8 (a tenth of std's time on Khmer text); where it is not UTF-8, std's
    // check says where.
    let checked = simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes));
    let text = match checked {
        Ok(text) => text,
        Err(err) => {
            let good = &bytes[..err.valid_up_to()];
            // The valid prefix is UTF-8 by definition; count lines and columns in it.
            let prefix = std::str::from_utf8(good).unwrap_or_default();
            let (line, column) = crate::diagnostic::line_column(prefix, prefix.len());
            let line_text: String = String::from_utf8_lossy(
                bytes[good.len() - (column - 1).min(good.len())..]
                    .split(|b| *b == b'\n')
                    .next()
                    .unwrap_or_default(),
            )
            .into_owned();
            let mut d = Diagnostic::error(file, "this file is not valid UTF-8 text")
                .with_hint("save the file as UTF-8 (in most editors: Save with encoding → UTF-8)");
            d.line = line;
            d.column = column;
            d.source_line = Some(line_text);
            return Err(d);
        }
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_windows_line_endings_are_accepted() {
        let text = decode(b"\xEF\xBB\xBFtitle: a\r\nb\r\n", Path::new("x")).unwrap();
        assert_eq!(text, "title: a\nb\n");
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let d = decode(b"line one\nab\xFFcd\n", Path::new("x.md")).unwrap_err();
        assert_eq!((d.line, d.column), (2, 3));
        assert!(d.message.contains("UTF-8"));
    }
}
