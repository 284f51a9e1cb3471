//! Structured content on the `portal` fixture: scheme, journey and directory pages, amounts
//! written per language, facilities on the right province page, published CSV/JSON, the
//! spreadsheet import, and every bad-data case with its file and line.

mod common;

use common::{Fixture, broken_links, tree_snapshot};

#[test]
fn scheme_pages_show_amounts_in_each_languages_way() {
    let site = Fixture::copy("portal");
    site.build_ok(&["--no-minify"]);
    let en = site.read("en/schemes/voluntary/index.html");
    assert!(
        en.contains("<strong>15,600 riel a month</strong>, paid by the member"),
        "{en}"
    );
    let fr = site.read("fr/schemes/voluntary/index.html");
    assert!(
        fr.contains("<strong>15\u{202F}600 riels par mois</strong>, à la charge du membre"),
        "{fr}"
    );
    let km = site.read("km/schemes/voluntary/index.html");
    assert!(km.contains("<strong>១៥,៦០០ រៀល ក្នុងមួយខែ</strong>"), "{km}");
    // A text missing in Khmer falls back and is marked with its language.
    assert!(
        km.contains(r#"<p class="lead" lang="en">For self-employed people.</p>"#),
        "{km}"
    );
    let employees = site.read("fr/schemes/employees/index.html");
    assert!(
        employees.contains("<strong>2,6 % (salaire mensuel)</strong>, à la charge de l’employeur"),
        "{employees}"
    );
    assert!(
        employees.contains("Allocation de naissance"),
        "benefits on their scheme's page: {employees}"
    );
    assert!(
        employees.contains("<strong>800\u{202F}000 riels</strong>"),
        "{employees}"
    );
    assert!(
        employees.contains(r#"<a href="https://www.nssf.gov.kh/">NSSF notice</a> (2018)"#),
        "{employees}"
    );
    assert!(
        employees.contains("7 mars 2025"),
        "last verified, formatted: {employees}"
    );
}

#[test]
fn the_schemes_page_compares_the_schemes() {
    let site = Fixture::copy("portal");
    site.build_ok(&["--no-minify"]);
    let page = site.read("en/schemes/index.html");
    assert!(page.contains(r#"<table class="compare">"#), "{page}");
    let voluntary = page
        .find(r#"<th scope="row"><a href="voluntary/">Voluntary health care</a></th>"#)
        .expect("first row");
    let employees = page
        .find(r#"<th scope="row"><a href="employees/">Employee health care</a></th>"#)
        .expect("second row");
    assert!(voluntary < employees, "ordered by weight");
    assert!(
        page.contains("<li>2.6% of monthly wage, paid by the employer</li>"),
        "{page}"
    );
}

#[test]
fn journeys_are_numbered_steps_with_a_checklist_and_a_home_summary() {
    let site = Fixture::copy("portal");
    site.build_ok(&["--no-minify"]);
    let km = site.read("km/enrol/join/index.html");
    let first = km
        .find(r#"<h2 id="step-1">ជំហាន ១: <span>យកវិញ្ញាបនបត្រ</span></h2>"#)
        .expect("step 1 heading with its number");
    let second = km
        .find(r#"<h2 id="step-2">ជំហាន ២: <span>បង់ប្រចាំខែ</span></h2>"#)
        .expect("step 2 heading");
    assert!(first < second);
    assert!(km.contains("<dd>ឥតគិតថ្លៃ</dd>"), "a free step: {km}");
    let en = site.read("en/enrol/join/index.html");
    assert!(
        en.contains(r#"<a href="../../guide/pay/#when-where">Read more about this step</a>"#),
        "{en}"
    );
    assert!(
        en.contains(r#"<a class="button" href="checklist/">Print the checklist</a>"#),
        "{en}"
    );
    let checklist = site.read("en/enrol/join/checklist/index.html");
    assert_eq!(
        checklist.matches("<li>ID card</li>").count(),
        1,
        "documents listed once: {checklist}"
    );
    assert!(checklist.contains("<li>NSSF card</li>"), "{checklist}");
    let home = site.read("fr/index.html");
    assert!(
        home.contains(r#"<h2 id="journey-join">Adhérer comme indépendant</h2>"#),
        "{home}"
    );
    assert!(
        home.contains("<li>Obtenir le certificat</li><li>Payer chaque mois</li>"),
        "{home}"
    );
}

#[test]
fn facilities_are_on_their_province_page_grouped_by_district() {
    let site = Fixture::copy("portal");
    site.build_ok(&["--no-minify"]);
    let pp = site.read("en/facilities/phnom-penh/index.html");
    assert!(
        pp.contains("Capital Hospital") && pp.contains("Sen Sok Health Centre"),
        "{pp}"
    );
    assert!(!pp.contains("Siem Reap Health Centre"), "{pp}");
    let daun_penh = pp.find(">Daun Penh</span></h2>").expect("district heading");
    let sen_sok = pp.find(">Sen Sok</span></h2>").expect("district heading");
    assert!(
        daun_penh < pp.find("Capital Hospital").unwrap()
            && pp.find("Capital Hospital").unwrap() < sen_sok
    );
    assert!(pp.contains(r#"<a class="call" href="tel:023100100">Call <span class="number">023 100 100</span></a>"#), "{pp}");
    assert!(pp.contains(r#"href="tel:+85512345678""#), "{pp}");
    assert!(pp.contains("Emergency care 24 hours a day"), "{pp}");
    assert!(
        pp.contains(
            r#"Contracted by the NSSF (checked <time datetime="2025-01-15">15 January 2025</time>)"#
        ),
        "{pp}"
    );
    assert!(pp.contains("Sample record"), "sample records say so: {pp}");
    let fr = site.read("fr/facilities/phnom-penh/index.html");
    assert!(
        fr.contains(r#"<h3 id="pp-centre-name" lang="en">Sen Sok Health Centre</h3>"#),
        "fallback name marked: {fr}"
    );
    // All 25 provinces exist, with their counts on the index.
    let index = site.read("km/facilities/index.html");
    assert!(
        index.contains(r#"<a href="siem-reap/">សៀមរាប <span class="count">(២)</span></a>"#),
        "{index}"
    );
    assert!(
        index.contains(r#"<a href="kep/">កែប <span class="count">(០)</span></a>"#),
        "{index}"
    );
    assert_eq!(index.matches(r#"<span class="count">"#).count(), 25);
    let kep = site.read("en/facilities/kep/index.html");
    assert!(
        kep.contains("No facility is listed for this province yet"),
        "{kep}"
    );
}

#[test]
fn the_directory_is_published_as_csv_json_and_a_filter_script() {
    let site = Fixture::copy("portal");
    site.build_ok(&[]);
    let csv = site.read("data/facilities.csv");
    assert!(
        csv.starts_with("id,name_km,name_en,name_fr,type,province,"),
        "{csv}"
    );
    assert!(
        csv.contains(
            "pp-hospital,មន្ទីរពេទ្យ,Capital Hospital,Hôpital de la capitale,national_hospital,12,"
        ),
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("data/facilities.json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 4);
    assert_eq!(json[0]["name"]["fr"], "Hôpital de la capitale");
    let script = site.read("data/facilities-en.js");
    assert!(
        script.starts_with("window.SPEAN_FACILITIES = ["),
        "{script}"
    );
    assert!(
        script.contains(r#""page":"phnom-penh/#pp-hospital""#),
        "{script}"
    );
    let index = site.read("en/facilities/index.html");
    assert!(
        index.contains("data-src=../../data/facilities-en.js"),
        "the data script is loaded when the filter is used: {index}"
    );
    assert!(site.public().join("data/facilities-en.js").is_file());
    let at = index.find("id=facility-filter").unwrap();
    let form = &index[index[..at].rfind("<form").unwrap()..];
    let form = &form[..form.find('>').unwrap()];
    assert!(
        form.contains(" hidden ") && form.contains("id=facility-filter"),
        "hidden until script runs: {form}"
    );
    let broken = broken_links(&site.public(), false, Some("/portal/"));
    assert!(broken.is_empty(), "{broken:#?}");
    site.build_ok(&["--offline"]);
    let broken = broken_links(&site.public(), true, None);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn import_turns_a_spreadsheet_into_yaml_that_builds() {
    let site = Fixture::copy("portal");
    site.write(
        "sheet.csv",
        "id,name_km,name_en,type,province,district,phone,emergency_24h,services_en,nssf_contract,lat,lon,source,last_verified\n\
         kep-centre,មណ្ឌលសុខភាពកែប,Kep Health Centre,health_centre,23,Kep,036 123 456,no,Outpatient; Maternity,yes,10.48,104.32,Sheet 2025,2025-02-01\n\
         \"kp-post\",ប៉ុស្តិ៍,\"Kampot Post, river side\",health_post,7,Kampot,,0,,1,,,Sheet 2025,2025-02-01\n",
    );
    let out = site
        .spean()
        .args(["import", "facilities", "sheet.csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 2 facilities"));
    let yaml = std::fs::read_to_string(site.path().join("data/facilities/sheet.yaml")).unwrap();
    assert!(
        yaml.contains("name:\n    en: Kampot Post, river side\n    km: ប៉ុស្តិ៍"),
        "{yaml}"
    );
    site.build_ok(&["--no-minify"]);
    let kep = site.read("en/facilities/kep/index.html");
    assert!(
        kep.contains("Kep Health Centre") && kep.contains("Outpatient, Maternity")
            || kep.contains("Outpatient</span>, <span>Maternity"),
        "{kep}"
    );
    assert!(kep.contains("tel:036123456"), "{kep}");
}

#[test]
fn import_reports_bad_rows_by_line_and_writes_nothing() {
    let site = Fixture::copy("portal");
    site.write(
        "sheet.csv",
        "id,name,type,province,district,phone,source,last_verified\n\
         ok-one,Good,health_centre,12,Daun Penh,023 111 222,S,2025-01-01\n\
         bad-province,Bad,health_centre,26,Nowhere,023 111 222,S,2025-01-01\n\
         bad-phone,Bad,health_centre,12,X,12-34-ab,S,2025-01-01\n\
         bad-type,Bad,clinic,12,X,,S,2025-01-01\n",
    );
    let out = site
        .spean()
        .args(["import", "facilities", "sheet.csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for needle in [
        "sheet.csv:3:32",
        "row 3, column `province`: province 26 is not one of Cambodia's 25 provinces",
        "sheet.csv:4:34",
        "row 4, column `phone`: `12-34-ab` is not a phone number",
        "sheet.csv:5:14",
        "row 5, column `type`: `clinic` is not a facility type",
    ] {
        assert!(stderr.contains(needle), "{needle:?} in:\n{stderr}");
    }
    assert!(!site.path().join("data/facilities/sheet.yaml").exists());
    site.write("cols.csv", "id,nmae,type\n");
    let out = site
        .spean()
        .args(["import", "facilities", "cols.csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown column `nmae` (column 2)"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `name`?"));
}

/// Runs `spean import facilities` on a CSV written into the site; (exit code, stdout, stderr).
fn import(site: &Fixture, name: &str, csv: impl AsRef<[u8]>) -> (Option<i32>, String, String) {
    site.write(name, csv);
    let out = site
        .spean()
        .args([
            "import",
            "facilities",
            name,
            "--output",
            "data/facilities/imported.yaml",
        ])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const HEADER: &str =
    "id,name,type,province,district,phone,hours_en,emergency_24h,source,last_verified\n";

#[test]
fn import_reports_every_problem_of_every_row_in_one_run() {
    let site = Fixture::copy("portal");
    // Row 2 has five mistakes, row 3 two more, row 4 is good: all seven in one run.
    let csv = format!(
        "{HEADER}\
         Bad_Id,A,clinic,26,,12-34-ab,,maybe,S,2025-02-01\n\
         b-two,B,health_center,12,X,,,si,S,1 Feb 2025\n\
         c-three,C,health_post,12,X,,,no,S,2025-02-01\n"
    );
    let (code, stdout, stderr) = import(&site, "sheet.csv", csv);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert_has(
        &stderr,
        &[
            "sheet.csv:2:1",
            "row 2, column `id`: `Bad_Id` is not a valid id",
            "sheet.csv:2:10",
            "row 2, column `type`: `clinic` is not a facility type: use one of national_hospital, provincial_hospital, referral_hospital, health_centre, health_post, private_facility",
            "sheet.csv:2:17",
            "row 2, column `province`: province 26 is not one of Cambodia's 25 provinces",
            "sheet.csv:2:20",
            "row 2, column `district`: empty: every facility needs one",
            "sheet.csv:2:21",
            "row 2, column `phone`: `12-34-ab` is not a phone number",
            "sheet.csv:2:31",
            "row 2, column `emergency_24h`: `maybe` is not a yes/no answer: write yes or no (for yes also y, true, 1, oui, បាទ, ចាស; for no also n, false, 0, non, ទេ)",
            "sheet.csv:3:9",
            "row 3, column `type`: `health_center` is not a facility type",
            "did you mean `health_centre`?",
            "sheet.csv:3:30",
            "row 3, column `emergency_24h`: `si` is not a yes/no answer",
            "sheet.csv:3:35",
            "row 3, column `last_verified`: `1 Feb 2025` is not a date",
            "import failed: 9 problem(s); nothing was written",
        ],
    );
    assert!(!stderr.contains("row 4"), "{stderr}");
    assert!(!site.path().join("data/facilities/imported.yaml").exists());
}

#[test]
fn import_refuses_formula_cells_by_row_and_column() {
    let site = Fixture::copy("portal");
    let csv = format!(
        "{HEADER}\
         a-one,=HYPERLINK(\"http://x.example/\";\"Open\"),health_post,12,X,,,no,S,2025-02-01\n\
         a-two,B,health_post,12,@SUM(1+1),=1286,,no,S,2025-02-01\n\
         a-three,C,health_post,12,X,+855 12 345 678,-,no,+cmd|' /C calc'!A0,2025-02-01\n\
         a-four,D,health_post,12,X,,\"\tOpen\",no,\"\r-2+3\",2025-02-01\n"
    );
    let (code, stdout, stderr) = import(&site, "sheet.csv", csv);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert_has(
        &stderr,
        &[
            "sheet.csv:2:7",
            "row 2, column `name`: `=HYPERLINK(\"http://x.example/\";\"Open\")` starts with `=`: spreadsheet programs run a cell starting with it as a formula",
            "write a ' before it",
            "sheet.csv:3:24",
            "row 3, column `district`: `@SUM(1+1)` starts with `@`",
            "sheet.csv:3:34",
            "row 3, column `phone`: `=1286` starts with `=`",
            "sheet.csv:4:44",
            "row 4, column `hours_en`: `-` alone",
            "leave the cell empty when there is nothing to write",
            "sheet.csv:4:49",
            "row 4, column `source`: `+cmd|' /C calc'!A0` starts with `+`",
            "sheet.csv:5:28",
            "row 5, column `hours_en`: the cell starts with a tab",
            "sheet.csv:5:39",
            "row 5, column `source`: the cell starts with a line break",
            "import failed: 7 problem(s)",
        ],
    );
    // The phone's leading `+` is fine in the phone column.
    assert!(!stderr.contains("column `phone`: `+855"), "{stderr}");
    assert!(!site.path().join("data/facilities/imported.yaml").exists());

    // A text that really starts with `=` is written with a `'` before it, as spean writes it.
    let (code, stdout, stderr) = import(
        &site,
        "quoted.csv",
        format!("{HEADER}a-one,'=Equal care,health_post,12,X,'+855 12 345 678,,no,S,2025-02-01\n"),
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let yaml = std::fs::read_to_string(site.path().join("data/facilities/imported.yaml")).unwrap();
    assert!(yaml.contains("name: =Equal care"), "{yaml}");
    assert!(yaml.contains("phone: +855 12 345 678"), "{yaml}");
}

#[test]
fn an_empty_sheet_a_header_alone_a_repeated_column_and_a_nul_are_errors() {
    let site = Fixture::copy("portal");
    let cases: [(&str, Vec<u8>, &[&str]); 5] = [
        ("empty.csv", b"\n\n".to_vec(), &["empty.csv: error: the file is empty"]),
        (
            "header.csv",
            HEADER.as_bytes().to_vec(),
            &["header.csv:1:1: error: no facility rows below the header"],
        ),
        (
            "twice.csv",
            b"id,name,type,province,district,name,source,last_verified\na,A,health_post,12,X,B,S,2025-02-01\n"
                .to_vec(),
            &["twice.csv:1:32: error: column `name` appears twice (columns 2 and 6)"],
        ),
        (
            "mixed.csv",
            b"id,name_en,type,province,district,name,source,last_verified\na,A,health_post,12,X,B,S,2025-02-01\n"
                .to_vec(),
            &["mixed.csv:1:35: error: columns `name_en` and `name` both give the name"],
        ),
        (
            "nul.csv",
            format!("{HEADER}a,A\0B,health_post,12,X,,,no,S,2025-02-01\n").into_bytes(),
            &["nul.csv:2:3: error: row 2, column `name`: the cell holds a NUL character"],
        ),
    ];
    for (name, csv, needles) in cases {
        let (code, stdout, stderr) = import(&site, name, csv);
        assert_eq!(code, Some(1), "{name}: {stdout}{stderr}");
        assert!(!stdout.contains("imported"), "{name}: {stdout}");
        let lines: String = stderr
            .lines()
            .filter(|l| l.contains(name))
            .collect::<Vec<_>>()
            .join("\n");
        for needle in needles {
            let (place, message) = needle.split_once(" error: ").unwrap();
            assert!(stderr.contains(message), "{name}: {message:?} in\n{stderr}");
            assert!(
                lines.contains(place.trim_end_matches(':')),
                "{name}: {place:?} in\n{stderr}"
            );
        }
        assert!(!site.path().join("data/facilities/imported.yaml").exists());
    }
}

#[test]
fn the_published_csv_escapes_formula_cells_and_imports_back() {
    let site = Fixture::copy("portal");
    edit(
        &site,
        "data/facilities/sample.yaml",
        "name: {km: មណ្ឌលសុខភាពសៀមរាប, en: Siem Reap Health Centre,",
        "name: {km: មណ្ឌលសុខភាពសៀមរាប, en: \"=HYPERLINK(\\\"http://x.example/\\\")\",",
    );
    edit(
        &site,
        "data/facilities/sample.yaml",
        "  province: 17\n  district: {km: សៀមរាប, en: Siem Reap, fr: Siem Reap}\n  source: Sample",
        "  province: 17\n  district: {km: សៀមរាប, en: \"@Siem Reap\", fr: \"-Siem Reap\"}\n  source: Sample",
    );
    site.build_ok(&[]);
    let published = site.read("data/facilities.csv");
    let mut reader = csv::Reader::from_reader(published.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap();
    assert_eq!(
        &row("sr-centre")[column("name_en")],
        "'=HYPERLINK(\"http://x.example/\")"
    );
    assert_eq!(&row("sr-centre")[column("district_en")], "'@Siem Reap");
    assert_eq!(&row("sr-centre")[column("district_fr")], "'-Siem Reap");
    assert_eq!(&row("pp-centre")[column("phone")], "'+855 12 345 678");
    assert_eq!(&row("pp-hospital")[column("phone")], "023 100 100");
    // No cell of the published CSV starts a formula.
    for record in &rows {
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    // Back through the import: the quotes come off, the texts are as they were. (The records
    // leave their YAML file first: the same ids in two files are refused.)
    site.remove("data/facilities/sample.yaml");
    let (code, stdout, stderr) = import(&site, "published.csv", &published);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("imported 4 facilities"), "{stdout}");
    let yaml = std::fs::read_to_string(site.path().join("data/facilities/imported.yaml")).unwrap();
    for needle in [
        "en: =HYPERLINK(\"http://x.example/\")",
        "en: '@Siem Reap'",
        "fr: -Siem Reap",
        "phone: +855 12 345 678",
    ] {
        assert!(yaml.contains(needle), "{needle:?} in\n{yaml}");
    }
}

/// Builds, breaks one data file, builds again: exit 1, public/ unchanged; returns stderr.
fn failing_build(break_it: impl FnOnce(&Fixture)) -> String {
    let site = Fixture::copy("portal");
    site.build_ok(&[]);
    let before = tree_snapshot(&site.public());
    break_it(&site);
    let out = site.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        before,
        tree_snapshot(&site.public()),
        "public/ changed:\n{stderr}"
    );
    stderr
}

fn edit(site: &Fixture, file: &str, from: &str, to: &str) {
    let path = site.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn assert_has(stderr: &str, needles: &[&str]) {
    for needle in needles {
        assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
    }
}

#[test]
fn bad_data_is_reported_with_file_line_and_column() {
    let stderr = failing_build(|s| {
        edit(
            s,
            "data/facilities/sample.yaml",
            "  emergency_24h: true\n  nssf_contract: true\n  contract_checked",
            "  emergency_24h: true\n  nssf_contrat: true\n  contract_checked",
        );
        edit(
            s,
            "data/facilities/sample.yaml",
            "  province: 17\n  district: {km: សៀមរាប, en: Siem Reap, fr: Siem Reap}\n  source",
            "  province: 26\n  district: {km: សៀមរាប, en: Siem Reap, fr: Siem Reap}\n  source",
        );
        edit(
            s,
            "data/facilities/sample.yaml",
            "  lat: 11.58\n  lon: 104.92",
            "  lat: 104.92\n  lon: 11.58",
        );
        edit(
            s,
            "data/facilities/sample.yaml",
            "phone: 063 963 111",
            "phone: 63-96-31-11x",
        );
        edit(
            s,
            "data/schemes/schemes.yaml",
            "  weight: 2",
            "  weight: second",
        );
    });
    assert_has(
        &stderr,
        &[
            "data/facilities/sample.yaml:9:3",
            "unknown field `nssf_contrat`",
            "did you mean `nssf_contract`?",
            "data/facilities/sample.yaml:30:13",
            "province 26 is not one of Cambodia's 25 provinces",
            "data/facilities/sample.yaml:39:10",
            "`63-96-31-11x` is not a phone number",
            "data/schemes/schemes.yaml:15:11",
            "invalid type: string \"second\"",
        ],
    );
    // One error per record: the coordinates of the first facility sit after its unknown field,
    // so they are checked in a build of their own.
    let stderr = failing_build(|s| {
        edit(
            s,
            "data/facilities/sample.yaml",
            "  lat: 11.58\n  lon: 104.92",
            "  lat: 104.92\n  lon: 11.58",
        );
    });
    assert_has(
        &stderr,
        &[
            "data/facilities/sample.yaml:11:8",
            "latitude 104.92 is outside Cambodia",
            "swapped",
        ],
    );
}

#[test]
fn cross_references_are_checked() {
    let stderr = failing_build(|s| {
        edit(
            s,
            "data/benefits/benefits.yaml",
            "scheme: employees",
            "scheme: employes",
        );
        edit(
            s,
            "data/facilities/sample.yaml",
            "- id: sr-hospital",
            "- id: sr-centre",
        );
        edit(
            s,
            "data/journeys/join.yaml",
            "@/guide/pay.md#when-where",
            "@/guide/payment.md",
        );
        edit(
            s,
            "data/schemes/schemes.yaml",
            "journey: join",
            "journey: joining",
        );
    });
    assert_has(
        &stderr,
        &[
            "data/benefits/benefits.yaml:2:3",
            "scheme `employes` does not exist",
            "did you mean `employees`?",
            "data/facilities/sample.yaml:34:3",
            "duplicate facility id `sr-centre`",
            "data/facilities/sample.yaml:27 already uses it",
            "data/journeys/join.yaml:18:7",
            "link to a page that does not exist: @/guide/payment.md",
            "did you mean @/guide/pay.md?",
            "data/schemes/schemes.yaml:11:3",
            "journey `joining` does not exist",
        ],
    );
}

#[test]
fn a_translation_in_an_unknown_language_and_a_missing_section_page() {
    let stderr = failing_build(|s| {
        edit(
            s,
            "data/benefits/benefits.yaml",
            "{en: Twins,",
            "{eng: Twins,",
        );
    });
    assert_has(
        &stderr,
        &[
            "data/benefits/benefits.yaml:6:",
            "`eng` is not a language of this site (languages: km, en, fr)",
        ],
    );
    let stderr = failing_build(|s| s.remove("content/facilities/_index.en.md"));
    assert_has(
        &stderr,
        &[
            "there are facilities but no page for them",
            "create content/facilities/_index.km.md",
        ],
    );
}

#[test]
fn import_refuses_an_id_a_facility_of_the_site_has_naming_its_file_and_line() {
    let site = Fixture::copy("portal");
    let sample = std::fs::read_to_string(site.path().join("data/facilities/sample.yaml")).unwrap();
    let line = sample.lines().position(|l| l == "- id: sr-centre").unwrap() + 1;
    let csv = format!(
        "{HEADER}kep-centre,K,health_centre,23,Kep,,,no,S,2025-02-01
sr-centre,S,health_centre,17,X,,,no,S,2025-02-01
"
    );
    let (code, stdout, stderr) = import(&site, "sheet.csv", &csv);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert_has(
        &stderr,
        &[
            "sheet.csv:3:1",
            &format!(
                "row 3, column `id`: `sr-centre` is already the id of a facility of the site, at data/facilities/sample.yaml:{line}:3"
            ),
            "import failed: 1 problem(s)",
        ],
    );
    assert!(!site.path().join("data/facilities/imported.yaml").exists());
    // The ids of the file an import replaces are its own.
    let csv = format!(
        "{HEADER}kep-centre,K,health_centre,23,Kep,,,no,S,2025-02-01
"
    );
    for _ in 0..2 {
        let (code, stdout, stderr) = import(&site, "sheet.csv", &csv);
        assert_eq!(code, Some(0), "{stdout}{stderr}");
    }
    site.build_ok(&[]);
}

#[test]
fn an_import_shows_its_rows_on_a_terminal_and_nothing_extra_when_piped() {
    let site = Fixture::copy("portal");
    let mut csv = String::from(
        "id,name_km,name_en,type,province,district,phone,emergency_24h,services_en,nssf_contract,lat,lon,source,last_verified\n",
    );
    for n in 0..40 {
        csv.push_str(&format!(
            "post-{n},ប៉ុស្តិ៍ {n},Post {n},health_post,7,Kampot,,no,,yes,,,Sheet 2026,2026-11-01\n"
        ));
    }
    site.write("sheet.csv", &csv);
    let terminal = common::on_a_terminal(&site, "import facilities sheet.csv", &[]);
    assert!(terminal.contains("checking rows"), "{terminal:?}");
    assert!(terminal.contains("imported 40 facilities"), "{terminal:?}");
    // Piped, the same import (it replaces the file it wrote) prints its one line only.
    let out = site
        .spean()
        .args(["import", "facilities", "sheet.csv"])
        .env_remove("CI")
        .env("SPEAN_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr, "");
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 40 facilities"));
}
