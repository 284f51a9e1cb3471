//! Step 3 of the pipeline, **render**: what rendering one output read.
//!
//! Rendering reads the model through a [`Reads`]: each accessor notes what it read (a [`Read`])
//! and returns it, and [`Fingerprints::of`] hashes, for each kind of read, exactly what its
//! accessor returns (the same functions make both). The build driver keeps the reads of each
//! output it made; a rebuild makes again the outputs whose reads now hash differently. So what an
//! output depends on is what it read when it was made — a template that starts showing another
//! field reads it through an accessor, and the rebuild follows — never a list kept by hand.

use std::cell::RefCell;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::config::Config;
use crate::date::Date;
use crate::fingerprint::{self, Builder};
use crate::load::SourcePage;
use crate::model::{Output, Site};
use crate::theme::Theme;

/// One thing rendering read, by its place in this model.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Read {
    /// The configuration: `site.yaml` and the command line.
    Config,
    /// A template, with every template it extends, includes or imports.
    Template(String),
    /// The UI strings of a language.
    Strings(String),
    /// An output page itself (by index): its source (front matter and body), its entry's key
    /// and kind, its address, whether it is a fallback, and where each of its links leads.
    Page(usize),
    /// What a link to an output page shows ([`Listing`]).
    Listing(usize),
    /// The section an entry is listed in.
    Parent(usize),
    /// The pages and sections listed in an entry, in order.
    Children(usize),
    /// Whether an entry with this key exists.
    Entry(String),
    /// All structured data and every address of the site.
    Data,
    /// What every link shows ([`Listing`] of every output) and where every entry sits (feeds).
    Listings,
    /// Every output's address, in order, with its page's dates (the sitemap): not what links
    /// show, so a new title leaves it alone.
    Addresses,
}

/// A [`Read`] by names that stay the same from one model to the next (an output by its path, an
/// entry by its key), for the build driver to keep between rebuilds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Input {
    Config,
    Template(String),
    Strings(String),
    Page(String),
    Listing(String),
    Parent(String),
    Children(String),
    Entry(String),
    Data,
    Listings,
    Addresses,
}

impl Read {
    /// This read by stable names.
    pub(crate) fn input(&self, site: &Site) -> Input {
        let path = |o: &usize| site.outputs[*o].path.clone();
        let key = |e: &usize| site.entries[*e].key.clone();
        match self {
            Read::Config => Input::Config,
            Read::Template(name) => Input::Template(name.clone()),
            Read::Strings(lang) => Input::Strings(lang.clone()),
            Read::Page(o) => Input::Page(path(o)),
            Read::Listing(o) => Input::Listing(path(o)),
            Read::Parent(e) => Input::Parent(key(e)),
            Read::Children(e) => Input::Children(key(e)),
            Read::Entry(k) => Input::Entry(k.clone()),
            Read::Data => Input::Data,
            Read::Listings => Input::Listings,
            Read::Addresses => Input::Addresses,
        }
    }
}

/// What a link to an output page shows (a section's listing, breadcrumbs, the menu, the site
/// index), as its accessor returns it.
#[derive(Debug, Hash)]
pub(crate) struct Listing<'a> {
    pub path: &'a str,
    pub is_fallback: bool,
    /// The language of the text shown.
    pub lang: &'a str,
    pub title: &'a str,
    /// The description, or the summary of the body.
    pub description: &'a str,
    pub date: Option<&'a Date>,
    pub updated: Option<&'a Date>,
}

/// An entry's pages and sections, in their listing order, as one fingerprint.
fn children(site: &Site, e: &crate::model::Entry) -> u64 {
    let mut b = Builder::default();
    for c in e.child_pages.iter().chain(&e.child_sections) {
        b.add(&site.entries[*c].key);
    }
    b.add(e.child_pages.len()).finish()
}

fn listing(site: &Site, o: usize) -> Listing<'_> {
    let output = &site.outputs[o];
    let source = site.source_of(output);
    let front = &source.front;
    Listing {
        path: &output.path,
        is_fallback: output.is_fallback,
        lang: &source.lang,
        title: &front.title,
        description: front.description.as_ref().unwrap_or(&source.body.summary),
        date: front.date.as_ref(),
        updated: front.updated.as_ref(),
    }
}

/// The reads of one output while it is made. Not shared between threads: each output is made
/// by one.
pub(crate) struct Reads<'a> {
    site: &'a Site,
    theme: &'a Theme,
    log: RefCell<Vec<Read>>,
}

impl<'a> Reads<'a> {
    pub(crate) fn new(site: &'a Site, theme: &'a Theme) -> Reads<'a> {
        Reads {
            site,
            theme,
            log: RefCell::new(Vec::with_capacity(32)),
        }
    }

    fn note(&self, read: Read) {
        self.log.borrow_mut().push(read);
    }

    /// What was read, each once, in order.
    pub(crate) fn into_reads(self) -> Vec<Read> {
        let mut reads = self.log.into_inner();
        reads.sort_unstable();
        reads.dedup();
        reads
    }

    /// The theme, for its templates (`template`) and UI strings (`strings`).
    pub(crate) fn theme(&self) -> &'a Theme {
        self.theme
    }

    pub(crate) fn config(&self) -> &'a Config {
        self.note(Read::Config);
        &self.site.config
    }

    /// A template's name, as it is about to be rendered.
    pub(crate) fn template(&self, name: &str) {
        self.note(Read::Template(name.to_string()));
    }

    pub(crate) fn strings(&self, lang: &str) -> &'a BTreeMap<String, String> {
        self.note(Read::Strings(lang.to_string()));
        &self.theme.strings[lang]
    }

    /// [`Reads::strings`] as the template value a page's context shares.
    pub(crate) fn strings_value(&self, lang: &str) -> tera::Value {
        self.note(Read::Strings(lang.to_string()));
        self.theme.strings_value(lang)
    }

    /// An output page itself: its output, its source and its entry's key, folder and kind.
    pub(crate) fn page(&self, o: usize) -> (&'a Output, &'a SourcePage, &'a crate::model::Entry) {
        self.note(Read::Page(o));
        let output = &self.site.outputs[o];
        (
            output,
            self.site.source_of(output),
            &self.site.entries[output.entry],
        )
    }

    /// Where each internal link of an output page's body leads.
    pub(crate) fn links(&self, o: usize) -> &'a [String] {
        self.note(Read::Page(o));
        &self.site.links[o]
    }

    pub(crate) fn listing(&self, o: usize) -> Listing<'a> {
        self.note(Read::Listing(o));
        listing(self.site, o)
    }

    pub(crate) fn parent(&self, entry: usize) -> Option<usize> {
        self.note(Read::Parent(entry));
        self.site.entries[entry].parent
    }

    /// The pages, then the sections, listed in an entry.
    pub(crate) fn children(&self, entry: usize) -> (&'a [usize], &'a [usize]) {
        self.note(Read::Children(entry));
        let e = &self.site.entries[entry];
        (&e.child_pages, &e.child_sections)
    }

    /// The entry with this key, if there is one.
    pub(crate) fn entry(&self, key: &str) -> Option<usize> {
        self.note(Read::Entry(key.to_string()));
        self.site.entry(key)
    }

    /// The home page's entry, if the site has one.
    pub(crate) fn home(&self) -> Option<usize> {
        self.entry(crate::load::file_name::SECTION_INDEX)
    }

    /// The number of an entry's output in a language (no read: outputs are laid out by entry
    /// and language).
    pub(crate) fn output_index(&self, entry: usize, lang: &str) -> usize {
        self.site.output_index(entry, lang)
    }

    /// The structured data, with the model it links into (every address).
    pub(crate) fn data(&self) -> &'a Site {
        self.note(Read::Data);
        self.site
    }

    /// The model, for outputs that show what links show of every page and where it sits, and
    /// nothing else (feeds): what they read of it is what [`Listing`], `parent` and `children`
    /// give.
    pub(crate) fn listings(&self) -> &'a Site {
        self.note(Read::Config);
        self.note(Read::Listings);
        self.site
    }

    /// The model, for outputs that show every page's address and dates and nothing else (the
    /// sitemap): what they read of it is what [`address`] hashes of each output.
    pub(crate) fn addresses(&self) -> &'a Site {
        self.note(Read::Config);
        self.note(Read::Addresses);
        self.site
    }
}

/// The fingerprint of every read of one model.
pub(crate) struct Fingerprints<'a> {
    site: &'a Site,
    theme: &'a Theme,
    table: Table,
}

/// The fingerprints of one model's reads that are worth keeping for the next rebuild: those of
/// each output and entry (the rest are looked up when asked).
#[derive(Clone)]
pub(crate) struct Table {
    config: u64,
    pages: Vec<u64>,
    listings: Vec<u64>,
    parents: Vec<u64>,
    children: Vec<u64>,
    data: u64,
    all_listings: u64,
    /// Each output's address and dates ([`address`]), and all of them as one fingerprint.
    addresses: Vec<u64>,
    all_addresses: u64,
}

impl<'a> Fingerprints<'a> {
    /// The fingerprints of every read of a model.
    pub(crate) fn new(site: &'a Site, theme: &'a Theme) -> Fingerprints<'a> {
        let key = |e: Option<usize>| e.map(|e| site.entries[e].key.as_str());
        let (pages, (listings, addresses)): (Vec<u64>, (Vec<u64>, Vec<u64>)) =
            (0..site.outputs.len())
                .into_par_iter()
                .map(|o| {
                    (
                        page(site, o),
                        (fingerprint::of(listing(site, o)), address(site, o)),
                    )
                })
                .unzip();
        let parents: Vec<u64> = site
            .entries
            .par_iter()
            .map(|e| fingerprint::of(key(e.parent)))
            .collect();
        let children: Vec<u64> = site.entries.par_iter().map(|e| children(site, e)).collect();
        let data = fingerprint::of((
            site.data.fingerprint,
            site.outputs.iter().map(|o| &o.path).collect::<Vec<_>>(),
        ));
        let mut table = Table {
            config: config(site),
            pages,
            listings,
            parents,
            children,
            data,
            all_listings: 0,
            addresses,
            all_addresses: 0,
        };
        table.all_listings = table.all_listings();
        table.all_addresses = fingerprint::of(&table.addresses);
        Fingerprints { site, theme, table }
    }

    /// The fingerprints of a model that differs from the one `last` was made of only in the
    /// text of the outputs `changed` and perhaps the order of the listings that hold them (a
    /// patched model: `build::patch`): theirs and their parents' listing orders are made
    /// again, the others' kept. Cheaper than [`Fingerprints::new`], and the same numbers.
    pub(crate) fn patched(
        site: &'a Site,
        theme: &'a Theme,
        last: Table,
        changed: &[usize],
    ) -> Fingerprints<'a> {
        let mut table = last;
        for &o in changed {
            table.pages[o] = page(site, o);
            table.listings[o] = fingerprint::of(listing(site, o));
            table.addresses[o] = address(site, o);
            // A new title may have sorted its section's listings again (`build::patch`).
            if let Some(parent) = site.entries[site.outputs[o].entry].parent {
                table.children[parent] = children(site, &site.entries[parent]);
            }
        }
        table.config = config(site);
        table.all_listings = table.all_listings();
        table.all_addresses = fingerprint::of(&table.addresses);
        Fingerprints { site, theme, table }
    }

    /// What is kept for the next rebuild.
    pub(crate) fn table(&self) -> &Table {
        &self.table
    }

    /// The fingerprint of what `read` gives in this model.
    pub(crate) fn of(&self, read: &Read) -> u64 {
        match read {
            Read::Config => self.table.config,
            Read::Template(name) => self.theme.template_fingerprint(name),
            Read::Strings(lang) => self.theme.strings_fingerprint(lang),
            Read::Page(o) => self.table.pages[*o],
            Read::Listing(o) => self.table.listings[*o],
            Read::Parent(e) => self.table.parents[*e],
            Read::Children(e) => self.table.children[*e],
            Read::Entry(key) => fingerprint::of(self.site.entry(key).is_some()),
            Read::Data => self.table.data,
            Read::Listings => self.table.all_listings,
            Read::Addresses => self.table.all_addresses,
        }
    }

    /// The fingerprint of a set of reads, in order.
    pub(crate) fn of_all<'r>(&self, reads: impl IntoIterator<Item = &'r Read>) -> u64 {
        let mut b = Builder::default();
        for read in reads {
            b.add(self.of(read));
        }
        b.finish()
    }

    /// The read an input names in this model, if it still exists.
    pub(crate) fn resolve(
        &self,
        input: &Input,
        paths: &crate::fingerprint::FastMap<&str, usize>,
    ) -> Option<Read> {
        let entry = |key: &str| self.site.entry(key);
        Some(match input {
            Input::Config => Read::Config,
            Input::Template(name) => Read::Template(name.clone()),
            Input::Strings(lang) => Read::Strings(lang.clone()),
            Input::Page(path) => Read::Page(*paths.get(path.as_str())?),
            Input::Listing(path) => Read::Listing(*paths.get(path.as_str())?),
            Input::Parent(key) => Read::Parent(entry(key)?),
            Input::Children(key) => Read::Children(entry(key)?),
            Input::Entry(key) => Read::Entry(key.clone()),
            Input::Data => Read::Data,
            Input::Listings => Read::Listings,
            Input::Addresses => Read::Addresses,
        })
    }
}

impl Table {
    /// What every link shows and where every entry sits, as one fingerprint.
    fn all_listings(&self) -> u64 {
        fingerprint::of((&self.listings, &self.parents, &self.children))
    }
}

/// The fingerprint of [`Reads::page`] and [`Reads::links`] of an output.
fn page(site: &Site, o: usize) -> u64 {
    let output = &site.outputs[o];
    let entry = &site.entries[output.entry];
    fingerprint::of((
        &output.path,
        output.is_fallback,
        site.source_of(output).fingerprint,
        &site.links[o],
        (&entry.key, &entry.dir, entry.is_section),
    ))
}

/// What [`Reads::addresses`] gives of an output: its address and language, and its page's
/// dates. The outputs' fingerprints in order are the read's (the number of entries is the
/// number of outputs over the number of languages).
fn address(site: &Site, o: usize) -> u64 {
    let output = &site.outputs[o];
    let front = &site.source_of(output).front;
    fingerprint::of((
        &output.path,
        &output.lang,
        front.date.as_ref(),
        front.updated.as_ref(),
    ))
}

/// The fingerprint of [`Reads::config`].
fn config(site: &Site) -> u64 {
    fingerprint::of(format!("{:?}", site.config))
}
