//! Step 1 (load): the checks of a question tree as a whole, at the lines of its nodes and
//! options: each node a question or an outcome, 2 to 6 options leading to nodes that exist, no
//! cycle, every node reached, at most `MAX_DEPTH` questions on a way, at most `MAX_PAGES` pages.

use super::{MAX_DEPTH, MAX_PAGES, OPTIONS, QuestionTree, walks};
use crate::data::kind::Reporter;
use crate::diagnostic::Diagnostic;
use crate::yaml::Step::{self, Item, Key};

/// The problems of a tree: a node neither question nor outcome, the number of options, an
/// option leading nowhere, cycles, unreachable nodes, too deep, too many pages.
pub(super) fn check_tree(tree: &QuestionTree, record: &Reporter) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = reporter(record);
    if tree.nodes.is_empty() {
        problems.push(at(
            &[Key("nodes")],
            "a question tree needs nodes".into(),
            "list the questions and outcomes under `nodes:`, the first question first",
        ));
        return problems;
    }
    // The shape of the tree is judged only once every option leads to a node.
    if !check_nodes(tree, record, &mut problems) {
        check_ways(tree, record, &mut problems);
    }
    problems
}

/// Makes the diagnostics of a tree: at a field of the record, with a hint.
fn reporter<'a>(record: &'a Reporter) -> impl Fn(&[Step], String, &str) -> Diagnostic + 'a {
    move |path, message, hint| record.at(path, message, hint)
}

/// Each node alone: question or outcome, its options, where they lead. Whether any problem
/// makes the tree's shape unknowable (a duplicate id, an option leading nowhere...).
fn check_nodes(tree: &QuestionTree, record: &Reporter, problems: &mut Vec<Diagnostic>) -> bool {
    let at = reporter(record);
    let ids: Vec<String> = tree.nodes.iter().map(|n| n.id.0.clone()).collect();
    let mut broken = false;
    for (n, node) in tree.nodes.iter().enumerate() {
        let here = [Key("nodes"), Item(n)];
        if let Some(first) = tree.nodes[..n].iter().position(|x| x.id == node.id) {
            let line = record.line(&[Key("nodes"), Item(first), Key("id")]);
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
fn check_ways(tree: &QuestionTree, record: &Reporter, problems: &mut Vec<Diagnostic>) {
    let at = reporter(record);
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
pub(super) fn cycle(tree: &QuestionTree) -> Option<(usize, usize)> {
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
