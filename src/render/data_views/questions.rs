//! What a question tree's page shows (step 3, render): the node its address reaches, the
//! answers given so far with a link to change each, the options as plain links to the next
//! pages, or the outcome with its links resolved like any other link of the site.

use serde::Serialize;

use super::{SchemeView, SourceView, Text, Views, rebase};
use crate::data::questions::{QuestionTree, Walk, questions_left, walks};
use crate::model::{Output, url};
use crate::render::format::{format_date, localize_digits};

#[derive(Serialize)]
pub(crate) struct QuestionView {
    pub id: String,
    /// The first question's page, to start again.
    pub start_url: String,
    pub sample: bool,
    /// The question's number on this way ("2") and the most it can come to ("4").
    pub number: String,
    pub at_most: String,
    pub question: Option<Text>,
    pub hint: Option<Text>,
    pub options: Vec<OptionView>,
    pub answers: Vec<AnswerView>,
    pub outcome: Option<OutcomeView>,
    pub sources: Vec<SourceView>,
    pub last_verified: String,
    pub last_verified_iso: String,
}

#[derive(Serialize)]
pub(crate) struct OptionView {
    pub label: Text,
    pub url: String,
}

/// An answer already given: the question, the answer, and the question's page to change it.
#[derive(Serialize)]
pub(crate) struct AnswerView {
    pub question: Text,
    pub answer: Text,
    pub change_url: String,
}

#[derive(Serialize)]
pub(crate) struct OutcomeView {
    pub title: Text,
    pub means: Text,
    pub next_steps: Vec<Text>,
    /// The scheme it leads to, with its contributions in force today and the changes to come.
    pub scheme: Option<SchemeView>,
    pub links: Vec<OptionView>,
    pub sources: Vec<SourceView>,
}

impl Views<'_> {
    /// The view of the page of tree `index` at this view's path (the tree's own page or one of
    /// its answer pages); `None` for an address that is no way through the tree.
    pub(super) fn question(&self, index: usize, output: &Output) -> Option<QuestionView> {
        let tree = &self.site.data.questions[index].value;
        let rest = self.path.strip_prefix(output.path.as_str())?;
        let all = walks(tree);
        let walk = all.iter().find(|w| w.path(tree) == rest)?;
        let offline = self.site.config.offline;
        let here = |path: String| url::relative(self.path, &path, offline);
        let node = &tree.nodes[walk.node];
        let answers = walk
            .answers
            .iter()
            .enumerate()
            .map(|(k, &(n, o))| {
                let before = Walk {
                    answers: walk.answers[..k].to_vec(),
                    node: n,
                };
                AnswerView {
                    question: self.text(tree.nodes[n].question.as_ref().expect("checked")),
                    answer: self.text(&tree.nodes[n].options[o].label),
                    change_url: here(format!("{}{}", output.path, before.path(tree))),
                }
            })
            .collect();
        let options = node
            .options
            .iter()
            .map(|o| OptionView {
                label: self.text(&o.label),
                url: here(format!("{}{}{}/", output.path, rest, o.id)),
            })
            .collect();
        let asked = walk.answers.len();
        Some(QuestionView {
            id: tree.id.0.clone(),
            start_url: here(output.path.clone()),
            sample: tree.sample,
            number: localize_digits(&(asked + 1).to_string(), self.t),
            at_most: localize_digits(
                &(asked + questions_left(tree, walk.node)).to_string(),
                self.t,
            ),
            question: node.question.as_ref().map(|q| self.text(q)),
            hint: node.hint.as_ref().map(|h| self.text(h)),
            options,
            answers,
            outcome: self.outcome(tree, walk.node, output),
            sources: self.sources(&tree.source),
            last_verified: format_date(&tree.last_verified, self.t),
            last_verified_iso: tree.last_verified.ymd(),
        })
    }

    fn outcome(&self, tree: &QuestionTree, node: usize, output: &Output) -> Option<OutcomeView> {
        let outcome = tree.nodes[node].outcome.as_ref()?;
        // The tree's page holds the resolved links of every outcome, in node order.
        let first = tree.links().take_while(|&(n, _, _)| n < node).count();
        let resolved = &self.site.links[self.site.output_index(output.entry, self.lang)];
        let links = outcome
            .links
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let href = resolved.get(first + i)?;
                Some(OptionView {
                    label: self.text(&l.label),
                    url: rebase(&output.path, self.path, href),
                })
            })
            .collect();
        Some(OutcomeView {
            title: self.text(&outcome.title),
            means: self.text(&outcome.means),
            next_steps: self.texts(&outcome.next_steps),
            scheme: outcome
                .scheme
                .as_ref()
                .and_then(|id| self.site.data.scheme(id))
                .map(|scheme| self.scheme(scheme)),
            links,
            sources: self.sources(&outcome.source),
        })
    }
}
