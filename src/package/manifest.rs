//! The bundle's manifest: `SHA256SUMS`, one line per file, `<sha256 hex>  <path>`, sorted by
//! path, in the format `sha256sum -c SHA256SUMS` accepts; and `SHA256SUMS.sig`, the Ed25519
//! signature of the manifest's bytes, in hex.

use sha2::{Digest, Sha256};

pub(crate) const MANIFEST: &str = "SHA256SUMS";
pub(crate) const SIGNATURE: &str = "SHA256SUMS.sig";

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    super::keys::hex(&Sha256::digest(bytes))
}

/// The manifest text for (path, bytes) pairs, sorted by path.
pub(crate) fn write_manifest<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut lines: Vec<(String, String)> = files
        .into_iter()
        .map(|(path, bytes)| (path.to_string(), sha256_hex(bytes)))
        .collect();
    lines.sort();
    lines
        .into_iter()
        .map(|(path, hash)| format!("{hash}  {path}\n"))
        .collect()
}

/// (path, hash) for each line, or the number of the first line that is not a manifest line.
pub(crate) fn parse_manifest(text: &str) -> Result<Vec<(String, String)>, usize> {
    let mut entries = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let (hash, path) = line.split_once("  ").ok_or(number + 1)?;
        let path = path.strip_prefix('*').unwrap_or(path);
        if hash.len() != 64
            || !hash.chars().all(|c| c.is_ascii_hexdigit())
            || crate::outpath::check(path).is_err()
        {
            return Err(number + 1);
        }
        entries.push((path.to_string(), hash.to_ascii_lowercase()));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_and_is_sorted() {
        let text = write_manifest([("b.html", b"b".as_slice()), ("a/x.css", b"x".as_slice())]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].ends_with("  a/x.css") && lines[1].ends_with("  b.html"));
        let parsed = parse_manifest(&text).unwrap();
        assert_eq!(parsed[1], ("b.html".to_string(), sha256_hex(b"b")));
        assert_eq!(parse_manifest("nothex  a\n"), Err(1));
        let bad = format!("{}  ../etc/passwd\n", sha256_hex(b""));
        assert_eq!(parse_manifest(&bad), Err(1));
    }
}
