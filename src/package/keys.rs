//! Signing keys for USB bundles: an Ed25519 key pair made by `spean keygen`.
//!
//! The private key lives outside the site (by default `~/.config/spean/signing.key`, readable by
//! its owner only) and is never written into the site or the output. The public key is part of
//! the site (`signing-key.pub` beside `site.yaml`): every build publishes it as
//! `spean-public-key.txt`, so anyone can check a copy against the key the agency publishes.

use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::error::Error;

/// The file beside `site.yaml` that holds the site's public key.
pub(crate) const SITE_PUBLIC_KEY: &str = "signing-key.pub";
/// The public key as published in every build and bundle.
pub(crate) const PUBLISHED_PUBLIC_KEY: &str = "spean-public-key.txt";

const PRIVATE_PREFIX: &str = "spean-ed25519-private ";
const PUBLIC_PREFIX: &str = "spean-ed25519-public ";

/// Where `spean keygen` puts the private key when not told otherwise.
pub(crate) fn default_private_key_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SPEAN_KEY_DIR") {
        return Some(PathBuf::from(dir).join("signing.key"));
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("spean").join("signing.key"))
}

/// Makes a new key pair from the operating system's randomness.
pub(crate) fn generate() -> Result<SigningKey, Error> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| Error::io("no randomness from the operating system", e))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Writes the private key with owner-only permissions; refuses to replace an existing key.
pub(crate) fn write_private_key(key: &SigningKey, path: &Path) -> Result<(), Error> {
    if path.exists() {
        return Err(Error::Key(format!(
            "{} already exists: spean will not replace a signing key (bundles signed with it could no longer be checked)",
            path.display()
        )));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(format!("cannot create {}", parent.display()), e))?;
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
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
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

/// What `spean keygen` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keygen {
    /// A new key pair: the private key written, its public half put in the site.
    Made,
    /// A key already on this computer (made for another site, or before this clone of the
    /// site): its public half put in the site.
    PublishedExisting,
    /// The site already had the public half of the key on this computer: nothing to do.
    AlreadyPublished,
}

/// What `spean keygen` reports: what it did, the two files and the key's fingerprint.
#[derive(Debug)]
pub(crate) struct KeygenReport {
    pub done: Keygen,
    pub private_key: PathBuf,
    pub public_key: PathBuf,
    pub fingerprint: String,
}

/// `spean keygen`: makes a key pair, or, when a private key is already at `private`, uses it;
/// either way the site gets the key's public half (`signing-key.pub`). Refuses a private key
/// inside the site, and a site whose public key belongs to another private key (replacing it
/// would make the bundles readers hold fail against the published key).
pub(crate) fn keygen(private: &Path, site: &Path) -> Result<KeygenReport, Error> {
    if resolved(private).starts_with(resolved(site)) {
        return Err(Error::Key(format!(
            "{} is inside the site folder; keep the private key outside it (it must never be published)",
            private.display()
        )));
    }
    let public_key = site.join(SITE_PUBLIC_KEY);
    let published = std::fs::read_to_string(&public_key).ok();
    let report = |done, key: &SigningKey| KeygenReport {
        done,
        private_key: private.to_path_buf(),
        public_key: public_key.clone(),
        fingerprint: fingerprint(&key.verifying_key()),
    };
    let (key, done) = if private.exists() {
        (read_private_key(private)?, Keygen::PublishedExisting)
    } else {
        if let Some(site_key) = published.as_deref().and_then(parse_public_key) {
            return Err(Error::Key(format!(
                "{} already holds the site's public key (fingerprint {}), and its private key is not at {}: copy that private key there (or pass it to `spean package --key`); to start again with a new key, delete {} first",
                public_key.display(),
                fingerprint(&site_key),
                private.display(),
                public_key.display()
            )));
        }
        let key = generate()?;
        write_private_key(&key, private)?;
        (key, Keygen::Made)
    };
    match published.as_deref().map(parse_public_key) {
        Some(Some(site_key)) if site_key == key.verifying_key() => {
            return Ok(report(Keygen::AlreadyPublished, &key));
        }
        Some(Some(site_key)) => {
            return Err(Error::Key(format!(
                "{} holds another public key (fingerprint {}) than the private key {} (fingerprint {}): spean will not replace a site's key, since copies signed with it could no longer be checked; package with the matching private key (`spean package --key FILE`), or, to move the site to this key, delete {} and run `spean keygen` again",
                public_key.display(),
                fingerprint(&site_key),
                private.display(),
                fingerprint(&key.verifying_key()),
                public_key.display()
            )));
        }
        // None, or not a key at all (the build refuses it): written with the key's public half.
        _ => {}
    }
    std::fs::write(&public_key, public_key_text(&key.verifying_key()))
        .map_err(|e| Error::io(format!("cannot write {}", public_key.display()), e))?;
    Ok(report(done, &key))
}

/// The private key that signs the site's bundles: the one at `private`, which must be the
/// private half of the site's public key. Each refusal names the command that fixes it.
pub(crate) fn signing_key_for(site: &Path, private: &Path) -> Result<SigningKey, Error> {
    let public_key = site.join(SITE_PUBLIC_KEY);
    let site_key = std::fs::read_to_string(&public_key)
        .ok()
        .map(|text| parse_public_key(&text));
    let command = keygen_command(private, site);
    if !private.exists() {
        return Err(Error::Key(match site_key {
            Some(Some(site_key)) => format!(
                "no signing key at {}: the site's key (fingerprint {}) was made on another computer; copy its private key to {}, or pass it with --key",
                private.display(),
                fingerprint(&site_key),
                private.display()
            ),
            _ => format!(
                "no signing key at {}, and the site has no public key: run `{command}` to make both",
                private.display()
            ),
        }));
    }
    let key = read_private_key(private)?;
    let refusal = match site_key {
        Some(Some(site_key)) if site_key == key.verifying_key() => return Ok(key),
        Some(Some(site_key)) => format!(
            "{} (fingerprint {}) does not match the signing key {} (fingerprint {}): readers would check the bundle against another key; pass the matching private key with --key",
            public_key.display(),
            fingerprint(&site_key),
            private.display(),
            fingerprint(&key.verifying_key())
        ),
        Some(None) => format!(
            "{} is not a spean public key: delete it, then run `{command}`",
            public_key.display()
        ),
        None => format!(
            "the site has no public key ({}): run `{command}`, which puts the public half of {} there",
            public_key.display(),
            private.display()
        ),
    };
    Err(Error::Key(refusal))
}

/// The `spean keygen` command for this key and site, as short as it can be written.
fn keygen_command(private: &Path, site: &Path) -> String {
    let quoted = |p: &Path| {
        let text = p.display().to_string();
        if text.contains([' ', '\'', '"']) {
            format!("'{}'", text.replace('\'', "'\\''"))
        } else {
            text
        }
    };
    let mut command = String::from("spean keygen");
    if default_private_key_path().as_deref() != Some(private) {
        command.push(' ');
        command.push_str(&quoted(private));
    }
    if site != Path::new(".") && site != Path::new("") {
        command.push_str(" --site ");
        command.push_str(&quoted(site));
    }
    command
}

/// `path` made absolute with links resolved, as far as it exists (the key's folder may not yet).
fn resolved(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = path.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(std::ffi::OsStr::to_os_string),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = std::fs::canonicalize(&existing).unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

pub(crate) fn public_key_text(key: &VerifyingKey) -> String {
    format!("{PUBLIC_PREFIX}{}\n", hex(&key.to_bytes()))
}

pub(crate) fn read_private_key(path: &Path) -> Result<SigningKey, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::Key(format!(
            "cannot read the signing key {}: {e} (make one with `spean keygen`, or pass --key)",
            path.display()
        ))
    })?;
    let bytes = parse_hex_line(&text, PRIVATE_PREFIX)
        .ok_or_else(|| Error::Key(format!("{} is not a spean signing key", path.display())))?;
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
pub(crate) fn read_expected_key(source: &str) -> Result<ExpectedKey, Error> {
    let path = Path::new(source);
    let text = if path.is_file() {
        std::fs::read_to_string(path).map_err(|e| Error::io(format!("cannot read {source}"), e))?
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
        return Err(Error::BadArgument(format!(
            "{source} is a private signing key: verify needs the public key (signing-key.pub), and the private key must stay secret"
        )));
    }
    Err(Error::BadArgument(format!(
        "`{source}` is not a spean public key: give the key file (signing-key.pub or spean-public-key.txt), its text, its 64 hex digits, or the {FINGERPRINT_DIGITS}-digit fingerprint that `spean keygen` printed"
    )))
}

pub(crate) fn parse_public_key(text: &str) -> Option<VerifyingKey> {
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

pub(crate) fn sign(key: &SigningKey, message: &[u8]) -> String {
    format!("{}\n", hex(&key.sign(message).to_bytes()))
}

pub(crate) fn verify(key: &VerifyingKey, message: &[u8], signature_text: &str) -> bool {
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
pub(crate) fn fingerprint(key: &VerifyingKey) -> String {
    hex(&key.to_bytes())[..FINGERPRINT_DIGITS].to_string()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
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
            read_expected_key(file.to_str().unwrap()).unwrap(),
            expected.clone()
        );
        assert_eq!(read_expected_key(&text).unwrap(), expected.clone());
        assert_eq!(read_expected_key(&hex(&key.to_bytes())).unwrap(), expected);
        let printed = fingerprint(&key);
        assert_eq!(
            read_expected_key(&format!(" {} ", printed.to_uppercase())).unwrap(),
            ExpectedKey::Fingerprint(printed)
        );
        for bad in ["", "0123", "not a key", &hex(&key.to_bytes())[..40]] {
            assert!(read_expected_key(bad).is_err(), "{bad:?}");
        }
        let private = dir.path().join("signing.key");
        write_private_key(&generate().unwrap(), &private).unwrap();
        let err = read_expected_key(private.to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("is a private signing key"), "{err}");
    }

    #[test]
    fn the_keygen_command_named_can_be_pasted() {
        assert_eq!(
            keygen_command(Path::new("/media/usb/my keys/agency.key"), Path::new(".")),
            "spean keygen '/media/usb/my keys/agency.key'"
        );
        assert_eq!(
            keygen_command(Path::new("k.key"), Path::new("sites/it's")),
            "spean keygen k.key --site 'sites/it'\\''s'"
        );
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
