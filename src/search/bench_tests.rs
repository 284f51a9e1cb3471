//! Search indexing on its own, for `bench/index.sh`: the pages of a site built with
//! `--no-minify` (`SPEAN_INDEX_DIR`) are read into memory, then each language's are made into
//! documents, added to an index and written as files (to memory), one thread, timed by the
//! thread's CPU time. The digest of the files tells whether a change kept the index the same.
//! Without `SPEAN_INDEX_DIR` the test does nothing; it is `#[ignore]`d, so the suite skips it.

use super::*;

/// A moment of this thread's CPU time (nanoseconds on a CPU, from the scheduler).
struct Instant(u64);
impl Instant {
    fn cpu() -> u64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }
    fn now() -> Instant {
        Instant(Self::cpu())
    }
    fn elapsed(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(Self::cpu() - self.0)
    }
}

/// The `index.html` files under the language's folder, in order, with their paths.
fn pages(dir: &std::path::Path, lang: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir.join(lang))
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if e.file_name() == "index.html" {
            let bytes = std::fs::read(e.path()).unwrap();
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .to_string();
            out.push((rel, bytes));
        }
    }
    out
}

#[test]
#[ignore]
fn index_bench() {
    let Ok(dir) = std::env::var("SPEAN_INDEX_DIR") else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    let mut total_doc = 0.0;
    let mut total_add = 0.0;
    let mut total_files = 0.0;
    use sha2::Digest;
    let mut digest = sha2::Sha256::new();
    let langs = std::env::var("LANGS").unwrap_or("en fr km".into());
    for lang in langs.split(' ') {
        let pages = pages(dir, lang);
        let titles: Vec<String> = pages
            .iter()
            .map(|(_, html)| {
                let s = String::from_utf8_lossy(html);
                let title = s
                    .find("<title>")
                    .map(|a| &s[a + 7..a + 7 + s[a + 7..].find('<').unwrap()])
                    .unwrap_or("");
                decode(title).to_string()
            })
            .collect();
        let t = Instant::now();
        let docs: Vec<(String, SearchDoc)> = pages
            .iter()
            .zip(&titles)
            .map(|((rel, html), title)| (rel.clone(), document(rel.clone(), title, "S", html)))
            .collect();
        let d = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let indexer = Indexer::default();
        for (rel, doc) in docs {
            indexer.add(&rel, doc);
        }
        let a = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut bytes = 0;
        indexer.files(lang, &mut |f| {
            bytes += f.bytes.len();
            digest.update(f.path.as_bytes());
            digest.update(&f.bytes);
        });
        let f = t.elapsed().as_secs_f64();
        println!(
            "{lang}: {} pages, document {d:.3} s, add {a:.3} s, files {f:.3} s, {bytes} bytes",
            pages.len()
        );
        total_doc += d;
        total_add += a;
        total_files += f;
    }
    println!(
        "total: document {total_doc:.3} add {total_add:.3} files {total_files:.3}; digest {}",
        digest
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
}
