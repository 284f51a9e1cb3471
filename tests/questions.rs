//! Guided questions (`data/questions/*.yaml`): every check of a tree with the real binary, each
//! at its file, line and column; the pages a tree makes (one per way through it, every option a
//! plain link, the answers so far with a link to change each); the one-file edition.

mod common;

use common::{Fixture, assert_has};

/// A small tree: 2 questions, 3 outcomes, 5 pages.
const TREE: &str = "\
- id: can-i
  title: {km: តើខ្ញុំអាច?, en: Can I?, fr: Puis-je ?}
  summary: {km: សាកល្បង, en: A test tree, fr: Un arbre d'essai}
  sample: true
  source: A test source
  last_verified: 2025-03-07
  nodes:
    - id: work
      question: {km: ធ្វើការ?, en: Do you work for yourself?, fr: Travaillez-vous à votre compte ?}
      hint: {km: ឧទាហរណ៍, en: A hint, fr: Un indice}
      options:
        - id: yes
          label: {km: បាទ, en: Yes I do, fr: Oui}
          next: staff
        - id: no
          label: {km: ទេ, en: No I do not, fr: Non}
          next: employee
    - id: staff
      question: {km: បុគ្គលិក?, en: Do you employ people?, fr: Employez-vous du monde ?}
      options:
        - id: no-staff
          label: {km: ទេ, en: Nobody, fr: Personne}
          next: can-join
        - id: staff
          label: {km: បាទ, en: Some people, fr: Quelques personnes}
          next: employer
    - id: can-join
      outcome:
        title: {km: អាច, en: You can join, fr: Vous pouvez adhérer}
        means: {km: អាច, en: It means yes, fr: Cela veut dire oui}
        next_steps:
          - {km: ចុះឈ្មោះ, en: Register, fr: Inscrivez-vous}
        links:
          - label: {km: ដំណើរ, en: The journey, fr: Le parcours}
            link: \"@/enrol/join.md\"
    - id: employee
      outcome:
        title: {km: និយោជិត, en: Your employer registers you, fr: Votre employeur vous déclare}
        means: {km: និយោជិត, en: Ask your employer, fr: Demandez à votre employeur}
    - id: employer
      outcome:
        title: {km: និយោជក, en: Register your staff, fr: Déclarez vos employés}
        means: {km: និយោជក, en: Ask the NSSF, fr: Demandez à la NSSF}
";

const FILE: &str = "data/questions/can-i.yaml";

/// The portal fixture with the tree (changed by `change`) and the section page it needs.
fn portal(change: impl FnOnce(String) -> String) -> Fixture {
    let site = Fixture::copy("portal");
    for lang in ["km", "en", "fr"] {
        site.write(
            &format!("content/check/_index.{lang}.md"),
            format!("---\ntitle: Check {lang}\ndescription: Questions\n---\n"),
        );
    }
    site.write(FILE, change(TREE.to_string()));
    site
}

/// The error output of a build that must fail (exit code 1, nothing written).
fn failing(change: impl FnOnce(String) -> String) -> String {
    let site = portal(change);
    let out = site.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!site.public().exists(), "{stderr}");
    stderr
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

#[test]
fn an_option_that_leads_nowhere_is_reported_at_its_next() {
    let stderr = failing(|t| t.replace("next: employer", "next: employr"));
    let line = line_of(TREE, "next: employer");
    assert_has(
        &stderr,
        &[
            "option `staff` leads to `employr`, which is not a node of this tree",
            &format!("--> {FILE}:{line}:11"),
            "did you mean `employer`?",
        ],
    );
}

#[test]
fn a_cycle_is_reported_at_the_option_that_closes_it() {
    let stderr = failing(|t| t.replace("next: employer", "next: work"));
    let line = line_of(TREE, "next: employer");
    assert_has(
        &stderr,
        &[
            "option `staff` of `staff` leads back to `work`: the questions would never end",
            &format!("--> {FILE}:{line}:11"),
        ],
    );
}

#[test]
fn a_node_no_answer_leads_to_is_reported_at_its_id() {
    let stderr = failing(|t| t.replace("next: employer", "next: can-join"));
    let line = line_of(TREE, "- id: employer");
    assert_has(
        &stderr,
        &[
            "no answer leads to the outcome `employer`",
            &format!("--> {FILE}:{line}:7"),
        ],
    );
}

#[test]
fn a_question_needs_two_to_six_options_and_an_outcome_none() {
    let stderr = failing(|t| {
        let one = t.replace(
            "        - id: staff\n          label: {km: បាទ, en: Some people, fr: Quelques personnes}\n          next: employer\n",
            "",
        );
        one.replace(
            "    - id: employer\n      outcome:",
            "    - id: employer\n      options:\n        - {id: x, label: X, next: work}\n      outcome:",
        )
    });
    assert_has(
        &stderr,
        &[
            "the question `staff` has 1 option(s); a question offers 2 to 6",
            "the outcome `employer` has options",
        ],
    );
}

/// Nine questions in a row, each leading to the next or to the end.
fn chain(questions: usize) -> String {
    let mut t = TREE[..TREE.find("  nodes:").unwrap()].to_string();
    t.push_str("  nodes:\n");
    for n in 1..=questions {
        let next = if n == questions {
            "end".to_string()
        } else {
            format!("q{}", n + 1)
        };
        t.push_str(&format!(
            "    - id: q{n}\n      question: Question {n}?\n      options:\n        - {{id: go, label: Go on, next: {next}}}\n        - {{id: stop, label: Stop, next: end}}\n"
        ));
    }
    t.push_str("    - id: end\n      outcome: {title: The end, means: Done}\n");
    t
}

#[test]
fn more_than_eight_questions_on_one_way_is_too_deep() {
    let nine = chain(9);
    let stderr = failing(|_| nine.clone());
    let line = line_of(&nine, "- id: q9");
    assert_has(
        &stderr,
        &[
            "the question `q9` can be question 9: at most 8 questions on one way through",
            &format!("--> {FILE}:{line}:7"),
        ],
    );
    // Eight is fine.
    portal(|_| chain(8)).build_ok(&[]);
}

#[test]
fn a_tree_of_more_than_500_pages_is_refused_at_its_line() {
    // Six questions of four options, each option to the next question: 4^6 ways through.
    let mut t = TREE[..TREE.find("  nodes:").unwrap()].to_string();
    t.push_str("  nodes:\n");
    for n in 1..=6 {
        let next = if n == 6 {
            "end".into()
        } else {
            format!("q{}", n + 1)
        };
        t.push_str(&format!(
            "    - id: q{n}\n      question: Q{n}?\n      options:\n"
        ));
        for o in ["a", "b", "c", "d"] {
            t.push_str(&format!(
                "        - {{id: {o}, label: {o}, next: {next}}}\n"
            ));
        }
    }
    t.push_str("    - id: end\n      outcome: {title: End, means: Done}\n");
    let stderr = failing(|_| t);
    assert_has(
        &stderr,
        &[
            "the question tree `can-i` makes more than 500 pages",
            &format!("--> {FILE}:1:1"),
        ],
    );
}

#[test]
fn a_missing_translation_is_shown_in_another_language_and_counted() {
    // The fixture has untranslated texts of its own: count the tree's against it.
    let untranslated_fr = |site: &Fixture| {
        let out = site.build_ok(&[]);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let counts = stdout
            .split("untranslated data texts: ")
            .nth(1)
            .unwrap_or("");
        let fr = counts
            .split([',', ')'])
            .find_map(|c| c.trim().strip_prefix("fr "))
            .map_or(0, |n| n.parse::<usize>().unwrap());
        (fr, stdout)
    };
    let (before, _) = untranslated_fr(&portal(|t| t));
    let site = portal(|t| t.replace(", fr: Personne}", "}"));
    let (after, stdout) = untranslated_fr(&site);
    assert_eq!(after, before + 1, "{stdout}");
    assert!(
        stdout.contains("questions: 1 tree, 5 nodes, 5 ways through"),
        "{stdout}"
    );
    let page = site.read("fr/check/can-i/yes/index.html");
    assert!(
        page.contains("<a class=option href=no-staff/ lang=en>Nobody</a>"),
        "{page}"
    );
    let page = site.read("km/check/can-i/yes/index.html");
    assert!(page.contains(">ទេ</a>"), "{page}");
}

#[test]
fn each_way_through_is_a_page_of_plain_links_with_the_answers_so_far() {
    let site = portal(|t| t);
    site.build_ok(&["--offline"]);
    assert!(common::broken_links(&site.public(), true, None).is_empty());
    let first = site.read("en/check/can-i/index.html");
    assert_has(
        &first,
        &[
            "Question 1 of at most 2",
            "<a class=option href=yes/index.html>Yes I do</a>",
            "<a class=option href=no/index.html>No I do not</a>",
            "Sample guidance",
        ],
    );
    let second = site.read("km/check/can-i/yes/index.html");
    assert!(second.contains("សំណួរទី ២ ក្នុងចំណោមច្រើនបំផុត ២"), "{second}");
    let outcome = site.read("en/check/can-i/yes/no-staff/index.html");
    assert_has(
        &outcome,
        &[
            "<h1>You can join</h1>",
            "<dt>Do you work for yourself?</dt><dd><span>Yes I do</span> <a class=\"change no-print\" href=../../index.html>",
            "<dt>Do you employ people?</dt><dd><span>Nobody</span> <a class=\"change no-print\" href=../index.html>",
            "<a href=../../../../enrol/join/index.html>The journey</a>",
            "Rules checked on: <time datetime=2025-03-07>7 March 2025</time>",
            "A test source",
        ],
    );
    assert!(!outcome.contains("<script>"), "no inline script");
    // One page per way through, in every language: 5 each.
    for lang in ["km", "en", "fr"] {
        let pages = walkdir::WalkDir::new(site.public().join(lang).join("check/can-i"))
            .into_iter()
            .filter(|e| e.as_ref().unwrap().file_name() == "index.html")
            .count();
        assert_eq!(pages, 5, "{lang}");
    }
}

#[test]
fn an_outcome_link_to_a_missing_page_is_reported_at_its_line() {
    let stderr = failing(|t| t.replace("@/enrol/join.md", "@/enrol/jion.md"));
    let line = line_of(TREE, "@/enrol/join.md");
    assert_has(
        &stderr,
        &["@/enrol/jion.md", &format!("--> {FILE}:{line}:13")],
    );
}

#[test]
fn the_one_file_edition_holds_every_question_page_with_in_file_links() {
    let site = portal(|t| t);
    site.build_ok(&["--single-file"]);
    let name = std::fs::read_dir(site.public())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with("-en.html"))
        .expect("the English file");
    let file = site.read(&name);
    let ids = common::ids_in(&file);
    for id in [
        "check/can-i",
        "check/can-i/yes",
        "check/can-i/yes/no-staff",
        "check/can-i/no",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id}");
    }
    assert!(
        file.contains("href=#check/can-i/yes>Yes I do</a>"),
        "options are in-file links"
    );
    for link in common::links_in(&file) {
        if let Some(id) = link.strip_prefix('#') {
            assert!(ids.iter().any(|i| i == id), "no target for {link}");
        }
    }
}

/// In Chromium with JavaScript off, over `file://`: from each sample tree's first question,
/// following every option reaches every outcome of the tree, in each language; a click on an
/// option and the back button behave as on any link; an outcome prints with its date and
/// without its links to change answers.
#[test]
fn without_javascript_the_sample_questions_lead_to_every_outcome() {
    use common::cdp::Browser;
    use std::collections::{BTreeSet, VecDeque};

    let site = Fixture::sample();
    site.build_ok(&["--offline"]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut browser = Browser::launch();
    let tab = browser.open("about:blank", 360, 740);
    browser.call(
        Some(&tab),
        "Emulation.setScriptExecutionDisabled",
        serde_json::json!({"value": true}),
    );
    let trees: Vec<String> = std::fs::read_dir(root.join("data/questions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(trees.len() >= 2);
    for text in &trees {
        let id = text
            .lines()
            .find_map(|l| l.strip_prefix("- id: "))
            .unwrap()
            .trim();
        let outcomes = text.matches("\n      outcome:").count();
        for lang in ["km", "en", "fr"] {
            let start = site
                .public()
                .join(lang)
                .join("check")
                .join(id)
                .join("index.html");
            let mut queue = VecDeque::from([format!("file://{}", start.display())]);
            let mut reached = BTreeSet::new();
            while let Some(url) = queue.pop_front() {
                browser.navigate(&tab, &url);
                let options = browser.evaluate(
                    &tab,
                    "[...document.querySelectorAll('a.option')].map(a => a.href)",
                );
                let options = options.as_array().unwrap();
                if options.is_empty() {
                    let title =
                        browser.evaluate(&tab, "document.querySelector('main h1').textContent");
                    let date =
                        browser.evaluate(&tab, "!!document.querySelector('main .meta time')");
                    assert_eq!(
                        date,
                        serde_json::Value::Bool(true),
                        "{url}: the date the rules were checked"
                    );
                    reached.insert(title.as_str().unwrap().to_string());
                }
                queue.extend(options.iter().map(|o| o.as_str().unwrap().to_string()));
            }
            assert_eq!(reached.len(), outcomes, "{lang} {id}: {reached:?}");
        }
    }

    // A click on the first option, as a finger would, then the back button.
    let first = site.public().join("en/check/can-i-join/index.html");
    let first = format!("file://{}", first.display());
    browser.navigate(&tab, &first);
    let rect = browser.evaluate(
        &tab,
        "(() => { const r = document.querySelector('a.option').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()",
    );
    for kind in ["mousePressed", "mouseReleased"] {
        browser.call(
            Some(&tab),
            "Input.dispatchMouseEvent",
            serde_json::json!({"type": kind, "x": rect[0], "y": rect[1], "button": "left", "clickCount": 1}),
        );
    }
    browser.wait_for_event(&tab, "Page.loadEventFired");
    let here = browser.evaluate(&tab, "location.href");
    assert!(
        here.as_str()
            .unwrap()
            .ends_with("/can-i-join/self-employed/index.html"),
        "{here}"
    );
    let step = browser.evaluate(&tab, "document.querySelector('.question-step').textContent");
    assert_eq!(
        step,
        "Can I join the voluntary scheme? · Question 2 of at most 4"
    );
    let history = browser.call(
        Some(&tab),
        "Page.getNavigationHistory",
        serde_json::json!({}),
    );
    let back = &history["entries"][history["currentIndex"].as_u64().unwrap() as usize - 1];
    browser.call(
        Some(&tab),
        "Page.navigateToHistoryEntry",
        serde_json::json!({"entryId": back["id"]}),
    );
    browser.wait_for_event(&tab, "Page.loadEventFired");
    assert_eq!(
        browser.evaluate(&tab, "location.href"),
        serde_json::json!(first)
    );

    // Printed: the outcome, its date and sources; no options, no links to change answers.
    let outcome = site
        .public()
        .join("en/check/can-i-join/self-employed/no-staff/no-card/18-or-over/index.html");
    browser.navigate(&tab, &format!("file://{}", outcome.display()));
    browser.call(
        Some(&tab),
        "Emulation.setEmulatedMedia",
        serde_json::json!({"media": "print"}),
    );
    let printed = browser.evaluate(&tab, "document.body.innerText");
    let printed = printed.as_str().unwrap();
    assert_has(
        printed,
        &[
            "You can probably join",
            "Rules checked on",
            "Sample guidance",
        ],
    );
    assert!(!printed.contains("Change"), "{printed}");
    assert!(!printed.contains("Start again"), "{printed}");
}

#[test]
fn an_outcome_naming_a_scheme_that_does_not_exist_is_reported_at_its_line() {
    let stderr = failing(|t| {
        t.replace(
            "        next_steps:\n",
            "        scheme: voluntary-health-cares\n        next_steps:\n",
        )
    });
    let fixed = TREE.replace(
        "        next_steps:\n",
        "        scheme: voluntary-health-cares\n        next_steps:\n",
    );
    let line = line_of(&fixed, "scheme: voluntary-health-cares");
    assert_has(
        &stderr,
        &[
            "scheme `voluntary-health-cares` does not exist",
            &format!("--> {FILE}:{line}:9"),
        ],
    );
}

/// An outcome that names a scheme shows what it costs on the day the site is built, from the
/// same dated rules as the scheme's page: the sample's pension doubles on 1 October 2027.
#[test]
fn an_outcome_shows_its_schemes_contributions_in_force_on_the_day_built() {
    let site = Fixture::sample();
    let page = "en/check/which-scheme/employee/index.html";
    site.build_ok(&["--no-minify", "--today", "2027-09-30"]);
    let before = site.read(page);
    let costs = &before[before.find("outcome-scheme").expect("the scheme's costs")..];
    assert!(costs.contains("<strong>2% of wage</strong>"), "{costs}");
    assert!(costs.contains("From 1 October 2027: 4% of wage"), "{costs}");
    let km = site.read("km/check/which-scheme/employee/index.html");
    assert!(km.contains("outcome-scheme"), "the Khmer outcome too");
    site.build_ok(&["--no-minify", "--today", "2027-10-01"]);
    let after = site.read(page);
    let costs = &after[after.find("outcome-scheme").unwrap()..];
    assert!(costs.contains("<strong>4% of wage</strong>"), "{costs}");
    assert!(!costs.contains("From 1 October 2027"), "{costs}");
    // The scheme's own page agrees, on both days.
    assert!(
        site.read("en/schemes/pension/index.html")
            .contains("4% of wage")
    );
}
