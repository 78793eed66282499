//! Parameters, sensitivity, switching values, variants and the probabilistic analysis, against
//! figures worked out by hand or published, and properties that must hold.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use sekalk::analysis::sensitivity::{Switching, sensitivity};
use sekalk::analysis::{perspective, psa, run_exact, run_fast};
use sekalk::load::{Loaded, load, load_texts};
use sekalk::render::format::Lang;
use sekalk::validate::validate;
use std::path::{Path, PathBuf};

/// Two states: people in `a` cost the kommun 100 kr a year and move to `b` (absorbing) with
/// probability 0.2 a year. The alternative multiplies that move by `m` and costs 30 kr once.
/// Over two yearly cycles counted at the start, without discounting, its net benefit is
/// 100 · 0.2 · (m − 1) − 30: zero at m = 2.5, −30 at m = 1, +30 at m = 4.
const MODEL: &str = r#"
[model]
name = "two states"
cycle = "year"
counting = "start"
price_year = 2024

[[states]]
id = "a"
label = "A"
[[states]]
id = "b"
label = "B"

[[actors]]
id = "kommun"
label = "Kommunen"
public = true

[[transitions]]
from = "a"
to = { b = 0.2, a = "rest" }

[[costs]]
id = "cost"
label = "Kostnad"
payer = "kommun"
kind = "resource"
amount = 100
per = "year"
states = ["a"]
price_year = 2024
source = "test"
"#;

fn scenario(low: &str, high: &str) -> String {
    format!(
        r#"
[scenario]
name = "switching"
model = "model.toml"
horizon_years = 2

[population]
start = {{ a = 1 }}
source = "test"

[discounting]
costs = 0
source = "test"

[[parameters]]
id = "m"
value = 2
low = {low}
high = {high}
source = "test"

[[alternatives]]
id = "alt"
label = "Alternativ"

[[alternatives.multipliers]]
from = ["a"]
to = ["b"]
multiplier = "m"
source = "test"

[[alternatives.fixed_cost]]
payer = "kommun"
kind = "resource"
amount = 30
per = "once"
year = 1
price_year = 2024
source = "test"
"#
    )
}

fn loaded(low: &str, high: &str) -> Loaded {
    from_texts(scenario(low, high), MODEL.to_string())
}

/// A scenario and the model it names, given as their texts.
fn from_texts(scenario: String, model: String) -> Loaded {
    let named = |name: &str, text: String| (PathBuf::from(name), text);
    load_texts(named("scenario.toml", scenario), named("model.toml", model)).expect("loads")
}

/// The scenario of `loaded`, validated, and its one-way analysis for the public sector.
fn one_way(loaded: &Loaded) -> (sekalk::domain::Scenario, sekalk::analysis::sensitivity::Sensitivity) {
    let base = validate(loaded).expect("valid");
    let result = sensitivity(loaded, &base, perspective(base.model(), "public").expect("p")).expect("runs");
    (base, result)
}

#[test]
fn the_switching_value_of_a_two_state_model_is_found_where_the_closed_form_puts_it() {
    let loaded = loaded("1", "4");
    let base = validate(&loaded).expect("valid");
    let public = perspective(base.model(), "public").expect("perspective");
    let result = sensitivity(&loaded, &base, public).expect("runs");
    assert_eq!(result.base, vec![Decimal::from(-10)], "100 · 0.2 · (2 − 1) − 30");
    let bar = &result.tornado[0][0];
    assert_eq!(bar.at_low, Ok(Decimal::from(-30)));
    assert_eq!(bar.at_high, Ok(Decimal::from(30)));
    assert_eq!(bar.swing(), Some(Decimal::from(60)));
    assert_eq!(bar.switching, Switching::At(Decimal::new(25, 1)));
}

#[test]
fn an_input_with_zero_width_gives_zero_swing_and_no_switching_value() {
    let loaded = loaded("2", "2");
    let (_, result) = one_way(&loaded);
    let bar = &result.tornado[0][0];
    assert_eq!(bar.swing(), Some(Decimal::ZERO));
    assert_eq!(bar.switching, Switching::NoWidth);
}

#[test]
fn a_range_without_a_sign_change_has_no_switching_value() {
    let loaded = loaded("1", "2");
    let (_, result) = one_way(&loaded);
    assert_eq!(result.tornado[0][0].switching, Switching::NoneInRange);
}

#[test]
fn an_input_that_cannot_be_run_at_an_end_has_an_unknown_swing_and_is_said_in_the_answer() {
    // At m = 6 the probability of leaving `a` is 0.2 · 6 = 1.2: that end breaks a rule. Its
    // swing is not known (it was shown as 0, sorted last, "none in range").
    let loaded = loaded("1", "6");
    let (base, result) = one_way(&loaded);
    let bar = &result.tornado[0][0];
    assert!(bar.at_low.is_ok() && bar.at_high.is_err(), "{bar:?}");
    assert_eq!(bar.swing(), None);
    assert_eq!(bar.switching, Switching::EndNotRun);
    let page = sekalk::render::uncertainty::sensitivity_page(&base, &result, Lang::En);
    assert!(page.answer[0].contains("How much `m` matters is not known"), "{}", page.answer[0]);
    // Not "no uncertain value changes it", which the next sentence would contradict.
    assert!(page.answer[0].contains("no uncertain value whose effect is known changes it"), "{}", page.answer[0]);
}

#[test]
fn a_distribution_whose_minimum_is_the_value_is_varied_from_the_value() {
    // Triangular(2, 2, 4): F(x) = 1 − (4 − x)²/4, so its 2.5 % and 97.5 % quantiles are
    // 4 − 2·√0.975 = 2.0252 and 4 − 2·√0.025 = 3.6838. The value 2 lies below that interval:
    // the one-way range starts at the value instead of beside it.
    let text = scenario("1", "4").replacen(
        "low = 1\nhigh = 4",
        "distribution = { kind = \"triangular\", min = 2, mode = 2, max = 4 }",
        1,
    );
    let (_, result) = one_way(&from_texts(text, MODEL.to_string()));
    let bar = &result.tornado[0][0];
    assert_eq!(bar.low, Decimal::from(2));
    assert!((bar.high.to_f64().expect("f64") - (4.0 - 2.0 * 0.025_f64.sqrt())).abs() < 1e-9, "{}", bar.high);
    assert_eq!(bar.at_low, Ok(bar.at_base));
}

#[test]
fn both_ends_of_a_range_that_are_not_numbers_are_reported() {
    let problems = validate(&loaded("nan", "inf")).expect_err("invalid");
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages.iter().all(|m| m.starts_with("bad range of `m`")), "{messages:?}");
}

#[test]
fn one_draw_is_one_draw() {
    for (lang, said) in [("en", "(1 draw, seed 3)"), ("sv", "(1 dragning, seed 3)")] {
        let out = sekalk(&[
            "psa",
            "scenarios/hip_replacement.toml",
            "--draws",
            "1",
            "--seed",
            "3",
            "--quiet",
            "--lang",
            lang,
        ]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(said), "{stdout}");
    }
}

#[test]
fn a_refused_draws_file_is_told_a_name_the_flag_accepts() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("dragningar.csv");
    std::fs::create_dir(&folder).expect("folder");
    let folder = folder.to_str().expect("utf8");
    let out = sekalk(&["psa", "scenarios/hip_replacement.toml", "--draws", "8", "--quiet", "--export-draws", folder]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("dragningar.csv/rapport.csv`"), "{stderr}");
}

#[test]
fn a_draw_that_takes_the_logarithm_of_a_negative_number_says_so() {
    // A draw of m = −1 makes the cost 100 · ln(m) no number at all: the reason names the
    // function's domain (it said "the value NaN is not a number exact arithmetic can hold").
    let model = MODEL.replace("amount = 100", "amount = \"100 * ln(m)\"");
    let loaded = from_texts(scenario("1", "4"), model);
    let problem = run_fast(&loaded, &[("m".to_string(), Decimal::from(-1))]).expect_err("no number");
    assert!(
        problem.to_string().contains("the formula gives no number (NaN): a function outside its domain, such as `ln`"),
        "{problem}"
    );
}

#[test]
fn a_scenario_that_gives_a_jointly_drawn_model_parameter_its_own_distribution_is_told_so_where_it_wrote_it() {
    let scenario = std::fs::read_to_string("scenarios/hip_replacement.toml").expect("scenario")
        + "\n[[parameters]]\nid = \"b_age\"\nvalue = -0.0075\ndistribution = { kind = \"normal\", mean = -0.0075, sd = 0.001 }\nsource = \"test\"\n";
    let model = std::fs::read_to_string("models/hip_replacement.toml").expect("model");
    let loaded = from_texts(scenario, model);
    let problems = validate(&loaded).expect_err("drawn twice");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .starts_with("`b_age` has a distribution of its own, but the model draws it in a joint distribution"),
        "{problems:?}"
    );
    assert_eq!(problems[0].file, Some(loaded.scenario_file), "{problems:?}");
}

fn hip() -> (Loaded, sekalk::domain::Scenario) {
    let loaded = load(Path::new("scenarios/hip_replacement.toml")).map_err(|e| e.1).expect("loads");
    let scenario = validate(&loaded).expect("valid");
    (loaded, scenario)
}

#[test]
fn a_variant_reproduces_the_independent_numpy_figures() {
    // tests/data/hip/reference.json, variants.man_60 (benches/hip_numpy.py): standard cost
    // 607.0348992302822, NP1 cost 636.0224415468682.
    let (loaded, scenario) = hip();
    let nhs = perspective(scenario.model(), "nhs").expect("nhs");
    let result = sensitivity(&loaded, &scenario, nhs).expect("runs");
    let man = scenario.uncertainty.variants.iter().position(|v| v.id == "man_60").expect("variant");
    let net = result.variants[man].net_benefit.clone().expect("valid")[0].to_f64().expect("finite");
    let expected = 607.0348992302822 - 636.0224415468682;
    assert!((net - expected).abs() < 1e-9, "{net} vs {expected}");
}

#[test]
fn the_f64_path_agrees_with_the_exact_run() {
    let (loaded, _) = hip();
    let exact = run_exact(&loaded, &[]).expect("runs");
    let fast = run_fast(&loaded, &[]).expect("runs");
    for (e, f) in exact[0].summaries.iter().zip(&fast[0].summaries) {
        let e = e.net_benefit.to_f64().expect("finite");
        assert!((e - f.net_benefit).abs() <= 1e-9 * e.abs().max(1.0), "{e} vs {}", f.net_benefit);
    }
    let (e, f) = (exact[0].outcomes[0].difference.to_f64().expect("finite"), fast[0].outcomes[0].difference);
    assert!((e - f).abs() < 1e-12, "{e} vs {f}");
}

#[test]
fn the_same_seed_gives_the_same_draws_whatever_the_number_of_threads() {
    let (loaded, scenario) = hip();
    let nhs = perspective(scenario.model(), "nhs").expect("nhs");
    let with = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        pool.install(|| psa::psa(&loaded, &scenario, (24, 7), nhs, &|_| {}))
    };
    let (one, two) = (with(1), with(2));
    assert_eq!(one, two);
    assert_eq!(one.invalid(), 0);
    assert_ne!(with(1).draws.values(0), psa::psa(&loaded, &scenario, (1, 8), nhs, &|_| {}).draws.values(0));
}

/// A rendered report as text.
fn text(bytes: Result<Vec<u8>, sekalk::render::ExportError>) -> String {
    String::from_utf8(bytes.expect("rendered")).expect("UTF-8")
}

#[test]
fn snapshot_of_the_tornado_and_variants_of_the_hip_model() {
    use sekalk::render::Format;
    use sekalk::render::uncertainty::sensitivity as render;
    let (loaded, scenario) = hip();
    let nhs = perspective(scenario.model(), "nhs").expect("nhs");
    let result = sensitivity(&loaded, &scenario, nhs).expect("runs");
    insta::assert_snapshot!("sensitivity_markdown_en", text(render(&scenario, &result, Lang::En, Format::Markdown)));
    insta::assert_snapshot!("sensitivity_table_sv", text(render(&scenario, &result, Lang::Sv, Format::Table)));
}

#[test]
fn snapshot_of_a_small_seeded_psa_of_the_hip_model() {
    use sekalk::render::Format;
    use sekalk::render::uncertainty::psa as render;
    let (loaded, _) = hip();
    let scenario = validate(&loaded).expect("valid");
    let nhs = perspective(scenario.model(), "nhs").expect("nhs");
    let result = psa::psa(&loaded, &scenario, (20, 1), nhs, &|_| {});
    insta::assert_snapshot!("psa_markdown_sv", text(render(&scenario, &result, Lang::Sv, Format::Markdown)));
}

/// `sekalk <args>` from the crate root.
fn sekalk(args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("sekalk").expect("built").args(args).output().expect("runs")
}

#[test]
fn the_analyses_are_written_in_every_format_of_the_report() {
    let dir = tempfile::tempdir().expect("dir");
    let hip = "scenarios/hip_replacement.toml";
    let json = sekalk(&["sensitivity", hip, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let base = json["alternatives"][0]["net_benefit"].as_str().expect("base net benefit").to_string();
    // CSV in both dialects carries the exact figure, in the dialect's decimal mark.
    let en = String::from_utf8(sekalk(&["sensitivity", hip, "--format", "csv", "--csv-dialect", "en"]).stdout)
        .expect("utf8");
    assert!(en.contains(&base), "{base} in\n{en}");
    let sv = String::from_utf8(sekalk(&["sensitivity", hip, "--format", "csv"]).stdout).expect("utf8");
    assert!(sv.starts_with('\u{feff}') && sv.contains(&base.replace('.', ",")), "{sv}");
    // The workbook has the answer first and the base case as a number cell.
    let file = dir.path().join("sensitivity.xlsx");
    let path = file.to_str().expect("utf8 path");
    assert!(sekalk(&["sensitivity", hip, "--format", "xlsx", "--output", path]).status.success());
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&file).expect("a workbook");
    use calamine::Reader;
    let names = workbook.sheet_names();
    assert_eq!(names[0], "Svar");
    let expected = Decimal::from_str_exact(&base).expect("decimal").to_f64().expect("f64");
    let found = names[1..].iter().any(|name| {
        let range = workbook.worksheet_range(name).expect("sheet");
        range.cells().any(|(_, _, c)| matches!(c, calamine::Data::Float(f) if (f - expected).abs() < 1e-6))
    });
    assert!(found, "the base case {base} as a number cell");
    // A workbook or a page is written only to a file.
    for format in ["xlsx", "html"] {
        let out = sekalk(&["psa", hip, "--draws", "8", "--format", format]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_psa_through_a_chain_of_ten_thousand_parameters_does_not_overflow_the_stack() {
    // The revision cost is `p9999 · c_revision`, p9999 = p9998 = … = p0, and p0 is drawn.
    let model = include_str!("../models/hip_replacement.toml")
        .replace(r#"amount = "c_revision""#, r#"amount = "p9999 * c_revision""#);
    let mut chain = String::from(
        "\n[[parameters]]\nid = \"p0\"\nvalue = 1\ndistribution = { kind = \"normal\", mean = 1, sd = 0.1 }\nsource = \"test\"\n",
    );
    (1..10_000).for_each(|i| {
        chain.push_str(&format!("\n[[parameters]]\nid = \"p{i}\"\nvalue = \"p{}\"\nsource = \"test\"\n", i - 1))
    });
    let scenario =
        include_str!("../scenarios/hip_replacement.toml").replace("../models/hip_replacement.toml", "model.toml");
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("model.toml"), model + &chain).expect("model written");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, scenario).expect("scenario written");
    let out = sekalk(&["psa", path.to_str().expect("utf8"), "--draws", "16", "--quiet", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["invalid_draws"], 0, "{json}");
}

#[test]
fn a_parameter_that_varies_with_time_cannot_be_drawn_in_a_joint_distribution() {
    // `age` is `start_age + t`: drawing it would replace its schedule with one number a draw.
    let model = std::fs::canonicalize("models/hip_replacement.toml").expect("the model");
    let scenario = include_str!("../scenarios/hip_replacement.toml")
        .replace("../models/hip_replacement.toml", model.to_str().expect("utf8"))
        + "\n[[correlated]]\nkind = \"multinormal\"\nparameters = [\"age\"]\ncovariance = [[1]]\nsource = \"test\"\n";
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, &scenario).expect("scenario written");
    let out = sekalk(&["check", path.to_str().expect("utf8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = scenario.lines().position(|l| l.starts_with("parameters = [\"age\"]")).expect("the line") + 1;
    assert!(stderr.contains("parameter `age` varies with time and cannot be uncertain"), "{stderr}");
    assert!(stderr.contains(&format!("scenario.toml:{line}:15")), "{stderr}");
}

#[test]
fn draws_whose_results_would_not_fit_in_memory_are_refused_before_the_run() {
    // The hip scenario with its alternative copied 50 times: 1 000 000 draws would keep
    // about 7.7 GB of results.
    let text = include_str!("../scenarios/hip_replacement.toml");
    let block =
        &text[text.find("[[alternatives]]").expect("alternatives")..text.find("[[variants]]").expect("variants")];
    let copies: String = (0..50).map(|i| block.replace(r#"id = "np1""#, &format!(r#"id = "np1_{i}""#))).collect();
    let model = std::fs::canonicalize("models/hip_replacement.toml").expect("the model");
    let scenario =
        text.replace(block, &copies).replace("../models/hip_replacement.toml", model.to_str().expect("utf8"));
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, scenario).expect("scenario written");
    let out = sekalk(&["psa", path.to_str().expect("utf8"), "--draws", "1000000", "--quiet"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("50 alternatives, 3 perspectives a draw") && stderr.contains("give at most --draws"),
        "{stderr}"
    );
    // The limit for this shape: hundreds of thousands of draws, not a million.
    let most = psa::max_draws([12, 50, 3, 1], false);
    assert!((100_000..1_000_000).contains(&most), "{most}");
}

/// The two-state scenario with `m` drawn uniformly between `min` and `max`: a draw above 5
/// makes the probability of leaving `a` (0.2 · m) more than one.
fn drawn_between(min: &str, max: &str) -> Loaded {
    let distribution = format!("high = {max}\ndistribution = {{ kind = \"uniform\", min = {min}, max = {max} }}");
    let text =
        scenario(min, max).replacen(&format!("high = {max}"), &distribution, 1).replace("value = 2", "value = 5");
    from_texts(text, MODEL.to_string())
}

#[test]
fn draws_that_break_a_rule_are_left_out_and_the_first_is_named_with_its_reason() {
    let loaded = drawn_between("1", "6");
    let scenario = sekalk::validate::validate_with(&loaded, sekalk::validate::Changes::FOR_DRAWS).expect("valid");
    let public = perspective(scenario.model(), "public").expect("p");
    let result = psa::psa(&loaded, &scenario, (200, 3), public, &|_| {});
    // A draw is invalid exactly when its m is above 5.
    let above: Vec<usize> = (0..200).filter(|&d| result.draws.values(d)[0] > 5.0).collect();
    assert!(!above.is_empty() && above.len() < 200);
    assert!((0..200).all(|d| result.draws.problem(d).is_some() == above.contains(&d)));
    assert_eq!(result.invalid(), above.len());
    let (first, problem) = result.draws.first_problem().expect("an invalid draw");
    assert_eq!(first, above[0]);
    assert!(problem.to_string().contains("more than 1"), "{problem}");
    let page = sekalk::render::uncertainty::psa_page(&scenario, &result, Lang::En);
    let note = page.answer.last().expect("a note");
    assert!(note.starts_with(&format!("{} of 200 draws gave no valid result", above.len())), "{note}");
    // The headline's figures are those of the valid draws, and it says so.
    let valid = 200 - above.len();
    assert!(
        page.answer[0].contains(&format!(": in the {valid} valid draws of 200, the probability")),
        "{}",
        page.answer[0]
    );
    assert!(note.contains(&format!("The first (draw {first} in `--export-draws`")), "{note}");
}

#[test]
fn an_analysis_in_which_no_draw_is_valid_is_an_error_and_the_draws_are_still_exported() {
    let dir = tempfile::tempdir().expect("dir");
    let text = scenario("4.99", "1000").replacen(
        "high = 1000",
        "high = 1000\ndistribution = { kind = \"uniform\", min = 4.99, max = 1000 }",
        1,
    );
    // The value at the lower end of the distribution (a value inside it, as far in its tail,
    // would be refused as one the distribution does not describe).
    std::fs::write(dir.path().join("scenario.toml"), text.replace("value = 2", "value = 4.99")).expect("written");
    std::fs::write(dir.path().join("model.toml"), MODEL).expect("written");
    let path = dir.path().join("scenario.toml");
    let draws = dir.path().join("draws.csv");
    let (path, draws) = (path.to_str().expect("utf8"), draws.to_str().expect("utf8"));
    // About one draw in 100 000 falls at or below 5: none of these 40 does.
    let out = sekalk(&["psa", path, "--draws", "40", "--quiet", "--export-draws", draws]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("none of the 40 draws gave a valid result; the first (draw 0)"), "{stderr}");
    // The first draw's problem at its place in the files, as `check` would show it.
    assert!(stderr.contains("more than 1"), "{stderr}");
    let written = std::fs::read_to_string(path).expect("the scenario");
    let line = written.lines().position(|l| l.starts_with("multiplier = \"m\"")).expect("the multiplier") + 1;
    assert!(stderr.contains(&format!("scenario.toml:{line}:14")), "{stderr}");
    assert_eq!(std::fs::read_to_string(draws).expect("the draws").lines().count(), 41);
}

#[test]
fn psa_flags_that_cannot_work_are_refused_before_anything_is_read() {
    // The scenario does not exist: a refusal with exit 2 (not 3, not found) comes first.
    for args in [&["--threads", "0"][..], &["--export-draws", "draws.txt"]] {
        let out = sekalk(&[&["psa", "no/such/scenario.toml"][..], args].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_net_benefit_that_rises_and_falls_again_in_a_range_has_its_swing_and_a_switching_value() {
    // The cost of `a` is 200 − 100·(c − 2.5)² a year and the alternative doubles the move to
    // `b`, so the net benefit is 0.2 · (200 − 100·(c − 2.5)²) − 30 = 10 − 20·(c − 2.5)²:
    // 10 at the value 2.5, −10 at both ends 1.5 and 3.5 (equal ends, which read as "no
    // swing, none in range"), zero at 2.5 ± √0.5.
    let model = MODEL.replace("amount = 100", "amount = \"200 - 100 * (c - 2.5)^2\"")
        + "\n[[parameters]]\nid = \"c\"\nvalue = 2.5\nlow = 1.5\nhigh = 3.5\nsource = \"test\"\n";
    let loaded = from_texts(scenario("2", "2"), model);
    let (base, result) = one_way(&loaded);
    let c = base.uncertainty.parameters.iter().position(|p| p.id == "c").expect("c");
    let bar = result.tornado[0].iter().find(|b| b.parameter == c).expect("a bar of c");
    assert_eq!(
        (bar.at_low.clone(), bar.at_base, bar.at_high.clone()),
        (Ok(Decimal::from(-10)), Decimal::from(10), Ok(Decimal::from(-10)))
    );
    assert_eq!(bar.swing(), Some(Decimal::from(20)));
    let Switching::At(root) = bar.switching else { panic!("{:?}", bar.switching) };
    let root = root.to_f64().expect("finite");
    let expected = [2.5 - 0.5f64.sqrt(), 2.5 + 0.5f64.sqrt()];
    assert!(expected.iter().any(|x| (root - x).abs() < 1e-5), "{root}");
    let page = sekalk::render::uncertainty::sensitivity_page(&base, &result, Lang::En);
    assert!(page.answer[0].contains("`c` matters most, moving it by 20 kr"), "{}", page.answer[0]);
}

#[test]
fn shares_drawn_together_have_no_bar_and_the_answer_says_where_their_effect_is_shown() {
    let dirichlet = "\n[[parameters]]\nid = \"s1\"\nvalue = 0.25\nsource = \"test\"\n\n[[parameters]]\nid = \"s2\"\nvalue = 0.75\nsource = \"test\"\n\n[[correlated]]\nkind = \"dirichlet\"\nparameters = [\"s1\", \"s2\"]\ncounts = [1, 3]\nsource = \"test\"\n";
    let loaded = from_texts(scenario("2", "2") + dirichlet, MODEL.to_string());
    let (base, result) = one_way(&loaded);
    assert_eq!(result.tornado[0].len(), 1, "only `m` has a range");
    let page = sekalk::render::uncertainty::sensitivity_page(&base, &result, Lang::En);
    assert!(page.answer[0].contains("no uncertain value that can change on its own changes it"), "{}", page.answer[0]);
    assert!(page.answer[1].starts_with("`s1`, `s2` are drawn together"), "{}", page.answer[1]);
}

#[test]
fn a_variant_may_set_a_value_outside_the_one_way_range_and_the_distribution() {
    // m has the range 1–3 and a uniform distribution over it; a pessimistic or optimistic
    // case beyond it is still a case to run: 100 · 0.2 · (4 − 1) − 30 = 30.
    let variant = "\n[[variants]]\nid = \"v\"\nlabel = \"V\"\nvalues = { m = 4 }\nsource = \"test\"\n";
    let text =
        scenario("1", "3").replacen("high = 3", "high = 3\ndistribution = { kind = \"uniform\", min = 1, max = 3 }", 1);
    let loaded = from_texts(text + variant, MODEL.to_string());
    let (_, result) = one_way(&loaded);
    assert_eq!(result.variants[0].net_benefit, Ok(vec![Decimal::from(30)]));
}
