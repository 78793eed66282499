//! Rules of tax incidence after income equalisation: which share of a tax its receiver keeps,
//! and who in effect receives the rest.

use super::model::{ModelInput, Names, source};
use super::problems::{Ids, Problems};
use super::values;
use crate::diagnostic::FileId;
use crate::domain::{CostItem, CostKind, Equalisation};
use crate::load::raw::RawEqualisation;
use rust_decimal::Decimal;
use toml::Spanned;

/// Validates the model's `[[equalisation]]` entries with the scenario's kept shares, and books
/// every listed tax item on its receiver and the equalising actor.
pub fn equalisation(
    input: &ModelInput,
    names: &Names,
    costs: &mut [CostItem],
    problems: &mut Problems,
) -> Vec<Equalisation> {
    let file = input.file;
    let receivers =
        Ids::new("equalisation receiver", file, input.raw.equalisation.iter().map(|e| &e.receiver), problems);
    let cost_ids: Vec<String> = costs.iter().map(|c| c.id.clone()).collect();
    let catalogue = (&*costs, cost_ids.as_slice());
    let mut list: Vec<Equalisation> =
        input.raw.equalisation.iter().filter_map(|raw| entry(file, raw, names, catalogue, problems)).collect();
    for (share_file, share) in &input.kept_shares {
        if !receivers.contains(share.receiver.get_ref()) {
            problems.at(
                *share_file,
                share.receiver.span(),
                format!("the model has no `[[equalisation]]` for `{}`", share.receiver.get_ref()),
                "nothing to set the kept share of",
                if receivers.len() == 0 {
                    "the model shares no tax; add an `[[equalisation]]` entry to the model first".to_string()
                } else {
                    receivers.hint(share.receiver.get_ref())
                },
            );
            continue;
        }
        source(*share_file, &share.source, problems);
        let receiver = names.actors.get(share.receiver.get_ref());
        if let (Some(kept), Some(entry)) = (
            kept_share(*share_file, &share.kept_share, problems),
            list.iter_mut().find(|e| Some(e.receiver) == receiver),
        ) {
            entry.kept_share = kept;
            entry.source = share.source.get_ref().clone();
        }
    }
    for entry in &list {
        for &item in &entry.items {
            costs[item].booking.split = Some((entry.kept_share, entry.rest_to));
        }
    }
    list
}

/// The cost items of the model and their ids, in the same order.
type Catalogue<'a> = (&'a [CostItem], &'a [String]);

fn entry(
    file: FileId,
    raw: &RawEqualisation,
    names: &Names,
    costs: Catalogue,
    problems: &mut Problems,
) -> Option<Equalisation> {
    let receiver = names.actors.find(file, &raw.receiver, problems);
    let rest_to = names.actors.find(file, &raw.rest_to, problems);
    let kept = kept_share(file, &raw.kept_share, problems);
    source(file, &raw.source, problems);
    source(file, &raw.rule, problems);
    if let (Some(r), Some(t)) = (receiver, rest_to)
        && r == t
    {
        problems.at(
            file,
            raw.rest_to.span(),
            format!("`rest_to` is the receiver `{}` itself", raw.receiver.get_ref()),
            "the rest must go to another actor",
            "name the actor that in effect receives what the receiver does not keep, e.g. `staten`",
        );
    }
    if raw.items.get_ref().is_empty() {
        problems.at(
            file,
            raw.items.span(),
            "the list of tax items is empty",
            "needs at least one cost item",
            "name the transfer cost items (taxes) the receiver gets, e.g. `items = [\"kskatt_kommun\"]`",
        );
    }
    let items: Vec<usize> =
        raw.items.get_ref().iter().filter_map(|id| item(file, id, receiver, costs, problems)).collect();
    Some(Equalisation {
        receiver: receiver?,
        kept_share: kept?,
        rest_to: rest_to?,
        items,
        rule: raw.rule.get_ref().clone(),
        source: raw.source.get_ref().clone(),
    })
}

/// A listed tax item: a transfer cost item received by `receiver`.
fn item(
    file: FileId,
    id: &Spanned<String>,
    receiver: Option<usize>,
    (costs, cost_ids): Catalogue,
    problems: &mut Problems,
) -> Option<usize> {
    let Some(index) = cost_ids.iter().position(|c| c == id.get_ref()) else {
        problems.unknown_id(file, id.span(), "cost item", id.get_ref(), ("cost items", &[cost_ids]));
        return None;
    };
    let cost = &costs[index];
    let received_by_receiver = receiver.is_none() || cost.booking.receiver == receiver;
    if cost.booking.kind != CostKind::Transfer || !received_by_receiver {
        problems.at(
            file,
            id.span(),
            format!("cost item `{}` is not a transfer received by this entry's `receiver`", cost.id),
            "only a tax the receiver gets can be shared",
            "list the transfer items (taxes) whose `receiver` is this entry's receiver",
        );
        return None;
    }
    Some(index)
}

fn kept_share(file: FileId, value: &Spanned<f64>, problems: &mut Problems) -> Option<Decimal> {
    match values::from_f64(*value.get_ref()) {
        Ok(share) if share >= Decimal::ZERO && share <= Decimal::ONE => Some(share),
        Ok(share) => {
            problems.at(
                file,
                value.span(),
                format!("a kept share of {share} is outside 0–1"),
                "not a share",
                "write the share of the marginal tax the receiver keeps, e.g. `0.1` for 10 %",
            );
            None
        }
        Err(message) => {
            problems.at(file, value.span(), message, "not a usable share", "write a share between 0 and 1, e.g. `0.1`");
            None
        }
    }
}
