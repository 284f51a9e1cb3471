//! Generates a synthetic trilingual site for benchmarks: N pages per language of about 1,000
//! words each (real Khmer script in the Khmer pages), spread over sections, with headings,
//! lists, tables and internal `@/` links, like the portal's own pages.
//!
//! `cargo run --release --example corpus -- <pages-per-language> <output-folder>`

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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(pages), Some(out)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: corpus <pages-per-language> <output-folder>");
        std::process::exit(2);
    };
    let out = Path::new(out);
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(out.join("content")).unwrap();
    fs::write(
        out.join("site.yaml"),
        "title: {km: ការធ្វើតេស្ត, en: Benchmark, fr: Banc d'essai}\nbase_url: https://bench.example.org/\n\
         default_language: km\nlanguages:\n  - {code: km, name: ខ្មែរ, fallback: [en]}\n  - {code: en, name: English}\n\
         \x20 - {code: fr, name: Français, fallback: [en]}\nhotline: \"1286\"\n",
    )
    .unwrap();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for lang in ["km", "en", "fr"] {
        fs::write(
            out.join(format!("content/_index.{lang}.md")),
            format!(
                "---\ntitle: {}\n---\n{}\n",
                sentence(&mut rng, lang, 3),
                sentence(&mut rng, lang, 30)
            ),
        )
        .unwrap();
        for s in 0..SECTIONS {
            let dir = out.join(format!("content/s{s:02}"));
            fs::create_dir_all(&dir).unwrap();
            fs::write(
                dir.join(format!("_index.{lang}.md")),
                format!(
                    "---\ntitle: {}\nweight: {s}\n---\n{}\n",
                    sentence(&mut rng, lang, 3),
                    sentence(&mut rng, lang, 20)
                ),
            )
            .unwrap();
        }
    }
    for i in 0..pages {
        let section = i % SECTIONS;
        for lang in ["km", "en", "fr"] {
            let front = format!(
                "---\ntitle: {}\ndescription: {}\ndate: 2025-{:02}-{:02}\nweight: {i}\n---\n",
                sentence(&mut rng, lang, 5).trim_end_matches(['.', '។']),
                sentence(&mut rng, lang, 12),
                1 + i % 12,
                1 + i % 28
            );
            let body = page_body(&mut rng, lang, i, pages);
            fs::write(
                out.join(format!("content/s{section:02}/p{i:05}.{lang}.md")),
                front + &body,
            )
            .unwrap();
        }
    }
    println!("wrote {pages} pages × 3 languages to {}", out.display());
}
