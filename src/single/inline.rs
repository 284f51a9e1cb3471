//! The one-file edition (beside step 4, write): what the file carries inside itself. Images and
//! fonts as `data:` addresses, the stylesheet with its fonts inlined, and the file's own
//! Content-Security-Policy, which allows exactly that stylesheet (by its SHA-256) and `data:`
//! fonts and images, and no script at all.
//! The fonts come here already cut to the file's characters (`font`).

use sha2::{Digest, Sha256};

/// Styles of the one-file edition only: the table of contents, the page sections, images left
/// out, and a page break before each page when printed.
pub(crate) const EXTRA_CSS: &str = ".one-file-contents{max-width:60rem;margin:1rem auto 2rem;padding:0 1rem}.one-file-contents ol{padding-left:2.75rem}.one-file-contents li{margin:.35rem 0}.one-file-contents .depth-1{margin-left:1rem}.one-file-contents .depth-2{margin-left:2rem}.one-file-contents .depth-3{margin-left:3rem}.one-file-page{border-top:2px solid #d5dde6;margin-top:2.5rem;padding-top:1rem}.one-file-back{margin-top:1.5rem;font-size:.95em}.image-left-out{display:inline-block;border:1px dashed #8a9bb0;padding:.25rem .5rem;font-style:italic}@media print{.one-file-page{break-before:page;border-top:0}.one-file-back{display:none}.one-file-contents{break-after:page}}";

/// The policy of the one-file edition, for a stylesheet with this text.
pub(crate) fn policy(css: &str) -> String {
    crate::render::csp::one_file_policy(&base64(&Sha256::digest(css.as_bytes())))
}

/// A `data:` address of the file `rel` (its type from its name).
pub(crate) fn data_address(rel: &str, bytes: &[u8]) -> String {
    let kind = crate::write::content_type(std::path::Path::new(rel));
    format!("data:{kind};base64,{}", base64(bytes))
}

/// Whether the file `rel` is an image a browser shows in `<img>`.
pub(crate) fn is_image(rel: &str) -> bool {
    crate::write::content_type(std::path::Path::new(rel)).starts_with("image/")
}

/// The stylesheet `css` (the theme's `css/style.css`) with every `url(...)` replaced by the
/// file's `data:` address (`read` gives a file of the output by its path). A file that cannot
/// be read becomes an empty `data:` address: never a load from outside the file.
pub(crate) fn inline_urls(css: &str, read: &dyn Fn(&str) -> Option<Vec<u8>>) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        out.push_str(&rest[..at + 4]);
        rest = &rest[at + 4..];
        let Some(end) = rest.find(')') else {
            break;
        };
        let address = rest[..end].trim().trim_matches(['"', '\'']);
        rest = &rest[end..];
        let inlined = super::rewrite::resolve("css/style.css", address)
            .filter(|_| !address.starts_with("data:"))
            .and_then(|rel| read(&rel).map(|bytes| data_address(&rel, &bytes)));
        match inlined {
            Some(data) => out.push_str(&format!("\"{data}\"")),
            None if address.starts_with("data:") => out.push_str(&format!("\"{address}\"")),
            None => out.push_str("\"data:,\""),
        }
    }
    out.push_str(rest);
    out
}

/// Standard base64 with padding (RFC 4648), as `data:` addresses and CSP hashes want it.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn fonts_of_the_stylesheet_are_inlined() {
        let read = |rel: &str| (rel == "fonts/a.woff2").then(|| b"wOF2".to_vec());
        let css = inline_urls(
            "@font-face{src:url(\"../fonts/a.woff2\") format(\"woff2\")}a{background:url(../x.png)}",
            &read,
        );
        assert_eq!(
            css,
            "@font-face{src:url(\"data:font/woff2;base64,d09GMg==\") format(\"woff2\")}a{background:url(\"data:,\")}"
        );
    }

    #[test]
    fn the_policy_names_the_hash_of_the_stylesheet() {
        // printf 'a{}' | openssl dgst -sha256 -binary | base64
        let policy = policy("a{}");
        assert!(
            policy.contains("style-src 'sha256-X1RutGBrXCt9KkSaXMK7tHftWiRscFHOhxsS8tv8hBk='"),
            "{policy}"
        );
        assert!(policy.contains("script-src 'none'"));
    }
}
