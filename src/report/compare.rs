//! Alternatives side by side: every alternative of one or more scenarios ranked by one
//! perspective's net benefit, and what differs between the scenarios' settings.

use super::Report;
use crate::domain::Label;
use crate::project::Counting;

/// The perspective alternatives are ranked by when none is chosen.
pub const DEFAULT_RANK_BY: &str = "public";

/// One alternative in the standings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The report (scenario) it belongs to.
    pub report: usize,
    /// The alternative, an index into the report's alternatives.
    pub alternative: usize,
    /// The ranked perspective, an index into the report's perspectives.
    pub perspective: usize,
}

/// A setting that differs between the scenarios compared, so their figures are not comparable
/// as they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The model file (by content).
    Model,
    /// The horizon in years.
    Horizon,
    /// The discount rate of costs, or whether the first year is discounted.
    DiscountRate,
    /// The price year.
    PriceYear,
    /// When people are counted within a cycle.
    Counting,
}

/// Every alternative ranked.
#[derive(Debug, Clone, PartialEq)]
pub struct Standings {
    /// The id of the perspective ranked by.
    pub perspective: String,
    /// Its label.
    pub label: Label,
    /// Best first (by net benefit; ties keep the input order).
    pub rows: Vec<Standing>,
    /// Settings that differ between the reports (each report's value is in its setup).
    pub differences: Vec<Setting>,
}

/// Ranks every alternative of `reports` by the net benefit of perspective `rank_by` (an actor
/// id, `public` or `society`). The error names the perspectives there are.
pub fn standings(reports: &[Report], rank_by: &str) -> Result<Standings, String> {
    let mut rows = Vec::new();
    let mut label = None;
    for (r, report) in reports.iter().enumerate() {
        let Some(perspective) = report.perspectives.iter().position(|p| p.id == rank_by) else {
            let known: Vec<&str> = report.perspectives.iter().map(|p| p.id.as_str()).collect();
            return Err(format!(
                "there is no perspective `{rank_by}` in `{}`: choose one of {}",
                report.setup.name,
                known.join(", ")
            ));
        };
        label.get_or_insert_with(|| report.perspectives[perspective].label.clone());
        rows.extend((0..report.alternatives.len()).map(|alternative| Standing { report: r, alternative, perspective }));
    }
    let net = |s: &Standing| reports[s.report].alternatives[s.alternative].summary[s.perspective].net_benefit;
    rows.sort_by_key(|s| std::cmp::Reverse(net(s)));
    Ok(Standings {
        perspective: rank_by.to_string(),
        label: label.unwrap_or_else(|| Label { sv: rank_by.into(), en: rank_by.into() }),
        rows,
        differences: differences(reports),
    })
}

/// A setting's value in a report, as text that compares equal when the setting is the same.
type SettingValue<'a> = &'a dyn Fn(&Report) -> String;

/// The settings that differ between the reports.
fn differences(reports: &[Report]) -> Vec<Setting> {
    let settings: [(Setting, SettingValue); 5] = [
        (Setting::Model, &|r| r.provenance.inputs.get(1).map_or_else(|| r.setup.model.clone(), |i| i.sha256.clone())),
        (Setting::Horizon, &|r| r.setup.horizon_years.to_string()),
        (Setting::DiscountRate, &|r| format!("{:?} {}", r.setup.discount_costs, r.setup.discount_first_year)),
        (Setting::PriceYear, &|r| r.setup.price_year.to_string()),
        (Setting::Counting, &|r| counting_id(r.setup.counting).to_string()),
    ];
    settings
        .iter()
        .filter(|(_, value)| reports.iter().any(|r| value(r) != value(&reports[0])))
        .map(|(setting, _)| *setting)
        .collect()
}

/// The machine name of a counting convention.
pub fn counting_id(counting: Counting) -> &'static str {
    match counting {
        Counting::Start => "start",
        Counting::End => "end",
        Counting::LifeTable => "midpoint",
    }
}
