//! spean (ស្ពាន, "bridge"): a static-site generator for a trilingual public information portal.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `config` (site.yaml + command line) → `load` (content files) → `model` (one site: pages,
//! translations, URLs, links) → `render` (templates, feeds, sitemap) → `write` (minify, swap).
//! `build` is the driver that runs them (inputs, plan, execute, write, report); `diagnostic`
//! carries content problems out of every stage.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod data;
pub mod date;
pub mod diagnostic;
pub mod error;
pub mod fingerprint;
pub(crate) mod fold;
pub(crate) mod html;
pub mod i18n;
pub mod load;
pub mod model;
pub mod new;
pub mod outpath;
pub mod package;
pub mod placeholder;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod single;
pub mod slug;
pub(crate) mod text;
pub mod theme;
pub mod watch;
pub mod write;
pub mod yaml;

pub use build::{BuildError, BuildReport, build};
pub use config::BuildOptions;
