//! `sekalk init`: an annotated starter scenario for a model.
//!
//! The starter lists in comments what the model holds (states, groupings and groups, actors,
//! outcome measures) and is itself a valid scenario: one baseline and one alternative with one
//! intervention whose figures are placeholders, each source saying it is an assumption to
//! replace. It passes `sekalk check` and `sekalk run` as written, so a user starts from a file
//! that works and changes one figure at a time.

use crate::domain::{Model, Row, apply_multipliers, cycle_row, distinct_cycles};
use crate::escape;
use rust_decimal::Decimal;
use std::fmt::Write;

/// The model a starter scenario names when none is given.
pub fn default_model_path() -> &'static str {
    "models/sverige.toml"
}

/// An annotated starter scenario for `model`, naming it by `model_path` (written as given:
/// the path of the model relative to the folder the scenario will be saved in).
pub fn starter_scenario(model: &Model, model_path: &str) -> String {
    let plan = Plan::for_model(model);
    let mut out = String::new();
    header(&mut out, model);
    contents(&mut out, model);
    scenario(&mut out, model, model_path, &plan);
    out
}

/// The figures the starter picks from the model.
struct Plan {
    /// The state participants are drawn from (and the starting population is put in).
    target: usize,
    /// The state an effect raises the move to, and the multiplier that keeps the row valid.
    effect: Option<(usize, &'static str)>,
    /// The actor paying the intervention's cost: the first public one, else the first.
    payer: usize,
}

impl Plan {
    fn for_model(model: &Model) -> Plan {
        let payer = model.actors.iter().position(|a| a.public).unwrap_or(0);
        // The first state with a row an effect can change: a "rest" entry and an explicit move
        // to another state.
        let found = model.rows.iter().enumerate().find_map(|(from, row)| {
            let row = row.as_ref().filter(|r| r.rest.is_some())?;
            let to = effect_target(model, from, row)?;
            Some((from, to, row))
        });
        match found {
            Some((from, to, row)) => {
                let multiplier = ["1.2", "1.1", "1"].into_iter().find(|m| fits(model, from, row, to, m)).unwrap_or("1");
                Plan { target: from, effect: Some((to, multiplier)), payer }
            }
            None => Plan { target: 0, effect: None, payer },
        }
    }
}

/// The move out of `from` an example effect raises: the likeliest move out of the state's main
/// group (from support to work, say), else the likeliest move to another state.
fn effect_target(model: &Model, from: usize, row: &Row) -> Option<usize> {
    let main_group = |state: usize| model.groups.iter().position(|g| g.grouping == 0 && g.states.contains(&state));
    let largest = |p: &crate::domain::Schedule| p.values().iter().copied().max().unwrap_or(Decimal::ZERO);
    // The moves to other states that happen at all, each with its largest probability.
    let moves: Vec<(usize, Decimal)> = row
        .entries
        .iter()
        .filter(|(to, p)| *to != from && largest(p) > Decimal::ZERO)
        .map(|(to, p)| (*to, largest(p)))
        .collect();
    // The likeliest of the moves `keep` allows; the first written wins a tie.
    let likeliest = |keep: &dyn Fn(usize) -> bool| {
        moves.iter().filter(|(to, _)| keep(*to)).rev().max_by_key(|(_, p)| *p).map(|(to, _)| *to)
    };
    likeliest(&|to| main_group(to) != main_group(from)).or_else(|| likeliest(&|_| true))
}

/// Whether multiplying the move `from → to` by `multiplier` keeps the row within [0, 1] in
/// every cycle, as `sekalk check` requires.
fn fits(model: &Model, from: usize, row: &Row, to: usize, multiplier: &str) -> bool {
    let Ok(m) = multiplier.parse::<Decimal>() else { return false };
    let factor = |target: usize| if target == to { m } else { Decimal::ONE };
    distinct_cycles(row.entries.iter().map(|(_, s)| s), model.months_per_cycle).into_iter().all(|cycle| {
        cycle_row(row, from, cycle, model.months_per_cycle)
            .is_ok_and(|mut probabilities| apply_multipliers(&mut probabilities, true, factor).is_ok())
    })
}

fn header(out: &mut String, model: &Model) {
    let name = escape::inline(&model.name);
    let _ = write!(
        out,
        "\
# sekalk — startscenario för modellen / starter scenario for the model
#   {name}
#
# Skapat av `sekalk init`. Filen är ett giltigt scenario som går att köra direkt, men ALLA
# siffror nedan är platshållare (\"Antagande: ersätt med …\"): byt dem mot era egna och skriv i
# varje `source` var siffran kommer ifrån.
# Written by `sekalk init`. The file is a valid scenario that runs as it is, but EVERY figure
# below is a placeholder (\"Antagande: ersätt med …\" = assumption: replace with …): put in your
# own and say in each `source` where it comes from.
#
#   sekalk check FIL.toml        kontrollera / validate (every problem at once)
#   sekalk run FIL.toml          kör / run and print the appraisal
#
# Formatet / the format: docs/FORMAT.md. Editorstöd / editor support: the JSON Schema
# docs/schema/scenario.schema.json (Taplo / Even Better TOML; a first line
# `#:schema PATH/TO/docs/schema/scenario.schema.json` turns it on for this file).
"
    );
}

/// The model's states, groups, actors and outcomes, as comments.
fn contents(out: &mut String, model: &Model) {
    let label = |sv: &str, en: &str| {
        if sv == en {
            escape::inline(sv).into_owned()
        } else {
            format!("{} / {}", escape::inline(sv), escape::inline(en))
        }
    };
    let id_width = model
        .states
        .iter()
        .map(|s| s.id.chars().count())
        .chain(model.groups.iter().map(|g| g.id.chars().count()))
        .chain(model.actors.iter().map(|a| a.id.chars().count()))
        .chain(model.outcomes.iter().map(|o| o.id.chars().count()))
        .max()
        .unwrap_or(0);
    let line = |out: &mut String, indent: &str, id: &str, text: &str| {
        let _ = writeln!(out, "#{indent}{:<id_width$}  {text}", escape::inline(id));
    };

    let _ = writeln!(
        out,
        "#\n# ---- Modellens innehåll / what the model holds -------------------------------------------"
    );
    let _ = writeln!(out, "# Tillstånd / states ({}), id och etikett / id and label:", model.states.len());
    for state in &model.states {
        line(out, "   ", &state.id, &label(&state.label.sv, &state.label.en));
    }
    if !model.groups.is_empty() {
        let _ = writeln!(out, "#\n# Grupper / groups (usable wherever a list of states is asked for):");
        for (index, grouping) in model.groupings.iter().enumerate() {
            let mut groups = model.groups_of(index).peekable();
            if groups.peek().is_none() {
                continue;
            }
            let heading = if index == 0 {
                "huvudindelning / main grouping".to_string()
            } else {
                format!(
                    "indelning / grouping `{}`: {}",
                    escape::inline(&grouping.id),
                    label(&grouping.label.sv, &grouping.label.en)
                )
            };
            let _ = writeln!(out, "#   {heading}");
            for group in groups.map(|g| &model.groups[g]) {
                let members: Vec<String> =
                    group.states.iter().map(|&s| escape::inline(&model.states[s].id).into_owned()).collect();
                line(out, "     ", &group.id, &label(&group.label.sv, &group.label.en));
                let indent = format!("#     {:id_width$}  ", "");
                wrapped(out, &indent, &format!("({})", members.join(", ")));
            }
        }
    }
    let _ = writeln!(out, "#\n# Aktörer / actors:");
    for actor in &model.actors {
        let sector = if actor.public { "offentlig / public" } else { "ej offentlig / not public" };
        line(out, "   ", &actor.id, &format!("{} ({sector})", label(&actor.label.sv, &actor.label.en)));
    }
    if !model.outcomes.is_empty() {
        let _ = writeln!(out, "#\n# Utfallsmått / outcome measures (for `[discounting] outcomes`):");
        for outcome in &model.outcomes {
            line(out, "   ", &outcome.id, &label(&outcome.label.sv, &outcome.label.en));
        }
    }
    let _ = writeln!(out, "#");
}

/// The scenario's tables: a valid scenario whose every figure is a placeholder.
fn scenario(out: &mut String, model: &Model, model_path: &str, plan: &Plan) {
    let target = &model.states[plan.target].id;
    let targets = format!("[{}]", quoted(target));
    let payer = quoted(&model.actors[plan.payer].id);
    let price_year = model.price_year.to_string();
    let section = |out: &mut String, title: &str| {
        let _ = writeln!(out, "\n# ---- {title} {}", "-".repeat(90usize.saturating_sub(title.chars().count())));
    };

    section(out, "[scenario]: namn, modell och horisont / name, model and horizon");
    out.push_str("[scenario]\n");
    code(out, "name = \"Nytt scenario (ersätt namnet)\"", "");
    code(
        out,
        "description = \"Antagande: ersätt med frågan scenariot ska besvara, t.ex. vem som får insatsen och vad den kostar.\"",
        "",
    );
    code(
        out,
        &format!("model = {}", quoted(model_path)),
        "sökväg relativt till filens mapp / path relative to this file's folder",
    );
    code(out, "horizon_years = 10", "år som projiceras / years projected, 1–200");

    section(out, "[population]: vilka som finns vid start / who is there at the start");
    out.push_str("[population]\n");
    code(
        out,
        &format!("start = {{ {} = 100 }}", key(target)),
        "personer per tillstånd / people per state at the start",
    );
    code(
        out,
        &format!("# inflow = {{ {} = 5 }}", key(target)),
        "valfritt: nya per månad / optional: new people per month",
    );
    code(out, "source = \"Antagande: ersätt med kommunens eget registeruttag (antal personer per tillstånd).\"", "");

    section(out, "[discounting]: kalkylränta / discount rates");
    out.push_str("[discounting]\n");
    code(
        out,
        "costs = 0.035",
        "3,5 %; or { bands = [{ from_year = 0, rate = 0.035 }, { from_year = 31, rate = 0.03 }] }",
    );
    code(out, "source = \"Antagande: ersätt med den kalkylränta ni använder och dess källa (här 3,5 % real).\"", "");

    section(out, "[baseline]: jämförelsealternativet / the baseline, the model without the intervention");
    out.push_str("[baseline]\n");
    code(out, "label = \"Utan insats\"", "");
    code(out, "label_en = \"Without the intervention\"", "");

    section(out, "[[alternatives]]: alternativet med insatsen / the alternative with the intervention");
    out.push_str("[[alternatives]]\n");
    code(out, "id = \"med_insats\"", "");
    code(out, "label = \"Med insats\"", "");
    code(out, "label_en = \"With the intervention\"", "");

    out.push_str("\n[[alternatives.interventions]]\n");
    code(out, "id = \"insats\"", "");
    code(out, "label = \"Ny insats (ersätt namnet)\"", "");
    code(out, "label_en = \"New intervention (replace the name)\"", "");
    code(out, &format!("targets = {targets}"), "deltagarna hämtas härifrån / states participants are drawn from");
    code(out, "participants = 10", "platser / places (or `share = 0.1` of the people in `targets`)");
    code(
        out,
        "intake = \"start\"",
        "ett intag vid start / one intake at the start (\"yearly\", \"monthly\", \"places\")",
    );
    code(out, "duration_months = 12", "längsta tid i insatsen / the longest time in it, months");
    code(out, &format!("active_in = {targets}"), "där man räknas som kvar / states in which one is still in it");
    code(
        out,
        "source = \"Antagande: ersätt med en beskrivning av insatsen och var antal platser och längd kommer ifrån.\"",
        "",
    );
    code(
        out,
        "# after = { drop_off = 0.3, source = \"Antagande: ersätt med …\" }",
        "valfritt: effekten består / optional: the effect lasts",
    );

    out.push_str("\n[[alternatives.interventions.start_cost]]\n");
    code(out, &format!("payer = {payer}"), "betalar / pays");
    code(out, "kind = \"resource\"", "\"resource\", \"transfer\" (needs `receiver`) or \"production\"");
    code(out, "amount = 10000", "kr per deltagare vid intag / kronor per participant at intake");
    code(out, &format!("price_year = {price_year}"), "modellens prisår / the model's price year");
    code(
        out,
        "source = \"Antagande: ersätt med insatsens kostnad per deltagare (personal, lokaler, aktiviteter).\"",
        "",
    );

    out.push_str("\n# Valfritt: kostnad per deltagare och månad / optional: a cost per participant per month\n");
    out.push_str("# [[alternatives.interventions.monthly_cost]]\n");
    for line in [payer.as_str(), "\"resource\"", "2000", price_year.as_str(), "\"Antagande: ersätt med …\""]
        .iter()
        .zip(["payer", "kind", "amount", "price_year", "source"])
        .map(|(value, name)| format!("# {name} = {value}"))
    {
        let _ = writeln!(out, "{line}");
    }

    match plan.effect {
        Some((to, multiplier)) => {
            out.push_str(
                "\n# Effekten: sannolikheten för övergången multipliceras med `multiplier` under insatsen;\n\
                 # radens \"rest\" tar upp skillnaden. The effect: the per-cycle probability of the move is\n\
                 # multiplied while in the intervention; the row's \"rest\" entry takes up the change.\n\
                 [[alternatives.interventions.effects]]\n",
            );
            code(out, &format!("from = {targets}"), "från / rows out of these states");
            code(out, &format!("to = [{}]", quoted(&model.states[to].id)), "till / moves into these states");
            code(out, &format!("multiplier = {multiplier}"), "1 = ingen effekt / no effect");
            code(out, "source = \"Antagande: ersätt med en effekt från en utvärdering av en jämförbar insats.\"", "");
        }
        None => out.push_str(
            "\n# Ingen effekt föreslås: inget tillstånd i modellen har en rad med \"rest\" att ändra.\n\
             # No effect is suggested: no state of the model has a row with a \"rest\" entry to change.\n\
             # Add `[[alternatives.interventions.effects]]` with `from`, `to`, `multiplier` and `source`.\n",
        ),
    }
}

/// `text` as comment lines starting with `indent`, broken between words before column 96.
fn wrapped(out: &mut String, indent: &str, text: &str) {
    let mut line = String::from(indent);
    for word in text.split(' ') {
        if line.len() > indent.len() && line.chars().count() + 1 + word.chars().count() > 96 {
            let _ = writeln!(out, "{}", line.trim_end());
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = writeln!(out, "{}", line.trim_end());
}

/// One line of TOML with its comment aligned in a column (or right after a long line).
fn code(out: &mut String, code: &str, comment: &str) {
    if comment.is_empty() {
        let _ = writeln!(out, "{code}");
    } else {
        let _ = writeln!(out, "{code:<COMMENT_COLUMN$} # {comment}");
    }
}

/// The column comments after a value start in.
const COMMENT_COLUMN: usize = 33;

/// `text` as a TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `id` as a TOML key: bare when it can be, quoted otherwise.
fn key(id: &str) -> String {
    let bare = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { id.to_string() } else { quoted(id) }
}
