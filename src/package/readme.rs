//! README.txt and README.html at the bundle's root, in Khmer, English and French: how to open
//! the site from the drive, and how to check that the copy is complete and unaltered.

use crate::config::Config;
use crate::html::escape_text;

struct Text {
    lang: &'static str,
    heading: &'static str,
    open: &'static str,
    phone: &'static str,
    /// `{file}`: this language's one-file edition.
    one_file: &'static str,
    check: &'static str,
    key: &'static str,
}

const TEXTS: [Text; 3] = [
    Text {
        lang: "km",
        heading: "របៀបបើកគេហទំព័រនេះ",
        open: "បើកឯកសារ index.html ដែលនៅក្នុងថតនេះ ជាមួយកម្មវិធីរុករក (Chrome, Firefox)។ មិនត្រូវការអ៊ីនធឺណិតទេ។",
        phone: "នៅលើទូរស័ព្ទ៖ ចម្លងថតទាំងមូល បើកកម្មវិធីគ្រប់គ្រងឯកសារ រួចចុចលើ index.html ហើយជ្រើសកម្មវិធីរុករក។",
        one_file: "ឯកសារ {file} មានទំព័រភាសាខ្មែរទាំងអស់ក្នុងឯកសារតែមួយ៖ ផ្ញើវាតាមកម្មវិធីផ្ញើសារ ឬបើកវាតែម្នាក់ឯងនៅលើទូរស័ព្ទ។",
        check: "ដើម្បីពិនិត្យថាច្បាប់ចម្លងពេញលេញ និងមិនត្រូវបានកែប្រែ៖ spean verify <ថតនេះ> --key <សោសាធារណៈរបស់ស្ថាប័ន> ឬ sha256sum -c SHA256SUMS (ពិនិត្យតែឯកសារ មិនពិនិត្យហត្ថលេខា)។",
        key: "ស្នាមម្រាមដៃនៃសោហត្ថលេខា៖",
    },
    Text {
        lang: "en",
        heading: "How to open this site",
        open: "Open the file index.html in this folder with a web browser (Chrome, Firefox). No internet connection is needed.",
        phone: "On a phone: copy the whole folder, open it in a file manager, tap index.html and choose a browser.",
        one_file: "The file {file} holds every English page in one file: send it in a messaging app, or open it alone on a phone.",
        check: "To check that a copy is complete and unaltered: spean verify <this folder> --key <the agency's public key>, or sha256sum -c SHA256SUMS (checks the files, not the signature).",
        key: "Fingerprint of the signing key:",
    },
    Text {
        lang: "fr",
        heading: "Comment ouvrir ce site",
        open: "Ouvrez le fichier index.html de ce dossier avec un navigateur (Chrome, Firefox). Aucune connexion Internet n’est nécessaire.",
        phone: "Sur un téléphone : copiez tout le dossier, ouvrez-le dans un gestionnaire de fichiers, touchez index.html et choisissez un navigateur.",
        one_file: "Le fichier {file} contient toutes les pages en français dans un seul fichier : envoyez-le par une messagerie, ou ouvrez-le seul sur un téléphone.",
        check: "Pour vérifier qu’une copie est complète et intacte : spean verify <ce dossier> --key <la clé publique de l’organisme>, ou sha256sum -c SHA256SUMS (vérifie les fichiers, pas la signature).",
        key: "Empreinte de la clé de signature :",
    },
];

/// (file name, contents) of the two readmes.
pub(crate) fn readmes(config: &Config, fingerprint: &str) -> [(&'static str, String); 2] {
    let mut txt = String::new();
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>README</title>\n<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.6}:lang(km){line-height:1.9}code{background:#eef3f8}</style></head>\n<body>\n",
    );
    for t in &TEXTS {
        let title = config.title.get(t.lang).cloned().unwrap_or_default();
        // The one-file edition of the language, when the site has that language.
        let one_file = config.language(t.lang).map(|_| {
            let file = config.single_file.file_name(t.lang);
            (t.one_file.replace("{file}", &file), file)
        });
        let one_file_txt = one_file
            .as_ref()
            .map_or_else(String::new, |(text, _)| format!("{text}\n"));
        txt.push_str(&format!(
            "{title}\n{}\n\n{}\n{}\n{one_file_txt}\n{}\n{} {fingerprint}\n\n",
            t.heading, t.open, t.phone, t.check, t.key
        ));
        let one_file_html = one_file.map_or_else(String::new, |(text, file)| {
            let file = escape_text(&file);
            let text = escape_text(&text).replace(&file, &format!("<a href=\"{file}\">{file}</a>"));
            format!("<p>{text}</p>\n")
        });
        html.push_str(&format!(
            "<section lang=\"{}\">\n<h1>{}</h1>\n<h2>{}</h2>\n<p>{}</p>\n<p><a href=\"index.html\">index.html</a></p>\n<p>{}</p>\n{one_file_html}<p>{}</p>\n<p>{} <code>{fingerprint}</code></p>\n</section>\n",
            t.lang,
            escape_text(&title),
            escape_text(t.heading),
            escape_text(t.open),
            escape_text(t.phone),
            escape_text(t.check),
            escape_text(t.key)
        ));
    }
    html.push_str("</body>\n</html>\n");
    [
        ("README.txt", txt.replace('\n', "\r\n")),
        ("README.html", html),
    ]
}
