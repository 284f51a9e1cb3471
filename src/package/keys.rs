//! Signing keys for USB bundles: an Ed25519 key pair made by `spean keygen`.
//!
//! The private key lives outside the site (by default `~/.config/spean/signing.key`, readable by
//! its owner only) and is never written into the site or the output. The public key is part of
//! the site (`signing-key.pub` beside `site.yaml`): every build publishes it as
//! `spean-public-key.txt`, so anyone can check a copy against the key the agency publishes.

use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// The file beside `site.yaml` that holds the site's public key.
pub const SITE_PUBLIC_KEY: &str = "signing-key.pub";
/// The public key as published in every build and bundle.
pub const PUBLISHED_PUBLIC_KEY: &str = "spean-public-key.txt";

const PRIVATE_PREFIX: &str = "spean-ed25519-private ";
const PUBLIC_PREFIX: &str = "spean-ed25519-public ";

/// Where `spean keygen` puts the private key when not told otherwise.
pub fn default_private_key_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SPEAN_KEY_DIR") {
        return Some(PathBuf::from(dir).join("signing.key"));
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("spean").join("signing.key"))
}

/// Makes a new key pair from the operating system's randomness.
pub fn generate() -> Result<SigningKey, String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| format!("no randomness from the operating system: {e}"))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Writes the private key with owner-only permissions; refuses to replace an existing key.
pub fn write_private_key(key: &SigningKey, path: &Path) -> Result<(), String> {
    if path.exists() {
        return Err(format!(
            "{} already exists: spean will not replace a signing key (bundles signed with it could no longer be checked)",
            path.display()
        ));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        restrict(parent, 0o700);
    }
    let text = format!("{PRIVATE_PREFIX}{}\n", hex(&key.to_bytes()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    options
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn restrict(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

pub fn public_key_text(key: &VerifyingKey) -> String {
    format!("{PUBLIC_PREFIX}{}\n", hex(&key.to_bytes()))
}

pub fn read_private_key(path: &Path) -> Result<SigningKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the signing key {}: {e} (make one with `spean keygen`, or pass --key)",
            path.display()
        )
    })?;
    let bytes = parse_hex_line(&text, PRIVATE_PREFIX)
        .ok_or_else(|| format!("{} is not a spean signing key", path.display()))?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// What `verify --key` was given: a public key, or only its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExpectedKey {
    Key(VerifyingKey),
    /// The 16 hex digits `spean keygen` printed and the bundle's README shows: they pin the key
    /// published inside the bundle (`spean-public-key.txt`), which then checks the signature.
    Fingerprint(String),
}

/// The key `verify --key` names, in any of the forms people have: a key file (`signing-key.pub`,
/// `spean-public-key.txt`), the text of one (`spean-ed25519-public <64 hex digits>`), the 64
/// hex digits alone, or the fingerprint.
pub(crate) fn read_expected_key(source: &str) -> Result<ExpectedKey, String> {
    let path = Path::new(source);
    let text = if path.is_file() {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {source}: {e}"))?
    } else {
        source.to_string()
    };
    if let Some(key) = parse_public_key(&text) {
        return Ok(ExpectedKey::Key(key));
    }
    let digits = text.trim().to_ascii_lowercase();
    let is_hex = digits.chars().all(|c| c.is_ascii_hexdigit());
    if is_hex && digits.len() == 64 {
        if let Some(key) = parse_public_key(&format!("{PUBLIC_PREFIX}{digits}")) {
            return Ok(ExpectedKey::Key(key));
        }
    } else if is_hex && digits.len() == FINGERPRINT_DIGITS {
        return Ok(ExpectedKey::Fingerprint(digits));
    }
    if text.contains(PRIVATE_PREFIX.trim_end()) {
        return Err(format!(
            "{source} is a private signing key: verify needs the public key (signing-key.pub), and the private key must stay secret"
        ));
    }
    Err(format!(
        "`{source}` is not a spean public key: give the key file (signing-key.pub or spean-public-key.txt), its text, its 64 hex digits, or the {FINGERPRINT_DIGITS}-digit fingerprint that `spean keygen` printed"
    ))
}

pub fn parse_public_key(text: &str) -> Option<VerifyingKey> {
    let bytes = parse_hex_line(text, PUBLIC_PREFIX)?;
    VerifyingKey::from_bytes(&bytes).ok()
}

fn parse_hex_line(text: &str, prefix: &str) -> Option<[u8; 32]> {
    let hex_text = text
        .lines()
        .find_map(|l| l.trim().strip_prefix(prefix.trim_end()))?
        .trim();
    let bytes = unhex(hex_text)?;
    bytes.try_into().ok()
}

pub fn sign(key: &SigningKey, message: &[u8]) -> String {
    format!("{}\n", hex(&key.sign(message).to_bytes()))
}

pub fn verify(key: &VerifyingKey, message: &[u8], signature_text: &str) -> bool {
    let Some(bytes) = unhex(signature_text.trim()) else {
        return false;
    };
    let Ok(bytes) = <[u8; 64]>::try_from(bytes) else {
        return false;
    };
    key.verify_strict(message, &Signature::from_bytes(&bytes))
        .is_ok()
}

/// How many hex digits a fingerprint has.
const FINGERPRINT_DIGITS: usize = 16;

/// A short fingerprint of a public key, for people to compare: its first 16 hex digits.
pub fn fingerprint(key: &VerifyingKey) -> String {
    hex(&key.to_bytes())[..FINGERPRINT_DIGITS].to_string()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_verify_round_trip() {
        let key = generate().unwrap();
        let public = parse_public_key(&public_key_text(&key.verifying_key())).unwrap();
        let signature = sign(&key, b"manifest");
        assert!(verify(&public, b"manifest", &signature));
        assert!(!verify(&public, b"manifest!", &signature));
        let other = generate().unwrap().verifying_key();
        assert!(!verify(&other, b"manifest", &signature));
        assert!(!verify(&public, b"manifest", "zz"));
    }

    #[test]
    fn verify_takes_a_key_file_its_text_its_digits_or_its_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let key = generate().unwrap().verifying_key();
        let text = public_key_text(&key);
        let file = dir.path().join("signing-key.pub");
        std::fs::write(&file, &text).unwrap();
        let expected = ExpectedKey::Key(key);
        assert_eq!(
            read_expected_key(file.to_str().unwrap()),
            Ok(expected.clone())
        );
        assert_eq!(read_expected_key(&text), Ok(expected.clone()));
        assert_eq!(read_expected_key(&hex(&key.to_bytes())), Ok(expected));
        let printed = fingerprint(&key);
        assert_eq!(
            read_expected_key(&format!(" {} ", printed.to_uppercase())),
            Ok(ExpectedKey::Fingerprint(printed))
        );
        for bad in ["", "0123", "not a key", &hex(&key.to_bytes())[..40]] {
            assert!(read_expected_key(bad).is_err(), "{bad:?}");
        }
        let private = dir.path().join("signing.key");
        write_private_key(&generate().unwrap(), &private).unwrap();
        let err = read_expected_key(private.to_str().unwrap()).unwrap_err();
        assert!(err.contains("is a private signing key"), "{err}");
    }

    #[test]
    fn private_keys_are_owner_only_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/signing.key");
        let key = generate().unwrap();
        write_private_key(&key, &path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        assert_eq!(read_private_key(&path).unwrap().to_bytes(), key.to_bytes());
        assert!(write_private_key(&generate().unwrap(), &path).is_err());
    }
}
