//! Browser tests: Debian's headless Chromium opens the built site over `file://` (an `--offline`
//! build, as on a USB drive) and the tests read the page as the browser left it after its
//! scripts ran (`--dump-dom`). The directory filter takes its choice from the address
//! (`?province=17&type=health_centre`), so a test drives it exactly as a bookmarked filter would.
//!
//! Every page opened must keep to its Content-Security-Policy (`common::headless_chromium`
//! checks the console). `./test.sh` installs Chromium; set `CHROMIUM` to use another binary.

mod common;

use std::path::Path;

use common::{Fixture, headless_chromium};

/// The DOM of `page` after load, with or without JavaScript.
fn dump_dom(page: &Path, query: &str, javascript: bool) -> String {
    let mut args = vec!["--allow-file-access-from-files".to_string()];
    if !javascript {
        args.push("--blink-settings=scriptEnabled=false".to_string());
    }
    args.push("--dump-dom".to_string());
    args.push(format!("file://{}{query}", page.display()));
    headless_chromium(&args)
}

/// The names of the facility cards the filter shows.
fn shown_cards(dom: &str) -> Vec<String> {
    let Some(start) = dom.find(r#"id="filter-results""#) else {
        return Vec::new();
    };
    let results = &dom[start..];
    let results = &results[..results.find("</form>").unwrap_or(results.len())];
    results
        .split("<h3>")
        .skip(1)
        .map(|card| {
            let name = card.split('>').nth(1).unwrap_or("");
            name.split('<').next().unwrap_or("").to_string()
        })
        .collect()
}

fn status(dom: &str) -> String {
    let at = dom.find(r#"id="filter-status""#).expect("status line");
    let text = &dom[at..];
    text[text.find('>').unwrap() + 1..text.find("</p>").unwrap()].to_string()
}

#[test]
fn the_directory_filter_works_from_file_urls() {
    let site = Fixture::copy("portal");
    site.build_ok(&["--offline"]);
    let index = site.public().join("en/facilities/index.html");

    let dom = dump_dom(&index, "?province=17&type=health_centre", true);
    assert!(
        !dom.contains(r#"id="facility-filter" hidden"#) && dom.contains(r#"id="facility-filter""#),
        "the form shows when script runs"
    );
    assert_eq!(shown_cards(&dom), ["Siem Reap Health Centre"], "{dom}");
    assert_eq!(status(&dom), "1 facility found");

    let dom = dump_dom(&index, "?province=17", true);
    assert_eq!(
        shown_cards(&dom),
        ["Siem Reap Health Centre", "Siem Reap Referral Hospital"]
    );
    assert_eq!(status(&dom), "2 facilities found");

    let dom = dump_dom(&index, "?emergency=1", true);
    assert_eq!(
        shown_cards(&dom),
        ["Capital Hospital", "Siem Reap Referral Hospital"]
    );

    // Text search folds case and accents, in the reader's language.
    let dom = dump_dom(
        &site.public().join("fr/facilities/index.html"),
        "?q=hopital%20CAPITALE",
        true,
    );
    assert_eq!(shown_cards(&dom), ["Hôpital de la capitale"]);
    assert!(
        dom.contains(r#"href="tel:023100100""#),
        "cards keep tap-to-call: {dom}"
    );
    let dom = dump_dom(&index, "?q=maternity", true);
    assert_eq!(
        shown_cards(&dom),
        ["Sen Sok Health Centre"],
        "services are searched"
    );

    let dom = dump_dom(&index, "?province=5", true);
    assert!(shown_cards(&dom).is_empty());
    assert!(status(&dom).starts_with("No facility matches"));
}

#[test]
fn card_links_lead_to_the_facility_on_its_province_page() {
    let site = Fixture::copy("portal");
    site.build_ok(&["--offline"]);
    let dom = dump_dom(
        &site.public().join("en/facilities/index.html"),
        "?q=capital",
        true,
    );
    let at = dom.find(r#"<h3><a href=""#).expect("a linked card");
    let href = dom[at + 13..].split('"').next().unwrap();
    assert_eq!(href, "phnom-penh/index.html#pp-hospital");
    let province = site
        .public()
        .join("en/facilities")
        .join(href.split('#').next().unwrap());
    assert!(
        std::fs::read_to_string(province)
            .unwrap()
            .contains("id=pp-hospital")
    );
}

/// Headless Chromium cannot dump a page with scripting turned off (`--dump-dom` itself runs
/// through script), so this reads the files as a browser without JavaScript receives them: no
/// script changes them, and everything a reader needs must already be there.
#[test]
fn without_javascript_the_directory_is_still_usable() {
    let site = Fixture::copy("portal");
    site.build_ok(&["--offline"]);
    let read = |rel: &str| std::fs::read_to_string(site.public().join(rel)).unwrap();
    let index = read("en/facilities/index.html");
    let at = index.find("id=facility-filter").unwrap();
    let form = &index[index[..at].rfind("<form").unwrap()..];
    let form = &form[..form.find('>').unwrap()];
    assert!(
        form.contains(" hidden "),
        "the filter needs script, so it starts hidden: {form}"
    );
    assert!(
        index.contains("<a href=siem-reap/index.html>Siem Reap <span class=count>(2)</span></a>"),
        "{index}"
    );
    let page = read("en/facilities/siem-reap/index.html");
    assert!(
        page.contains("Siem Reap Health Centre") && page.contains("Siem Reap Referral Hospital"),
        "{page}"
    );
    assert!(page.contains("href=tel:063963111"), "{page}");
    assert!(
        !page.contains("directory.js"),
        "province pages need no filter script: {page}"
    );
    let scheme = read("km/schemes/voluntary/index.html");
    assert!(scheme.contains("១៥,៦០០ រៀល ក្នុងមួយខែ"), "{scheme}");
    let journey = read("en/enrol/join/index.html");
    assert!(
        journey.contains("Step 1: <span>Get the certificate</span>"),
        "{journey}"
    );
    // The only script of a content page is the search box's, deferred: reading needs none.
    assert_eq!(journey.matches("<script").count(), 1, "{journey}");
    assert!(
        journey.contains("<script src=../../../js/search.js defer>"),
        "{journey}"
    );
}

#[test]
fn the_usb_bundle_opens_in_chromium_from_its_root() {
    let site = Fixture::copy("portal");
    let keys = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        site.spean()
            .env("SPEAN_KEY_DIR", keys.path())
            .env("SOURCE_DATE_EPOCH", "1741132800")
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["keygen"]).status.success());
    assert!(run(&["package"]).status.success());
    let bundle = site.path().join("dist/test-site-2025-03-05");
    let root = dump_dom(&bundle.join("index.html"), "", true);
    assert!(
        root.contains(r#"<a href="km/index.html" hreflang="km">"#),
        "{root}"
    );
    let km = dump_dom(&bundle.join("km/schemes/voluntary/index.html"), "", true);
    assert!(km.contains("១៥,៦០០ រៀល ក្នុងមួយខែ"), "{km}");
    let readme = dump_dom(&bundle.join("README.html"), "", true);
    assert!(
        readme.contains(r#"<a href="index.html">index.html</a>"#),
        "{readme}"
    );
}

/// The result links and the status line of a search typed into a page's search box.
fn search(public: &Path, lang: &str, query: &str) -> (Vec<String>, String) {
    let encoded: String = query
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let dom = dump_dom(
        &public.join(format!("{lang}/search/index.html")),
        &format!("?q={encoded}"),
        true,
    );
    let at = dom.find(r#"id="search-status""#).expect("status");
    let status_text = &dom[at..];
    let status_text = status_text
        [status_text.find('>').unwrap() + 1..status_text.find("</p>").unwrap()]
        .to_string();
    let results = dom.find(r#"id="search-results""#).map_or("", |at| {
        &dom[at..dom[at..].find("</ol>").map_or(dom.len(), |e| at + e)]
    });
    let hrefs = results
        .split("<a href=\"")
        .skip(1)
        .map(|h| h.split('"').next().unwrap_or("").to_string())
        .collect();
    (hrefs, status_text)
}

#[test]
fn search_finds_khmer_words_inside_longer_phrases() {
    let (_site, public) = common::offline_sample();
    // "ចូលរួម" (to join) only occurs inside longer phrases such as "អាចចូលរួម".
    let (hits, status) = search(&public, "km", "ចូលរួម");
    assert!(
        hits.iter().any(|h| h.contains("voluntary/who-can-join/")),
        "{hits:?}"
    );
    assert!(status.starts_with("រកឃើញ"), "{status}");
    // "ស្ម័គ្រចិត្ត" (voluntary) occurs inside "ដោយស្ម័គ្រចិត្ត" and "របបភាគទានដោយស្ម័គ្រចិត្ត".
    let (hits, _) = search(&public, "km", "ស្ម័គ្រចិត្ត");
    assert!(
        hits.iter().any(|h| h.ends_with("km/voluntary/index.html")),
        "{hits:?}"
    );
    // Typed with zero-width spaces, or with the vowel before the subscript, it finds the same.
    assert_eq!(
        search(&public, "km", "ភាគ\u{200B}ទាន").0,
        search(&public, "km", "ភាគទាន").0
    );
    let (hits, _) = search(&public, "km", "ស្ម័គ្រចិត្ត");
    let (typed, _) = search(&public, "km", "ស\u{17D2}ម\u{17D0}គ\u{17D2}រចិត\u{17D2}ត");
    assert_eq!(hits, typed);
    // Results link into the Khmer site, and the first is the page titled with the word.
    let (hits, _) = search(&public, "km", "ភាគទាន");
    assert!(hits[0].contains("km/voluntary/contribution/"), "{hits:?}");
    // A word whose last cluster is typed halfway (ចុះឈ្មោះ, to register, without its ះ:
    // the pair ចុះឈ្មោ is in no page) already finds the pages of the whole word.
    let (whole, _) = search(&public, "km", "ការចុះឈ្មោះ");
    let (halfway, status) = search(&public, "km", "ការចុះឈ្មោ");
    assert!(!whole.is_empty(), "{status}");
    assert!(
        whole.iter().all(|h| halfway.contains(h)),
        "{whole:?} {halfway:?}"
    );
}

#[test]
fn a_khmer_query_that_is_a_whole_word_of_a_heading_ranks_that_page_first() {
    // Both pages hold every pair of ធនាគារ (bank) in a heading, and of ធនាគារនេះ (this bank)
    // in their text, with the same weights; only the second has ធនាគារ as a word of its own
    // (the first, inside ធនាគារជាតិ, the national bank, one word to the index's dictionary),
    // and it comes second in the index's order, so only a whole-word match can put it first:
    // the query as typed (ធនាគារ), or a word the browser's splitter finds in it (ធនាគារនេះ is
    // ធនាគារ|នេះ to it). (Chromium splits most compounds finer than the index's dictionary
    // does: ចូលរួម is ចូល|រួម to it, so the query as typed is looked up too.)
    let site = Fixture::copy("basic");
    site.write("content/words/_index.km.md", "---\ntitle: ពាក្យ\n---\n");
    site.write(
        "content/words/a-compound.km.md",
        "---\ntitle: ទំព័រ ក\n---\n## ធនាគារជាតិ\n\nធនាគារនេះ។\n",
    );
    site.write(
        "content/words/z-word.km.md",
        "---\ntitle: ទំព័រ ខ\n---\n## ធនាគារ\n\nធនាគារនេះ។\n",
    );
    site.build_ok(&["--offline"]);
    for query in ["ធនាគារ", "ធនាគារនេះ"] {
        let (hits, status) = search(&site.public(), "km", query);
        let at = |page: &str| hits.iter().position(|h| h.contains(page));
        let (word, compound) = (at("words/z-word/"), at("words/a-compound/"));
        let (word, compound) = (word.unwrap_or(usize::MAX), compound.unwrap_or(0));
        assert!(word < compound, "{query}: {status}: {hits:?}");
    }
    // A browser without a word splitter (old phones) still ranks the whole word first.
    let mut browser = common::cdp::Browser::launch();
    let tab = browser.open("about:blank", 360, 740);
    browser.call(
        Some(&tab),
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({"source": "delete Intl.Segmenter;"}),
    );
    let page = site.public().join("km/search/index.html");
    browser.navigate(
        &tab,
        &format!(
            "file://{}?q=%E1%9E%92%E1%9E%93%E1%9E%B6%E1%9E%82%E1%9E%B6%E1%9E%9A",
            page.display()
        ),
    );
    let found = browser.evaluate(
        &tab,
        r#"new Promise(done => { const step = () => {
            if (!document.querySelector('form.search-page').dataset.shown) return setTimeout(step, 20);
            done([typeof Intl.Segmenter, ...[...document.querySelectorAll('#search-results li > a')].map(a => a.getAttribute('href'))]);
        }; step(); })"#,
    );
    let found: Vec<&str> = (found.as_array().unwrap().iter())
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(found[0], "undefined", "no splitter in this page");
    let at = |page: &str| found.iter().position(|h| h.contains(page));
    let (word, compound) = (at("words/z-word/"), at("words/a-compound/"));
    assert!(
        word.unwrap_or(usize::MAX) < compound.unwrap_or(0),
        "{found:?}"
    );
    let errors = browser.errors(&tab);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn search_folds_accents_and_stems_in_english_and_french() {
    let (_site, public) = common::offline_sample();
    let (hits, _) = search(&public, "en", "contributions");
    assert!(
        hits[0].contains("en/voluntary/contribution/"),
        "title matches rank first: {hits:?}"
    );
    let (hits, _) = search(&public, "fr", "securite sociale");
    assert!(hits.iter().any(|h| h.contains("fr/about/")), "{hits:?}");
    let (hits, _) = search(&public, "fr", "hopital siem");
    assert!(
        hits.iter().any(|h| h.contains("fr/facilities/siem-reap/")),
        "structured data is indexed: {hits:?}"
    );
    let (hits, _) = search(&public, "en", "Battambang");
    assert!(
        hits.iter().any(|h| h.contains("en/facilities/battambang/")),
        "{hits:?}"
    );
}

/// The links of every result after pressing "More results" until it is gone, and the status.
fn all_results(public: &Path, lang: &str, query: &str) -> (Vec<String>, String) {
    let mut browser = common::cdp::Browser::launch();
    let url = format!(
        "file://{}?q={}",
        public.join(format!("{lang}/search/index.html")).display(),
        query.replace(' ', "+")
    );
    let tab = browser.open(&url, 360, 740);
    // Waits for the results (the status says how many) and presses the button while it shows.
    let script = r#"new Promise(done => {
        const more = document.getElementById('search-more');
        const status = document.getElementById('search-status');
        const list = document.getElementById('search-results');
        let seen = -1;
        const step = () => {
            const ready = status.textContent && status.textContent !== document.querySelector('form.search-page').dataset.loading;
            if (!ready) return setTimeout(step, 20);
            if (!more.hidden && list.children.length !== seen) { seen = list.children.length; more.click(); return setTimeout(step, 20); }
            if (!more.hidden) return setTimeout(step, 20);
            done({links: [...list.querySelectorAll('li > a')].map(a => a.getAttribute('href')), status: status.textContent, focused: document.activeElement && document.activeElement.id});
        };
        step();
    })"#;
    let value = browser.evaluate(&tab, script);
    let links = value["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    (links, value["status"].as_str().unwrap().to_string())
}

#[test]
fn every_result_can_be_reached_and_the_count_is_true() {
    let (_site, public) = common::offline_sample();
    // "health" is on more pages than one screen of results holds.
    let (first, status) = search(&public, "en", "health");
    assert_eq!(first.len(), 12, "{first:?}");
    let (all, status_after) = all_results(&public, "en", "health");
    assert!(all.len() > 12, "{all:?}");
    let count: usize = status.split(' ').next().unwrap().parse().unwrap();
    assert_eq!(count, all.len(), "{status}");
    assert_eq!(status, status_after);
    let unique: std::collections::HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "no result twice: {all:?}");
    assert_eq!(
        &all[..12],
        &first[..],
        "more results come after the first ones"
    );
}

#[test]
fn a_typo_still_finds_the_word_and_says_what_was_meant() {
    let (_site, public) = common::offline_sample();
    let (exact, _) = search(&public, "en", "maternity");
    assert!(!exact.is_empty());
    let dom = dump_dom(&public.join("en/search/index.html"), "?q=matenity", true);
    let (typo, status) = search(&public, "en", "matenity");
    assert!(!typo.is_empty(), "{status}");
    assert_eq!(
        typo.iter().collect::<std::collections::HashSet<_>>(),
        exact.iter().collect::<std::collections::HashSet<_>>(),
        "a typo finds the pages the word finds"
    );
    let suggest = &dom[dom
        .find(r#"id="search-suggest""#)
        .expect("a suggestion line")..];
    let suggest = &suggest[..suggest.find("</p>").unwrap()];
    assert!(
        suggest.contains("Did you mean") && suggest.contains(">maternity</a>"),
        "{suggest}"
    );
    // An exact match ranks above a near one: "pension" is a word of its own.
    let (hits, _) = search(&public, "en", "pensions");
    assert!(hits[0].contains("pension"), "{hits:?}");
    // Short words are not fuzzed: "xyz" finds nothing.
    assert!(search(&public, "en", "xyzzy").0.is_empty());
}

#[test]
fn a_query_with_a_missing_word_still_finds_the_pages_with_the_others() {
    let (_site, public) = common::offline_sample();
    // The French home page has "cotisation" and "hôpitaux", no page has "zzqqxx".
    let (hits, _) = search(&public, "fr", "cotisation hôpital");
    assert!(
        hits.first().is_some_and(|h| h.ends_with("fr/index.html")),
        "the page with both words (a plural in -aux) comes first: {hits:?}"
    );
    let (with_missing, _) = search(&public, "fr", "cotisation zzqqxx");
    let (alone, _) = search(&public, "fr", "cotisation");
    assert_eq!(with_missing, alone, "a word no page has takes nothing away");
    // Pages with both words rank above pages with one.
    let (both, _) = search(&public, "en", "maternity pension");
    let (maternity, _) = search(&public, "en", "maternity");
    assert!(
        !both.is_empty()
            && maternity
                .iter()
                .all(|h| both.contains(h) || both.len() == 12)
    );
    // Elisions fold: "l’hôpital" is "hôpital".
    assert_eq!(
        search(&public, "fr", "l’hôpital").0,
        search(&public, "fr", "hôpital").0
    );
}

#[test]
fn equivalent_khmer_spellings_find_each_other() {
    // The sample writes the fund's name with coeng-ta; a query with coeng-da finds it.
    let site = Fixture::sample();
    site.write(
        "content/news/peace.km.md",
        "---\ntitle: សន្ដិភាព និងកិច្ចសហប្រតិបត្តិការអន្ដរជាតិ\ndate: 2025-01-01\n---\nអត្ថបទគំរូ៖ សន្ដិភាព និងការងារអន្ដរជាតិ ដែលសរសេរដោយជើងដ។\n",
    );
    site.build_ok(&["--offline"]);
    let public = site.public();
    let (ta, _) = search(&public, "km", "សន្តិសុខសង្គម");
    let (da, _) = search(&public, "km", "សន្ដិសុខសង្គម");
    assert!(!ta.is_empty(), "the coeng-ta pages are found");
    assert_eq!(ta, da, "coeng-da finds what coeng-ta finds");
    // The reverse: the page written with coeng-da, queried with coeng-ta.
    for query in ["សន្តិភាព", "អន្តរជាតិ", "សន្ដិភាព"]
    {
        let (hits, _) = search(&public, "km", query);
        assert!(
            hits.iter().any(|h| h.contains("km/news/peace/")),
            "{query}: {hits:?}"
        );
    }
    // ឲ្យ and ឱ្យ.
    let (o1, _) = search(&public, "km", "ឲ្យ");
    let (o2, _) = search(&public, "km", "ឱ្យ");
    assert!(
        o2.iter().any(|h| h.contains("km/voluntary/who-can-join/")),
        "{o2:?}"
    );
    assert_eq!(o1, o2);
}

#[test]
fn the_browsers_tokenizer_gives_the_keys_the_index_has() {
    let (_site, public) = common::offline_sample();
    let vectors: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tokenizer-vectors.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut browser = common::cdp::Browser::launch();
    let tab = browser.open(
        &format!("file://{}", public.join("km/search/index.html").display()),
        360,
        740,
    );
    let texts: Vec<&str> = vectors
        .iter()
        .map(|v| v["text"].as_str().unwrap())
        .collect();
    let got = browser.evaluate(
        &tab,
        &format!(
            "Promise.all({}.map(t => SPEAN_SEARCH.tokens(t)))",
            serde_json::to_string(&texts).unwrap()
        ),
    );
    for (vector, keys) in vectors.iter().zip(got.as_array().unwrap()) {
        assert_eq!(&vector["keys"], keys, "{}", vector["note"]);
    }
}

/// Types `text` into the search page's box one character at a time, as a keyboard does, and
/// waits after each for its results; gives what the page had loaded (`data-loaded`) and
/// prefetched (`data-prefetched`) before the last character was typed and after.
fn typed_search(
    browser: &mut common::cdp::Browser,
    tab: &common::cdp::Tab,
    text: &str,
) -> [String; 3] {
    let chars: Vec<char> = text.chars().collect();
    let mut before = String::new();
    for (n, c) in chars.iter().enumerate() {
        if n + 1 == chars.len() {
            before = browser
                .evaluate(
                    tab,
                    "document.querySelector('form.search-page').dataset.loaded || ''",
                )
                .as_str()
                .unwrap()
                .to_string();
        }
        browser.call(
            Some(tab),
            "Input.insertText",
            serde_json::json!({ "text": c.to_string() }),
        );
        let typed: String = chars[..=n].iter().collect();
        browser.evaluate(
            tab,
            &format!(
                r#"new Promise(done => {{ const step = () => {{
                    const form = document.querySelector('form.search-page');
                    if (form.dataset.shown !== {typed:?}) return setTimeout(step, 20);
                    done(true);
                }}; step(); }})"#
            ),
        );
    }
    let after = browser.evaluate(
        tab,
        "(f => [f.dataset.loaded || '', f.dataset.prefetched || ''])(document.querySelector('form.search-page'))",
    );
    [
        before,
        after[0].as_str().unwrap().to_string(),
        after[1].as_str().unwrap().to_string(),
    ]
}

#[test]
fn typing_khmer_loads_the_next_pairs_shard_before_its_letter_comes() {
    let (_site, public) = common::offline_sample();
    let mut browser = common::cdp::Browser::launch();
    let tab = browser.open(
        &format!("file://{}", public.join("km/search/index.html").display()),
        360,
        740,
    );
    browser.evaluate(
        &tab,
        "document.getElementById('search-page-q').focus(); true",
    );
    // សុខភាព: clusters សុ ខ ភា ព. Once សុខភា has its results, the pair its last cluster makes
    // with the next one (ភា…) lives in the shard of ភ (the sample's shards are one letter
    // deep), loaded then; the last letter, ព, needs no file it did not already have.
    let [before, after, prefetched] = typed_search(&mut browser, &tab, "សុខភាព");
    let shards = |loaded: &str| -> Vec<String> {
        loaded
            .split_whitespace()
            .filter(|f| f.starts_with("k-"))
            .map(str::to_string)
            .collect()
    };
    assert!(
        shards(&before).contains(&"k-_1797.js".to_string()),
        "the shard of ភ was loaded before ព was typed: {before}"
    );
    assert!(
        prefetched.split_whitespace().any(|s| s == "_1797"),
        "{prefetched}"
    );
    // After ព, only what ព's own next pair needs came, prefetched once its results were shown.
    let prefetched_files: Vec<String> = prefetched
        .split_whitespace()
        .map(|s| format!("k-{s}.js"))
        .collect();
    for shard in shards(&after) {
        assert!(
            shards(&before).contains(&shard) || prefetched_files.contains(&shard),
            "the last letter loaded {shard} for itself: before {before}, after {after}"
        );
    }
    let status = browser.evaluate(&tab, "document.getElementById('search-status').textContent");
    assert!(!status.as_str().unwrap().is_empty(), "{status}");
    // A query given in the address (not typed) loads only what it needs.
    let tab = browser.open(
        &format!(
            "file://{}?q=%E1%9E%9F%E1%9E%BB%E1%9E%81",
            public.join("km/search/index.html").display()
        ),
        360,
        740,
    );
    let prefetched = browser.evaluate(
        &tab,
        r#"new Promise(done => { const step = () => {
            const form = document.querySelector('form.search-page');
            if (!form.dataset.shown) return setTimeout(step, 20);
            done(form.dataset.prefetched || '');
        }; step(); })"#,
    );
    assert_eq!(prefetched, "", "nothing prefetched for a query not typed");
}

#[test]
fn results_take_the_main_column_and_the_focus_moves_to_them() {
    let (_site, public) = common::offline_sample();
    let mut browser = common::cdp::Browser::launch();
    // The header's box of a content page sends the query to the search page.
    let tab = browser.open(
        &format!(
            "file://{}",
            public.join("en/voluntary/index.html").display()
        ),
        360,
        740,
    );
    browser.evaluate(
        &tab,
        "document.querySelector('.search-box').open = true; document.getElementById('search-q').value = 'health care'; document.querySelector('form.search').requestSubmit(); true",
    );
    browser.wait_for_event(&tab, "Page.loadEventFired");
    let state = browser.evaluate(
        &tab,
        r#"new Promise(done => { const step = () => {
            const list = document.getElementById('search-results');
            if (!list || !list.children.length) return setTimeout(step, 20);
            const main = document.getElementById('main').getBoundingClientRect();
            const r = list.getBoundingClientRect();
            const first = list.querySelector('li');
            done({href: location.href, inMain: document.getElementById('main').contains(list),
                  width: r.width, mainWidth: main.width, scrolls: getComputedStyle(list).overflowY,
                  focused: document.activeElement.id, value: document.getElementById('search-page-q').value,
                  titleDisplay: getComputedStyle(first.querySelector('a')).display,
                  wide: document.documentElement.scrollWidth <= 360,
                  hint: document.getElementById('search-intro').textContent});
        }; step(); })"#,
    );
    assert!(
        state["href"]
            .as_str()
            .unwrap()
            .contains("search/index.html?q=health+care"),
        "{state}"
    );
    assert_eq!(state["inMain"], serde_json::Value::Bool(true), "{state}");
    assert!(
        state["width"].as_f64().unwrap() > state["mainWidth"].as_f64().unwrap() * 0.8,
        "{state}"
    );
    assert_eq!(state["scrolls"], "visible", "no scrolling panel: {state}");
    assert_eq!(state["focused"], "search-heading", "{state}");
    assert_eq!(state["value"], "health care", "{state}");
    assert_eq!(
        state["wide"],
        serde_json::Value::Bool(true),
        "nothing wider than a phone: {state}"
    );
    // The list number stands by the first line of the title, not its last: the marker sits on
    // the first line box of a block, where an inline-block title gives the line its last
    // line's baseline.
    assert_eq!(state["titleDisplay"], "block", "{state}");
    assert!(
        !state["hint"].as_str().unwrap().contains("above"),
        "{state}"
    );
}

/// A site whose index has groups of keys too big for one shard: 240 pages, each with the same
/// twenty English words beginning with `co` and thirty Khmer pairs beginning with ក.
fn site_of_split_shards() -> Fixture {
    const WORDS: [&str; 20] = [
        "contribution",
        "coverage",
        "cotisation",
        "corridor",
        "copper",
        "cobalt",
        "coconut",
        "codex",
        "cohort",
        "coin",
        "colony",
        "combat",
        "comet",
        "comfort",
        "comic",
        "common",
        "compass",
        "concert",
        "condor",
        "convoy",
    ];
    let site = Fixture::copy("basic");
    let consonants: String = ('\u{1781}'..='\u{17A2}')
        .take(30)
        .map(|c| format!("ក{c} "))
        .collect();
    site.write("content/many/_index.en.md", "---\ntitle: Many\n---\n");
    site.write("content/many/_index.km.md", "---\ntitle: ច្រើន\n---\n");
    for n in 0..240 {
        let words = WORDS.join(" ");
        site.write(
            &format!("content/many/p{n}.en.md"),
            format!("---\ntitle: Page {n}\n---\nThe {words}.\n"),
        );
        site.write(
            &format!("content/many/p{n}.km.md"),
            format!("---\ntitle: ទំព័រ {n}\n---\n{consonants}។\n"),
        );
    }
    site.build_ok(&["--offline"]);
    site
}

#[test]
fn a_query_finds_every_page_when_its_keys_shard_was_split() {
    let site = site_of_split_shards();
    let public = site.public();
    for lang in ["en", "km"] {
        let index =
            std::fs::read_to_string(public.join(format!("search/{lang}/index.js"))).unwrap();
        let meta: serde_json::Value = serde_json::from_str(
            index
                .trim_end()
                .strip_prefix("SPEAN_SEARCH.index(")
                .and_then(|m| m.strip_suffix(");"))
                .expect("index.js calls SPEAN_SEARCH.index"),
        )
        .unwrap();
        let names: Vec<&str> = meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        // Split by the next letter, and the next: co…'s words in shards of three letters and
        // more, ក's pairs in shards of their two.
        let split = if lang == "en" { "con" } else { "កខ" };
        assert!(names.contains(&split), "{lang}: {names:?}");
        // Documents name their section by its place in the list of sections.
        let section = if lang == "en" {
            "Many"
        } else {
            "ច្រើន"
        };
        assert!(
            meta["sections"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == section),
            "{lang}: {}",
            meta["sections"]
        );
        for entry in std::fs::read_dir(public.join(format!("search/{lang}"))).unwrap() {
            let entry = entry.unwrap();
            let bytes = entry.metadata().unwrap().len();
            assert!(bytes < 40 * 1024, "{:?}: {bytes} bytes", entry.file_name());
        }
    }
    // Each word, a prefix of a group split in many shards, a typo (one in the letters the
    // group was split by: its near spellings are looked for in the whole group), a Khmer pair
    // and a lone cluster: every one of the 240 pages, and their section's, which lists them with their
    // first lines.
    for (lang, query) in [
        ("en", "contribution"),
        ("en", "comfort"),
        ("en", "co"),
        ("en", "contributon"),
        ("en", "cintribution"),
        ("km", "កខ"),
        ("km", "ក"),
    ] {
        let (hits, status) = search(&public, lang, query);
        if query == "contribution" {
            // Each result says its section, looked up in that list (all but the section's
            // own page, if it is among the first twelve).
            let dom = dump_dom(
                &public.join("en/search/index.html"),
                "?q=contribution",
                true,
            );
            let shown = dom.matches(r#"<span class="where"> · Many</span>"#).count();
            assert!(shown >= 11, "{shown}");
        }
        // The count in the status, in either language's digits.
        let count: u32 = (status.chars())
            .filter_map(|c| {
                c.to_digit(10)
                    .or_else(|| ('០'..='៩').position(|d| d == c).map(|d| d as u32))
            })
            .fold(0, |n, d| n * 10 + d);
        // (ក begins words of the fixture's own pages too.)
        let at_least = if query == "ក" {
            count >= 241
        } else {
            count == 241
        };
        assert!(at_least, "{lang} {query}: {status}");
        assert_eq!(hits.len(), 12, "{lang} {query}: {hits:?}");
    }
}

#[test]
fn a_search_without_match_says_so_in_the_readers_language() {
    let (_site, public) = common::offline_sample();
    let (hits, status) = search(&public, "en", "zzqqxx");
    assert!(hits.is_empty());
    assert!(status.starts_with("No page matches"), "{status}");
    let (_, status) = search(&public, "fr", "zzqqxx");
    assert!(status.starts_with("Aucune page ne correspond"), "{status}");
    let (_, status) = search(&public, "km", "ឃ្ឃ្ឃ");
    assert!(status.starts_with("រកមិនឃើញ"), "{status}");
}

#[test]
#[should_panic(expected = "broke its Content-Security-Policy")]
fn a_page_that_breaks_its_policy_fails_the_browser_tests() {
    // The broken fixture's theme writes an inline style, which the policy refuses: the check
    // every browser test relies on must see it.
    let site = Fixture::copy("gates-broken");
    site.build_ok(&["--offline"]);
    dump_dom(&site.public().join("en/guide/broken/index.html"), "", true);
}

/// The one-file edition works as the only file of an empty folder: opened over `file://`, it
/// loads nothing (its policy allows only its inline stylesheet and `data:` fonts and images, so
/// any load of a file would be a violation, which `headless_chromium` fails on, and a missing
/// file could not be loaded), and every in-file link of the page as the browser parsed it leads
/// to an element.
#[test]
fn the_one_file_edition_works_alone_in_an_empty_folder() {
    let site = Fixture::sample();
    site.build_ok(&["--single-file"]);
    for lang in ["km", "en", "fr"] {
        let name = format!("nssf-information-for-citizens-{lang}.html");
        let alone = tempfile::tempdir().unwrap();
        std::fs::copy(site.public().join(&name), alone.path().join(&name)).unwrap();
        let dom = dump_dom(&alone.path().join(&name), "", true);
        let ids = common::ids_in(&dom);
        let links = common::links_in(&dom);
        let in_file: Vec<&String> = links.iter().filter(|l| l.starts_with('#')).collect();
        assert!(
            in_file.len() > 100,
            "{lang}: {} in-file links",
            in_file.len()
        );
        for link in in_file {
            assert!(
                ids.iter().any(|id| *id == link[1..]),
                "{lang}: {link} leads to no element"
            );
        }
        for link in &links {
            let fine = [
                "#",
                "data:",
                "tel:",
                "mailto:",
                "https:",
                "http:",
                "nssf-information-for-citizens-",
            ]
            .iter()
            .any(|p| link.starts_with(p));
            assert!(
                fine,
                "{lang}: {link} would load or open a file that is not there"
            );
        }
        assert!(
            dom.matches("<h1").count() >= 40,
            "{lang}: the pages are in the DOM"
        );
    }
}

/// Opened with no address at all (its text put in a blank page, as an app that hands over a
/// file's content may show it: no folder, no file name), the one-file edition shows no error,
/// and its in-file links lead to the elements they name (a click makes that element the target). (A top-level
/// `data:` address will not do: Chromium refuses any navigation inside one, even to `#…`.)
#[test]
fn the_one_file_edition_reads_with_no_address_and_every_link_leads_somewhere() {
    let site = Fixture::sample();
    site.build_ok(&["--single-file"]);
    let mut browser = common::cdp::Browser::launch();
    for lang in ["km", "en", "fr"] {
        let html = std::fs::read_to_string(
            site.public()
                .join(format!("nssf-information-for-citizens-{lang}.html")),
        )
        .unwrap();
        let tab = browser.open("about:blank", 360, 740);
        browser.set_content(&tab, &html);
        let followed = browser.evaluate(
            &tab,
            r##"(async () => {
                 const links = [...document.querySelectorAll('a[href^="#"]')];
                 const lost = [];
                 const named = (a) => decodeURIComponent(a.getAttribute("href").slice(1));
                 // Chromium stops same-page navigations past 200 in 10 s (flood protection):
                 // the first 150 links are clicked, every link's element is looked up.
                 // A fragment navigation is synchronous: the target is checked without
                 // waiting for a frame (a frame of this long page is slow on a busy machine).
                 for (const a of links.slice(0, 150)) {
                   a.click();
                   const target = document.querySelector(":target");
                   if (!target || target.id !== named(a)) lost.push(a.getAttribute("href") + " -> " + (target ? target.id : "none"));
                 }
                 for (const a of links) if (!document.getElementById(named(a))) lost.push(a.getAttribute("href"));
                 return [links.length, lost];
               })()"##,
        );
        assert!(followed[0].as_u64().unwrap() > 100, "{lang}: {followed}");
        assert_eq!(
            followed[1],
            serde_json::json!([]),
            "{lang}: links leading nowhere"
        );
        let errors = browser.errors(&tab);
        assert!(errors.is_empty(), "{lang}: {errors:#?}");
    }
}
