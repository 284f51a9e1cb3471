//! Records become pages: a page per scheme (`schemes/<id>/`), per enrolment journey
//! (`enrol/<id>/`, with a printable checklist beside it) and per province of the directory
//! (`facilities/<province>/`, all 25, even those with no facility yet, so links never break) and
//! per question tree (`check/<id>/`, the first question; each way through the tree is a page
//! under it, listed by `questions::walks`).
//!
//! Each is a [`SourcePage`] in every language, so the model treats it like a Markdown page:
//! listings, breadcrumbs, the language switcher, `@/schemes/<id>.md` links. The page's title
//! comes from the record's translated name; its anchors are the fixed ids of its template's
//! sections, so `@/schemes/voluntary-health.md#cost` is checked like any other anchor.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Data, provinces::PROVINCES};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::file_name::section_key;
use crate::load::frontmatter::FrontMatter;
use crate::load::links::classify_link;
use crate::load::markdown::{Heading, RenderedMarkdown};
use crate::load::{Position, SourcePage};
use crate::yaml::Step::{Item, Key};

/// Which record a data page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataRef {
    Scheme(usize),
    Journey(usize),
    Province(u8),
    Question(usize),
}

/// Section folders under `content/` that data pages live in.
pub const SCHEMES_DIR: &str = "schemes";
pub const JOURNEYS_DIR: &str = "enrol";
pub const FACILITIES_DIR: &str = "facilities";
pub const QUESTIONS_DIR: &str = "check";

/// Anchors of the scheme template's sections (`#cost`, `#covers`...).
pub const SCHEME_ANCHORS: [&str; 8] = [
    "who-can-join",
    "cost",
    "calculator",
    "covers",
    "benefits",
    "how-to-pay",
    "stop-paying",
    "sources",
];

/// Adds a page per record in every language to `pages`; reports a data section whose
/// `_index` page is missing (the section page holds the editors' introduction text).
pub fn add_data_pages(
    config: &Config,
    data: &Data,
    pages: &mut Vec<Arc<SourcePage>>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let sections: [(&str, bool, &str); 4] = [
        (SCHEMES_DIR, !data.schemes.is_empty(), "schemes"),
        (JOURNEYS_DIR, !data.journeys.is_empty(), "journeys"),
        (FACILITIES_DIR, !data.facilities.is_empty(), "facilities"),
        (QUESTIONS_DIR, !data.questions.is_empty(), "questions"),
    ];
    for (dir, used, kind) in sections {
        let key = section_key(dir);
        if used && !pages.iter().any(|p| p.key == key) {
            problems.push(
                Diagnostic::error(format!("data/{kind}"), format!("there are {kind} but no page for them: content/{dir}/_index.<language>.md is missing"))
                    .with_hint(format!("create content/{dir}/_index.{}.md with a title and an introduction", config.default_language)),
            );
        }
    }

    for lang in config.language_codes() {
        let chain = config.fallback_chain(lang);
        let text = |t: &super::Translated| {
            t.get(&chain)
                .map(|(s, _)| s.to_string())
                .unwrap_or_default()
        };
        for (i, record) in data.schemes.iter().enumerate() {
            let s = &record.value;
            // A repeated id is reported by `check::check_data`; its page would be a second copy.
            if data.schemes[..i].iter().any(|r| r.value.id == s.id) {
                continue;
            }
            let headings = SCHEME_ANCHORS.iter().map(|id| heading(id)).collect();
            pages.push(Arc::new(page(
                data,
                record.file,
                SCHEMES_DIR,
                &s.id.0,
                lang,
                front(text(&s.name), text(&s.summary), s.weight, "scheme.html"),
                headings,
                DataRef::Scheme(i),
            )));
        }
        for (i, record) in data.journeys.iter().enumerate() {
            let j = &record.value;
            if data.journeys[..i].iter().any(|r| r.value.id == j.id) {
                continue;
            }
            let headings = (1..=j.steps.len())
                .map(|n| heading(&format!("step-{n}")))
                .collect();
            let mut p = page(
                data,
                record.file,
                JOURNEYS_DIR,
                &j.id.0,
                lang,
                front(text(&j.title), text(&j.summary), i as i64, "journey.html"),
                headings,
                DataRef::Journey(i),
            );
            // Step links are checked and resolved with the site's other links.
            for (n, step) in j.steps.iter().enumerate() {
                let Some(link) = &step.link else { continue };
                let at = [Key("steps"), Item(n), Key("link")];
                let why = "a step links to a page of the site, written @/path/to/page.md";
                push_link(config, data, record, &mut p, link, &at, why);
            }
            pages.push(Arc::new(p));
        }
        for (i, record) in data.questions.iter().enumerate() {
            let q = &record.value;
            if data.questions[..i].iter().any(|r| r.value.id == q.id) {
                continue;
            }
            let mut f = front(text(&q.title), text(&q.summary), q.weight, "question.html");
            f.sample = q.sample;
            let mut p = page(
                data,
                record.file,
                QUESTIONS_DIR,
                &q.id.0,
                lang,
                f,
                Vec::new(),
                DataRef::Question(i),
            );
            for (n, l, link) in q.links() {
                let at = [
                    Key("nodes"),
                    Item(n),
                    Key("outcome"),
                    Key("links"),
                    Item(l),
                    Key("link"),
                ];
                let why = "an outcome links to a page of the site, written @/path/to/page.md";
                push_link(config, data, record, &mut p, &link.link, &at, why);
            }
            pages.push(Arc::new(p));
        }
        if !data.facilities.is_empty() {
            let file = data.facilities[0].file;
            for province in &PROVINCES {
                let count = data
                    .facilities
                    .iter()
                    .filter(|f| f.value.province.0 == province.code)
                    .count();
                let mut f = front(
                    province.name(lang).to_string(),
                    String::new(),
                    province.code as i64,
                    "province.html",
                );
                f.extra
                    .insert("count".into(), crate::yaml::Value::from(count as u64));
                pages.push(Arc::new(page(
                    data,
                    file,
                    FACILITIES_DIR,
                    &province.slug(),
                    lang,
                    f,
                    Vec::new(),
                    DataRef::Province(province.code),
                )));
            }
        }
    }
    problems
}

/// Adds a link of a record to its page, checked and resolved with the site's other links, at
/// the line of the field that holds it (`at`).
fn push_link<T>(
    config: &Config,
    data: &Data,
    record: &super::Record<T>,
    page: &mut SourcePage,
    link: &str,
    at: &[crate::yaml::Step],
    why: &str,
) {
    let languages: Vec<String> = config.language_codes().map(str::to_string).collect();
    let target =
        classify_link(link, "", &languages).unwrap_or(crate::load::links::LinkTarget::Invalid {
            written: link.to_string(),
            reason: why.into(),
        });
    let (line, column) = data.locate(record, at);
    let offset = page.body.links.len();
    page.body
        .links
        .push(crate::load::links::LinkRef { target, offset });
    page.link_positions.push(Position {
        line,
        column,
        line_text: data.files[record.file]
            .text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or_default()
            .to_string(),
    });
}

fn heading(id: &str) -> Heading {
    Heading {
        level: 2,
        id: id.to_string(),
        title: String::new(),
    }
}

fn front(title: String, description: String, weight: i64, template: &str) -> FrontMatter {
    FrontMatter {
        title,
        description: (!description.is_empty()).then_some(description),
        date: None,
        updated: None,
        weight,
        draft: false,
        slug: None,
        template: Some(template.to_string()),
        aliases: Vec::new(),
        sample: false,
        translated_from: None,
        extra: BTreeMap::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn page(
    data: &Data,
    file: usize,
    dir: &str,
    stem: &str,
    lang: &str,
    front: FrontMatter,
    headings: Vec<Heading>,
    data_ref: DataRef,
) -> SourcePage {
    SourcePage {
        file: data.files[file].path.clone(),
        key: format!("{dir}/{stem}.md"),
        dir: dir.to_string(),
        stem: stem.to_string(),
        lang: lang.to_string(),
        is_section: false,
        front,
        // Diagnostics about a data page point at its record (`Data::page_location`).
        head: String::new(),
        body: RenderedMarkdown {
            headings,
            ..RenderedMarkdown::default()
        },
        link_positions: Vec::new(),
        missing_alt: Vec::new(),
        external_links: Vec::new(),
        placeholders: 0,
        data: Some(data_ref),
        fingerprint: crate::fingerprint::of((data.fingerprint, dir, stem, lang)),
    }
}
