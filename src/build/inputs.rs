//! The build driver's inputs step: configuration, content, data and theme, from what a kept
//! engine still holds where it is still good, read again otherwise; then the model. (The static
//! files are listed by `statics`, the public key read by `read_public_key`.)

use std::sync::Arc;
use std::time::Instant;

use super::{BuildError, Engine, timing};
use crate::config::Config;
use crate::data;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{self, Site};
use crate::theme::{self, Theme};

use super::content::ContentCache;

impl Engine {
    /// Config, theme, content and data, from the cache where it is still good; then the model.
    pub(crate) fn load(&mut self) -> Result<(Site, Arc<Theme>, Vec<Diagnostic>), BuildError> {
        let config = match &self.config {
            Some(config) => config.clone(),
            None => {
                let config = Config::load(&self.options).map_err(BuildError::Content)?;
                self.config = Some(config.clone());
                config
            }
        };
        let need_theme = self.theme.is_none();
        let need_content = self.content.is_none();
        let need_data = self.data.is_none();
        let (theme, (content, data)) = rayon::join(
            || need_theme.then(|| theme::load_theme(&config).map(Arc::new)),
            || {
                rayon::join(
                    || need_content.then(|| ContentCache::load(&config)),
                    || {
                        need_data.then(|| {
                            let (data, problems) = data::load_data(&config);
                            (Arc::new(data), problems)
                        })
                    },
                )
            },
        );
        if let Some(theme) = theme {
            self.theme = Some(theme);
        }
        if let Some(content) = content {
            self.content = Some(content);
        }
        if let Some(data) = data {
            self.data = Some(data);
        }
        let t = Instant::now();
        let mut diagnostics = Diagnostics::default();
        let (mut loaded, problems) = self
            .content
            .as_ref()
            .expect("content was just loaded")
            .loaded(&config);
        diagnostics.extend(problems);
        let (data, problems) = self.data.as_ref().expect("data was just loaded");
        diagnostics.extend(problems.iter().cloned());
        diagnostics.extend(data::pages::add_data_pages(
            &config,
            data,
            &mut loaded.pages,
        ));
        let theme = match self.theme.as_ref().expect("the theme was just loaded") {
            Ok(theme) => Some(Arc::clone(theme)),
            Err(problems) => {
                diagnostics.extend(problems.iter().cloned());
                None
            }
        };
        timing("cache", t);
        let (site, problems) = model::build_model(config, loaded, Arc::clone(data));
        timing("model", t);
        diagnostics.extend(problems);
        match theme {
            Some(theme) if !diagnostics.has_errors() => {
                Ok((site, theme, diagnostics.into_sorted()))
            }
            _ => Err(BuildError::Content(diagnostics.into_sorted())),
        }
    }
}

/// The site's `signing-key.pub`, read on every build (`spean keygen` may write it at any time).
pub(super) fn read_public_key(config: &Config) -> Option<String> {
    std::fs::read_to_string(config.site_dir.join(crate::package::keys::SITE_PUBLIC_KEY)).ok()
}
