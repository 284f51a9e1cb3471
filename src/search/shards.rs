//! Search's index files, part of the index step: which keys share a shard (`k-<shard>.js`, the
//! file a query loads for a key). Keys are grouped by their first letters, one or two by the
//! index's size ([`depth`]), `w:` words with the pairs they begin with; a group of more than
//! [`SHARD_BYTES`] is split by its keys' next letter, and so on, so that no shard a query loads
//! is much bigger than that, however common the letters it starts with. (At 3 × 5,000 pages,
//! two letters made 23 Khmer shards of 210-430 KB, ការ's and ត្រ's among them, and a query with
//! a common word loaded 350-525 KB.) A key of a split group's own length stays in the group's
//! shard, beside the shards of its longer keys.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use super::MAX_POSTINGS;
use super::posting::Posting;

/// The bytes (as [`key_bytes`] counts them) above which a group of keys is split.
pub(super) const SHARD_BYTES: usize = 32 * 1024;
/// The most letters a group is named by: a group of that many is not split again, however
/// big (keys sharing a longer beginning are rare, and a page's text could make thousands).
const MAX_LETTERS: usize = 12;

/// About the bytes a key takes in its shard's file: its name, and its postings as written (at
/// most `MAX_POSTINGS`, a document number and a weight each). The same count in a build and a
/// rebuild (`spean serve`), which must make the same shards.
pub(super) fn key_bytes(name: &str, postings: usize) -> usize {
    if postings == 0 {
        return 0;
    }
    name.len() + 6 + 9 * postings.min(MAX_POSTINGS)
}

/// Small sites: keys grouped by first letter (fewer files); large ones: by first two letters.
/// Counted as written: at most `MAX_POSTINGS` a key.
pub(super) fn depth(postings: &[Vec<Posting>]) -> usize {
    let written: usize = postings.iter().map(|l| l.len().min(MAX_POSTINGS)).sum();
    if written < 50_000 { 1 } else { 2 }
}

/// The shards of an index's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    /// The letters every key is first grouped by.
    pub(super) depth: usize,
    /// Each shard's keys (ids).
    pub(super) shards: BTreeMap<String, BTreeSet<u32>>,
    /// The groups that were split by their keys' next letter.
    split: BTreeSet<String>,
    /// The bytes of every group (a shard's keys, or a split group's with all its shards').
    bytes: BTreeMap<String, usize>,
    limit: usize,
}

impl Layout {
    /// The layout of the keys `ids` (those with postings; `name` and `bytes` tell a key's),
    /// grouped by `depth` letters, then split where a group has more than `limit` bytes.
    pub(super) fn new<'k>(
        depth: usize,
        limit: usize,
        ids: impl Iterator<Item = u32>,
        name: impl Fn(u32) -> &'k str,
        bytes: impl Fn(u32) -> usize,
    ) -> Layout {
        let mut groups: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for id in ids {
            groups.entry(prefix(name(id), depth)).or_default().push(id);
        }
        let mut layout = Layout {
            depth,
            shards: BTreeMap::new(),
            split: BTreeSet::new(),
            bytes: BTreeMap::new(),
            limit,
        };
        for (group, ids) in groups {
            layout.place(group, ids, &name, &bytes);
        }
        layout
    }

    /// Places the keys of one group: one shard, or (too many bytes, and keys to tell apart by
    /// a longer prefix) the group's keys of its own length in its shard and the others in
    /// groups of one more letter.
    fn place<'k>(
        &mut self,
        group: &str,
        ids: Vec<u32>,
        name: &impl Fn(u32) -> &'k str,
        bytes: &impl Fn(u32) -> usize,
    ) {
        let total = ids.iter().map(|&id| bytes(id)).sum();
        self.bytes.insert(group.to_string(), total);
        let letters = group.chars().count();
        let longer = |id: u32| unprefixed(name(id)).chars().nth(letters).is_some();
        if !self.splits(letters, total, ids.len(), ids.iter().any(|&id| longer(id))) {
            self.shards
                .insert(group.to_string(), ids.into_iter().collect());
            return;
        }
        self.split.insert(group.to_string());
        let mut own = BTreeSet::new();
        let mut next: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for id in ids {
            if longer(id) {
                next.entry(prefix(name(id), letters + 1))
                    .or_default()
                    .push(id);
            } else {
                own.insert(id);
            }
        }
        if !own.is_empty() {
            self.shards.insert(group.to_string(), own);
        }
        for (group, ids) in next {
            self.place(group, ids, name, bytes);
        }
    }

    /// The groups a key (named `name`, `w:` or not) goes through, the last its shard's.
    pub(super) fn path<'n>(&self, name: &'n str) -> Vec<&'n str> {
        let name = unprefixed(name);
        let mut letters = self.depth;
        let mut path = vec![prefix(name, letters)];
        while self.split.contains(path[path.len() - 1]) && name.chars().nth(letters).is_some() {
            letters += 1;
            path.push(prefix(name, letters));
        }
        path
    }

    /// Moves a key's bytes in every group on its `path` from `old` to `new`: `None` when a
    /// group is one the layout does not have (a new first letter).
    pub(super) fn resize(&mut self, path: &[&str], old: usize, new: usize) -> Option<()> {
        for group in path {
            let bytes = self.bytes.get_mut(*group)?;
            *bytes = (*bytes + new).checked_sub(old)?;
        }
        Some(())
    }

    /// Whether a group of `letters` letters, of `bytes` bytes and `keys` keys, some `longer`
    /// than its letters, is split by their next letter: the one rule of a build and a rebuild.
    fn splits(&self, letters: usize, bytes: usize, keys: usize, longer: bool) -> bool {
        bytes > self.limit && keys >= 2 && letters < MAX_LETTERS && longer
    }

    /// Whether a group is still placed as [`Layout::new`] would place it now (`names` gives a
    /// key's name): its keys are those of its shard and of the shards under it.
    pub(super) fn holds<'n>(&self, group: &str, names: impl Fn(u32) -> &'n str) -> bool {
        let bytes = self.bytes.get(group).copied().unwrap_or(0);
        let letters = group.chars().count();
        let (mut keys, mut longer) = (0, false);
        // A group shorter than the depth (keys of fewer letters) has its own shard only: the
        // shards its letters begin are groups of their own.
        let under: Vec<&BTreeSet<u32>> = if letters < self.depth {
            self.shards.get(group).into_iter().collect()
        } else {
            let from = (Bound::Included(group), Bound::Unbounded);
            (self.shards.range::<str, _>(from))
                .take_while(|(s, _)| s.starts_with(group))
                .map(|(_, ids)| ids)
                .collect()
        };
        for ids in under {
            keys += ids.len();
            longer = longer
                || ids
                    .iter()
                    .any(|&id| unprefixed(names(id)).chars().nth(letters).is_some());
        }
        self.split.contains(group) == self.splits(letters, bytes, keys, longer)
    }
}

/// The first `letters` characters of a key's name (without `w:`), or all of it.
fn prefix(name: &str, letters: usize) -> &str {
    let name = unprefixed(name);
    name.char_indices()
        .nth(letters)
        .map_or(name, |(at, _)| &name[..at])
}

/// A key's name without the `w:` of a Khmer word's: words are grouped with pairs.
fn unprefixed(name: &str) -> &str {
    name.strip_prefix("w:").unwrap_or(name)
}

/// A file-name-safe form of a shard name, one name to one file: ASCII letters and digits as
/// they are, any other character (Khmer, accented letters) as `_` and its code point in four
/// hex digits, or `__` and six beyond U+FFFF. (`_` is never a letter of a key, so `u1785…`, a
/// Latin key's shard split deep, cannot be mistaken for ច's.) On every file system: no case.
pub(super) fn shard_file(shard: &str) -> String {
    shard
        .chars()
        .map(|c| match c as u32 {
            _ if c.is_ascii_alphanumeric() => c.to_string(),
            code @ ..=0xFFFF => format!("_{code:04x}"),
            code => format!("__{code:06x}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(limit: usize, keys: &[(&'static str, usize)]) -> Layout {
        Layout::new(
            2,
            limit,
            0..keys.len() as u32,
            |id| keys[id as usize].0,
            |id| keys[id as usize].1,
        )
    }

    fn names(layout: &Layout) -> Vec<&str> {
        layout.shards.keys().map(String::as_str).collect()
    }

    #[test]
    fn keys_are_grouped_by_their_first_letters() {
        assert_eq!(prefix("contribut", 2), "co");
        assert_eq!(prefix("contribut", 1), "c");
        assert_eq!(prefix("ចូល", 2), "ចូ");
        assert_eq!(prefix("w:ចូលរួម", 1), "ច");
        assert_eq!(prefix("a", 2), "a");
        assert_eq!(shard_file("ch"), "ch");
        assert_eq!(shard_file("ច"), "_1785");
        assert_eq!(shard_file("é\u{1D400}"), "_00e9__01d400");
        // One name to one file, whatever letters a key has.
        let tricky = [
            "u1785",
            "ច",
            "u1785a",
            "ចa",
            "_",
            "\u{1785}\u{1780}",
            "\u{1D400}",
        ];
        let files: BTreeSet<String> = tricky.iter().map(|n| shard_file(n)).collect();
        assert_eq!(files.len(), tricky.len(), "{files:?}");
        let small = layout(
            100,
            &[("contribut", 10), ("w:ចូលរួម", 10), ("ចូល", 10), ("a", 1)],
        );
        assert_eq!(names(&small), ["a", "co", "ចូ"]);
        assert_eq!(small.shards["ចូ"], BTreeSet::from([1, 2]));
    }

    #[test]
    fn a_group_too_big_is_split_by_the_next_letter_until_it_fits() {
        let keys = [
            ("co", 30),
            ("contribut", 40),
            ("cotis", 40),
            ("coupl", 20),
            ("cour", 20),
            ("w:course", 20),
            ("card", 10),
        ];
        let split = layout(60, &keys);
        // co: 170 bytes > 60 → co (its own key), con, cot, cou (40 ≤ 60: not split again).
        assert_eq!(names(&split), ["ca", "co", "con", "cot", "cou"]);
        assert_eq!(split.shards["co"], BTreeSet::from([0]));
        assert_eq!(split.shards["cou"], BTreeSet::from([3, 4, 5]));
        assert_eq!(split.path("contribut"), ["co", "con"]);
        assert_eq!(split.path("w:course"), ["co", "cou"]);
        assert_eq!(split.path("co"), ["co"]);
        assert_eq!(split.path("card"), ["ca"]);
        // Tighter: cou (60) too is split, and cour (40) whose keys cour and course differ by
        // a fifth letter; a group of one key is not (con, coup).
        let tighter = layout(35, &keys);
        assert_eq!(
            names(&tighter),
            ["ca", "co", "con", "cot", "coup", "cour", "cours"]
        );
        assert_eq!(tighter.path("cour"), ["co", "cou", "cour"]);
        assert_eq!(tighter.path("w:course"), ["co", "cou", "cour", "cours"]);
        assert_eq!(tighter.shards["cour"], BTreeSet::from([4]));
        // One key bigger than the limit stays in its group.
        let one = layout(10, &[("contribut", 400)]);
        assert_eq!(names(&one), ["co"]);
        assert!(one.holds("co", |_| "contribut"));
        // Keys that share a long beginning are split no further than MAX_LETTERS.
        let long = "a".repeat(5000);
        let (x, y) = (format!("{long}x"), format!("{long}y"));
        let keys = [(x.as_str(), 400), (y.as_str(), 400)];
        let deep = Layout::new(
            2,
            10,
            0..2,
            |id| keys[id as usize].0,
            |id| keys[id as usize].1,
        );
        assert_eq!(
            deep.shards.keys().collect::<Vec<_>>(),
            [&"a".repeat(MAX_LETTERS)]
        );
        assert!(deep.holds(&"a".repeat(MAX_LETTERS), |id| keys[id as usize].0));
        // One of the two keys goes: its shard keeps the other, but a group of one key is not
        // split in a build, however big, so each group it went through no longer holds.
        let names_of = |id: u32| keys[id as usize].0;
        let mut left = deep.clone();
        let path = left.path(&y);
        left.resize(&path, 400, 0).expect("groups");
        let shard = path.last().expect("a shard").to_string();
        left.shards.get_mut(&shard).expect("its shard").remove(&1);
        assert!(!left.holds("aa", names_of) && !left.holds("aaa", names_of));
        // A key shorter than the depth is a group of its own, beside the groups it begins.
        let keys = [("a", 50), ("ab", 30), ("ac", 30)];
        let short = layout(40, &keys);
        assert!(short.holds("a", |id| keys[id as usize].0), "{short:?}");
    }

    #[test]
    fn a_layout_knows_when_changed_bytes_would_place_a_group_otherwise() {
        let keys = [("co", 30), ("contribut", 40), ("cotis", 40)];
        let names_of = |id: u32| keys[id as usize].0;
        let mut split = layout(100, &keys);
        assert!(split.holds("co", names_of) && split.holds("con", names_of));
        // contribut shrinks: co (110 → 80) would no longer be split.
        let path = split.path("contribut");
        split.resize(&path, 40, 10).expect("groups");
        assert!(!split.holds("co", names_of));
        let mut whole = layout(200, &keys);
        assert!(whole.holds("co", names_of));
        whole.resize(&["co"], 40, 200).expect("group");
        assert!(!whole.holds("co", names_of), "co would be split now");
        assert_eq!(
            whole.resize(&["zz"], 0, 10),
            None,
            "a group it does not have"
        );
    }
}
