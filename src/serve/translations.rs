//! `/__spean/translations` of `spean serve`: the translation status of every page and data
//! record (`spean check --translations`) as a page for editors, which exists only there.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::Shared;
use super::files::html_response;
use crate::config::BuildOptions;
use crate::html::escape;

pub(super) async fn translations_page(State(shared): State<Arc<Shared>>) -> Response {
    let options = shared.options.clone();
    let page = tokio::task::spawn_blocking(move || translations_html(&options))
        .await
        .unwrap_or_else(|e| format!("<p>{e}</p>"));
    html_response(StatusCode::OK, page.into_bytes())
}

/// The translation status of every page and data record, as a page for editors.
fn translations_html(options: &BuildOptions) -> String {
    use crate::check::Status;
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>Translation status — spean</title><style>body{font:16px/1.5 system-ui,sans-serif;margin:1rem}\
         table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left}\
         .outdated,.missing,.not-started{background:#ffe0d6;font-weight:bold}.unmarked{background:#fff4c2}.current,.source{color:#205020}</style></head><body>\
         <h1>Translation status</h1><p>For editors only: this page exists in <code>spean serve</code>, never in the published site.</p><dl>",
    );
    for status in Status::ALL {
        html.push_str(&format!(
            "<dt class=\"{}\">{}</dt><dd>{}</dd>",
            status_class(status),
            status.name(),
            with_code(&escape(status.meaning()))
        ));
    }
    html.push_str("</dl>");
    let today = crate::date::Date::today();
    let report = match crate::check::check(options, &today) {
        Ok(report) => report,
        Err(err) => {
            html.push_str(&format!(
                "<p>The site cannot be read: {}</p></body></html>",
                escape(&err.to_string())
            ));
            return html;
        }
    };
    let languages: Vec<String> = report
        .translations
        .iter()
        .flat_map(|r| r.languages.keys().cloned())
        .fold(Vec::new(), |mut all, l| {
            if !all.contains(&l) {
                all.push(l);
            }
            all
        });
    html.push_str("<table><thead><tr><th scope=\"col\">page</th>");
    for l in &languages {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape(l)));
    }
    html.push_str("</tr></thead><tbody>");
    for row in &report.translations {
        html.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(&row.page)));
        for l in &languages {
            let status = row.languages.get(l).copied().unwrap_or(Status::Missing);
            html.push_str(&format!(
                "<td class=\"{}\">{}</td>",
                status_class(status),
                status.name()
            ));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    if !report.data_translations.is_empty() {
        html.push_str("<h2>Data texts missing a language</h2><ul>");
        for r in &report.data_translations {
            let missing: Vec<String> = r.missing.iter().map(|(l, n)| format!("{l}: {n}")).collect();
            html.push_str(&format!(
                "<li><code>{}</code> <code>{}</code>: {}</li>",
                escape(&r.file),
                escape(&r.id),
                escape(&missing.join(", "))
            ));
        }
        html.push_str("</ul>");
    }
    html.push_str("</body></html>\n");
    html
}

/// `spean translations mark FILE` between backticks as `<code>`.
fn with_code(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_string()
            }
        })
        .collect()
}

/// The status as a class name: `not-started`.
fn status_class(status: crate::check::Status) -> String {
    status.name().replace(' ', "-")
}
