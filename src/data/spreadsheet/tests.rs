//! The import function on its own: rows counted as a spreadsheet shows them, and CSV made of
//! random pieces (cells good and bad, quotes, line breaks, NULs, any bytes), which must never
//! make it panic: it returns the YAML of facilities the build accepts, or diagnostics naming
//! the file.

use std::path::Path;

use proptest::prelude::*;

use super::import_facilities;
use crate::data::Facility;
use crate::diagnostic::Diagnostic;
use crate::yaml;

const HEADER: &str = "id,name_km,name_en,type,province,district,phone,emergency_24h,services_en,lat,lon,source,last_verified\n";

fn languages() -> Vec<String> {
    ["km", "en", "fr"].map(String::from).to_vec()
}

fn import(csv: &str) -> Result<(String, usize), Vec<Diagnostic>> {
    import_facilities(
        csv.as_bytes(),
        Path::new("sheet.csv"),
        &languages(),
        &Default::default(),
        &Default::default(),
    )
}

#[test]
fn a_file_name_with_line_breaks_stays_inside_its_yaml_comment() {
    for name in [
        "a\nid: x.csv",
        "a\u{2028}evil: 1.csv",
        "a\u{2029}- id: y.csv",
    ] {
        let csv =
            format!("{HEADER}kep-centre,km,Kep,health_centre,23,Kep,,no,,,,Sheet,2025-02-01\n");
        let (yaml, _) = import_facilities(
            csv.as_bytes(),
            Path::new(name),
            &languages(),
            &Default::default(),
            &Default::default(),
        )
        .unwrap();
        let first = yaml.lines().next().unwrap();
        assert!(
            first.starts_with("# ") && first.ends_with("by `spean import facilities`."),
            "{yaml}"
        );
        assert!(
            !yaml.contains('\u{2028}') && !yaml.contains('\u{2029}'),
            "{yaml}"
        );
    }
}

#[test]
fn rows_are_numbered_as_the_spreadsheet_shows_them() {
    // Row 2 holds a line break inside quotes (two lines of the file, one row of the sheet), a
    // blank line follows (a row of its own in a spreadsheet program).
    let csv = format!(
        "{HEADER}a,ក,\"Two\nlines\",health_centre,12,X,,no,,,,S,2025-01-01\n\nb,ក,B,clinic,12,X,,no,,,,S,2025-01-01\n"
    );
    let problems = import(&csv).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].message.starts_with("row 4, column `type`:"),
        "{problems:#?}"
    );
    assert_eq!((problems[0].line, problems[0].column), (5, 7));
}

#[test]
fn every_problem_of_a_row_is_reported_at_its_cell() {
    let csv = format!("{HEADER}Bad Id,ក,B,clinic,26,,12-34-ab,maybe,,104.9,11.5,S,2025-02-30\n");
    let problems = import(&csv).unwrap_err();
    let found: Vec<(usize, &str)> = problems
        .iter()
        .map(|d| (d.column, d.message.split(':').next().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (1, "row 2, column `id`"),
            (12, "row 2, column `type`"),
            (19, "row 2, column `province`"),
            (23, "row 2, column `phone`"),
            (32, "row 2, column `emergency_24h`"),
            (39, "row 2, column `lat`"),
            (45, "row 2, column `lon`"),
            (52, "row 2, column `last_verified`"),
            (22, "row 2, column `district`"),
        ]
    );
}

const WORDS: [&str; 26] = [
    "id",
    "name",
    "name_en",
    "type",
    "province",
    "district",
    "phone",
    "lat",
    "source",
    "last_verified",
    "sample",
    "health_centre",
    "clinic",
    "12",
    "26",
    "2025-01-01",
    "+855 12 345 678",
    "=1+1",
    "'=SUM(A1)",
    "-",
    "@x",
    "yes",
    "maybe",
    "11.5",
    "ក",
    "'",
];

fn bytes_of(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

/// One cell: a word (good or bad), any character, a quoted cell with a comma, a line break or
/// a quote inside, or a control character.
fn cell() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => prop::sample::select(&WORDS[..]).prop_map(bytes_of),
        2 => any::<char>().prop_map(|c| bytes_of(&c.to_string())),
        1 => (prop::sample::select(&WORDS[..]), prop::sample::select(&[",", "\n", "\"\"", "\r\n"][..]))
            .prop_map(|(word, inside)| bytes_of(&format!("\"{word}{inside}{word}\""))),
        1 => prop::sample::select(&["\0", "\t", "\r", " ", "\u{feff}"][..]).prop_map(bytes_of),
    ]
}

/// Pieces of CSV for a sheet of any shape: cells and the characters between them.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::sample::select(&[",", "\n", "\"", "\r\n", ";"][..]).prop_map(bytes_of),
        2 => cell(),
    ]
}

/// A good row, with some of its cells replaced by random ones (`#` in the id: the row's number).
fn row() -> impl Strategy<Value = Vec<u8>> {
    let good = [
        "kep-#",
        "ក",
        "Kep",
        "health_post",
        "23",
        "Kep",
        "036 123 456",
        "no",
        "Outpatient; Maternity",
        "10.48",
        "104.32",
        "S",
        "2025-02-01",
    ];
    prop::collection::vec(prop::option::weighted(0.06, cell()), good.len()).prop_map(move |swaps| {
        let cells: Vec<Vec<u8>> = good
            .iter()
            .zip(swaps)
            .map(|(cell, swap)| swap.unwrap_or_else(|| bytes_of(cell)))
            .collect();
        let mut line = cells.join(&b","[..]);
        line.push(b'\n');
        line
    })
}

/// A sheet: pieces in any order, the same with a few raw bytes (often not UTF-8), or the
/// header with rows that are good but for some cells.
fn sheet() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => prop::collection::vec(piece(), 0..60).prop_map(|p| p.concat()),
        1 => (prop::collection::vec(piece(), 0..30), prop::collection::vec(any::<u8>(), 1..4))
            .prop_map(|(p, raw)| [p.concat(), raw].concat()),
        4 => (prop::collection::vec(row(), 0..5), prop::option::weighted(0.3, piece())).prop_map(
            |(rows, tail)| {
                let rows: Vec<Vec<u8>> = rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, row)| match row.strip_prefix(b"kep-#") {
                        Some(rest) => [format!("kep-{i}").as_bytes(), rest].concat(),
                        None => row,
                    })
                    .collect();
                [bytes_of(HEADER), rows.concat(), tail.unwrap_or_default()].concat()
            }
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_csv_makes_the_import_panic(bytes in sheet()) {
        match import_facilities(&bytes, Path::new("sheet.csv"), &languages(), &Default::default(), &Default::default()) {
            Ok((text, count)) => {
                // What the import writes, the build reads.
                let parsed: Vec<Facility> = crate::data::with_languages(&languages(), || {
                    yaml::parse(&text, Path::new("out.yaml"), &text, yaml::Placement::WHOLE_FILE)
                })
                .map_err(|d| TestCaseError::fail(format!("{d}\n{text}")))?;
                prop_assert!(count > 0);
                prop_assert_eq!(parsed.len(), count);
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                for d in problems {
                    prop_assert_eq!(&d.file, Path::new("sheet.csv"));
                    prop_assert!(d.is_error() && !d.message.is_empty(), "{}", d);
                }
            }
        }
    }
}

#[test]
fn empty_columns_after_the_last_are_ignored_unless_a_cell_is_filled() {
    let header = HEADER.trim_end();
    let good = "a,ក,A,health_post,12,X,,no,,,,S,2025-01-01";
    assert_eq!(import(&format!("{header},,\n{good},,\n")).unwrap().1, 1);
    let problems = import(&format!("{header},,\n{good},,oops\n")).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0]
            .message
            .starts_with("row 2: this cell is under a column without a name (column 15)"),
        "{problems:#?}"
    );
}
