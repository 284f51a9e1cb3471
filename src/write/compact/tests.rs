//! The page minifier's tests: what it removes, and what it must never touch.

use super::{NAMES, html, tag_name, word_end};

fn min(page: &str) -> String {
    String::from_utf8(html(page.as_bytes())).unwrap()
}

#[test]
fn whitespace_next_to_blocks_goes_and_between_words_becomes_one_space() {
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <title>Join</title>\n</head>\n<body>\n  <ul>\n    <li><a href=\"/a/\">One</a></li>\n    <li>Two</li>\n  </ul>\n  <p>Pay   15,600\n  riel <em>each</em> <a href=\"x\">month</a>.</p>\n</body>\n</html>\n";
    assert_eq!(
        min(page),
        "<!doctype html><html lang=en><head><title>Join</title></head><body><ul><li><a href=/a/>One</a></li><li>Two</li></ul><p>Pay 15,600 riel <em>each</em> <a href=x>month</a>.</p></body></html>"
    );
}

#[test]
fn preformatted_text_scripts_and_styles_are_copied_as_they_are() {
    let page = "<div>\n<pre><code>a  =  1\n  b\n</code></pre>\n<textarea> keep\n this</textarea>\n<script src=\"a.js\">if (a <b) {\n  x()\n}</script><STYLE>p  { }</STYLE>\n</div>";
    assert_eq!(
        min(page),
        "<div><pre><code>a  =  1\n  b\n</code></pre><textarea> keep\n this</textarea><script src=a.js>if (a <b) {\n  x()\n}</script><STYLE>p  { }</STYLE></div>"
    );
}

#[test]
fn quotes_stay_where_the_value_needs_them() {
    let page =
        r#"<a class="card title" href="" title='say "hi"' data-x="a=b" data-y = "ok" hidden>x</a>"#;
    assert_eq!(
        min(page),
        r#"<a class="card title" href="" title='say "hi"' data-x="a=b" data-y=ok hidden>x</a>"#
    );
    // A `>` inside a quoted value does not end the tag.
    assert_eq!(
        min(r#"<a title="a > b"> x</a>"#),
        r#"<a title="a > b"> x</a>"#
    );
}

#[test]
fn comments_go_and_a_lone_less_than_sign_is_text() {
    assert_eq!(min("<p>a <!-- note --> b < c</p>"), "<p>a b < c</p>");
    assert_eq!(min("<p>a<!-- unterminated"), "<p>a");
}

#[test]
fn self_closing_svg_keeps_its_slash_out_of_the_value() {
    assert_eq!(
        min(r#"<svg viewBox="0 0 8 8"><path d="M0"/></svg>"#),
        r#"<svg viewBox="0 0 8 8"><path d=M0 /></svg>"#
    );
}

#[test]
fn quotes_escaped_in_text_are_written_plain_and_other_entities_stay() {
    assert_eq!(
        min("<h1>S&#39;inscrire &quot;vite&quot; &amp; &lt;b&gt; &#x27;</h1><a title=\"S&#39;x\">"),
        "<h1>S'inscrire \"vite\" &amp; &lt;b&gt; '</h1><a title=S&#39;x>"
    );
}

#[test]
fn khmer_text_and_non_breaking_spaces_are_kept() {
    let page = "<p>\n  សន្តិសុខ\u{a0}សង្គម  ការ\n</p>";
    assert_eq!(min(page), "<p>សន្តិសុខ\u{a0}សង្គម ការ</p>");
}

#[test]
fn tag_names_are_known_in_any_case_and_only_whole() {
    assert!(
        NAMES.iter().all(|n| n.len() <= 16),
        "a name longer than a packed number holds"
    );
    assert_eq!(tag_name(b"<DIV class=a>"), ("div", false));
    assert_eq!(tag_name(b"</Blockquote>"), ("blockquote", true));
    assert_eq!(tag_name(b"<textarea>"), ("textarea", false));
    assert_eq!(tag_name(b"<divx>"), ("", false));
    assert_eq!(tag_name(b"<di>"), ("", false));
    assert_eq!(tag_name(b"<blockquoteblockquote>"), ("", false));
}

proptest::proptest! {
    /// Whatever the input (broken tags, stray quotes and `=`), the minifier ends without
    /// panicking and gives the same page when run again.
    #[test]
    fn it_keeps_the_text_and_is_idempotent(page in "[a-z <>/=\"'!\\-\n]{0,80}") {
        let once = html(page.as_bytes());
        let twice = html(&once);
        proptest::prop_assert_eq!(&once, &twice);
    }

    /// Words end where a byte-by-byte reading ends them, eight bytes read at a time or not.
    #[test]
    fn words_end_at_whitespace_or_a_tag(
        bytes in proptest::collection::vec(proptest::prop_oneof![
            proptest::sample::select(vec![b' ', b'\n', b'\t', b'\r', 0x0c, 0x01, 0x20, b'!', b'<', b'&', b'=', b'a', 0xe1, 0x9e, 0x80, 0xff]),
            proptest::num::u8::ANY,
        ], 0..40),
        from in 0usize..40,
    ) {
        let from = from.min(bytes.len());
        let end = bytes[from..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || *c == b'<')
            .map_or(bytes.len(), |at| from + at);
        let entities = bytes[from..end].contains(&b'&');
        proptest::prop_assert_eq!(word_end(&bytes, from), (end, entities));
    }
}
