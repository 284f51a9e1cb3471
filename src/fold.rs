//! Beside the stages: Latin letters with their accents folded away (`é` → `e`, `œ` → `oe`), the
//! one table that slugs and heading ids (`slug.rs`) and the search index (`search::tokenize`)
//! share, so a URL and a search term fold a French word alike. The browser's tokenizer
//! (`search.js`) folds with Unicode decomposition, which covers this table.

/// What the lower-case letter `c` is without its accent (`é` → `e`, `œ` → `oe`); `None` for a
/// character this table leaves as it is.
pub(crate) fn unaccented(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' => "a",
        'ç' => "c",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'ÿ' => "y",
        'œ' => "oe",
        'æ' => "ae",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_letters_fold_and_others_stay() {
        let folded: String = "adhérer à l’œuvre"
            .chars()
            .map(|c| unaccented(c).map_or_else(|| c.to_string(), str::to_string))
            .collect();
        assert_eq!(folded, "adherer a l’oeuvre");
        assert_eq!(unaccented('É'), None, "upper case is lowered first");
        assert_eq!(unaccented('ក'), None);
    }
}
