//! spean (ស្ពាន, "bridge"): a static-site generator for a trilingual public information portal.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `config` (site.yaml + command line) → `load` (content files) → `model` (one site: pages,
//! translations, URLs, links) → `render` (templates, feeds, sitemap) → `write` (minify, swap).
//! `build` is the driver that runs them (inputs, plan, execute, write, report); `diagnostic`
//! carries content problems out of every stage.
//!
//! The library's surface is the command line (`cli::main`, which the `spean` binary calls) and
//! what the integration tests drive directly: one-off and kept builds ([`build`], [`Engine`]),
//! their options and reports, and the Markdown step ([`render_markdown`], [`fill_links`]).
//! Everything else is `pub(crate)`.

pub(crate) mod build;
pub(crate) mod check;
pub mod cli;
pub(crate) mod config;
pub(crate) mod data;
pub(crate) mod date;
pub(crate) mod diagnostic;
pub(crate) mod error;
pub(crate) mod fingerprint;
pub(crate) mod fold;
pub(crate) mod html;
pub(crate) mod i18n;
pub(crate) mod load;
pub(crate) mod model;
pub(crate) mod new;
pub(crate) mod outpath;
pub(crate) mod package;
pub(crate) mod placeholder;
pub(crate) mod progress;
pub(crate) mod render;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod single;
pub(crate) mod slug;
pub(crate) mod text;
pub(crate) mod theme;
pub(crate) mod watch;
pub(crate) mod write;
pub(crate) mod yaml;

pub use build::{BuildError, BuildReport, Engine, RebuildReport, build};
pub use config::{BuildOptions, RawHtml};
pub use diagnostic::Diagnostic;
pub use load::links::fill_links;
pub use load::markdown::render_markdown;
