//! Step 0 (config): `site.yaml` as written, before any check: the serde shape of the file, closed
//! (`deny_unknown_fields`, so a typo is reported with the nearest known key), with its defaults.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::RawHtml;
use super::zim::RawZim;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) title: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) description: BTreeMap<String, String>,
    pub(super) base_url: Option<String>,
    pub(super) default_language: String,
    pub(super) languages: Vec<RawLanguage>,
    #[serde(default = "default_theme")]
    pub(super) theme: String,
    pub(super) hotline: Option<String>,
    #[serde(default = "default_paginate")]
    pub(super) paginate: usize,
    #[serde(default = "default_feeds")]
    pub(super) feeds: Vec<String>,
    #[serde(default = "default_true")]
    pub(super) search: bool,
    #[serde(default = "default_stale_after_days")]
    pub(super) stale_after_days: u32,
    #[serde(default = "default_rebuild_warning_days")]
    pub(super) rebuild_warning_days: u32,
    #[serde(default)]
    pub(super) raw_html: RawHtml,
    #[serde(default)]
    pub(super) zim: RawZim,
    #[serde(default)]
    pub(super) single_file: RawSingleFile,
}

/// `single_file:` in `site.yaml`: how the one-file edition of each language is made.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSingleFile {
    /// The start of the file names (`<name>-km.html`); default: from the English title.
    pub(super) name: Option<String>,
    /// Images up to this size are inlined; larger ones are left out, their alt text shown.
    pub(super) max_image_kb: Option<u64>,
}

fn default_stale_after_days() -> u32 {
    365
}

fn default_rebuild_warning_days() -> u32 {
    30
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    pub(super) code: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) fallback: Vec<String>,
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_true() -> bool {
    true
}

fn default_paginate() -> usize {
    30
}

fn default_feeds() -> Vec<String> {
    vec!["news".to_string()]
}
