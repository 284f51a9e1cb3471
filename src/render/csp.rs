//! Step 3 (render): every HTML page carries a Content-Security-Policy, so that even if script
//! slipped into a page's content, the browser would not run it.
//!
//! The policy allows only the site's own files (`'self'`, which over `file://` means files of the
//! same drive): its stylesheet, scripts, fonts and images; no inline script or style, no other
//! host. It is a `<meta>` (the only form a static file can carry) inserted right after `<head>`
//! of every page a template renders, so a theme cannot forget it.

/// The policy of every page.
pub(crate) const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// The policy of a one-file edition (`single`): nothing but its own inline stylesheet (by the
/// base64 SHA-256 of its text), and fonts and images from `data:` addresses; no script at all.
pub(crate) fn one_file_policy(style_sha256: &str) -> String {
    format!(
        "default-src 'none'; style-src 'sha256-{style_sha256}'; font-src data:; img-src data:; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
    )
}

/// The `<meta>` element carrying [`POLICY`].
pub(crate) fn meta() -> String {
    format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">")
}

/// Inserts the policy after the page's `<head>` (or its `<head …>` with attributes); a page
/// without a head is returned as it is.
pub(crate) fn with_policy(mut html: Vec<u8>) -> Vec<u8> {
    let Some(start) = crate::html::find_ignoring_case(&html, b"<head") else {
        return html;
    };
    let after_name = start + b"<head".len();
    let is_head = html
        .get(after_name)
        .is_some_and(|b| *b == b'>' || b.is_ascii_whitespace());
    if !is_head {
        return html;
    }
    let Some(end) = html[after_name..].iter().position(|b| *b == b'>') else {
        return html;
    };
    let at = after_name + end + 1;
    html.splice(at..at, meta().into_bytes());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_goes_right_after_head() {
        let html =
            with_policy(b"<!DOCTYPE html><html lang=km><HEAD><meta charset=utf-8></head>".to_vec());
        let html = String::from_utf8(html).unwrap();
        assert!(
            html.starts_with(&format!(
                "<!DOCTYPE html><html lang=km><HEAD>{}<meta charset",
                meta()
            )),
            "{html}"
        );
        let header = with_policy(b"<html><header>x</header></html>".to_vec());
        assert_eq!(header, b"<html><header>x</header></html>");
    }
}
