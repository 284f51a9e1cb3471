//! Step 1 (load): guided questions ("Can I join?"), a decision tree per record of
//! `data/questions/*.yaml`.
//!
//! Each node is a question (2 to 6 options, each leading to another node) or an outcome. The
//! tree is checked as a whole (options lead to nodes that exist, no cycle, every node reached
//! from the first, at most [`MAX_DEPTH`] questions on a path, at most [`MAX_PAGES`] pages:
//! `check`), then
//! [`walks`] lists every way through it: each walk becomes a page of the site
//! (`check/<tree>/<option>/<option>/`), so the questions work without script.

use std::collections::HashMap;

use serde::Deserialize;

mod check;

use super::kind::{Fields, Kind, KindInfo, RecordLink, RecordPage, Reference, Reporter};
use super::{Date, Id, Scheme, Sources, Translated};
use crate::diagnostic::Diagnostic;
use crate::yaml::Step::{Item, Key};

/// The most questions a reader may be asked on one way through a tree.
pub(crate) const MAX_DEPTH: usize = 8;
/// The most pages (ways through, the first question included) a tree may make.
pub(crate) const MAX_PAGES: usize = 500;
/// How many options a question offers.
pub(crate) const OPTIONS: std::ops::RangeInclusive<usize> = 2..=6;

/// A tree of questions: the first node is the first question.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuestionTree {
    pub id: Id,
    #[serde(default)]
    pub draft: bool,
    pub title: Translated,
    pub summary: Translated,
    #[serde(default)]
    pub weight: i64,
    /// Sample guidance, not an official decision: the pages say so.
    #[serde(default)]
    pub sample: bool,
    pub nodes: Vec<Node>,
    pub source: Sources,
    /// The day the rules the answers rest on were checked (printed on outcome pages).
    pub last_verified: Date,
}

/// A question (`question` and `options`) or an outcome (`outcome`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Node {
    pub id: Id,
    pub question: Option<Translated>,
    pub hint: Option<Translated>,
    #[serde(default)]
    pub options: Vec<Answer>,
    pub outcome: Option<Outcome>,
}

/// An option of a question: its id names it in page addresses.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Answer {
    pub id: Id,
    pub label: Translated,
    /// The id of the node it leads to.
    pub next: Id,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Outcome {
    pub title: Translated,
    /// What the outcome means for the reader.
    pub means: Translated,
    #[serde(default)]
    pub next_steps: Vec<Translated>,
    /// The scheme the outcome leads to: its contributions in force on the build's day, and the
    /// changes to come, are shown with the outcome, from the same dated rules as the scheme's
    /// page and its calculator.
    #[serde(default)]
    pub scheme: Option<Id>,
    /// Pages, schemes and journeys to read next: `@/schemes/voluntary-health-care.md`.
    #[serde(default)]
    pub links: Vec<OutcomeLink>,
    /// The sources this outcome rests on, if not only the tree's.
    #[serde(default)]
    pub source: Sources,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutcomeLink {
    pub label: Translated,
    pub link: String,
}

impl QuestionTree {
    pub(crate) fn node(&self, id: &Id) -> Option<usize> {
        self.nodes.iter().position(|n| &n.id == id)
    }

    /// Every outcome link, in the order of the nodes: the order of the tree page's links.
    pub(crate) fn links(&self) -> impl Iterator<Item = (usize, usize, &OutcomeLink)> {
        self.nodes.iter().enumerate().flat_map(|(n, node)| {
            node.outcome
                .iter()
                .flat_map(|o| o.links.iter().enumerate())
                .map(move |(i, l)| (n, i, l))
        })
    }
}

/// One way through a tree: the options chosen (node, option), and the node reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Walk {
    pub answers: Vec<(usize, usize)>,
    pub node: usize,
}

impl Walk {
    /// The walk's address under the tree's page: `self-employed/not-covered/` (empty for the
    /// first question).
    pub(crate) fn path(&self, tree: &QuestionTree) -> String {
        self.answers
            .iter()
            .map(|&(n, o)| format!("{}/", tree.nodes[n].options[o].id))
            .collect()
    }
}

/// Every way through a checked tree, the first question first, each walk before the walks
/// that continue it. Stops at [`MAX_PAGES`] walks and at cycles, so it ends on any tree.
pub(crate) fn walks(tree: &QuestionTree) -> Vec<Walk> {
    let mut out = Vec::new();
    if tree.nodes.is_empty() {
        return out;
    }
    let mut stack = vec![Walk {
        answers: Vec::new(),
        node: 0,
    }];
    while let Some(walk) = stack.pop() {
        if out.len() > MAX_PAGES {
            break;
        }
        let node = &tree.nodes[walk.node];
        for (o, option) in node.options.iter().enumerate().rev() {
            let Some(next) = tree.node(&option.next) else {
                continue;
            };
            let seen = walk.node == next || walk.answers.iter().any(|&(n, _)| n == next);
            if seen || walk.answers.len() > MAX_DEPTH {
                continue;
            }
            let mut answers = walk.answers.clone();
            answers.push((walk.node, o));
            stack.push(Walk {
                answers,
                node: next,
            });
        }
        out.push(walk);
    }
    out
}

/// The most questions a reader can still be asked from `node` (itself included).
pub(crate) fn questions_left(tree: &QuestionTree, node: usize) -> usize {
    fn depth(
        tree: &QuestionTree,
        node: usize,
        memo: &mut HashMap<usize, usize>,
        guard: usize,
    ) -> usize {
        if let Some(&d) = memo.get(&node) {
            return d;
        }
        let n = &tree.nodes[node];
        if n.options.is_empty() || guard > tree.nodes.len() {
            return 0;
        }
        let deepest = n
            .options
            .iter()
            .filter_map(|o| tree.node(&o.next))
            .map(|next| depth(tree, next, memo, guard + 1))
            .max()
            .unwrap_or(0);
        memo.insert(node, deepest + 1);
        deepest + 1
    }
    depth(tree, node, &mut HashMap::new(), 0)
}

impl Fields for QuestionTree {
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
        let mut all = vec![&self.title, &self.summary];
        for node in &self.nodes {
            all.extend([&node.question, &node.hint].into_iter().flatten());
            all.extend(node.options.iter().map(|o| &o.label));
            if let Some(o) = &node.outcome {
                all.extend([&o.title, &o.means]);
                all.extend(o.next_steps.iter());
                all.extend(o.links.iter().map(|l| &l.label));
            }
        }
        all
    }
    fn weight(&self) -> Option<i64> {
        Some(self.weight)
    }
    fn references(&self) -> Vec<Reference<'_>> {
        let outcomes = self.nodes.iter().enumerate();
        let schemes =
            outcomes.filter_map(|(n, node)| Some((n, node.outcome.as_ref()?.scheme.as_ref()?)));
        schemes
            .map(|(n, id)| Reference {
                at: vec![Key("nodes"), Item(n), Key("outcome"), Key("scheme")],
                kind: Scheme::INFO,
                id,
            })
            .collect()
    }
    fn problems(&self, at: &Reporter) -> Vec<Diagnostic> {
        check::check_tree(self, at)
    }
    fn page(&self) -> RecordPage<'_> {
        let links = self.links().map(|(n, l, link)| RecordLink {
            at: vec![
                Key("nodes"),
                Item(n),
                Key("outcome"),
                Key("links"),
                Item(l),
                Key("link"),
            ],
            link: &link.link,
            why: "an outcome links to a page of the site, written @/path/to/page.md",
        });
        RecordPage {
            title: Some(&self.title),
            summary: Some(&self.summary),
            anchors: Vec::new(),
            links: links.collect(),
            sample: self.sample,
        }
    }
}

impl Kind for QuestionTree {
    const INFO: &'static KindInfo = &KindInfo {
        folder: "questions",
        name: "question tree",
        section: Some("check"),
        template: Some("question.html"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(yaml: &str) -> QuestionTree {
        serde_yaml::from_str(yaml).unwrap()
    }

    const SMALL: &str = "id: t\ntitle: T\nsummary: S\nsource: s\nlast_verified: 2025-01-01\nnodes:\n- id: a\n  question: A?\n  options:\n  - {id: yes, label: Yes, next: b}\n  - {id: no, label: No, next: end}\n- id: b\n  question: B?\n  options:\n  - {id: yes, label: Yes, next: end}\n  - {id: no, label: No, next: end}\n- id: end\n  outcome: {title: E, means: M}\n";

    #[test]
    fn walks_list_every_way_through_parents_first() {
        let t = tree(SMALL);
        let paths: Vec<String> = walks(&t).iter().map(|w| w.path(&t)).collect();
        assert_eq!(paths, ["", "yes/", "yes/yes/", "yes/no/", "no/"]);
        assert_eq!(questions_left(&t, 0), 2);
        assert_eq!(questions_left(&t, 2), 0);
    }

    #[test]
    fn cycles_are_found_and_walks_end() {
        let t = tree(&SMALL.replace(
            "{id: no, label: No, next: end}\n- id: end",
            "{id: no, label: No, next: a}\n- id: end",
        ));
        assert_eq!(check::cycle(&t), Some((1, 1)));
        assert_eq!(walks(&t).len(), 4);
        assert_eq!(check::cycle(&tree(SMALL)), None);
    }
}
