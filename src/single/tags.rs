//! The one-file edition (beside step 4, write): a small scanner of the tags of HTML that spean
//! rendered itself (templates, sanitised Markdown), where text never holds a raw `<` and attribute
//! values are quoted or plain; the page rewriter and the font subsetter's text walk share it.

/// One tag as written.
pub(super) struct Tag<'h> {
    pub(super) name: String,
    pub(super) closing: bool,
    pub(super) attributes: Vec<(&'h str, Option<&'h str>)>,
    pub(super) self_closing: bool,
}

/// The tag at the start of `text` (which starts with `<`) and its length.
pub(super) fn parse_tag(text: &str) -> Option<(Tag<'_>, usize)> {
    let bytes = text.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == start || !bytes[start].is_ascii_alphabetic() {
        return None;
    }
    let name = text[start..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                return Some((
                    Tag {
                        name,
                        closing,
                        attributes,
                        self_closing,
                    },
                    i + 1,
                ));
            }
            b'/' => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let attribute = &text[name_start..i];
        if bytes.get(i) != Some(&b'=') {
            attributes.push((attribute, None));
            continue;
        }
        i += 1;
        let value = match bytes.get(i)? {
            quote @ (b'"' | b'\'') => {
                let end = i + 1 + text[i + 1..].find(*quote as char)?;
                let value = &text[i + 1..end];
                i = end + 1;
                value
            }
            _ => {
                let value_start = i;
                while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                &text[value_start..i]
            }
        };
        attributes.push((attribute, Some(value)));
    }
}

pub(super) fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    crate::html::find_ignoring_case(haystack.as_bytes(), needle.as_bytes())
}

/// An element that has no content and no end tag.
pub(super) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}
