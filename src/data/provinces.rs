//! Cambodia's 25 provinces and the capital, with their NCDD codes and names in Khmer, English
//! and French, shipped with spean so facility records only carry a code. Part of step 1 (load):
//! each province is a page of the directory.

use crate::load::record_ref::RecordRef;

/// One province (or the capital, code 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Province {
    pub code: u8,
    pub km: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
}

impl Province {
    pub(crate) fn name(&self, lang: &str) -> &'static str {
        match lang {
            "km" => self.km,
            "fr" => self.fr,
            _ => self.en,
        }
    }

    /// The URL slug, from the English name (`banteay-meanchey`).
    pub(crate) fn slug(&self) -> String {
        crate::slug::slugify(self.en)
    }
}

const fn p(code: u8, km: &'static str, en: &'static str, fr: &'static str) -> Province {
    Province { code, km, en, fr }
}

/// NCDD codes 1 to 25.
pub(crate) const PROVINCES: [Province; 25] = [
    p(1, "បន្ទាយមានជ័យ", "Banteay Meanchey", "Banteay Meanchey"),
    p(2, "បាត់ដំបង", "Battambang", "Battambang"),
    p(3, "កំពង់ចាម", "Kampong Cham", "Kampong Cham"),
    p(4, "កំពង់ឆ្នាំង", "Kampong Chhnang", "Kampong Chhnang"),
    p(5, "កំពង់ស្ពឺ", "Kampong Speu", "Kampong Speu"),
    p(6, "កំពង់ធំ", "Kampong Thom", "Kampong Thom"),
    p(7, "កំពត", "Kampot", "Kampot"),
    p(8, "កណ្ដាល", "Kandal", "Kandal"),
    p(9, "កោះកុង", "Koh Kong", "Koh Kong"),
    p(10, "ក្រចេះ", "Kratie", "Kratie"),
    p(11, "មណ្ឌលគិរី", "Mondulkiri", "Mondulkiri"),
    p(12, "រាជធានីភ្នំពេញ", "Phnom Penh", "Phnom Penh"),
    p(13, "ព្រះវិហារ", "Preah Vihear", "Preah Vihear"),
    p(14, "ព្រៃវែង", "Prey Veng", "Prey Veng"),
    p(15, "ពោធិ៍សាត់", "Pursat", "Pursat"),
    p(16, "រតនគិរី", "Ratanakiri", "Ratanakiri"),
    p(17, "សៀមរាប", "Siem Reap", "Siem Reap"),
    p(18, "ព្រះសីហនុ", "Preah Sihanouk", "Preah Sihanouk"),
    p(19, "ស្ទឹងត្រែង", "Stung Treng", "Stung Treng"),
    p(20, "ស្វាយរៀង", "Svay Rieng", "Svay Rieng"),
    p(21, "តាកែវ", "Takeo", "Takeo"),
    p(22, "ឧត្ដរមានជ័យ", "Oddar Meanchey", "Oddar Meanchey"),
    p(23, "កែប", "Kep", "Kep"),
    p(24, "ប៉ៃលិន", "Pailin", "Pailin"),
    p(25, "ត្បូងឃ្មុំ", "Tboung Khmum", "Tboung Khmum"),
];

/// The `kind` of a province page's `data:` ([`RecordRef`]): its `index` is the province's code.
pub(crate) const PAGE_KIND: &str = "provinces";

/// The province a page shows, if it is a province's page of the directory.
pub(crate) fn shown_by(page: RecordRef) -> Option<u8> {
    (page.kind == PAGE_KIND).then_some(page.index as u8)
}

pub(crate) fn province(code: u8) -> Option<&'static Province> {
    PROVINCES.iter().find(|p| p.code == code)
}

/// The provinces in the alphabetical order of their names in `lang` (the Khmer order for
/// Khmer, from the Unicode collation ICU keeps for each language), as readers look them up.
pub(crate) fn in_name_order(lang: &str) -> Vec<&'static Province> {
    use icu_collator::{Collator, options::CollatorOptions};
    let mut list: Vec<&'static Province> = PROVINCES.iter().collect();
    let locale =
        icu_locale_core::Locale::try_from_str(lang).unwrap_or(icu_locale_core::Locale::UNKNOWN);
    match Collator::try_new((&locale).into(), CollatorOptions::default()) {
        Ok(collator) => list.sort_by(|a, b| collator.compare(a.name(lang), b.name(lang))),
        Err(_) => list.sort_by_key(|p| p.name(lang)),
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_are_in_each_languages_alphabetical_order() {
        let names =
            |lang| -> Vec<&str> { in_name_order(lang).iter().map(|p| p.name(lang)).collect() };
        let en = names("en");
        assert_eq!(
            &en[..4],
            [
                "Banteay Meanchey",
                "Battambang",
                "Kampong Cham",
                "Kampong Chhnang"
            ]
        );
        assert_eq!(en.last(), Some(&"Tboung Khmum"));
        // Khmer: ក (Kandal, Kampot, ...) before ត (Takeo) before ប (Battambang) before ឧ.
        let km = names("km");
        let at = |name| km.iter().position(|n| *n == name).unwrap();
        assert!(
            at("កំពត") < at("តាកែវ") && at("តាកែវ") < at("បាត់ដំបង"),
            "{km:?}"
        );
        assert!(at("បាត់ដំបង") < at("ឧត្ដរមានជ័យ"), "{km:?}");
        assert_eq!(km.len(), 25);
    }

    #[test]
    fn codes_are_one_to_twenty_five_and_slugs_unique() {
        for (i, p) in PROVINCES.iter().enumerate() {
            assert_eq!(p.code as usize, i + 1);
        }
        let mut slugs: Vec<String> = PROVINCES.iter().map(Province::slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), 25);
        assert_eq!(province(12).unwrap().slug(), "phnom-penh");
        assert!(province(26).is_none());
    }
}
