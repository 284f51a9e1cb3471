//! Rebuilds after edits give the same bytes as a full build of the same files, and render only
//! what an edit touches. Runs the engine `spean serve` and `spean watch` use, on a copy of the
//! sample portal, without a file watcher (the watcher is tested in `watch.rs`).

mod common;

use std::path::{Path, PathBuf};

use common::tree_snapshot;
use spean::BuildOptions;
use spean::{Engine, RebuildReport};

struct Site {
    dir: tempfile::TempDir,
    engine: Engine,
}

impl Site {
    /// A copy of the sample portal (content, data, theme, site.yaml), built once.
    fn sample() -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        for part in ["content", "data", "themes", "site.yaml"] {
            copy(&root.join(part), &dir.path().join(part));
        }
        let mut engine = Engine::new(options(dir.path(), "public"), true);
        engine.build().expect("the sample portal builds");
        Site { dir, engine }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn edit(&self, rel: &str, change: impl FnOnce(String) -> String) -> PathBuf {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, change(text)).unwrap();
        path
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Rebuilds after a change to `changed`, then checks the output against a full build of
    /// the same files into another folder.
    fn rebuild(&mut self, changed: &[PathBuf]) -> RebuildReport {
        let report = self.engine.rebuild(changed).unwrap_or_else(|e| {
            panic!("rebuild failed: {e:?}");
        });
        self.assert_same_as_full_build(&report);
        report
    }

    fn assert_same_as_full_build(&self, report: &RebuildReport) {
        let full = self.path("full");
        let _ = std::fs::remove_dir_all(&full);
        spean::build(&options(self.dir.path(), "full")).expect("a full build");
        let relative = |dir: &Path| {
            tree_snapshot(dir)
                .into_iter()
                .map(|(p, bytes)| (p.strip_prefix(dir).unwrap().to_path_buf(), bytes))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let watched = relative(&self.path("public"));
        let fresh = relative(&full);
        let only_watched: Vec<_> = watched.keys().filter(|p| !fresh.contains_key(*p)).collect();
        let only_fresh: Vec<_> = fresh.keys().filter(|p| !watched.contains_key(*p)).collect();
        let differ: Vec<_> = watched
            .iter()
            .filter(|(p, bytes)| fresh.get(*p).is_some_and(|b| b != *bytes))
            .map(|(p, _)| p)
            .collect();
        assert!(
            only_watched.is_empty() && only_fresh.is_empty() && differ.is_empty(),
            "after {}:\nonly in the rebuilt output: {only_watched:?}\nonly in the full build: {only_fresh:?}\ndifferent: {differ:?}",
            report.summary()
        );
    }
}

fn options(site: &Path, output: &str) -> BuildOptions {
    BuildOptions {
        site_dir: site.to_path_buf(),
        output_dir: Some(site.join(output)),
        ..BuildOptions::default()
    }
}

fn copy(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::copy(from, to).unwrap();
    } else {
        common::copy_tree(from, to);
    }
}

#[test]
fn a_series_of_edits_gives_the_same_output_as_a_full_build() {
    let mut site = Site::sample();

    // A sentence added at the end of a page: only the outputs showing that text change.
    let page = site.edit("content/voluntary/contribution.en.md", |t| {
        t + "\nA sentence added by an editor.\n"
    });
    let report = site.rebuild(std::slice::from_ref(&page));
    assert!(report.full.is_none(), "{}", report.summary());
    assert!(report.patched, "a text edit patches the model");
    assert!(
        report.rendered <= 3,
        "a body edit rendered {} pages",
        report.rendered
    );
    assert!(
        report
            .written
            .contains(&"en/voluntary/contribution/index.html".to_string()),
        "{:?}",
        report.written
    );
    assert!(
        ["km", "en", "fr"]
            .iter()
            .all(|l| report.written.contains(&format!("{l}/sw.js"))),
        "a page that changes gives every language's service worker a new cache version: {:?}",
        report.written
    );
    assert!(
        !report
            .written
            .contains(&"km/voluntary/contribution/index.html".to_string())
    );
    assert!(
        report.written.iter().any(|p| p.starts_with("search/en/")),
        "the English search index follows the edit: {:?}",
        report.written
    );

    // A title: listings, breadcrumbs of nothing (a page), the search page.
    let report = site.rebuild(&[site.edit("content/voluntary/contribution.en.md", |t| {
        t.replace(
            "title: Contribution and payment",
            "title: Contribution and paying",
        )
    })]);
    assert!(
        report
            .written
            .contains(&"en/voluntary/index.html".to_string()),
        "the section lists the new title: {:?}",
        report.written
    );
    assert!(
        report.patched,
        "a title that keeps the page's place patches the model"
    );
    assert!(
        !report
            .written
            .iter()
            .any(|p| p.starts_with("search/km/") || p.starts_with("search/fr/")),
        "the other languages' search indexes are left alone: {:?}",
        report.written
    );
    assert!(
        !report.written.iter().any(|p| p == "sitemap.xml"),
        "the sitemap shows no titles: {:?}",
        report.written
    );

    // A section title: every page of the section (breadcrumbs) and the menu of every page.
    site.rebuild(&[site.edit("content/voluntary/_index.fr.md", |t| {
        t.replacen("title: ", "title: Adhésion — ", 1)
    })]);

    // Order of a listing.
    site.rebuild(&[site.edit("content/voluntary/join.en.md", |t| {
        t.replacen("weight: 3", "weight: -5", 1)
    })]);

    // A new page, in one language only (the others show it as a fallback).
    let new_page = site.write(
        "content/voluntary/questions.en.md",
        "---\ntitle: Common questions\ndate: 2025-06-01\n---\nCan I pay for a year at once? Ask at the bank.\n",
    );
    site.rebuild(std::slice::from_ref(&new_page));

    // Renamed (as `mv`, or an editor saving through a new name): one path gone, one new.
    let renamed = site.path("content/voluntary/faq.en.md");
    std::fs::rename(&new_page, &renamed).unwrap();
    site.rebuild(&[new_page.clone(), renamed.clone()]);

    // Deleted.
    std::fs::remove_file(&renamed).unwrap();
    site.rebuild(std::slice::from_ref(&renamed));

    // A translation deleted: that language now shows a fallback.
    let translation = site.path("content/news/talks-in-france.fr.md");
    std::fs::remove_file(&translation).unwrap();
    site.rebuild(std::slice::from_ref(&translation));

    // A new folder with a section and a page.
    site.write(
        "content/help/_index.en.md",
        "---\ntitle: Help\n---\nWhere to get help.\n",
    );
    site.write(
        "content/help/phone.en.md",
        "---\ntitle: By phone\n---\nCall 1286.\n",
    );
    site.rebuild(&[site.path("content/help")]);

    // Pages written, then their folder renamed before the rebuild reads them (the watcher's
    // events for the old paths come late, as on a busy machine): the old paths are gone, which
    // is no error of theirs.
    site.write("content/aid/_index.en.md", "---\ntitle: Aid\n---\nAid.\n");
    site.write(
        "content/aid/desk.en.md",
        "---\ntitle: The desk\n---\nAsk.\n",
    );
    std::fs::rename(site.path("content/aid"), site.path("content/desk")).unwrap();
    site.rebuild(&[
        site.path("content/aid/_index.en.md"),
        site.path("content/aid/desk.en.md"),
        site.path("content/aid"),
        site.path("content/desk"),
    ]);

    // A section inside a section: its title is in the breadcrumbs of its pages, not the menu.
    site.write(
        "content/help/offices/_index.en.md",
        "---\ntitle: Offices\n---\n",
    );
    site.write(
        "content/help/offices/phnom-penh.en.md",
        "---\ntitle: Phnom Penh office\n---\nOpen every weekday.\n",
    );
    site.rebuild(&[site.path("content/help/offices")]);
    let report = site.rebuild(&[site.edit("content/help/offices/_index.en.md", |t| {
        t.replace("title: Offices", "title: Our offices")
    })]);
    assert!(
        report.rendered < 20,
        "a sub-section's title rendered {} pages",
        report.rendered
    );

    // An image next to a page, then a link to it.
    site.write("content/help/card.png", "not really a PNG");
    site.rebuild(&[site.path("content/help/card.png")]);
    site.rebuild(&[site.edit("content/help/phone.en.md", |t| {
        t + "\n![The NSSF card](card.png)\n"
    })]);

    // A template (only the pages that use it), then a UI string (one language).
    let report = site.rebuild(&[site.edit("themes/default/templates/province.html", |t| {
        t.replacen("{% block", "{# edited #}{% block", 1)
    })]);
    assert!(report.full.is_none(), "{}", report.summary());
    site.rebuild(&[site.edit("themes/default/i18n/fr.yaml", |t| {
        t.replacen(": ", ": « ", 1).replacen('\n', " »\n", 1)
    })]);

    // Structured data: a facility's phone number.
    site.rebuild(&[site.edit("data/facilities/sample-directory.yaml", |t| {
        let at = t.find("phone: ").expect("a phone number");
        let end = at + t[at..].find('\n').unwrap();
        format!("{}phone: \"023 999 999\"{}", &t[..at], &t[end..])
    })]);

    // A stylesheet: only that file changes.
    let report = site.rebuild(&[site.edit("themes/default/static/css/style.css", |t| {
        t + "\n.edited { color: black; }\n"
    })]);
    assert!(report.css_only(), "{:?}", report.written);
    assert!(
        report.written.contains(&"en/sw.js".to_string()),
        "a new stylesheet is a new cache for the service worker: {:?}",
        report.written
    );

    // A file of the site's static/ folder.
    site.rebuild(&[site.write("static/robots-note.txt", "hello")]);

    // site.yaml: a full build.
    let report =
        site.rebuild(&[site.edit("site.yaml", |t| t.replace("paginate: 20", "paginate: 2"))]);
    assert!(report.full.is_some());

    // Back to a body edit after the full build.
    site.rebuild(&[site.edit("content/about/_index.km.md", |t| t + "\nបន្ថែម។\n")]);
}

#[test]
fn question_pages_follow_their_data_file_and_their_template() {
    let mut site = Site::sample();
    let tree = "data/questions/can-i-join.yaml";
    // A label: the question's page and every page that shows the answer change.
    let report = site.rebuild(&[site.edit(tree, |t| {
        t.replace("No, I work alone", "No, I work on my own")
    })]);
    let page = "en/check/can-i-join/self-employed/no-staff/no-card/18-or-over/index.html";
    assert!(
        report.written.contains(&page.to_string()),
        "{:?}",
        report.written
    );
    // An outcome made unreachable and removed, with the option that led to it: its page goes.
    site.rebuild(&[site.edit(tree, |t| {
        let option = t.find("        - id: card\n").unwrap();
        let end = option + t[option..].find("next: equity\n").unwrap() + "next: equity\n".len();
        let outcome = t.find("    - id: equity\n").unwrap();
        let outcome_end = t.find("    - id: child\n").unwrap();
        let t = format!("{}{}{}", &t[..option], &t[end..outcome], &t[outcome_end..]);
        t.replace("        - id: no-card", "        - id: maybe\n          label: Maybe\n          next: age\n        - id: no-card")
    })]);
    assert!(
        !site
            .path("public/en/check/can-i-join/self-employed/no-staff/card")
            .exists()
    );
    assert!(
        site.path("public/en/check/can-i-join/self-employed/no-staff/maybe/index.html")
            .exists()
    );
    // The template: the question pages only.
    let report = site.rebuild(&[site.edit("themes/default/templates/question.html", |t| {
        t.replacen("<article", "<article data-edited", 1)
    })]);
    assert!(report.full.is_none(), "{}", report.summary());
    assert!(
        report
            .written
            .iter()
            // A language's service worker carries the version of the whole output.
            .all(|p| p.contains("/check/") || p.starts_with("search/") || p.ends_with("/sw.js")),
        "{:?}",
        report.written
    );
}

#[test]
fn a_broken_edit_changes_nothing_and_the_next_good_one_catches_up() {
    let mut site = Site::sample();
    let before = tree_snapshot(&site.path("public"));
    let page = site.edit("content/voluntary/join.en.md", |t| {
        t.replacen("title:", "titel:", 1)
    });
    let other = site.edit("content/voluntary/contribution.en.md", |t| t + "\nMore.\n");
    match site.engine.rebuild(&[page.clone(), other.clone()]) {
        Err(spean::BuildError::Content(problems)) => {
            assert!(
                problems
                    .iter()
                    .any(|d| d.file.ends_with("content/voluntary/join.en.md") && d.line == 2),
                "{problems:#?}"
            );
        }
        other => panic!("expected content errors, got {other:?}"),
    }
    assert!(
        tree_snapshot(&site.path("public")) == before,
        "a failed rebuild wrote nothing"
    );
    // The fix: both the fixed page and the edit made while the site was broken appear.
    let report = site.rebuild(&[site.edit("content/voluntary/join.en.md", |t| {
        t.replacen("titel:", "title:", 1)
    })]);
    assert!(
        report
            .written
            .contains(&"en/voluntary/contribution/index.html".to_string()),
        "{:?}",
        report.written
    );

    // A link broken by a text edit (the model is patched, its links checked again).
    let join = site.path("content/voluntary/join.en.md");
    let before = tree_snapshot(&site.path("public"));
    let text = std::fs::read_to_string(&join).unwrap();
    std::fs::write(&join, text.clone() + "\nSee [nothing](@/nowhere.md).\n").unwrap();
    let patched = site.engine.rebuild(std::slice::from_ref(&join));
    match patched {
        Err(spean::BuildError::Content(problems)) => assert!(
            problems
                .iter()
                .any(|d| d.file.ends_with("content/voluntary/join.en.md")
                    && d.message.contains("@/nowhere.md")
                    && d.line > 1),
            "{problems:#?}"
        ),
        other => panic!("expected a broken link, got {other:?}"),
    }
    assert!(tree_snapshot(&site.path("public")) == before);
    std::fs::write(&join, text).unwrap();
    site.rebuild(std::slice::from_ref(&join));
}

#[test]
fn an_edit_made_while_rendering_failed_is_not_lost() {
    let mut site = Site::sample();
    let before = tree_snapshot(&site.path("public"));
    // Two text-only edits (the model is patched): one page's text, and a template that does
    // not exist on another, which only rendering finds.
    let other = site.edit("content/voluntary/contribution.en.md", |t| {
        t + "\nWritten while the site was broken.\n"
    });
    let join = site.edit("content/voluntary/join.en.md", |t| {
        t.replacen("title:", "template: missing.html\ntitle:", 1)
    });
    match site.engine.rebuild(&[other, join.clone()]) {
        Err(spean::BuildError::Content(problems)) => assert!(
            problems
                .iter()
                .any(|d| d.file.ends_with("content/voluntary/join.en.md")
                    && d.message.contains("missing.html")
                    && d.line == 2),
            "{problems:#?}"
        ),
        other => panic!("expected a missing template, got {other:?}"),
    }
    assert!(tree_snapshot(&site.path("public")) == before);
    // Fixing the one page brings the other edit too.
    let report = site.rebuild(&[site.edit("content/voluntary/join.en.md", |t| {
        t.replacen("template: missing.html\n", "", 1)
    })]);
    assert!(
        report
            .written
            .contains(&"en/voluntary/contribution/index.html".to_string()),
        "{:?}",
        report.written
    );
    // And the next edit is a patch again, of the repaired model.
    let report =
        site.rebuild(&[site.edit("content/voluntary/join.en.md", |t| t + "\nOne more line.\n")]);
    assert!(report.patched, "{}", report.summary());
}

#[test]
fn a_template_that_starts_showing_a_field_follows_its_edits() {
    let mut site = Site::sample();
    let shown = |site: &Site, rel: &str| std::fs::read_to_string(site.path(rel)).unwrap();

    // A page's own field that no template showed: the pages using the template are made
    // again, and from then on the page follows edits of the field.
    let report = site.rebuild(&[site.edit("themes/default/templates/page.html", |t| {
        t.replacen(
            "<article",
            "{% if page.extra.audience %}<p class=\"audience\">{{ page.extra.audience }}</p>{% endif %}<article",
            1,
        )
    })]);
    assert!(report.full.is_none(), "{}", report.summary());
    let join = "content/voluntary/join.en.md";
    site.rebuild(&[site.edit(join, |t| {
        t.replacen(
            "weight: 3\n",
            "weight: 3\nextra:\n  audience: Workers on their own\n",
            1,
        )
    })]);
    assert!(shown(&site, "public/en/voluntary/join/index.html").contains("Workers on their own"));
    let report = site.rebuild(&[site.edit(join, |t| {
        t.replace("Workers on their own", "Drivers and vendors")
    })]);
    assert!(
        report.full.is_none() && report.rendered <= 3,
        "{}",
        report.summary()
    );
    assert!(shown(&site, "public/en/voluntary/join/index.html").contains("Drivers and vendors"));

    // A field of another page: every page now shows its sections' descriptions in its
    // breadcrumbs, so a section's description reaches the pages under it.
    site.rebuild(&[site.edit("themes/default/templates/page.html", |t| {
        t.replacen(
            "<article",
            "{% for b in breadcrumbs %}<p class=\"crumb\">{{ b.description }}</p>{% endfor %}<article",
            1,
        )
    })]);
    let report = site.rebuild(&[site.edit("content/voluntary/_index.en.md", |t| {
        let (front, body) = t.split_once("\n---\n").unwrap();
        let front: String = front
            .lines()
            .filter(|l| !l.starts_with("description:"))
            .map(|l| format!("{l}\n"))
            .collect();
        format!("{front}description: A new description of the scheme\n---\n{body}")
    })]);
    assert!(report.full.is_none(), "{}", report.summary());
    assert!(
        shown(&site, "public/en/voluntary/join/index.html")
            .contains("A new description of the scheme")
    );
}

#[test]
fn a_title_edit_rewrites_its_listings_and_its_part_of_the_site_index_only() {
    let mut site = Site::sample();
    // A section long enough to have its own part of the site index (over ten pages), with
    // pages of the same weight and no date: their titles decide their order.
    for lang in ["en", "km", "fr"] {
        for n in 0..14 {
            site.write(
                &format!("content/forms/form-{n:02}.{lang}.md"),
                &format!("---\ntitle: Form {n:02} {lang}\nweight: 1\n---\nForm number {n}.\n"),
            );
        }
        site.write(
            &format!("content/forms/_index.{lang}.md"),
            &format!("---\ntitle: Forms {lang}\n---\n"),
        );
    }
    site.rebuild(&[site.path("content/forms")]);

    // A new title that keeps the page's place: the model is patched, and of the site index
    // only the English part that lists the page is written again.
    let report = site.rebuild(&[site.edit("content/forms/form-05.en.md", |t| {
        t.replace("title: Form 05 en", "title: Form 05 en (for employers)")
    })]);
    assert!(report.patched, "{}", report.summary());
    let parts: Vec<&String> = report
        .written
        .iter()
        .filter(|p| p.contains("/search/part-"))
        .collect();
    assert!(
        parts.len() == 1 && parts[0].starts_with("en/search/part-"),
        "one part of the English site index: {:?}",
        report.written
    );
    let part = std::fs::read_to_string(site.path("public").join(parts[0])).unwrap();
    assert!(part.contains("Form 05 en (for employers)"), "{part}");

    // A new title that moves the page in its listing: the model is patched, the listing
    // sorted again (and the output is still that of a full build: `rebuild` checks it).
    let report = site.rebuild(&[site.edit("content/forms/form-02.en.md", |t| {
        t.replace("title: Form 02 en", "title: Form 99 en")
    })]);
    assert!(report.patched, "{}", report.summary());
    let listing = std::fs::read_to_string(site.path("public/en/forms/index.html")).unwrap();
    let at = |title: &str| {
        listing
            .find(title)
            .unwrap_or_else(|| panic!("{title} listed"))
    };
    assert!(
        at("Form 13 en") < at("Form 99 en"),
        "the renamed page moved to the end"
    );
    // Every language's listing follows the English title's order: the French one moved too.
    let french = std::fs::read_to_string(site.path("public/fr/forms/index.html")).unwrap();
    let first_form =
        |html: &str| html.find("Form 03 fr").unwrap() < html.find("Form 02 fr").unwrap();
    assert!(first_form(&french), "Form 02 fr listed after Form 03 fr");
    // And back to its place, patched again, as a full build has it.
    let report = site.rebuild(&[site.edit("content/forms/form-02.en.md", |t| {
        t.replace("title: Form 99 en", "title: Form 02 en")
    })]);
    assert!(report.patched, "{}", report.summary());
    let french = std::fs::read_to_string(site.path("public/fr/forms/index.html")).unwrap();
    assert!(!first_form(&french), "Form 02 fr back before Form 03 fr");
}
