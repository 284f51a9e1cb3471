//! The one-file edition (beside step 4, write): a TrueType/OpenType font packed as WOFF 1.0
//! (<https://www.w3.org/TR/WOFF/>), each table compressed with zlib, for the fonts that
//! `single::font` cuts. Every browser reads it, and it needs nothing but Rust: zlib is
//! `flate2`'s pure-Rust backend (`zlib-rs`, which `zip` already selects, or `miniz_oxide`).
//! WOFF2 would be 12 to 26 % smaller here (docs/benchmarks.md), through C++ or a young crate.
//!
//! The layout: a 44-byte header, a 20-byte directory entry per table in the font's (sorted)
//! order, then each table, compressed when that makes it smaller, from a 4-byte boundary and
//! padded with zeros to the next one. No metadata or private block.

use std::io::Write;

const HEADER: usize = 44;
const ENTRY: usize = 20;

/// One table of the font: its tag, checksum and bytes.
struct Table<'a> {
    tag: [u8; 4],
    checksum: u32,
    data: &'a [u8],
}

/// The font `sfnt` (TrueType or OpenType bytes) as WOFF 1.0.
pub(crate) fn encode(sfnt: &[u8]) -> Result<Vec<u8>, String> {
    let (flavor, mut tables) = tables(sfnt)?;
    tables.sort_by_key(|t| t.tag);
    let sfnt_size =
        12 + 16 * tables.len() + tables.iter().map(|t| pad4(t.data.len())).sum::<usize>();
    let mut body = Vec::new();
    let mut directory = Vec::with_capacity(ENTRY * tables.len());
    let start = HEADER + ENTRY * tables.len();
    for table in &tables {
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        zlib.write_all(table.data).map_err(|e| e.to_string())?;
        let compressed = zlib.finish().map_err(|e| e.to_string())?;
        let stored = if compressed.len() < table.data.len() {
            &compressed[..]
        } else {
            table.data
        };
        directory.extend_from_slice(&table.tag);
        for n in [start + body.len(), stored.len(), table.data.len()] {
            directory.extend_from_slice(&u32_of(n)?.to_be_bytes());
        }
        directory.extend_from_slice(&table.checksum.to_be_bytes());
        body.extend_from_slice(stored);
        body.resize(pad4(body.len()), 0);
    }
    let mut woff = Vec::with_capacity(start + body.len());
    woff.extend_from_slice(b"wOFF");
    woff.extend_from_slice(&flavor);
    woff.extend_from_slice(&u32_of(start + body.len())?.to_be_bytes());
    woff.extend_from_slice(
        &u16::try_from(tables.len())
            .map_err(|e| e.to_string())?
            .to_be_bytes(),
    );
    woff.extend_from_slice(&[0, 0]);
    woff.extend_from_slice(&u32_of(sfnt_size)?.to_be_bytes());
    // Version 1.0 of the WOFF file, then no metadata and no private block (five zero fields).
    woff.extend_from_slice(&[0, 1, 0, 0]);
    woff.extend_from_slice(&[0; 20]);
    woff.extend_from_slice(&directory);
    woff.extend_from_slice(&body);
    Ok(woff)
}

/// The font's flavour (its first four bytes) and tables, each within the font.
fn tables(sfnt: &[u8]) -> Result<([u8; 4], Vec<Table<'_>>), String> {
    let short = || "the font is shorter than its table directory says".to_string();
    let be32 = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(sfnt.get(at..at + 4)?.try_into().ok()?))
    };
    let flavor: [u8; 4] = sfnt
        .get(..4)
        .ok_or_else(short)?
        .try_into()
        .map_err(|_| short())?;
    let count = sfnt.get(4..6).ok_or_else(short)?;
    let count = usize::from(u16::from_be_bytes([count[0], count[1]]));
    let mut tables = Vec::with_capacity(count);
    for i in 0..count {
        let at = 12 + 16 * i;
        let tag: [u8; 4] = sfnt
            .get(at..at + 4)
            .ok_or_else(short)?
            .try_into()
            .map_err(|_| short())?;
        let [offset, length] = [be32(at + 8), be32(at + 12)].map(|n| n.map(|n| n as usize));
        let (offset, length) = offset.zip(length).ok_or_else(short)?;
        let data = offset
            .checked_add(length)
            .and_then(|end| sfnt.get(offset..end))
            .ok_or_else(short)?;
        tables.push(Table {
            tag,
            checksum: checksum(&tag, data),
            data,
        });
    }
    Ok((flavor, tables))
}

/// The OpenType checksum of a table: the sum of its big-endian 32-bit words, the last padded
/// with zeros; `head`'s `checksumAdjustment` (bytes 8 to 11) counts as zero.
fn checksum(tag: &[u8; 4], data: &[u8]) -> u32 {
    data.chunks(4).enumerate().fold(0u32, |sum, (i, word)| {
        let mut bytes = [0; 4];
        if !(tag == b"head" && i == 2) {
            bytes[..word.len()].copy_from_slice(word);
        }
        sum.wrapping_add(u32::from_be_bytes(bytes))
    })
}

fn pad4(n: usize) -> usize {
    n.next_multiple_of(4)
}

fn u32_of(n: usize) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| "the font is larger than 4 GB".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The theme's WOFF2 font as TrueType, packed as WOFF and read back by `wuff`'s decoder,
    /// is the same font: tables, checksums, everything.
    #[test]
    fn a_font_packed_as_woff_reads_back_as_the_same_font() {
        let woff2 = include_bytes!(
            "../../themes/default/static/fonts/noto-sans-khmer-khmer-400-normal.woff2"
        );
        let sfnt = wuff::decompress_woff2(woff2).unwrap();
        let woff = encode(&sfnt).unwrap();
        assert_eq!(&woff[..4], b"wOFF");
        assert_eq!(woff.len() % 4, 0);
        assert_eq!(
            u32::from_be_bytes(woff[8..12].try_into().unwrap()) as usize,
            woff.len()
        );
        assert!(
            woff.len() < sfnt.len() * 3 / 4,
            "{} of {}",
            woff.len(),
            sfnt.len()
        );
        let back = wuff::decompress_woff1(&woff).unwrap_or_else(|e| panic!("{e:?}"));
        let (flavor, tables_in) = tables(&sfnt).unwrap();
        let (flavor_back, tables_back) = tables(&back).unwrap();
        assert_eq!(flavor, flavor_back);
        assert_eq!(tables_in.len(), tables_back.len());
        for (a, b) in tables_in.iter().zip(&tables_back) {
            assert_eq!((a.tag, a.checksum, a.data), (b.tag, b.checksum, b.data));
        }
        // The checksums are those the font's own directory gives.
        for (i, table) in tables_in.iter().enumerate() {
            let at = 12 + 16 * i + 4;
            let given = u32::from_be_bytes(sfnt[at..at + 4].try_into().unwrap());
            assert_eq!(
                table.checksum,
                given,
                "{}",
                String::from_utf8_lossy(&table.tag)
            );
        }
    }

    #[test]
    fn a_damaged_directory_is_an_error() {
        assert!(encode(b"").is_err());
        let mut sfnt = vec![0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        sfnt.extend_from_slice(b"glyf\0\0\0\0\0\0\0\x1c\0\0\0\x10");
        assert!(encode(&sfnt).is_err());
        sfnt.extend_from_slice(&[7; 16]);
        assert!(encode(&sfnt).is_ok());
    }
}
