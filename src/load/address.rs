//! Step 1 (load): which addresses content may link to.
//!
//! A link in Markdown or an address in the data (a source's `url`) is either inside the site
//! (`@/page.md`, a relative path, `#anchor`) or has a scheme. Only `http`, `https`, `mailto` and
//! `tel` are allowed: `javascript:`, `data:`, `vbscript:` and the rest could run script or load
//! what the page's reader never asked for. The scheme is read as a browser reads it, so
//! `JaVaScRiPt:` and `java&#x09;script:` (a tab inside) are caught too.

/// The schemes content may use.
pub const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of an address, lower case, read as browsers do (spaces and control characters
/// around it dropped, tabs and newlines inside it ignored); `None` for a relative address.
pub fn scheme_of(address: &str) -> Option<String> {
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
pub fn check_scheme(address: &str) -> Result<(), String> {
    match scheme_of(address) {
        Some(scheme) if !ALLOWED_SCHEMES.contains(&scheme.as_str()) => Err(format!(
            "`{scheme}:` addresses are not allowed (only http, https, mailto and tel links, and links inside the site)"
        )),
        _ => Ok(()),
    }
}

/// An address of another site, for data fields that must name one (a source's `url`).
pub fn check_web_address(address: &str) -> Result<(), String> {
    match scheme_of(address).as_deref() {
        Some("http" | "https") => Ok(()),
        _ => Err(format!(
            "`{}` is not a web address: write it in full, starting with https://",
            address.escape_debug()
        )),
    }
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
}
