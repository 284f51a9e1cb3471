//! Step 2 of the pipeline, **model**: one in-memory site built once, that every later step reads.
//!
//! Pages are grouped with their translations into entries (one per path under `content/`), every
//! entry gets an output in every language (its own translation, or a fallback shown under the
//! reader's language URL), sections learn their children, URLs are computed once, and every
//! internal link is resolved and checked (see `links`).

pub(crate) mod links;
pub(crate) mod paths;
pub(crate) mod url;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::Config;
use crate::data::Data;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::load::file_name::{SECTION_INDEX, section_key};
use crate::load::{Asset, LoadedContent, SourcePage};

/// A page or section across its languages: the files `join.km.md`, `join.en.md`, `join.fr.md`.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Path under `content/` without language (`voluntary/join.md`).
    pub key: String,
    pub dir: String,
    pub is_section: bool,
    /// Language code → index into [`Site::sources`], for the translations that exist.
    pub variants: BTreeMap<String, usize>,
    /// The section this entry is listed in (its folder's `_index`, or the nearest above).
    pub parent: Option<usize>,
    /// For sections: the pages and sections listed in it.
    pub child_pages: Vec<usize>,
    pub child_sections: Vec<usize>,
}

/// A page written beside an output page (see [`Site::sub_pages`]).
#[derive(Debug, Clone)]
pub(crate) struct SubPage {
    /// Its address (`km/enrol/join/checklist/`).
    pub path: String,
    pub kind: SubPageKind,
}

#[derive(Debug, Clone)]
pub(crate) enum SubPageKind {
    Checklist,
    /// A question or an outcome reached by these answers.
    Answer,
}

/// One HTML page of the output: an entry in one reader language.
#[derive(Debug, Clone)]
pub(crate) struct Output {
    pub entry: usize,
    /// The reader's language (the URL's language folder).
    pub lang: String,
    /// The source shown: the translation in `lang`, or a fallback.
    pub source: usize,
    pub is_fallback: bool,
    /// Path under the output folder, e.g. `en/voluntary/join/`.
    pub path: String,
}

/// The whole site, as every later stage sees it.
#[derive(Debug)]
pub(crate) struct Site {
    pub config: Config,
    pub sources: Vec<Arc<SourcePage>>,
    pub entries: Vec<Entry>,
    /// `entries.len() × languages.len()` outputs: the output of entry `e` in language number
    /// `l` is at `e * languages + l`.
    pub outputs: Vec<Output>,
    pub assets: Vec<Asset>,
    /// Schemes, benefits, journeys and facilities (their pages are among `sources`).
    pub data: Arc<Data>,
    /// For each output, the hrefs of its body's internal links, in placeholder order.
    pub links: Vec<Vec<String>>,
    entry_by_key: crate::fingerprint::FastMap<String, usize>,
}

impl Site {
    pub(crate) fn entry(&self, key: &str) -> Option<usize> {
        self.entry_by_key.get(key).copied()
    }

    pub(crate) fn lang_index(&self, code: &str) -> usize {
        self.config
            .languages
            .iter()
            .position(|l| l.code == code)
            .expect("a language of the site")
    }

    /// The output of `entry` for readers of `lang`.
    pub(crate) fn output(&self, entry: usize, lang: &str) -> &Output {
        &self.outputs[self.output_index(entry, lang)]
    }

    pub(crate) fn output_index(&self, entry: usize, lang: &str) -> usize {
        entry * self.config.languages.len() + self.lang_index(lang)
    }

    pub(crate) fn home(&self) -> Option<usize> {
        self.entry(SECTION_INDEX)
    }

    /// The source shown by an output.
    pub(crate) fn source_of(&self, output: &Output) -> &SourcePage {
        &self.sources[output.source]
    }

    /// The pages an output writes beside itself, under its address: a journey's checklist, a
    /// question tree's page per way through it. Paths, rendering and the one-file edition all
    /// take them from here.
    pub(crate) fn sub_pages(&self, output: &Output) -> Vec<SubPage> {
        use crate::data::{Journey, Kind, QuestionTree};
        let shown = self.source_of(output).data;
        match shown.map(|r| (Journey::index_of(r), QuestionTree::index_of(r))) {
            Some((Some(_), _)) => vec![SubPage {
                path: format!("{}checklist/", output.path),
                kind: SubPageKind::Checklist,
            }],
            Some((_, Some(i))) => {
                let tree = &self.data.questions[i].value;
                crate::data::questions::walks(tree)
                    .into_iter()
                    .skip(1)
                    .map(|walk| SubPage {
                        path: format!("{}{}", output.path, walk.path(tree)),
                        kind: SubPageKind::Answer,
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// Count of outputs that show a fallback, per reader language.
    pub(crate) fn fallback_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for o in &self.outputs {
            *counts.entry(o.lang.clone()).or_insert(0) += usize::from(o.is_fallback);
        }
        counts
    }
}

/// Builds the model from what was loaded, with every problem it finds.
pub(crate) fn build_model(
    config: Config,
    loaded: LoadedContent,
    data: Arc<Data>,
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let LoadedContent {
        pages: sources,
        assets,
    } = loaded;

    // Group translations into entries, in a stable order (by key). Sorting indices is several
    // times faster than a map of keys on a large site, which matters to `spean serve`.
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_unstable_by(|a, b| sources[*a].key.cmp(&sources[*b].key).then(a.cmp(b)));
    let mut entries: Vec<Entry> = Vec::new();
    for index in order {
        let source = &sources[index];
        let variants = match entries.last_mut() {
            Some(entry) if entry.key == source.key => &mut entry.variants,
            _ => {
                entries.push(Entry {
                    dir: String::new(),
                    is_section: false,
                    key: source.key.clone(),
                    variants: BTreeMap::new(),
                    parent: None,
                    child_pages: Vec::new(),
                    child_sections: Vec::new(),
                });
                &mut entries.last_mut().expect("just pushed").variants
            }
        };
        if let Some(other) = variants.insert(source.lang.clone(), index) {
            let mut d = Diagnostic::error(&source.file, format!(
                "two files are the `{}` translation of {}: this one and {}",
                source.lang,
                source.key,
                sources[other].file.display()
            ))
            .with_hint("keep one file per language: join.md and join.km.md are the same page when km is the default language");
            // A data page is the later of the two (data pages follow content/): point at its record.
            if let Some((file, line, column)) = source.data.and_then(|r| data.page_location(r)) {
                d = d.at(&file.text, line, column);
            }
            diagnostics.push(d);
        }
    }
    for entry in &mut entries {
        let first = &sources[*entry
            .variants
            .values()
            .next()
            .expect("at least one variant")];
        entry.dir.clone_from(&first.dir);
        entry.is_section = first.is_section;
    }
    let entry_by_key: crate::fingerprint::FastMap<String, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.clone(), i))
        .collect();

    if !entry_by_key.contains_key(SECTION_INDEX) {
        diagnostics.push(
            Diagnostic::error(&config.content_dir, "the site has no home page").with_hint(format!(
                "create content/_index.{}.md with a title",
                config.default_language
            )),
        );
    }
    link_parents(&mut entries, &entry_by_key, &sources);

    let outputs = compute_outputs(&config, &entries, &sources);
    let mut site = Site {
        config,
        sources,
        entries,
        outputs,
        assets,
        data,
        links: Vec::new(),
        entry_by_key,
    };
    diagnostics.extend(paths::check_output_paths(&site));
    let (links, link_problems) = links::resolve_links(&site);
    site.links = links;
    diagnostics.extend(link_problems);
    (site, diagnostics)
}

/// Each entry's parent is the `_index` of its folder (for a section: of the folder above), or
/// the nearest section further up.
fn link_parents(
    entries: &mut [Entry],
    by_key: &crate::fingerprint::FastMap<String, usize>,
    sources: &[Arc<SourcePage>],
) {
    for index in 0..entries.len() {
        let entry = &entries[index];
        if entry.key == SECTION_INDEX {
            continue;
        }
        let mut dir = if entry.is_section {
            parent_dir(&entry.dir).to_string()
        } else {
            entry.dir.clone()
        };
        let parent = loop {
            let key = section_key(&dir);
            if let Some(p) = by_key.get(&key) {
                break Some(*p);
            }
            if dir.is_empty() {
                break None;
            }
            dir = parent_dir(&dir).to_string();
        };
        entries[index].parent = parent;
        if let Some(p) = parent {
            if entries[index].is_section {
                entries[p].child_sections.push(index);
            } else {
                entries[p].child_pages.push(index);
            }
        }
    }
    let keys: Vec<_> = entries.iter().map(|e| listing_order(e, sources)).collect();
    for entry in entries.iter_mut() {
        entry.child_pages.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
        entry.child_sections.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    }
}

/// Sorts an entry's child pages and sections again, as [`build_model`] sorted them (ties by
/// entry number, the order the model first listed them in), after a new title of one of them
/// (`build::patch`).
pub(crate) fn sort_children(site: &mut Site, e: usize) {
    let (entries, sources) = (&site.entries, &site.sources);
    let sorted = |list: &[usize]| {
        let mut list = list.to_vec();
        list.sort_by_cached_key(|&c| (listing_order(&entries[c], sources), c));
        list
    };
    let pages = sorted(&entries[e].child_pages);
    let sections = sorted(&entries[e].child_sections);
    site.entries[e].child_pages = pages;
    site.entries[e].child_sections = sections;
}

/// Where an entry stands in its parent's listings: by weight, then newest first, then title
/// (of its first variant).
pub(crate) fn listing_order<'s>(
    entry: &Entry,
    sources: &'s [Arc<SourcePage>],
) -> (i64, std::cmp::Reverse<Option<&'s Date>>, &'s str) {
    let front = &sources[*entry.variants.values().next().expect("a variant")].front;
    (
        front.weight,
        std::cmp::Reverse(front.date.as_ref()),
        &front.title,
    )
}

fn parent_dir(dir: &str) -> &str {
    dir.rfind('/').map_or("", |i| &dir[..i])
}

fn compute_outputs(config: &Config, entries: &[Entry], sources: &[Arc<SourcePage>]) -> Vec<Output> {
    let mut outputs = Vec::with_capacity(entries.len() * config.languages.len());
    // Slugs are computed once per folder and per source, not once per output.
    let mut folders: HashMap<&str, String> = HashMap::new();
    let mut slugs: HashMap<usize, Option<String>> = HashMap::new();
    let chains: Vec<Vec<&str>> = config
        .languages
        .iter()
        .map(|l| config.fallback_chain(&l.code))
        .collect();
    for (index, entry) in entries.iter().enumerate() {
        let folder = folders
            .entry(entry.dir.as_str())
            .or_insert_with(|| url::page_path("", &entry.dir, None));
        for (lang, chain) in config.languages.iter().zip(&chains) {
            let (shown_lang, source) = chain
                .iter()
                .find_map(|code| entry.variants.get(*code).map(|s| (*code, *s)))
                .expect("an entry has at least one variant");
            let slug = slugs.entry(source).or_insert_with(|| {
                let page = &sources[source];
                (!entry.is_section).then(|| {
                    page.front
                        .slug
                        .as_deref()
                        .map_or_else(|| crate::slug::slugify(&page.stem), crate::slug::slugify)
                })
            });
            // `folder` is `/<folders>/`: the language goes before it, the slug after it.
            let mut path = String::with_capacity(lang.code.len() + folder.len() + 32);
            path.push_str(&lang.code);
            path.push_str(folder);
            if let Some(slug) = slug {
                path.push_str(slug);
                path.push('/');
            }
            outputs.push(Output {
                entry: index,
                lang: lang.code.clone(),
                source,
                is_fallback: shown_lang != lang.code,
                path,
            });
        }
    }
    outputs
}
