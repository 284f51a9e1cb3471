//! The health-facility directory to and from spreadsheets.
//!
//! Editors keep facility lists in spreadsheets: `spean import facilities FILE.csv` turns a CSV
//! export into the YAML the site uses (`rows`), checking the header (`columns`) and every cell
//! of every row with the same rules as the site, and reporting every problem by row and column
//! (nothing is written until there is none); the build publishes the directory back as
//! `data/facilities.csv` and JSON (`publish`). `cells` knows where a cell starts in the file and
//! keeps formulas out of the spreadsheets on both ways (formula injection).
//!
//! Columns: the facility field names. A translated field is one column per language (`name_km`,
//! `name_en`, `name_fr`) or one column for all (`name`); lists (`services`) separate items
//! with `;`; yes/no fields accept yes, no, true, false, 1, 0, oui, non.

mod cells;
mod columns;
mod publish;
mod rows;

pub(crate) use publish::{facilities_csv, facilities_json};
pub(crate) use rows::import_facilities;

#[cfg(test)]
mod tests;
