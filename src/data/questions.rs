//! Guided questions ("Can I join?"): a decision tree per record of `data/questions/*.yaml`.
//!
//! Each node is a question (2 to 6 options, each leading to another node) or an outcome. The
//! tree is checked as a whole (options lead to nodes that exist, no cycle, every node reached
//! from the first, at most [`MAX_DEPTH`] questions on a path, at most [`MAX_PAGES`] pages), then
//! [`walks`] lists every way through it: each walk becomes a page of the site
//! (`check/<tree>/<option>/<option>/`), so the questions work without script.

use std::collections::HashMap;

use serde::Deserialize;

use super::{Data, Date, Id, Record, Sources, Translated};
use crate::diagnostic::Diagnostic;
use crate::yaml::Step::{self, Item, Key};

/// The most questions a reader may be asked on one way through a tree.
pub const MAX_DEPTH: usize = 8;
/// The most pages (ways through, the first question included) a tree may make.
pub const MAX_PAGES: usize = 500;
/// How many options a question offers.
pub const OPTIONS: std::ops::RangeInclusive<usize> = 2..=6;

/// A tree of questions: the first node is the first question.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionTree {
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
pub struct Node {
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
pub struct Answer {
    pub id: Id,
    pub label: Translated,
    /// The id of the node it leads to.
    pub next: Id,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
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
pub struct OutcomeLink {
    pub label: Translated,
    pub link: String,
}

impl QuestionTree {
    pub fn texts(&self) -> Vec<&Translated> {
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

    pub fn node(&self, id: &Id) -> Option<usize> {
        self.nodes.iter().position(|n| &n.id == id)
    }

    /// Every outcome link, in the order of the nodes: the order of the tree page's links.
    pub fn links(&self) -> impl Iterator<Item = (usize, usize, &OutcomeLink)> {
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
pub struct Walk {
    pub answers: Vec<(usize, usize)>,
    pub node: usize,
}

impl Walk {
    /// The walk's address under the tree's page: `self-employed/not-covered/` (empty for the
    /// first question).
    pub fn path(&self, tree: &QuestionTree) -> String {
        self.answers
            .iter()
            .map(|&(n, o)| format!("{}/", tree.nodes[n].options[o].id))
            .collect()
    }
}

/// Every way through a checked tree, the first question first, each walk before the walks
/// that continue it. Stops at [`MAX_PAGES`] walks and at cycles, so it ends on any tree.
pub fn walks(tree: &QuestionTree) -> Vec<Walk> {
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
pub fn questions_left(tree: &QuestionTree, node: usize) -> usize {
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

/// The problems of every tree: a node neither question nor outcome, the number of options, an
/// option leading nowhere, cycles, unreachable nodes, too deep, too many pages.
pub fn check_questions(data: &Data) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for record in &data.questions {
        check_tree(data, record, &mut problems);
    }
    problems
}

/// Makes the diagnostics of a tree: at a field of the record, with a hint.
fn reporter<'a>(
    data: &'a Data,
    record: &'a Record<QuestionTree>,
) -> impl Fn(&[Step], String, &str) -> Diagnostic + 'a {
    move |path, message, hint| {
        data.diagnostic(record, path, message)
            .with_hint(hint.to_string())
    }
}

fn check_tree(data: &Data, record: &Record<QuestionTree>, problems: &mut Vec<Diagnostic>) {
    let tree = &record.value;
    let at = reporter(data, record);
    if tree.nodes.is_empty() {
        problems.push(at(
            &[Key("nodes")],
            "a question tree needs nodes".into(),
            "list the questions and outcomes under `nodes:`, the first question first",
        ));
        return;
    }
    // The shape of the tree is judged only once every option leads to a node.
    if !check_nodes(data, record, problems) {
        check_ways(data, record, problems);
    }
}

/// Each node alone: question or outcome, its options, where they lead. Whether any problem
/// makes the tree's shape unknowable (a duplicate id, an option leading nowhere...).
fn check_nodes(data: &Data, record: &Record<QuestionTree>, problems: &mut Vec<Diagnostic>) -> bool {
    let tree = &record.value;
    let at = reporter(data, record);
    let ids: Vec<String> = tree.nodes.iter().map(|n| n.id.0.clone()).collect();
    let mut broken = false;
    for (n, node) in tree.nodes.iter().enumerate() {
        let here = [Key("nodes"), Item(n)];
        if let Some(first) = tree.nodes[..n].iter().position(|x| x.id == node.id) {
            let (line, _) = data.locate(record, &[Key("nodes"), Item(first), Key("id")]);
            problems.push(at(
                &[Key("nodes"), Item(n), Key("id")],
                format!("duplicate node id `{}`", node.id),
                &format!("line {line} already uses it; every node of a tree needs its own id"),
            ));
            broken = true;
        }
        match (&node.question, &node.outcome) {
            (Some(_), Some(_)) | (None, None) => {
                problems.push(at(
                    &here,
                    format!("node `{}` must be a question or an outcome", node.id),
                    "give it either `question:` with `options:`, or `outcome:`",
                ));
                broken = true;
            }
            (None, Some(_)) if !node.options.is_empty() => problems.push(at(
                &[Key("nodes"), Item(n), Key("options")],
                format!("the outcome `{}` has options", node.id),
                "an outcome ends the questions: remove `options:`, or make it a `question:`",
            )),
            (Some(_), None) if !OPTIONS.contains(&node.options.len()) => {
                problems.push(at(
                    &[Key("nodes"), Item(n), Key("options")],
                    format!(
                        "the question `{}` has {} option(s); a question offers 2 to 6",
                        node.id,
                        node.options.len()
                    ),
                    "list 2 to 6 options under `options:`, each with `id`, `label` and `next`",
                ));
                broken = true;
            }
            _ => {}
        }
        for (o, option) in node.options.iter().enumerate() {
            let path = [Key("nodes"), Item(n), Key("options"), Item(o)];
            if node.options[..o].iter().any(|x| x.id == option.id) {
                problems.push(at(
                    &[path[0], path[1], path[2], path[3], Key("id")],
                    format!("two options of `{}` have the id `{}`", node.id, option.id),
                    "each option names its page: give it its own id",
                ));
            }
            if tree.node(&option.next).is_none() {
                let hint = match crate::yaml::closest(&option.next.0, &ids) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the nodes of this tree: {}", ids.join(", ")),
                };
                problems.push(at(
                    &[path[0], path[1], path[2], path[3], Key("next")],
                    format!(
                        "option `{}` leads to `{}`, which is not a node of this tree",
                        option.id, option.next
                    ),
                    &hint,
                ));
                broken = true;
            }
        }
    }
    broken
}

/// The tree as a whole: no cycle, every node reached, not too deep, not too many pages.
fn check_ways(data: &Data, record: &Record<QuestionTree>, problems: &mut Vec<Diagnostic>) {
    let tree = &record.value;
    let at = reporter(data, record);
    if let Some((n, o)) = cycle(tree) {
        let option = &tree.nodes[n].options[o];
        problems.push(at(
            &[Key("nodes"), Item(n), Key("options"), Item(o), Key("next")],
            format!(
                "option `{}` of `{}` leads back to `{}`: the questions would never end",
                option.id, tree.nodes[n].id, option.next
            ),
            "every option must lead further down, to a later question or an outcome",
        ));
        return;
    }
    let reached = reachable(tree);
    for (n, node) in tree.nodes.iter().enumerate() {
        if !reached[n] {
            let what = if node.outcome.is_some() {
                "outcome"
            } else {
                "question"
            };
            problems.push(at(
                &[Key("nodes"), Item(n), Key("id")],
                format!("no answer leads to the {what} `{}`", node.id),
                &format!(
                    "let an option lead to it (`next: {}`), or remove it",
                    node.id
                ),
            ));
        }
    }
    let walks = walks(tree);
    if let Some(deep) = walks
        .iter()
        .find(|w| w.answers.len() >= MAX_DEPTH && tree.nodes[w.node].outcome.is_none())
    {
        let n = deep.node;
        problems.push(at(
            &[Key("nodes"), Item(n), Key("id")],
            format!(
                "the question `{}` can be question {}: at most {MAX_DEPTH} questions on one way through",
                tree.nodes[n].id,
                deep.answers.len() + 1
            ),
            "ask fewer questions before it, or split the tree in two",
        ));
    } else if walks.len() > MAX_PAGES {
        problems.push(at(
            &[],
            format!(
                "the question tree `{}` makes more than {MAX_PAGES} pages (one per way through it)",
                tree.id
            ),
            "let more options lead to the same outcome early, or split the tree in two",
        ));
    }
}

/// An option that closes a cycle (node, option), if any: depth-first with three colours.
fn cycle(tree: &QuestionTree) -> Option<(usize, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        New,
        Open,
        Done,
    }
    let mut colour = vec![Colour::New; tree.nodes.len()];
    // (node, next option to follow)
    for start in 0..tree.nodes.len() {
        if colour[start] != Colour::New {
            continue;
        }
        let mut stack = vec![(start, 0)];
        colour[start] = Colour::Open;
        while let Some((n, o)) = stack.pop() {
            let Some(option) = tree.nodes[n].options.get(o) else {
                colour[n] = Colour::Done;
                continue;
            };
            stack.push((n, o + 1));
            let Some(next) = tree.node(&option.next) else {
                continue;
            };
            match colour[next] {
                Colour::Open => return Some((n, o)),
                Colour::New => {
                    colour[next] = Colour::Open;
                    stack.push((next, 0));
                }
                Colour::Done => {}
            }
        }
    }
    None
}

/// Which nodes the first question leads to (itself included).
fn reachable(tree: &QuestionTree) -> Vec<bool> {
    let mut seen = vec![false; tree.nodes.len()];
    let mut stack = vec![0];
    while let Some(n) = stack.pop() {
        if std::mem::replace(&mut seen[n], true) {
            continue;
        }
        stack.extend(
            tree.nodes[n]
                .options
                .iter()
                .filter_map(|o| tree.node(&o.next)),
        );
    }
    seen
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
        assert_eq!(cycle(&t), Some((1, 1)));
        assert_eq!(walks(&t).len(), 4);
        assert_eq!(cycle(&tree(SMALL)), None);
    }
}
