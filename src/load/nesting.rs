//! Step 1 (load), while Markdown is read: how deeply a body nests its blocks (lists, quotes) and
//! its raw HTML elements. A body deeper than [`MAX_NESTING`] is refused at the place it gets
//! there: the HTML minifier's parser is recursive, and a few thousand nested `<div>`s or list
//! items used to overflow its stack and abort the whole process.

use pulldown_cmark::Event;

/// Lists, quotes and HTML elements nested deeper than this are refused: no page needs it.
pub(crate) const MAX_NESTING: usize = 100;

/// The nesting met so far in one body.
#[derive(Debug, Default)]
pub(crate) struct Nesting {
    blocks: usize,
    html: usize,
    raw_html: bool,
}

impl Nesting {
    /// Takes in the next event; false when the body now nests deeper than [`MAX_NESTING`].
    pub(crate) fn enter(&mut self, event: &Event) -> bool {
        match event {
            Event::Start(_) => self.blocks += 1,
            Event::End(_) => self.blocks = self.blocks.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                self.raw_html = true;
                let (change, deepest) = html_depth_change(html);
                if self.blocks + self.html + deepest > MAX_NESTING {
                    return false;
                }
                self.html = self.html.saturating_add_signed(change);
            }
            _ => {}
        }
        self.blocks + self.html <= MAX_NESTING
    }

    /// Whether the body holds raw HTML (which then has to be sanitised).
    pub(crate) fn has_raw_html(&self) -> bool {
        self.raw_html
    }
}

/// How much a piece of raw HTML deepens the nesting (opening tags minus closing tags; void
/// elements and `<x/>` do not count), and how deep it goes inside itself.
fn html_depth_change(html: &str) -> (isize, usize) {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let mut change = 0isize;
    let mut deepest = 0isize;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || VOID.contains(&name.as_str()) {
            continue;
        }
        let self_closing = rest.find('>').is_some_and(|end| rest[..end].ends_with('/'));
        if closing {
            change -= 1;
        } else if !self_closing {
            change += 1;
            deepest = deepest.max(change);
        }
    }
    (change, deepest.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_depth_counts_the_deepest_point_inside_a_block() {
        assert_eq!(html_depth_change("<div><div>x</div></div>"), (0, 2));
        assert_eq!(html_depth_change("<details><summary>a</summary>"), (1, 2));
        assert_eq!(html_depth_change("<br><img src=x><hr/><x-y/>"), (0, 0));
        assert_eq!(html_depth_change("</div>"), (-1, 0));
    }
}
