//! Step 1 (load): which addresses content may link to.
//!
//! A link in Markdown or an address in the data (a source's `url`) is either inside the site
//! (`@/page.md`, a relative path, `#anchor`) or has a scheme. Only `http`, `https`, `mailto` and
//! `tel` are allowed: `javascript:`, `data:`, `vbscript:` and the rest could run script or load
//! what the page's reader never asked for. The scheme is read as a browser reads it, so
//! `JaVaScRiPt:` and `java&#x09;script:` (a tab inside) are caught too.
//!
//! Also the one percent-decoder (`%20` → a space), for links to files of the content, links of
//! the one-file edition and the request paths of `spean serve`.

/// The schemes content may use.
pub(crate) const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of an address, lower case, read as browsers do (spaces and control characters
/// around it dropped, tabs and newlines inside it ignored); `None` for a relative address.
pub(crate) fn scheme_of(address: &str) -> Option<String> {
    let cleaned: String = address
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_ok).then(|| scheme.to_ascii_lowercase())
}

/// Refuses an address whose scheme is not allowed; the message says which ones are.
pub(crate) fn check_scheme(address: &str) -> Result<(), String> {
    match scheme_of(address) {
        Some(scheme) if !ALLOWED_SCHEMES.contains(&scheme.as_str()) => Err(format!(
            "`{scheme}:` addresses are not allowed (only http, https, mailto and tel links, and links inside the site)"
        )),
        _ => Ok(()),
    }
}

/// An address of another site, for data fields that must name one (a source's `url`).
pub(crate) fn check_web_address(address: &str) -> Result<(), String> {
    match scheme_of(address).as_deref() {
        Some("http" | "https") => Ok(()),
        _ => Err(format!(
            "`{}` is not a web address: write it in full, starting with https://",
            address.escape_debug()
        )),
    }
}

/// `%xx` escapes decoded: a `%` that starts no escape stays as written, and the text stays as it
/// was when the decoded bytes are not UTF-8 (a link names a file by its real characters, a `#`
/// in its name being `%23`).
pub(crate) fn percent_decode(text: &str) -> String {
    let (bytes, _) = percent_decoded_bytes(text);
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// `%xx` escapes decoded strictly (`%2e%2e` → `..`): `None` for a `%` that starts no escape or
/// bytes that are not UTF-8, as a request path that `spean serve` refuses.
pub(crate) fn percent_decode_strict(text: &str) -> Option<String> {
    match percent_decoded_bytes(text) {
        (bytes, false) => String::from_utf8(bytes).ok(),
        (_, true) => None,
    }
}

/// The bytes `text` names with its `%xx` escapes decoded, and whether some `%` started no escape
/// (it is kept as written).
fn percent_decoded_bytes(text: &str) -> (Vec<u8>, bool) {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut malformed = false;
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            malformed |= bytes[i] == b'%';
            out.push(bytes[i]);
            i += 1;
        }
    }
    (out, malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(scheme_of("https://x.org").as_deref(), Some("https"));
        assert_eq!(
            scheme_of("JaVaScRiPt:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            scheme_of(" java\tscript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            scheme_of("\u{1}javascript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme_of("card.png"), None);
        assert_eq!(scheme_of("guide/a:b.png"), None);
        assert_eq!(scheme_of("../x.pdf"), None);
        assert_eq!(scheme_of("1x:y"), None);
    }

    #[test]
    fn only_web_mail_and_phone_links_pass() {
        for ok in [
            "https://nssf.gov.kh",
            "http://x",
            "mailto:info@nssf.gov.kh",
            "tel:1286",
            "join.md",
        ] {
            assert_eq!(check_scheme(ok), Ok(()), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
        ] {
            assert!(check_scheme(bad).is_err(), "{bad}");
        }
        assert!(check_web_address("https://nssf.gov.kh/x").is_ok());
        assert!(check_web_address("javascript:alert(1)").is_err());
        assert!(check_web_address("nssf.gov.kh").is_err());
    }

    #[test]
    fn percent_escapes_are_decoded_leniently_or_strictly() {
        assert_eq!(percent_decode("a%20b%23c"), "a b#c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%FF"), "%FF");
        assert_eq!(percent_decode_strict("%2e%2E/x").as_deref(), Some("../x"));
        assert_eq!(percent_decode_strict("%e1%9e%80").as_deref(), Some("ក"));
        assert_eq!(percent_decode_strict("100%"), None);
        assert_eq!(percent_decode_strict("%4"), None);
        assert_eq!(percent_decode_strict("%FF"), None);
    }
}
