//! A kind registered for this test only shows what a new kind takes: its schema (`Leaflet`,
//! with its `Fields` and `Kind`), and nothing else. Loading, the checks across records and the
//! page step take it as they take the others (in the site, one line of `kinds!` adds it to
//! `Data`, and its template goes in the theme).

use serde::Deserialize;

use super::*;
use crate::config::{BuildOptions, Config};
use crate::data::{check, pages, read};
use crate::yaml::Step::Key;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Leaflet {
    id: Id,
    #[serde(default)]
    draft: bool,
    title: Translated,
    scheme: Id,
    link: Option<String>,
    source: Sources,
    last_verified: Date,
}

impl Fields for Leaflet {
    fn id(&self) -> &Id {
        &self.id
    }
    fn is_draft(&self) -> bool {
        self.draft
    }
    fn last_verified(&self) -> &Date {
        &self.last_verified
    }
    fn sources(&self) -> &Sources {
        &self.source
    }
    fn texts(&self) -> Vec<&Translated> {
        vec![&self.title]
    }
    fn references(&self) -> Vec<Reference<'_>> {
        vec![Reference {
            at: vec![Key("scheme")],
            kind: crate::data::Scheme::INFO,
            id: &self.scheme,
        }]
    }
    fn page(&self) -> RecordPage<'_> {
        let link = self.link.as_deref().map(|link| RecordLink {
            at: vec![Key("link")],
            link,
            why: "a leaflet links to a page of the site",
        });
        RecordPage {
            title: Some(&self.title),
            links: link.into_iter().collect(),
            ..RecordPage::default()
        }
    }
}

impl Kind for Leaflet {
    const INFO: &'static KindInfo = &KindInfo {
        folder: "leaflets",
        name: "leaflet",
        section: Some("leaflets"),
        template: Some("leaflet.html"),
    };
}

const LEAFLETS: &str = "- id: card\n  title: {en: The card}\n  scheme: health\n  link: \"@/join.md\"\n  source: NSSF\n  last_verified: 2025-01-01\n- id: card\n  title: Again\n  scheme: health\n  source: NSSF\n  last_verified: 2025-01-01\n- id: BAD\n  title: Bad\n  scheme: health\n  source: NSSF\n  last_verified: 2025-01-01\n";

#[test]
fn a_new_kind_is_its_schema_and_goes_through_every_generic_step() {
    let site = tempfile::tempdir().unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/basic/site.yaml"
    );
    std::fs::copy(fixture, site.path().join("site.yaml")).unwrap();
    std::fs::create_dir_all(site.path().join("data/leaflets")).unwrap();
    std::fs::write(site.path().join("data/leaflets/a.yaml"), LEAFLETS).unwrap();
    let options = BuildOptions {
        site_dir: site.path().to_path_buf(),
        ..Default::default()
    };
    let config = Config::load(&options).unwrap();

    // Loading: from data/<folder>/, each record on its own, at its line.
    let mut data = Data::default();
    let (mut leaflets, mut problems) = (Vec::new(), Vec::new());
    read::read_kind::<Leaflet>(&config, &mut data.files, &mut leaflets, &mut problems);
    assert_eq!(leaflets.len(), 2);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].line, 12);

    // Checks across records: the repeated id, the scheme that does not exist (each at its line).
    let records = Records::of(&leaflets);
    let mut kinds = data.kinds();
    kinds.push(Records::of(&leaflets));
    let found = check::check_kind(&data, &records, &kinds);
    let found: Vec<(usize, &str)> = found.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (7, "duplicate leaflet id `card`"),
            (3, "scheme `health` does not exist"),
            (9, "scheme `health` does not exist"),
        ]
    );

    // Pages: one per id, in its section, with its template, title and links.
    let mut pages = Vec::new();
    pages::add_record_pages(&config, &data, &records, "en", &mut pages);
    assert_eq!(pages.len(), 1);
    let page = &pages[0];
    assert_eq!(page.key, "leaflets/card.md");
    assert_eq!(page.front.template.as_deref(), Some("leaflet.html"));
    assert_eq!(page.front.title, "The card");
    assert_eq!(page.data.and_then(Leaflet::index_of), Some(0));
    assert_eq!(page.body.links.len(), 1);
    assert_eq!(page.link_positions[0].line, 4);
}
