//! Step 1 (load): records become pages, through the table of kinds: a page per record of each
//! kind with a template (`schemes/<id>/`, `enrol/<id>/` with a printable checklist beside it,
//! `check/<id>/`, the first question, each way through the tree a page under it, listed by
//! `questions::walks`), and per province of the directory (`facilities/<province>/`).
//!
//! Each is a [`SourcePage`] in every language, so the model treats it like a Markdown page:
//! listings, breadcrumbs, the language switcher, `@/schemes/<id>.md` links. The page's title
//! comes from the record's translated name; its anchors are the fixed ids of its template's
//! sections (`Fields::page`), so `@/schemes/voluntary-health.md#cost` is checked like any
//! other anchor.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::kind::{KindInfo, Records};
use super::provinces::{self, PROVINCES};
use super::{Data, Facility, Journey, Kind, QuestionTree, Scheme, Translated};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::file_name::section_key;
use crate::load::frontmatter::FrontMatter;
use crate::load::links::classify_link;
use crate::load::markdown::{Heading, RenderedMarkdown};
use crate::load::record_ref::RecordRef;
use crate::load::{Position, SourcePage};

/// Section folders under `content/` that data pages live in (each kind names its own).
pub(crate) const SCHEMES_DIR: &str = section(Scheme::INFO);
pub(crate) const JOURNEYS_DIR: &str = section(Journey::INFO);
pub(crate) const FACILITIES_DIR: &str = section(Facility::INFO);
pub(crate) const QUESTIONS_DIR: &str = section(QuestionTree::INFO);

const fn section(kind: &KindInfo) -> &'static str {
    match kind.section {
        Some(dir) => dir,
        None => panic!("a kind without pages has no section"),
    }
}

/// Adds a page per record of every kind with a template, and per province of the directory,
/// in every language, to `pages`; reports a data section whose `_index` page is missing (the
/// section page holds the editors' introduction text).
pub(crate) fn add_data_pages(
    config: &Config,
    data: &Data,
    pages: &mut Vec<Arc<SourcePage>>,
) -> Vec<Diagnostic> {
    let kinds = data.kinds();
    let problems = kinds
        .iter()
        .filter_map(|records| missing_section(config, records, pages))
        .collect();
    for lang in config.language_codes() {
        for records in &kinds {
            add_record_pages(config, data, records, lang, pages);
        }
        add_province_pages(data, lang, pages);
    }
    problems
}

/// A kind with records and a section, but no `_index` page for the section.
fn missing_section(
    config: &Config,
    records: &Records,
    pages: &[Arc<SourcePage>],
) -> Option<Diagnostic> {
    let (kind, dir) = (records.kind.folder, records.kind.section?);
    let key = section_key(dir);
    if records.records.is_empty() || pages.iter().any(|p| p.key == key) {
        return None;
    }
    Some(
        Diagnostic::error(format!("data/{kind}"), format!("there are {kind} but no page for them: content/{dir}/_index.<language>.md is missing"))
            .with_hint(format!("create content/{dir}/_index.{}.md with a title and an introduction", config.default_language)),
    )
}

/// A page in `lang` per record of a kind with a template (`<section>/<id>.md`): its title and
/// description from the record, the template's anchors as headings, the record's links to
/// pages as the page's links.
pub(super) fn add_record_pages(
    config: &Config,
    data: &Data,
    records: &Records,
    lang: &str,
    pages: &mut Vec<Arc<SourcePage>>,
) {
    let (Some(template), Some(dir)) = (records.kind.template, records.kind.section) else {
        return;
    };
    let chain = config.fallback_chain(lang);
    let text = |t: Option<&Translated>| {
        t.and_then(|t| t.get(&chain))
            .map(|(s, _)| s.to_string())
            .unwrap_or_default()
    };
    for (i, record) in records.records.iter().enumerate() {
        let id = record.value.id();
        // A repeated id is reported by `check::check_data`; its page would be a second copy.
        if records.records[..i].iter().any(|r| r.value.id() == id) {
            continue;
        }
        let parts = record.value.page();
        let weight = record.value.weight().unwrap_or(i as i64);
        let mut f = front(text(parts.title), text(parts.summary), weight, template);
        f.sample = parts.sample;
        let headings = parts.anchors.iter().map(|a| heading(a)).collect();
        let shown = RecordRef {
            kind: records.kind.folder,
            index: i,
        };
        let mut p = page(data, record.file, dir, &id.0, lang, f, headings, shown);
        for link in &parts.links {
            push_link(config, data, record, &mut p, link.link, &link.at, link.why);
        }
        pages.push(Arc::new(p));
    }
}

/// A page in `lang` per province (`facilities/<province>.md`), all 25, even those with no
/// facility yet, so links never break; none without facilities.
fn add_province_pages(data: &Data, lang: &str, pages: &mut Vec<Arc<SourcePage>>) {
    let Some(first) = data.facilities.first() else {
        return;
    };
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
        let shown = RecordRef {
            kind: provinces::PAGE_KIND,
            index: usize::from(province.code),
        };
        let stem = province.slug();
        pages.push(Arc::new(page(
            data,
            first.file,
            FACILITIES_DIR,
            &stem,
            lang,
            f,
            Vec::new(),
            shown,
        )));
    }
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
    data_ref: RecordRef,
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
