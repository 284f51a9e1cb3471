//! Calculators and dated rules with the real binary: the sample portal built before and after
//! a dated change (`--today`), the same day twice (byte for byte), bad rules reported at their
//! lines, `spean check` warning ahead of a change; then headless Chromium over `file://`: the
//! script runs the shared vectors (`tests/fixtures/calculator-vectors.json`) and, typed into,
//! gives the figures of the no-script table for every wage band, in the three languages; with
//! script off the table is there and the form stays hidden.

mod common;

use std::path::Path;

use common::cdp::Browser;
use common::{Fixture, assert_has, tree_snapshot};
use serde_json::{Value, json};

const PENSION: &str = "en/schemes/pension/index.html";

/// The cells of the table's row for `wage`, as the page writes them (minified HTML).
fn table_row(html: &str, wage: u64) -> String {
    let at = html
        .find(&format!("data-wage={wage}>"))
        .or_else(|| html.find(&format!("data-wage=\"{wage}\"")))
        .unwrap_or_else(|| panic!("no row for {wage}"));
    let row = &html[at..];
    let end = row[1..]
        .find("data-wage=")
        .or_else(|| row.find("</table>"))
        .unwrap();
    row[..end].to_string()
}

#[test]
fn a_dated_change_shows_from_its_day_and_is_announced_before() {
    let site = Fixture::sample();
    site.build_ok(&["--today", "2027-09-30"]);
    let before = site.read(PENSION);
    let feed_before = site.read("en/news/atom.xml");
    assert_has(
        &before,
        &[
            "Coming changes",
            "From 1 October 2027: 4% of wage",
            "(until then: 2% of wage",
            "since 1 October 2022",
        ],
    );
    // 2 % of a 1,000,000 riel wage each, before; the cap keeps 1,600,000 at 1,200,000.
    assert!(table_row(&before, 1_000_000).contains("20,000 riel"));
    assert!(table_row(&before, 1_600_000).contains("24,000 riel"));
    assert!(feed_before.contains("From 1 October 2027: 4% of wage"));
    let km = site.read("km/schemes/pension/index.html");
    assert!(km.contains("ចាប់ពីថ្ងៃ"), "the Khmer page announces it too");

    site.build_ok(&["--today", "2027-10-01"]);
    let after = site.read(PENSION);
    assert!(
        !after.contains("Coming changes"),
        "nothing left to announce"
    );
    assert_has(&after, &["4% of wage", "since 1 October 2027"]);
    assert!(!after.contains("2% of wage"));
    assert!(table_row(&after, 1_000_000).contains("40,000 riel"));
    assert!(
        !site
            .read("en/news/atom.xml")
            .contains("From 1 October 2027")
    );
}

/// An amount whose first value starts after the day built is not listed (it has no value yet),
/// only announced; before, it was an empty entry.
#[test]
fn an_amount_not_yet_in_force_is_announced_not_listed_empty() {
    let site = Fixture::sample();
    let schemes = "data/schemes/schemes.yaml";
    let text = std::fs::read_to_string(site.path().join(schemes)).unwrap();
    let later = text.replacen(
        "percent: [{from: 2022-10-01, percent: 2}, {from: 2027-10-01, percent: 4}]",
        "percent: [{from: 2030-01-01, percent: 3}]",
        1,
    );
    assert_ne!(later, text);
    site.write(schemes, later);
    site.build_ok(&["--no-minify", "--today", "2026-12-01"]);
    let page = site.read(PENSION);
    assert!(!page.contains("<strong></strong>"), "an empty amount");
    assert_has(&page, &["From 1 January 2030: 3% of wage", "2% of wage"]);
}

/// The entry ids of the feed's coming changes name the amount, not its place among the
/// changes still to come: once an earlier change takes effect, the others keep their ids (a
/// feed reader does not show them again as new).
#[test]
fn a_coming_changes_feed_id_stays_when_an_earlier_change_takes_effect() {
    let site = Fixture::sample();
    let schemes = "data/schemes/schemes.yaml";
    let text = std::fs::read_to_string(site.path().join(schemes)).unwrap();
    let earlier = text.replacen(
        "percent: [{from: 2022-10-01, percent: 2}, {from: 2027-10-01, percent: 4}]",
        "percent: [{from: 2022-10-01, percent: 2}, {from: 2027-01-01, percent: 3}]",
        1,
    );
    assert_ne!(earlier, text);
    site.write(schemes, earlier);
    let ids = |today: &str| -> Vec<String> {
        site.build_ok(&["--today", today]);
        site.read("en/news/atom.xml")
            .split("<id>")
            .skip(1)
            .map(|e| e.split('<').next().unwrap().to_string())
            .filter(|id| id.contains("#change-"))
            .collect()
    };
    let before = ids("2026-12-01");
    let after = ids("2027-02-01");
    assert_eq!(before.len(), 2, "{before:?}");
    assert_eq!(after.len(), 1, "{after:?}");
    assert!(before.contains(&after[0]), "{before:?} {after:?}");
}

#[test]
fn two_builds_of_one_day_are_identical() {
    let site = Fixture::sample();
    site.build_ok(&["--today", "2027-09-30"]);
    let first = tree_snapshot(&site.public());
    site.build_ok(&["--today", "2027-09-30"]);
    assert!(
        first == tree_snapshot(&site.public()),
        "same day, same bytes"
    );
    site.build_ok(&["--today", "2027-10-01"]);
    assert!(first != tree_snapshot(&site.public()));
}

#[test]
fn bad_rules_are_reported_at_their_lines() {
    let site = Fixture::copy("portal");
    let scheme = |id: &str, contribution: &str| {
        format!(
            "- id: {id}\n  name: {{en: A}}\n  summary: {{en: B}}\n  who_can_join: [{{en: C}}]\n  contributions:\n{contribution}  covers: [{{en: D}}]\n  source: S\n  last_verified: 2025-03-07\n"
        )
    };
    let records = [
        scheme(
            "bad-order",
            "    - currency: KHR\n      period: month\n      amount:\n        - {from: 2027-01-01, amount: 17000}\n        - {from: 2024-01-01, amount: 15600}\n",
        ),
        scheme(
            "bad-key",
            "    - currency: KHR\n      amount: [{from: 2027-01-01, percent: 17000}]\n",
        ),
        scheme(
            "bad-rate",
            "    - of: {en: wage}\n      base: monthly_wage\n      percent: 2.655\n",
        ),
        scheme(
            "bad-band",
            "    - of: {en: wage}\n      base: monthly_wage\n      percent: 2\n      floor: 500000\n      cap: 400000\n",
        ),
        scheme(
            "bad-days",
            "    - of: {en: wage}\n      base: monthly_wage\n      percent: 70\n      days: 90\n",
        ),
        scheme("bad-date", "    - currency: KHR\n      amount: [{from: 2027-02-30, amount: 1}]\n"),
        scheme(
            "no-base",
            "    - of: {en: wage}\n      percent: 2.5\n      cap: 1200000\n",
        ),
    ]
    .concat();
    site.write("data/schemes/bad.yaml", &records);
    let out = site.build(&[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line_of = |needle: &str| {
        records
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| format!("data/schemes/bad.yaml:{}:", i + 1))
            .unwrap()
    };
    assert_has(
        &stderr,
        &[
            "must go from the oldest to the newest: 2024-01-01 comes after 2027-01-01",
            "unknown field `percent` in a dated `amount`",
            "the rate 2.655% is not a percentage from 0 to 100 with at most two decimals",
            "the wage floor 500000 is above the wage cap 400000",
            "`days` counts days of the daily wage, but `base` is `monthly_wage`",
            "`2027-02-30` is not a real date",
            "`cap` is only used by a rate with a `base`",
            &line_of("cap: 1200000"),
            &line_of("percent: 2.655"),
            &line_of("floor: 500000"),
            &line_of("days: 90"),
        ],
    );
    assert!(!site.public().exists(), "nothing written");

    // Rates written before the calculators (no `base`) keep their old freedom.
    site.write(
        "data/schemes/bad.yaml",
        scheme(
            "display-only",
            "    - of: {en: wage}\n      percent: 2.655\n",
        ),
    );
    site.build_ok(&[]);
}

#[test]
fn check_warns_before_a_change_so_the_site_is_rebuilt_that_day() {
    let site = Fixture::sample();
    let check = |today: &str| {
        let out = site
            .spean()
            .args(["check", "--verbose", "--today", today])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout)
    };
    let yaml = std::fs::read_to_string(site.path().join("data/schemes/schemes.yaml")).unwrap();
    let line = yaml
        .lines()
        .position(|l| l.contains("{from: 2027-10-01, percent: 4}"))
        .unwrap()
        + 1;
    let soon = check("2027-09-15");
    assert_has(
        &soon,
        &[
            &format!("data/schemes/schemes.yaml:{line}:"),
            "`percent` changes to 4 on 2027-10-01, in 16 day(s)",
            "rebuild and publish the site on 2027-10-01",
            "rebuild_warning_days: 30",
        ],
    );
    assert!(!check("2027-08-01").contains("changes to 4 on 2027-10-01"));
    assert!(!check("2027-10-01").contains("changes to 4 on 2027-10-01"));
    site.write(
        "site.yaml",
        std::fs::read_to_string(site.path().join("site.yaml")).unwrap()
            + "rebuild_warning_days: 90\n",
    );
    assert!(check("2027-08-01").contains("changes to 4 on 2027-10-01, in 61 day(s)"));
}

/// The sample portal built `--offline` for a given day into a temporary folder.
fn offline_sample(today: &str) -> Fixture {
    let site = Fixture::sample();
    site.build_ok(&["--offline", "--today", today]);
    site
}

fn vectors() -> Value {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calculator-vectors.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The figures the script shows after `text` is typed into the wage box.
fn typed(browser: &mut Browser, tab: &common::cdp::Tab, text: &str) -> Vec<String> {
    browser.evaluate(
        tab,
        "(() => { const i = document.getElementById('calc-wage'); i.value = ''; i.focus(); return true; })()",
    );
    browser.call(Some(tab), "Input.insertText", json!({ "text": text }));
    let shown = browser.evaluate(
        tab,
        "[...document.querySelectorAll('#calc-form output')].map(o => o.textContent)",
    );
    shown
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

const KHMER_DIGITS: [char; 10] = ['០', '១', '២', '៣', '៤', '៥', '៦', '៧', '៨', '៩'];

#[test]
fn the_script_agrees_with_the_vectors_and_the_no_script_table() {
    let site = offline_sample("2026-12-01");
    let vectors = vectors();
    let mut browser = Browser::launch();
    let mut pages = 0;
    for lang in ["km", "en", "fr"] {
        for scheme in [
            "voluntary-health-care",
            "employee-health-care",
            "employment-injury",
            "pension",
        ] {
            let page = site
                .public()
                .join(format!("{lang}/schemes/{scheme}/index.html"));
            let tab = browser.open(&format!("file://{}", page.display()), 360, 740);
            assert_eq!(
                browser.evaluate(&tab, "document.getElementById('calc-form').hidden"),
                json!(false),
                "{lang} {scheme}: the form shows when script runs"
            );
            // The shared vectors, through the page's own script.
            let got = browser.evaluate(
                &tab,
                &format!(
                    "(() => {{ const v = {vectors}; return {{ cases: v.cases.map(c => speanCalculator.evaluate(c.rule, c.wage)), inputs: v.inputs.map(i => speanCalculator.parseWage(i.text)) }}; }})()"
                ),
            );
            for (case, value) in vectors["cases"]
                .as_array()
                .unwrap()
                .iter()
                .zip(got["cases"].as_array().unwrap())
            {
                assert_eq!(value, &case["expected"], "{case}");
            }
            for (input, value) in vectors["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .zip(got["inputs"].as_array().unwrap())
            {
                assert_eq!(value, &input["wage"], "{input}");
            }
            // Every wage band of the table, typed as a reader of the language would.
            let rows = browser.evaluate(
                &tab,
                "[...document.querySelectorAll('#calc-table tbody tr')].map(r => [r.dataset.wage, [...r.querySelectorAll('td')].map(c => c.textContent)])",
            );
            let rows = rows.as_array().unwrap();
            assert_eq!(rows.len(), 7, "{lang} {scheme}: a row per wage band");
            for row in rows {
                let wage = row[0].as_str().unwrap();
                let text: String = if lang == "km" {
                    wage.chars()
                        .map(|c| KHMER_DIGITS[c.to_digit(10).unwrap() as usize])
                        .collect()
                } else {
                    wage.to_string()
                };
                let table: Vec<String> = row[1]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string())
                    .collect();
                assert!(!table.is_empty());
                assert_eq!(
                    typed(&mut browser, &tab, &text),
                    table,
                    "{lang} {scheme} at {wage}"
                );
            }
            assert_eq!(
                typed(&mut browser, &tab, "12a"),
                vec!["–"; rows[0][1].as_array().unwrap().len()]
            );
            let status =
                browser.evaluate(&tab, "document.getElementById('calc-status').textContent");
            assert!(
                !status.as_str().unwrap().is_empty(),
                "a wrong wage is said so"
            );
            // No error of any kind: no policy violation, no failed load, no exception.
            let errors = browser.errors(&tab);
            assert!(errors.is_empty(), "{errors:#?}");
            pages += 1;
        }
    }
    assert_eq!(pages, 12);
}

/// With the page's scripts off (as `Emulation.setScriptExecutionDisabled` leaves it), the form
/// is hidden and the table and the rules give the figures.
#[test]
fn without_script_the_table_gives_the_figures() {
    let site = offline_sample("2026-12-01");
    let page = site
        .public()
        .join("en/schemes/employee-health-care/index.html");
    let mut browser = Browser::launch();
    let tab = browser.open("about:blank", 360, 740);
    browser.call(
        Some(&tab),
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    );
    browser.navigate(&tab, &format!("file://{}", page.display()));
    let shown = |browser: &mut Browser, selector: &str| {
        browser.evaluate(
            &tab,
            &format!("document.querySelector({selector:?}).checkVisibility()"),
        )
    };
    assert_eq!(
        shown(&mut browser, "#calc-wage"),
        json!(false),
        "the form needs script"
    );
    assert_eq!(shown(&mut browser, "#calc-table"), json!(true));
    let row = |browser: &mut Browser, wage: u64| {
        browser.evaluate(
            &tab,
            &format!("[...document.querySelectorAll('#calc-table tr[data-wage=\"{wage}\"] td')].map(c => c.textContent)"),
        )
    };
    // 2.6 % of 1,000,000; 70 % of 1,000,000 ÷ 30 a day; × 90 for maternity; a state grant
    // that does not depend on the wage is not a rule of the calculator.
    assert_eq!(
        row(&mut browser, 1_000_000),
        json!(["26,000 riel", "23,333 riel", "2,100,000 riel"])
    );
    // Below the floor, counted as 200,000; above the cap, as 1,200,000.
    assert_eq!(
        row(&mut browser, 200_000),
        json!(["5,200 riel", "4,667 riel", "420,000 riel"])
    );
    assert_eq!(
        row(&mut browser, 1_600_000),
        json!(["31,200 riel", "28,000 riel", "2,520,000 riel"])
    );
    let rules = browser.evaluate(&tab, "document.querySelector('.calc-rules').textContent");
    assert_has(
        rules.as_str().unwrap(),
        &[
            "2.6% of monthly wage, counted on wages from 200,000 riel to 1,200,000 riel, paid by the employer",
            "the daily wage is the monthly wage divided by 30, for 90 days",
            "Source: NSSF notices (nssf.gov.kh) (2018-2021)",
        ],
    );
}
