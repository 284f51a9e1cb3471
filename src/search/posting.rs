//! Search's postings as the index holds them while pages are added: a document's slot and its
//! weight for one key in 32 bits, since a 3 × 5,000-page site holds about 15 million of them
//! (two `u32`s each made them the largest thing in a build's memory after the pages' bodies).

/// Bits of the weight: up to 1,023, which no key of a real page comes near (title 10, heading
/// 4, each use in the text 1), kept at 1,023 above that.
const WEIGHT_BITS: u32 = 10;
const MAX_WEIGHT: u32 = (1 << WEIGHT_BITS) - 1;
/// Slots a language's index can number: 4,194,304 documents.
pub(super) const MAX_SLOTS: usize = 1 << (32 - WEIGHT_BITS);

/// One document's weight for a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Posting(u32);

impl Posting {
    /// The posting of `slot` (below [`MAX_SLOTS`]) with `weight`.
    pub(super) fn new(slot: u32, weight: u32) -> Posting {
        debug_assert!((slot as usize) < MAX_SLOTS, "a slot beyond the index's");
        Posting((slot << WEIGHT_BITS) | weight.min(MAX_WEIGHT))
    }

    pub(super) fn slot(self) -> u32 {
        self.0 >> WEIGHT_BITS
    }

    pub(super) fn weight(self) -> u32 {
        self.0 & MAX_WEIGHT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_and_weight_come_back_and_a_huge_weight_is_kept_at_the_most() {
        let p = Posting::new(MAX_SLOTS as u32 - 1, 7);
        assert_eq!((p.slot(), p.weight()), (MAX_SLOTS as u32 - 1, 7));
        assert_eq!(Posting::new(0, 0).weight(), 0);
        let p = Posting::new(12, 5_000);
        assert_eq!((p.slot(), p.weight()), (12, MAX_WEIGHT));
    }
}
