//! Step 4 (write): the minifier of rendered pages, one pass over their bytes.
//!
//! A page is made of the theme's templates (indented, one element a line) and of Markdown turned
//! into HTML (a line between blocks): what makes it bigger than it needs to be is whitespace, and
//! that is all this takes away, with comments and the quotes attributes do not need. It keeps
//! every element and every character of text, so it cannot change what a page says:
//!
//! - a run of whitespace next to a tag of an element that starts a line of its own (a block:
//!   `<p>`, `<li>`, `<div>`, `<h2>`, `<br>`, everything in `<head>`…) is removed, since a browser
//!   does not show it; anywhere else (between words, around `<a>`, `<em>`, `<span>`) it becomes
//!   one space;
//! - the content of `<pre>`, `<textarea>`, `<script>` and `<style>` is copied as it is;
//! - `<!-- comments -->` are removed, the doctype is written `<!doctype html>`, and quotes
//!   escaped in text (`&#39;`, `&quot;`) are written as themselves;
//! - an attribute value without spaces, quotes, `=`, `<`, `>` or backquotes loses its quotes.
//!
//! It replaced minify-html for pages (CSS and JavaScript files still go through it), which took
//! as long as the rest of a build without search: this pass costs a few milliseconds for a
//! thousand pages, and writes pages a few per cent larger (it keeps optional closing tags).

/// The page, minified.
pub(crate) fn html(page: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.len());
    let mut i = 0;
    // Whether the last thing written was a block's tag (or nothing): whitespace after it goes.
    let mut after_block = true;
    // Whitespace seen since the last thing written, not yet written.
    let mut space = false;
    while i < page.len() {
        let b = page[i];
        if b.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        if b == b'<' && page[i..].starts_with(b"<!--") {
            i = find(page, i + 4, b"-->").map_or(page.len(), |end| end + 3);
            continue;
        }
        if b == b'<' && page.get(i + 1).is_some_and(|c| starts_markup(*c)) {
            let end = tag_end(page, i);
            let tag = &page[i..end];
            let (name, closing) = tag_name(tag);
            let block = is_block(name);
            if space && !block && !after_block {
                out.push(b' ');
            }
            space = false;
            write_tag(&mut out, tag);
            after_block = block;
            i = end;
            if !closing && is_raw(name) {
                let close = find(page, i, format!("</{name}").as_bytes()).unwrap_or(page.len());
                out.extend_from_slice(&page[i..close]);
                after_block = false;
                i = close;
            }
            continue;
        }
        if space && !after_block {
            out.push(b' ');
        }
        space = false;
        let start = i;
        // The first byte may be a `<` that starts no tag.
        let (end, entities) = word_end(page, i + 1);
        i = end;
        if entities || b == b'&' {
            write_text(&mut out, &page[start..i]);
        } else {
            out.extend_from_slice(&page[start..i]);
        }
        after_block = false;
    }
    out
}

/// Where the word of text going on at `i` ends (at whitespace, `<` or the page's end), and
/// whether it holds a `&`. Text is most of a page's bytes: they are read eight at a time.
fn word_end(page: &[u8], mut i: usize) -> (usize, bool) {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    // Whether a byte of `x` is `byte`, or (with `below`) less than it.
    let any = |x: u64, byte: u8| {
        let y = x ^ (ONES * u64::from(byte));
        y.wrapping_sub(ONES) & !y & HIGH != 0
    };
    let below = |x: u64, byte: u8| x.wrapping_sub(ONES * u64::from(byte)) & !x & HIGH != 0;
    let mut entities = false;
    while let Some(eight) = page.get(i..i + 8) {
        let x = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        // Bytes below `!` are whitespace and control characters: the loop below tells them apart.
        if below(x, b'!') || any(x, b'<') {
            break;
        }
        entities |= any(x, b'&');
        i += 8;
    }
    while let Some(&c) = page.get(i) {
        if c.is_ascii_whitespace() || c == b'<' {
            break;
        }
        entities |= c == b'&';
        i += 1;
    }
    (i, entities)
}

/// Writes a word of text, with the quotes that need no escaping in text written as themselves
/// (`&#39;` is `'`, `&quot;` is `"`), as the page's readers see them.
fn write_text(out: &mut Vec<u8>, word: &[u8]) {
    let mut rest = word;
    while let Some(at) = rest.iter().position(|c| *c == b'&') {
        out.extend_from_slice(&rest[..at]);
        rest = &rest[at..];
        let (entity, char) = [
            (&b"&#39;"[..], b'\''),
            (b"&#x27;", b'\''),
            (b"&quot;", b'"'),
        ]
        .into_iter()
        .find(|(e, _)| rest.starts_with(e))
        .unwrap_or((b"&", b'&'));
        out.push(char);
        rest = &rest[entity.len()..];
    }
    out.extend_from_slice(rest);
}

/// What may follow `<` in a tag (anything else is a `<` of text).
fn starts_markup(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'/' || c == b'!' || c == b'?'
}

/// The end (just after `>`) of the tag starting at `start`; a `>` inside quotes is not one.
fn tag_end(page: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (i, &c) in page.iter().enumerate().skip(start + 1) {
        match (quote, c) {
            (None, b'>') => return i + 1,
            (None, b'"' | b'\'') if opens_value(page, i) => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    page.len()
}

/// Whether the quote at `i` opens a value (`name="…"`, or `name = "…"`).
fn opens_value(page: &[u8], i: usize) -> bool {
    let before = page[..i].iter().rev().find(|c| !c.is_ascii_whitespace());
    before == Some(&b'=')
}

/// The element's name, lower case (at most 16 bytes: longer names are no block we know), and
/// whether the tag closes it.
fn tag_name(tag: &[u8]) -> (&'static str, bool) {
    let closing = tag.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    let length = tag[start..]
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(tag.len() - start);
    let name = &tag[start..start + length];
    if name.len() > 16 {
        return ("", closing);
    }
    // Compared as numbers: a page has thousands of tags, and the names are many.
    let packed = pack(name);
    let known = KNOWN
        .iter()
        .position(|k| *k == packed)
        .map_or("", |at| NAMES[at]);
    (known, closing)
}

/// At most 16 bytes of a name, in lower case, as one number.
const fn pack(name: &[u8]) -> u128 {
    let mut packed = 0u128;
    let mut i = 0;
    while i < name.len() && i < 16 {
        packed |= (name[i].to_ascii_lowercase() as u128) << (8 * i);
        i += 1;
    }
    packed
}

/// The names [`tag_name`] knows: the blocks, then the elements copied as they are.
const NAMES: [&str; BLOCKS.len() + RAW.len()] = {
    let mut names = [""; BLOCKS.len() + RAW.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = if i < BLOCKS.len() {
            BLOCKS[i]
        } else {
            RAW[i - BLOCKS.len()]
        };
        i += 1;
    }
    names
};

/// [`NAMES`] packed.
const KNOWN: [u128; NAMES.len()] = {
    let mut known = [0; NAMES.len()];
    let mut i = 0;
    while i < known.len() {
        known[i] = pack(NAMES[i].as_bytes());
        i += 1;
    }
    known
};

/// Elements whose tags whitespace around does not show: they start a line of their own, or are
/// not shown at all.
const BLOCKS: &[&str] = &[
    "html",
    "head",
    "body",
    "title",
    "meta",
    "link",
    "base",
    "main",
    "header",
    "footer",
    "nav",
    "section",
    "article",
    "aside",
    "div",
    "p",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "colgroup",
    "col",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hgroup",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "figure",
    "figcaption",
    "blockquote",
    "address",
    "hr",
    "br",
    "noscript",
    "template",
    "option",
    "optgroup",
    "pre",
    "script",
    "style",
];

/// Elements whose content is copied as it is.
const RAW: &[&str] = &["pre", "textarea", "script", "style"];

fn is_block(name: &str) -> bool {
    !name.is_empty() && name != "textarea"
}

fn is_raw(name: &str) -> bool {
    RAW.contains(&name)
}

/// Writes a tag with single spaces between its attributes and unneeded quotes left out.
fn write_tag(out: &mut Vec<u8>, tag: &[u8]) {
    if tag.eq_ignore_ascii_case(b"<!doctype html>") {
        // As the HTML checker and minify-html write it.
        out.extend_from_slice(b"<!doctype html>");
        return;
    }
    // Closing tags, declarations and a tag the page ends inside: as they are.
    if !tag[1].is_ascii_alphabetic() || tag.last() != Some(&b'>') {
        out.extend_from_slice(tag);
        return;
    }
    let inner = &tag[1..tag.len() - 1];
    let name_end = inner
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'/')
        .unwrap_or(inner.len());
    out.push(b'<');
    out.extend_from_slice(&inner[..name_end]);
    let mut i = name_end;
    let mut last_unquoted = false;
    loop {
        i += inner[i..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
        let Some(&c) = inner.get(i) else { break };
        if c == b'/' {
            // A self-closing tag (in SVG): a space keeps the `/` out of an unquoted value.
            if last_unquoted {
                out.push(b' ');
            }
            out.push(b'/');
            i += 1;
            continue;
        }
        // A name may start with `=` (as the HTML parser reads `<a ==x>`).
        let name = i;
        i += 1 + inner[i + 1..]
            .iter()
            .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'/'))
            .count();
        out.push(b' ');
        out.extend_from_slice(&inner[name..i]);
        last_unquoted = false;
        let mut j = i + inner[i..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
        if inner.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        j += inner[j..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
        let (value, written, next) = match inner.get(j) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let end = inner[j + 1..]
                    .iter()
                    .position(|c| *c == q)
                    .map_or(inner.len(), |e| j + 1 + e);
                let next = (end + 1).min(inner.len());
                (&inner[j + 1..end], &inner[j..next], next)
            }
            _ => {
                let end = j + inner[j..]
                    .iter()
                    .take_while(|c| !c.is_ascii_whitespace())
                    .count();
                (&inner[j..end], &inner[j..end], end)
            }
        };
        out.push(b'=');
        if can_go_unquoted(value) {
            out.extend_from_slice(value);
            last_unquoted = true;
        } else {
            out.extend_from_slice(written);
        }
        i = next;
    }
    out.push(b'>');
}

/// Whether an attribute value reads the same without quotes.
fn can_go_unquoted(value: &[u8]) -> bool {
    !value.is_empty()
        && value.iter().all(|c| {
            !c.is_ascii_whitespace() && !matches!(c, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
        })
}

/// Where `needle` occurs from `from` on (any case: `-->`, `</pre`, `</SCRIPT`).
fn find(page: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    crate::html::find_ignoring_case(page.get(from..)?, needle).map(|at| from + at)
}

#[cfg(test)]
mod tests;
