//! The fixed texts of every report, in Swedish and English.

use super::format::Lang;
use crate::domain::Label;
use crate::escape;
use std::borrow::Cow;

/// A fixed text of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Text {
    Model,
    Horizon,
    Years,
    Discounting,
    FirstYearDiscounted,
    FirstYearUndiscounted,
    Counting,
    PriceYear,
    Inputs,
    Repeat,
    ComparedWith,
    PeopleTitle,
    LinesTitle,
    Line,
    InterventionCosts,
    ParticipantsTitle,
    TakenIn,
    WithoutEffect,
    When,
    AtEnd,
    MonthsAfterIntake,
    MonthN,
    Observed,
    PerParticipant,
    PaybackUndiscounted,
    WithinMandate,
    NoteParticipants,
    CostsTitle,
    SummaryTitle,
    OutcomesTitle,
    Year,
    NetPublic,
    CumulativePublic,
    Perspective,
    CostBase,
    CostAlt,
    NetBenefit,
    Investment,
    ReturnPerKrona,
    Payback,
    NotWithinHorizon,
    YearN,
    Public,
    Society,
    Measure,
    Difference,
    Without,
    With,
    NoteSign,
    NoteRounding,
    Thousands,
}

/// The text in `lang`.
pub fn text(text: Text, lang: Lang) -> &'static str {
    let (sv, en) = match text {
        Text::Model => ("Modell", "Model"),
        Text::Horizon => ("Horisont", "Horizon"),
        Text::Years => ("år", "years"),
        Text::Discounting => ("Diskonteringsränta (kostnader)", "Discount rate (costs)"),
        Text::FirstYearDiscounted => ("första året diskonteras", "first year discounted"),
        Text::FirstYearUndiscounted => ("första året odiskonterat", "first year undiscounted"),
        Text::Counting => ("Räkning inom cykel", "Counting within a cycle"),
        Text::PriceYear => ("Prisår", "Price year"),
        Text::Inputs => ("Indata", "Inputs"),
        Text::Repeat => ("Upprepa", "Repeat"),
        Text::ComparedWith => ("jämfört med", "compared with"),
        Text::PeopleTitle => (
            "Personer vid årets slut (utan insats → med insats)",
            "People at the end of each year (baseline → alternative)",
        ),
        Text::CostsTitle => (
            "Kostnader per år och aktör, tkr, odiskonterade (utan insats → med insats)",
            "Costs per year and actor, SEK thousands, undiscounted (baseline → alternative)",
        ),
        Text::SummaryTitle => ("Sammanfattning, diskonterade belopp", "Summary, discounted amounts"),
        Text::OutcomesTitle => ("Utfallsmått", "Outcome measures"),
        Text::Year => ("År", "Year"),
        Text::LinesTitle => (
            "Nettonytta per post och aktör, diskonterad (positiv = vinst för aktören)",
            "Net benefit per item and actor, discounted (positive = a gain for the actor)",
        ),
        Text::Line => ("Post", "Item"),
        Text::InterventionCosts => ("Insatsens egna kostnader", "The intervention's own costs"),
        Text::ParticipantsTitle => ("Deltagarna", "The participants"),
        Text::TakenIn => ("tagna in", "taken in"),
        Text::WithoutEffect => ("utan insatsens effekt", "without the intervention's effect"),
        Text::When => ("När", "When"),
        Text::AtEnd => ("Vid insatsens slut", "At the end of the intervention"),
        Text::MonthsAfterIntake => ("mån efter start", "months after intake"),
        Text::MonthN => ("månad", "month"),
        Text::Observed => ("observerat", "observed"),
        Text::PerParticipant => ("Per deltagare", "Per participant"),
        Text::PaybackUndiscounted => ("Återbetald, odiskonterat", "Pays back, undiscounted"),
        Text::WithinMandate => ("inom mandatperioden", "within the mandate period"),
        Text::NoteParticipants => (
            "Andel av deltagarna i varje grupp: samma intag utan insatsens effekt → med insatsen (skillnaden är insatsens verkan; resten hade hänt ändå).",
            "Share of participants in each group: the same intakes without the intervention's effect → with it (the difference is what it did; the rest would have happened anyway).",
        ),
        Text::NetPublic => ("Netto offentlig sektor", "Net, public sector"),
        Text::CumulativePublic => {
            ("Kumulativt netto off. sektor, diskonterat", "Cumulative net, public sector, discounted")
        }
        Text::Perspective => ("Perspektiv", "Perspective"),
        Text::CostBase => ("Kostnad utan insats", "Cost, baseline"),
        Text::CostAlt => ("Kostnad med insats", "Cost, alternative"),
        Text::NetBenefit => ("Nettonytta", "Net benefit"),
        Text::Investment => ("Investering", "Investment"),
        Text::ReturnPerKrona => ("Åter per investerad krona", "Return per krona invested"),
        Text::Payback => ("Återbetald", "Pays back"),
        Text::NotWithinHorizon => ("inte inom horisonten", "not within the horizon"),
        Text::YearN => ("år", "year"),
        Text::Public => ("Offentlig sektor", "Public sector"),
        Text::Society => ("Samhället", "Society"),
        Text::Measure => ("Mått", "Measure"),
        Text::Difference => ("Skillnad", "Difference"),
        Text::Without => ("Utan insats", "Baseline"),
        Text::With => ("Med insats", "Alternative"),
        Text::NoteSign => (
            "Nettonytta = kostnad utan insats − kostnad med insats (insatsens kostnad ingår); positiv betyder besparing.",
            "Net benefit = cost of baseline − cost of alternative (including the intervention); positive means a saving.",
        ),
        Text::NoteRounding => (
            "Beloppen är exakta decimaltal avrundade vid utskrift till hela kronor (halva bort från noll).",
            "Amounts are exact decimals rounded for display to whole kronor (halves away from zero).",
        ),
        Text::Thousands => ("tkr", "SEK k"),
    };
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// A model label in `lang`.
pub fn label(label: &Label, lang: Lang) -> Cow<'_, str> {
    escape::inline(match lang {
        Lang::Sv => &label.sv,
        Lang::En => &label.en,
    })
}
