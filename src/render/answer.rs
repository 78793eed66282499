//! The answer first, in words: for each perspective that matters, whether the alternative pays
//! back, when, and how much each invested krona gives back, generated from the figures.

use super::format::{self, Lang};
use super::labels::label;
use crate::appraise::Payback;
use crate::report::compare::Standings;
use crate::report::{AlternativeReport, Report, SummaryRow};
use rust_decimal::Decimal;

/// One sentence per headline perspective of an alternative.
pub fn sentences(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Vec<String> {
    let horizon = report.setup.horizon_years;
    alternative
        .headline
        .iter()
        .map(|&p| {
            let who = label(&report.perspectives[p].label, lang).to_string();
            sentence(&who, &alternative.summary[p], horizon, lang)
        })
        .collect()
}

/// The sentence of one perspective.
pub fn sentence(who: &str, row: &SummaryRow, horizon: u32, lang: Lang) -> String {
    let gain = format::compact(row.net_benefit.abs(), lang);
    let per_krona = row.return_per_krona.map(|r| format::number(r, 2, lang));
    match (row.payback, per_krona, lang) {
        (Payback::Year(year), Some(r), Lang::Sv) => {
            let mandate = if row.payback.within_mandate() { ", inom mandatperioden" } else { "" };
            format!(
                "För {} betalar insatsen tillbaka sig år {year}{mandate}: {r} kr tillbaka per investerad krona på {horizon} år.",
                lower(who, lang)
            )
        }
        (Payback::Year(year), Some(r), Lang::En) => {
            let mandate = if row.payback.within_mandate() { ", within the mandate period" } else { "" };
            format!(
                "For {} it pays back in year {year}{mandate}: {r} back per krona invested over {horizon} years.",
                lower(who, lang)
            )
        }
        (_, Some(r), Lang::Sv) => format!(
            "För {} betalar insatsen sig inte inom {horizon} år: {r} kr tillbaka per investerad krona, en förlust på {gain}.",
            lower(who, lang)
        ),
        (_, Some(r), Lang::En) => format!(
            "For {} it does not pay back within {horizon} years: {r} back per krona invested, a loss of {gain}.",
            lower(who, lang)
        ),
        (_, None, lang) => no_investment(who, row.net_benefit, &gain, horizon, lang),
    }
}

/// The sentence of a perspective that invests nothing.
fn no_investment(who: &str, net: Decimal, gain: &str, horizon: u32, lang: Lang) -> String {
    let who = subject(who, lang);
    match (net.cmp(&Decimal::ZERO), lang) {
        (std::cmp::Ordering::Greater, Lang::Sv) => format!("{who} investerar inget och vinner {gain} på {horizon} år."),
        (std::cmp::Ordering::Less, Lang::Sv) => format!("{who} investerar inget men förlorar {gain} på {horizon} år."),
        (std::cmp::Ordering::Equal, Lang::Sv) => format!("{who} påverkas inte."),
        (std::cmp::Ordering::Greater, Lang::En) => {
            format!("{who} invests nothing and gains {gain} over {horizon} years.")
        }
        (std::cmp::Ordering::Less, Lang::En) => format!("{who} invests nothing but loses {gain} over {horizon} years."),
        (std::cmp::Ordering::Equal, Lang::En) => format!("{who} is not affected."),
    }
}

/// The ranking in one sentence, when there is more than one alternative.
pub fn ranking(reports: &[Report], standings: &Standings, lang: Lang) -> Option<String> {
    if standings.rows.len() < 2 {
        return None;
    }
    let best = standings.rows[0];
    let report = &reports[best.report];
    let alternative = &report.alternatives[best.alternative];
    let net = alternative.summary[best.perspective].net_benefit;
    let who = lower(&label(&standings.label, lang), lang);
    let name = label(&alternative.label, lang);
    let amount = format::compact(net, lang);
    Some(match lang {
        Lang::Sv => format!("Bäst för {who} av {} alternativ: {name} (nettonytta {amount}).", standings.rows.len()),
        Lang::En => format!("Best for {who} of {} alternatives: {name} (net benefit {amount}).", standings.rows.len()),
    })
}

/// A perspective's name inside a sentence: `kommunen`, `offentlig sektor`, `the public sector`.
/// A name with capitals inside it (`ESF`, `European Social Fund`) is kept as written; English
/// puts `the` before a common noun (not before `society`).
fn lower(who: &str, lang: Lang) -> String {
    let mut chars = who.chars();
    let common = match (chars.next(), chars.next()) {
        (Some(first), Some(second)) => {
            first.is_uppercase() && second.is_lowercase() && !who.chars().skip(1).any(char::is_uppercase)
        }
        _ => false,
    };
    if !common {
        return who.to_string();
    }
    let lowered: String =
        who.chars().next().into_iter().flat_map(char::to_lowercase).chain(who.chars().skip(1)).collect();
    match lang {
        // "society" is a mass noun: no article.
        Lang::En if lowered != "society" => format!("the {lowered}"),
        Lang::Sv | Lang::En => lowered,
    }
}

/// A perspective's name at the start of a sentence.
fn subject(who: &str, lang: Lang) -> String {
    let named = lower(who, lang);
    let mut chars = named.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn row(net: Decimal, investment: Decimal, payback: Payback) -> SummaryRow {
        let per_krona = (investment > Decimal::ZERO).then(|| (net + investment) / investment);
        SummaryRow {
            net_benefit: net,
            investment,
            investment_undiscounted: investment,
            return_per_krona: per_krona,
            roi: per_krona.map(|r| r - Decimal::ONE),
            payback,
            payback_undiscounted: payback,
        }
    }

    #[test]
    fn pays_back_says_the_year_and_the_return() {
        let text = sentence("Offentlig sektor", &row(dec!(190), dec!(1000), Payback::Year(8)), 10, Lang::Sv);
        assert_eq!(
            text,
            "För offentlig sektor betalar insatsen tillbaka sig år 8: 1,19 kr tillbaka per investerad krona på 10 år."
        );
    }

    #[test]
    fn no_payback_says_the_loss() {
        let text = sentence("Kommunen", &row(dec!(-250000), dec!(1000000), Payback::NotWithinHorizon), 10, Lang::Sv);
        assert_eq!(
            text,
            "För kommunen betalar insatsen sig inte inom 10 år: 0,75 kr tillbaka per investerad krona, en förlust på 250 tkr."
        );
    }

    #[test]
    fn mandate_and_acronyms() {
        let text = sentence("ESF", &row(dec!(5000000), dec!(1000000), Payback::Year(3)), 10, Lang::En);
        assert_eq!(
            text,
            "For ESF it pays back in year 3, within the mandate period: 6.00 back per krona invested over 10 years."
        );
    }

    #[test]
    fn names_keep_their_capitals_and_common_nouns_take_the_article_in_english() {
        let fund = sentence("European Social Fund", &row(dec!(-10), dec!(10), Payback::NotWithinHorizon), 3, Lang::En);
        assert!(fund.starts_with("For European Social Fund it does not pay back"), "{fund}");
        let public = sentence("Public sector", &row(dec!(10), dec!(10), Payback::Year(2)), 3, Lang::En);
        assert!(public.starts_with("For the public sector it pays back in year 2"), "{public}");
    }

    #[test]
    fn a_perspective_without_investment_gains_or_loses() {
        let gain = sentence("Region", &row(dec!(1234567), Decimal::ZERO, Payback::NoInvestment), 5, Lang::Sv);
        assert_eq!(gain, "Region investerar inget och vinner 1,2 mnkr på 5 år.");
        let loss = sentence("Individual", &row(dec!(-800), Decimal::ZERO, Payback::NoInvestment), 5, Lang::En);
        assert_eq!(loss, "The individual invests nothing but loses SEK 800 over 5 years.");
    }
}
