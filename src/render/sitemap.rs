//! `sitemap.xml` with `hreflang` alternates for every page, and `robots.txt` pointing at it.
//!
//! The sitemap protocol wants absolute addresses, so it is written only when `site.yaml` has a
//! `base_url` (the build summary says so otherwise).

use crate::config::Config;
use crate::html::escape;
use crate::model::{Site, url};
use crate::render::RenderedFile;

pub(crate) fn render_sitemap(site: &Site) -> Option<RenderedFile> {
    let base = site.config.base_url.as_ref()?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (entry_index, _) in site.entries.iter().enumerate() {
        for lang in &site.config.languages {
            let output = site.output(entry_index, &lang.code);
            let source = site.source_of(output);
            xml.push_str("  <url>\n");
            xml.push_str(&format!(
                "    <loc>{}</loc>\n",
                escape(&url::absolute(base, &output.path))
            ));
            if let Some(date) = source.front.updated.as_ref().or(source.front.date.as_ref()) {
                xml.push_str(&format!("    <lastmod>{}</lastmod>\n", date.ymd()));
            }
            for other in &site.config.languages {
                let alt = site.output(entry_index, &other.code);
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    other.code,
                    escape(&url::absolute(base, &alt.path))
                ));
            }
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                escape(base)
            ));
            xml.push_str("  </url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    Some(RenderedFile {
        path: "sitemap.xml".to_string(),
        bytes: xml.into_bytes(),
    })
}

pub(crate) fn render_robots(config: &Config) -> RenderedFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &config.base_url {
        text.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    RenderedFile {
        path: "robots.txt".to_string(),
        bytes: text.into_bytes(),
    }
}
