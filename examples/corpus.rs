//! Generates a synthetic trilingual site for benchmarks: N pages per language of about 1,000
//! words each (real Khmer script in the Khmer pages), spread over sections, with headings,
//! lists, tables and internal `@/` links, like the portal's own pages.
//!
//! `cargo run --release --example corpus -- <pages-per-language> <output-folder> [--zola]`
//!
//! With `--zola` the same pages (the same words, in the same order) are written as a Zola 0.22
//! site instead: `zola.toml`, TOML front matter, Khmer as the default language (files without a
//! language suffix), and templates that do what the default theme does on each page (language
//! links, the sections menu, breadcrumbs, a table of contents, listings of 30 a page, feeds and a
//! sitemap), so `bench/run.sh` can build both in one run.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const KM: &[&str] = &[
    "បេឡាជាតិ",
    "សន្តិសុខសង្គម",
    "សមាជិក",
    "ភាគទាន",
    "ការថែទាំសុខភាព",
    "អ្នកប្រកបរបរខ្លួនឯង",
    "មន្ទីរពេទ្យ",
    "មណ្ឌលសុខភាព",
    "ប្រាក់សោធន",
    "គ្រោះថ្នាក់ការងារ",
    "ធនាគារដៃគូ",
    "ប័ណ្ណ",
    "ចុះឈ្មោះ",
    "អត្តសញ្ញាណប័ណ្ណ",
    "ក្រុមគ្រួសារ",
    "កូន",
    "ប្តីប្រពន្ធ",
    "ការិយាល័យ",
    "ខេត្ត",
    "ស្រុក",
    "ឃុំ",
    "ភូមិ",
    "ប្រចាំខែ",
    "រៀល",
    "ថ្ងៃ",
    "ការបង់ប្រាក់",
    "អត្ថប្រយោជន៍",
    "មាតុភាព",
    "ការសម្រាកព្យាបាល",
    "សង្គ្រោះបន្ទាន់",
    "ពលរដ្ឋ",
    "ព័ត៌មាន",
    "សំណួរ",
    "ចម្លើយ",
    "ទូរស័ព្ទ",
    "ឯកសារ",
    "លក្ខខណ្ឌ",
    "រយៈពេល",
    "ស្ម័គ្រចិត្ត",
    "និយោជក",
    "កម្មករ",
    "និយោជិត",
    "រដ្ឋ",
    "ច្បាប់",
    "អនុក្រឹត្យ",
    "ប្រកាស",
    "សេវា",
    "ការព្យាបាល",
    "ថ្នាំ",
    "វេជ្ជបណ្ឌិត",
    "គិលានុបដ្ឋាយិកា",
    "និង",
    "ឬ",
    "នៅ",
    "ពី",
    "ដល់",
    "សម្រាប់",
    "ដែល",
    "មាន",
    "បាន",
    "ត្រូវ",
    "អាច",
    "របស់",
    "ក្នុង",
];
const EN: &[&str] = &[
    "the",
    "fund",
    "members",
    "contribution",
    "health",
    "care",
    "self-employed",
    "people",
    "hospital",
    "centre",
    "pension",
    "injury",
    "bank",
    "card",
    "register",
    "identity",
    "family",
    "children",
    "spouse",
    "office",
    "province",
    "district",
    "commune",
    "village",
    "monthly",
    "riel",
    "day",
    "payment",
    "benefit",
    "maternity",
    "leave",
    "emergency",
    "citizen",
    "information",
    "question",
    "answer",
    "phone",
    "documents",
    "conditions",
    "period",
    "voluntary",
    "employer",
    "worker",
    "employee",
    "state",
    "law",
    "sub-decree",
    "service",
    "treatment",
    "medicine",
    "doctor",
    "nurse",
    "and",
    "or",
    "in",
    "from",
    "to",
    "for",
    "which",
    "has",
    "was",
    "must",
    "can",
    "of",
    "with",
];
const FR: &[&str] = &[
    "la",
    "caisse",
    "membres",
    "cotisation",
    "santé",
    "soins",
    "indépendants",
    "personnes",
    "hôpital",
    "centre",
    "pension",
    "accident",
    "banque",
    "carte",
    "inscription",
    "identité",
    "famille",
    "enfants",
    "conjoint",
    "bureau",
    "province",
    "district",
    "commune",
    "village",
    "mensuel",
    "riels",
    "jour",
    "paiement",
    "prestation",
    "maternité",
    "congé",
    "urgence",
    "citoyen",
    "information",
    "question",
    "réponse",
    "téléphone",
    "documents",
    "conditions",
    "durée",
    "volontaire",
    "employeur",
    "travailleur",
    "salarié",
    "État",
    "loi",
    "sous-décret",
    "service",
    "traitement",
    "médicament",
    "médecin",
    "infirmière",
    "et",
    "ou",
    "dans",
    "de",
    "à",
    "pour",
    "qui",
    "a",
    "été",
    "doit",
    "peut",
    "du",
    "avec",
];
const SECTIONS: usize = 50;
const WORDS_PER_PAGE: usize = 1000;

/// A small deterministic generator, so every run builds the same corpus.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.next() % words.len()]
    }
}

fn sentence(rng: &mut Rng, lang: &str, words: usize) -> String {
    let vocab = match lang {
        "km" => KM,
        "fr" => FR,
        _ => EN,
    };
    let mut out = String::new();
    for i in 0..words {
        let word = rng.pick(vocab);
        // Khmer runs words together and puts spaces between phrases.
        if i > 0 && (lang != "km" || i % 6 == 0) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push_str(if lang == "km" { "។" } else { "." });
    out
}

fn page_body(rng: &mut Rng, lang: &str, index: usize, pages: usize) -> String {
    let mut body = String::new();
    let mut words = 0;
    let mut heading = 0;
    while words < WORDS_PER_PAGE {
        heading += 1;
        let _ = writeln!(
            body,
            "## {} {heading}\n",
            sentence(rng, lang, 3).trim_end_matches(['.', '។'])
        );
        for _ in 0..3 {
            let n = 25 + rng.next() % 20;
            let mut paragraph = String::new();
            for _ in 0..2 {
                paragraph.push_str(&sentence(rng, lang, n / 2));
                paragraph.push(' ');
            }
            let _ = writeln!(body, "{}\n", paragraph.trim_end());
            words += n;
        }
        if heading % 3 == 0 {
            let _ = writeln!(
                body,
                "- {}\n- {}\n- {}\n",
                sentence(rng, lang, 6),
                sentence(rng, lang, 6),
                sentence(rng, lang, 6)
            );
            words += 18;
        }
        if heading % 4 == 0 {
            let _ = writeln!(
                body,
                "| {} | {} |\n|---|---|\n| 15,600 | 1-15 |\n",
                rng.pick(EN),
                rng.pick(EN)
            );
        }
    }
    let target = (index * 7 + 3) % pages;
    let _ = writeln!(
        body,
        "[{}](@/s{:02}/p{target:05}.md)",
        sentence(rng, lang, 3),
        target % SECTIONS
    );
    body
}

/// The two layouts one corpus can be written in.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    Spean,
    Zola,
}

/// One page's front matter as `(key, value)` pairs, strings and plain values apart.
enum Value {
    Text(String),
    Plain(String),
}

impl Layout {
    /// The content file `stem` in `lang` (`_index` or a page's name).
    fn file(self, stem: &str, lang: &str) -> String {
        match (self, lang) {
            (Layout::Zola, "km") => format!("{stem}.md"),
            _ => format!("{stem}.{lang}.md"),
        }
    }

    fn front_matter(self, fields: &[(&str, Value)]) -> String {
        let mut out = String::new();
        let fence = if self == Layout::Zola { "+++" } else { "---" };
        let _ = writeln!(out, "{fence}");
        for (key, value) in fields {
            let _ = match (self, value) {
                (Layout::Spean, Value::Text(v) | Value::Plain(v)) => writeln!(out, "{key}: {v}"),
                (Layout::Zola, Value::Text(v)) => {
                    writeln!(out, "{key} = \"{}\"", v.replace(['\\', '"'], ""))
                }
                (Layout::Zola, Value::Plain(v)) => writeln!(out, "{key} = {v}"),
            };
        }
        let _ = writeln!(out, "{fence}");
        out
    }

    fn site_files(self, out: &Path) {
        match self {
            Layout::Spean => fs::write(
                out.join("site.yaml"),
                "title: {km: ការធ្វើតេស្ត, en: Benchmark, fr: Banc d'essai}\nbase_url: https://bench.example.org/\n\
                 default_language: km\nlanguages:\n  - {code: km, name: ខ្មែរ, fallback: [en]}\n  - {code: en, name: English}\n\
                 \x20 - {code: fr, name: Français, fallback: [en]}\nhotline: \"1286\"\n",
            )
            .unwrap(),
            Layout::Zola => {
                fs::write(out.join("zola.toml"), ZOLA_CONFIG).unwrap();
                fs::create_dir_all(out.join("templates")).unwrap();
                fs::create_dir_all(out.join("static")).unwrap();
                for (name, text) in ZOLA_TEMPLATES {
                    fs::write(out.join("templates").join(name), text).unwrap();
                }
                fs::write(out.join("static/style.css"), "body{font-family:sans-serif;max-width:40rem;margin:auto}\n").unwrap();
            }
        }
    }
}

const ZOLA_CONFIG: &str = r#"base_url = "https://bench.example.org"
title = "ការធ្វើតេស្ត"
default_language = "km"
generate_feeds = true
generate_sitemap = true

[languages.en]
title = "Benchmark"
generate_feeds = true

[languages.fr]
title = "Banc d'essai"
generate_feeds = true
"#;

const ZOLA_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        r##"<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{% if page %}{% set here = page %}{% else %}{% set here = section %}{% endif %}
<title>{{ here.title }} · {{ config.title }}</title>
{% if here.description %}<meta name="description" content="{{ here.description }}">{% endif %}
<link rel="stylesheet" href="{{ get_url(path='style.css') }}">
{% for tr in here.translations %}<link rel="alternate" hreflang="{{ tr.lang }}" href="{{ tr.permalink }}">
{% endfor %}
<link rel="alternate" type="application/atom+xml" href="{{ get_url(path='atom.xml', lang=lang) }}">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
  <a class="brand" href="{{ get_url(path='@/_index.md', lang=lang) }}">{{ config.title }}</a>
  <nav class="languages"><ul>
  {% for tr in here.translations %}
    <li>{% if tr.lang == lang %}<span class="current" aria-current="true">{{ tr.lang }}</span>{% else %}<a href="{{ tr.permalink }}" hreflang="{{ tr.lang }}">{{ tr.lang }}</a>{% endif %}</li>
  {% endfor %}
  </ul></nav>
  {% if lang == config.default_language %}{% set root = get_section(path="_index.md", metadata_only=true) %}{% else %}{% set root = get_section(path="_index." ~ lang ~ ".md", metadata_only=true) %}{% endif %}
  <details class="menu"><summary>Menu</summary><nav class="main-nav"><ul>
  {% for s in root.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}
    <li><a href="{{ sub.permalink }}"{% if sub.path == here.path %} aria-current="page"{% endif %}>{{ sub.title }}</a></li>
  {% endfor %}
  </ul></nav></details>
</header>
<main id="main">
{% if here.ancestors %}
<nav class="breadcrumbs"><ol>
{% for a in here.ancestors %}{% set s = get_section(path=a, metadata_only=true) %}<li><a href="{{ s.permalink }}">{{ s.title }}</a></li>{% endfor %}
</ol></nav>
{% endif %}
{% block content %}{% endblock content %}
</main>
<footer class="site-footer"><p><a href="tel:1286">1286</a></p>
<p><a href="{{ get_url(path='atom.xml', lang=lang) }}">Feed</a></p></footer>
</body>
</html>
"##,
    ),
    (
        "page.html",
        r##"{% extends "base.html" %}
{% block content %}
<article>
  <h1>{{ page.title }}</h1>
  {% if page.date %}<p class="meta">Published <time datetime="{{ page.date }}">{{ page.date | date(format="%-d %B %Y") }}</time></p>{% endif %}
  {% if page.toc | length > 2 %}
  <nav class="toc"><h2>Contents</h2><ol>
  {% for h in page.toc %}
    <li><a href="#{{ h.id }}">{{ h.title }}</a>{% if h.children %}<ol>{% for c in h.children %}<li><a href="#{{ c.id }}">{{ c.title }}</a></li>{% endfor %}</ol>{% endif %}</li>
  {% endfor %}
  </ol></nav>
  {% endif %}
  <div class="content">{{ page.content | safe }}</div>
</article>
{% endblock content %}
"##,
    ),
    (
        "section.html",
        r#"{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{% if not paginator or paginator.current_index == 1 %}<div class="content">{{ section.content | safe }}</div>{% endif %}
{% if section.subsections %}
<h2>Sections</h2><ul class="cards">
{% for p in section.subsections %}{% set s = get_section(path=p, metadata_only=true) %}
  <li><a href="{{ s.permalink }}"><span class="card-title">{{ s.title }}</span>{% if s.description %}<span class="card-text">{{ s.description }}</span>{% endif %}</a></li>
{% endfor %}
</ul>
{% endif %}
{% if paginator %}
<h2>In this section</h2><ul class="listing">
{% for p in paginator.pages %}
  <li><a href="{{ p.permalink }}">{{ p.title }}</a>
  {% if p.date %}<time datetime="{{ p.date }}">{{ p.date | date(format="%-d %B %Y") }}</time>{% endif %}
  {% if p.description %}<p>{{ p.description }}</p>{% endif %}</li>
{% endfor %}
</ul>
{% if paginator.number_pagers > 1 %}<nav class="pagination">
  {% if paginator.previous %}<a rel="prev" href="{{ paginator.previous }}">Previous</a>{% endif %}
  <span>Page {{ paginator.current_index }} of {{ paginator.number_pagers }}</span>
  {% if paginator.next %}<a rel="next" href="{{ paginator.next }}">Next</a>{% endif %}
</nav>{% endif %}
{% endif %}
{% endblock content %}
"#,
    ),
    ("index.html", "{% extends \"section.html\" %}\n"),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(pages), Some(out)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: corpus <pages-per-language> <output-folder> [--zola]");
        std::process::exit(2);
    };
    let layout = match args.get(3).map(String::as_str) {
        None => Layout::Spean,
        Some("--zola") => Layout::Zola,
        Some(other) => {
            eprintln!("corpus: unknown option {other} (the one option is --zola)");
            std::process::exit(2);
        }
    };
    let out = Path::new(out);
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(out.join("content")).unwrap();
    layout.site_files(out);
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for lang in ["km", "en", "fr"] {
        let title = sentence(&mut rng, lang, 3);
        let text = sentence(&mut rng, lang, 30);
        let mut fields = vec![("title", Value::Text(title))];
        if layout == Layout::Zola {
            fields.push(("sort_by", Value::Text("weight".into())));
        }
        fs::write(
            out.join("content").join(layout.file("_index", lang)),
            layout.front_matter(&fields) + &text + "\n",
        )
        .unwrap();
        for s in 0..SECTIONS {
            let dir = out.join(format!("content/s{s:02}"));
            fs::create_dir_all(&dir).unwrap();
            let title = sentence(&mut rng, lang, 3);
            let text = sentence(&mut rng, lang, 20);
            let mut fields = vec![
                ("title", Value::Text(title)),
                ("weight", Value::Plain(s.to_string())),
            ];
            if layout == Layout::Zola {
                // The default theme's listings: by weight, 30 a page.
                fields.push(("sort_by", Value::Text("weight".into())));
                fields.push(("paginate_by", Value::Plain("30".into())));
            }
            fs::write(
                dir.join(layout.file("_index", lang)),
                layout.front_matter(&fields) + &text + "\n",
            )
            .unwrap();
        }
    }
    for i in 0..pages {
        let section = i % SECTIONS;
        for lang in ["km", "en", "fr"] {
            let title = sentence(&mut rng, lang, 5)
                .trim_end_matches(['.', '។'])
                .to_string();
            let description = sentence(&mut rng, lang, 12);
            let date = format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            let front = layout.front_matter(&[
                ("title", Value::Text(title)),
                ("description", Value::Text(description)),
                ("date", Value::Plain(date)),
                ("weight", Value::Plain(i.to_string())),
            ]);
            let body = page_body(&mut rng, lang, i, pages);
            fs::write(
                out.join(format!("content/s{section:02}"))
                    .join(layout.file(&format!("p{i:05}"), lang)),
                front + &body,
            )
            .unwrap();
        }
    }
    println!("wrote {pages} pages × 3 languages to {}", out.display());
}
