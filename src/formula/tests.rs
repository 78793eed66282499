//! Tests of the formula language: grammar, exactness, every error located, the three
//! evaluations against independent figures, the vectorised `exp`/`ln`, and hostile input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal_macros::dec;

// ---------------------------------------------------------------------------------------
// Helpers

/// The symbol of `name` when `params` and `tables` are the known ids, in that order.
fn lookup(params: &[&str], tables: &[&str], name: &str) -> Option<Symbol> {
    assert!(!RESERVED.contains(&name), "the lookup was asked for built-in `{name}`");
    if let Some(i) = params.iter().position(|p| *p == name) {
        return Some(Symbol::Parameter(i));
    }
    tables.iter().position(|t| *t == name).map(Symbol::Table)
}

/// `text` resolved against `params` and `tables`.
fn compile_with(text: &str, params: &[&str], tables: &[&str]) -> Expr {
    let ast = parse(text).unwrap_or_else(|e| panic!("{text:?} does not parse: {e:?}"));
    ast.resolve(|name, _| lookup(params, tables, name)).unwrap_or_else(|e| panic!("{text:?} does not resolve: {e:?}"))
}

/// `text` resolved with no names known.
fn compile(text: &str) -> Expr {
    compile_with(text, &[], &[])
}

/// The decimal value of a formula without names.
fn decimal(text: &str) -> Decimal {
    compile(text).eval_decimal(&Env::empty()).unwrap()
}

/// The `f64` value of a formula without names.
fn float(text: &str) -> f64 {
    compile(text).eval_f64(&Env::empty())
}

/// The parse errors of `text`.
fn parse_errors(text: &str) -> Vec<FormulaError> {
    match parse(text) {
        Ok(ast) => panic!("{text:?} parsed as {ast:?}"),
        Err(errors) => errors,
    }
}

/// The only parse error of `text`.
fn parse_error(text: &str) -> FormulaError {
    let errors = parse_errors(text);
    assert_eq!(errors.len(), 1, "{text:?}: {errors:?}");
    errors.into_iter().next().unwrap()
}

/// The resolve errors of `text` with the given ids.
fn resolve_errors(text: &str, params: &[&str], tables: &[&str]) -> Vec<FormulaError> {
    let ast = parse(text).unwrap_or_else(|e| panic!("{text:?} does not parse: {e:?}"));
    match ast.resolve(|name, _| lookup(params, tables, name)) {
        Ok(expr) => panic!("{text:?} resolved as {expr:?}"),
        Err(errors) => errors,
    }
}

/// The only resolve error of `text` with the given ids.
fn resolve_error(text: &str, params: &[&str], tables: &[&str]) -> FormulaError {
    let errors = resolve_errors(text, params, tables);
    assert_eq!(errors.len(), 1, "{text:?}: {errors:?}");
    errors.into_iter().next().unwrap()
}

/// The decimal evaluation error of `text` with parameters `x`, `y` set to `values`.
fn eval_error(text: &str, values: &[Decimal]) -> FormulaError {
    let expr = compile_with(text, &["x", "y"], &[]);
    let env = Env { parameters: values, ..Env::empty() };
    match expr.eval_decimal(&env) {
        Ok(value) => panic!("{text:?} evaluated to {value}"),
        Err(error) => error,
    }
}

/// The byte range of the first `needle` in `text`.
fn span_of(text: &str, needle: &str) -> std::ops::Range<usize> {
    let start = text.find(needle).unwrap_or_else(|| panic!("no {needle:?} in {text:?}"));
    start..start + needle.len()
}

/// Asserts `error` is at `needle` in `text` and its message contains `words`.
fn assert_located(error: &FormulaError, text: &str, needle: &str, words: &str) {
    assert_eq!(error.span, span_of(text, needle), "{text:?}: {error:?}");
    assert!(error.message.contains(words), "{text:?}: {:?} lacks {words:?}", error.message);
}

/// The relative difference of `a` and `b`.
fn relative(a: f64, b: f64) -> f64 {
    if a == b {
        return 0.0;
    }
    (a - b).abs() / a.abs().max(b.abs())
}

// ---------------------------------------------------------------------------------------
// Grammar

#[test]
fn unary_minus_binds_looser_than_power() {
    assert_eq!(decimal("-2^2"), dec!(-4));
    assert_eq!(decimal("-(2)^2"), dec!(-4));
    assert_eq!(decimal("(-2)^2"), dec!(4));
    assert_eq!(float("-2^2"), -4.0);
    let expr = compile_with("-x^2", &["x"], &[]);
    let env = Env { parameters: &[dec!(2)], ..Env::empty() };
    assert_eq!(expr.eval_decimal(&env).unwrap(), dec!(-4));
    let lanes = Env { parameters: &[[2.0; LANES]], ..Env::empty() };
    assert_eq!(expr.eval_lanes(&lanes), [-4.0; LANES]);
}

#[test]
fn power_is_right_associative() {
    assert_eq!(decimal("2^3^2"), dec!(512));
    assert_eq!(float("2^3^2"), 512.0);
    let expr = compile_with("x^y^z", &["x", "y", "z"], &[]);
    let env = Env { parameters: &[dec!(2), dec!(3), dec!(2)], ..Env::empty() };
    assert_eq!(expr.eval_decimal(&env).unwrap(), dec!(512));
    let env = Env { parameters: &[2.0, 3.0, 2.0], ..Env::empty() };
    assert_eq!(expr.eval_f64(&env), 512.0);
}

#[test]
fn minus_and_division_are_left_associative() {
    assert_eq!(decimal("1-2-3"), dec!(-4));
    assert_eq!(decimal("8/4/2"), dec!(1));
    assert_eq!(decimal("2 * 3 / 4 * 5"), dec!(7.5));
    assert_eq!(decimal("1 - 2 + 3"), dec!(2));
    let expr = compile_with("a - b - c + a / b / c", &["a", "b", "c"], &[]);
    let env = Env { parameters: &[dec!(8), dec!(4), dec!(2)], ..Env::empty() };
    assert_eq!(expr.eval_decimal(&env).unwrap(), dec!(3));
    let env = Env { parameters: &[[8.0; LANES], [4.0; LANES], [2.0; LANES]], ..Env::empty() };
    assert_eq!(compile_with("a - b - c + a / b / c", &["a", "b", "c"], &[]).eval_lanes(&env), [3.0; LANES]);
}

#[test]
fn products_bind_tighter_than_sums_and_parentheses_regroup() {
    assert_eq!(decimal("2 + 3 * 4"), dec!(14));
    assert_eq!(decimal("(2 + 3) * 4"), dec!(20));
    assert_eq!(decimal("2 * -3"), dec!(-6));
    assert_eq!(decimal("--2"), dec!(2));
    assert_eq!(decimal("2^-1"), dec!(0.5));
    assert_eq!(decimal("-2^-2"), dec!(-0.25));
    assert_eq!(decimal(" ( ( 1 ) ) "), dec!(1));
    assert_eq!(decimal("1 +\n\t2"), dec!(3));
}

#[test]
fn numbers_in_every_accepted_form() {
    assert_eq!(decimal("12"), dec!(12));
    assert_eq!(decimal("0.5"), dec!(0.5));
    assert_eq!(decimal(".5"), dec!(0.5));
    assert_eq!(decimal("1e-3"), dec!(0.001));
    assert_eq!(decimal("2.5E+4"), dec!(25000));
    assert_eq!(decimal("2.5e4"), dec!(25000));
    assert_eq!(decimal("0e99"), dec!(0));
    assert_eq!(decimal("1e28"), dec!(10000000000000000000000000000));
    assert_eq!(decimal("1e-28"), dec!(0.0000000000000000000000000001));
    assert_eq!(decimal("1000e-30"), dec!(0.000000000000000000000000001));
    assert_eq!(float(".5"), 0.5);
    assert_eq!(float("2.5E+4"), 25000.0);
}

// ---------------------------------------------------------------------------------------
// Exactness

#[test]
fn a_fraction_is_exact_decimal_division() {
    let expr = compile("350/1734");
    let exact = dec!(350) / dec!(1734);
    assert_eq!(expr.constant_value(), Some(exact));
    assert_eq!(expr.eval_decimal(&Env::empty()).unwrap(), exact);
    assert!(expr.is_exact());
    assert_eq!(expr.eval_f64(&Env::empty()), 350.0 / 1734.0);
}

#[test]
fn a_tenth_plus_two_tenths_is_three_tenths_exactly() {
    let expr = compile("0.1 + 0.2");
    assert_eq!(expr.constant_value(), Some(dec!(0.3)));
    // The f64 of a constant is the nearest f64 to the exact value, not 0.1 + 0.2 in f64.
    assert_eq!(expr.eval_f64(&Env::empty()), 0.3);
    let expr = compile_with("x + 0.2", &["x"], &[]);
    let env = Env { parameters: &[dec!(0.1)], ..Env::empty() };
    assert_eq!(expr.eval_decimal(&env).unwrap(), dec!(0.3));
}

#[test]
fn exactness_is_lost_only_by_transcendental_operations() {
    let params = ["x", "y"];
    for text in ["x^2", "x/3", "abs(x) - 2", "x^-3", "min(x, y) * max(1, y)", "x^(1 + 1)"] {
        assert!(compile_with(text, &params, &[]).is_exact(), "{text}");
    }
    for text in ["exp(x)", "ln(x)", "sqrt(x)", "expm1(x)", "log1p(x)", "x^0.5", "x^y", "2 * exp(1)"] {
        assert!(!compile_with(text, &params, &[]).is_exact(), "{text}");
    }
    assert_eq!(compile("-3").constant_value(), Some(dec!(-3)));
    assert_eq!(compile("2^10").constant_value(), Some(dec!(1024)));
    assert_eq!(compile("exp(1)").constant_value(), None);
    assert_eq!(compile("t").constant_value(), None);
    assert_eq!(compile_with("x", &params, &[]).constant_value(), None);
    let root2 = decimal("2^0.5");
    assert!((root2 - dec!(1.4142135623730950488016887242)).abs() < dec!(1e-18), "{root2}");
    let root2 = decimal("sqrt(2)");
    assert!((root2 - dec!(1.4142135623730950488016887242)).abs() < dec!(1e-26), "{root2}");
}

#[test]
fn transcendental_functions_agree_with_known_values() {
    let e = decimal("exp(1)");
    assert!((e - Decimal::E).abs() < dec!(1e-25), "{e}");
    assert!((decimal("ln(exp(2))") - dec!(2)).abs() < dec!(1e-25));
    assert_eq!(decimal("ln(1)"), dec!(0));
    assert_eq!(decimal("exp(-100)"), dec!(0));
    // expm1 and log1p keep the digits that 1 + x would lose in f64.
    let small = decimal("expm1(1e-10)");
    assert!((small - dec!(0.000000000100000000005)).abs() < dec!(1e-27), "{small}");
    let small = decimal("log1p(1e-10)");
    assert!((small - dec!(0.000000000099999999995)).abs() < dec!(1e-27), "{small}");
    assert_eq!(float("expm1(1e-10)"), 1e-10f64.exp_m1());
    assert_eq!(float("log1p(1e-10)"), 1e-10f64.ln_1p());
    assert_eq!(decimal("min(3, 1, 2)"), dec!(1));
    assert_eq!(decimal("max(3, 1, 2)"), dec!(3));
    assert_eq!(decimal("abs(-2.5)"), dec!(2.5));
    assert_eq!(decimal("sqrt(0)"), dec!(0));
    assert_eq!(decimal("sqrt(6.25)"), dec!(2.5));
}

// ---------------------------------------------------------------------------------------
// Names, time and tables

#[test]
fn names_lists_every_use_in_order_without_builtins() {
    let ast = parse("a + tbl(b * t) * a - exp(cycle) + year").unwrap();
    let uses: Vec<(String, std::ops::Range<usize>, bool)> =
        ast.names().into_iter().map(|u| (u.name, u.span, u.called)).collect();
    assert_eq!(
        uses,
        vec![
            ("a".to_string(), 0..1, false),
            ("tbl".to_string(), 4..7, true),
            ("b".to_string(), 8..9, false),
            ("a".to_string(), 17..18, false),
        ]
    );
}

#[test]
fn names_in_parentheses_are_located_at_the_name() {
    let text = "((a)) * (( tbl (b)))";
    let spans: Vec<_> = parse(text).unwrap().names().into_iter().map(|u| u.span).collect();
    assert_eq!(spans, vec![2..3, 11..14, 16..17]);
    let text = "1 + (lamda)";
    assert_located(&resolve_error(text, &[], &[]), text, "lamda", "unknown name `lamda`");
}

#[test]
fn a_number_as_a_formula_equals_the_parsed_number() {
    for value in [dec!(0), dec!(-3), dec!(1.50), dec!(0.0000000000000000000000000001), Decimal::MAX, Decimal::MIN] {
        let expr = Expr::number(value);
        assert_eq!(expr, compile(&value.to_string()), "{value}");
        assert_eq!(expr.constant_value(), Some(value));
    }
}

#[test]
fn parameters_tables_and_time_use_are_reported() {
    let expr = compile_with("b + a * tbl(b + year) + a", &["a", "b"], &["other", "tbl"]);
    assert_eq!(expr.parameters(), vec![0, 1]);
    assert_eq!(expr.tables(), vec![1]);
    assert_eq!(expr.time_use(), TimeUse::Year);
    assert_eq!(compile("t * 2").time_use(), TimeUse::Cycle);
    assert_eq!(compile("cycle + year").time_use(), TimeUse::Cycle);
    assert_eq!(compile("2").time_use(), TimeUse::None);
    assert!(TimeUse::None < TimeUse::Year && TimeUse::Year < TimeUse::Cycle);
    assert_eq!(compile("2 + 3").parameters(), Vec::<usize>::new());
}

#[test]
fn time_variables_take_the_environment_values() {
    let env = Env { cycle: 4, year: 1, ..Env::<Decimal>::empty() };
    let value = |text: &str| compile(text).eval_decimal(&env).unwrap();
    assert_eq!(value("cycle"), dec!(4));
    assert_eq!(value("t"), dec!(5));
    assert_eq!(value("year"), dec!(1));
    let env = Env { cycle: u32::MAX, ..Env::<f64>::empty() };
    assert_eq!(compile("t").eval_f64(&env), 4_294_967_296.0);
}

/// A mortality-like table: 35 → 0.1, 45 → 0.2, 55 → 0.3.
fn bands() -> Table {
    Table::new(vec![dec!(35), dec!(45), dec!(55)], vec![dec!(0.1), dec!(0.2), dec!(0.3)])
}

#[test]
fn a_table_gives_the_band_with_the_largest_start_at_or_below() {
    let table = bands();
    assert_eq!(table.lookup_decimal(dec!(35)), Some(dec!(0.1)));
    assert_eq!(table.lookup_decimal(dec!(44.999)), Some(dec!(0.1)));
    assert_eq!(table.lookup_decimal(dec!(45)), Some(dec!(0.2)));
    assert_eq!(table.lookup_decimal(dec!(1000)), Some(dec!(0.3)));
    assert_eq!(table.lookup_decimal(dec!(34.99)), None);
    assert_eq!(table.lookup_f64(45.0), 0.2);
    assert_eq!(table.lookup_f64(54.5), 0.2);
    assert!(table.lookup_f64(34.0).is_nan());
    assert!(table.lookup_f64(f64::NAN).is_nan());
    assert_eq!(table.lookup_f64(f64::INFINITY), 0.3);
    assert_eq!(Table::default().lookup_decimal(dec!(1)), None);
    assert!(Table::default().lookup_f64(1.0).is_nan());
}

#[test]
fn a_table_in_a_formula_is_looked_up_each_year() {
    let expr = compile_with("2 * mort(age + year)", &["age"], &["mort"]);
    let tables = [bands()];
    let expected = [(0, dec!(0.2)), (4, dec!(0.2)), (5, dec!(0.4)), (14, dec!(0.4)), (15, dec!(0.6))];
    for (year, want) in expected {
        let env = Env { parameters: &[dec!(40)], tables: &tables, cycle: year, year };
        assert_eq!(expr.eval_decimal(&env).unwrap(), want, "year {year}");
        let env = Env { parameters: &[40.0], tables: &tables, cycle: year, year };
        assert_eq!(expr.eval_f64(&env), want.to_f64().unwrap(), "year {year}");
    }
    let env =
        Env { parameters: &[[20.0, 35.0, 44.0, 45.0, 50.0, 55.0, 90.0, f64::NAN]], tables: &tables, cycle: 0, year: 0 };
    let got = expr.eval_lanes(&env);
    assert!(got[0].is_nan() && got[7].is_nan(), "{got:?}");
    assert_eq!(got[1..7], [0.2, 0.2, 0.4, 0.4, 0.6, 0.6]);
}

#[test]
fn below_the_first_band_is_a_located_error_naming_the_values() {
    let text = "1 + mort(x)";
    let expr = compile_with(text, &["x"], &["mort"]);
    let tables = [bands()];
    let env = Env { parameters: &[dec!(30)], tables: &tables, cycle: 0, year: 0 };
    let error = expr.eval_decimal(&env).unwrap_err();
    assert_located(&error, text, "mort(x)", "30 is below the first band of the table `mort`");
    assert!(error.message.contains("35"), "{}", error.message);
    // In f64, the error is a NaN that min and max do not hide.
    let expr = compile_with("min(mort(x), 1)", &["x"], &["mort"]);
    let env = Env { parameters: &[30.0], tables: &tables, cycle: 0, year: 0 };
    assert!(expr.eval_f64(&env).is_nan());
}

// ---------------------------------------------------------------------------------------
// Syntax errors, located

#[test]
fn an_empty_formula_is_an_error() {
    assert_located(&parse_error(""), "", "", "the formula is empty");
    let error = parse_error("   ");
    assert_eq!(error.span, 0..3);
}

#[test]
fn a_missing_operand_names_the_operator_before_it() {
    let text = "2 *";
    assert_located(&parse_error(text), text, "*", "expected a number, a name or `(` after `*`");
    let text = "2 * )";
    assert_located(&parse_error(text), text, ")", "after `*`, but found `)`");
    let text = "(1 + )";
    assert_located(&parse_error(text), text, ")", "after `+`");
    let text = "f(1, )";
    assert_located(&parse_error(text), text, ")", "expected a number, a name or `(`");
    let text = "2 * +3";
    assert_located(&parse_error(text), text, "+", "a leading `+` is not needed");
}

#[test]
fn lone_operators_are_errors() {
    for text in ["*", "+", "-", "/", "^", ")", "(", ",", "-+", "2^", "^2", "()", "min()", "(,)"] {
        let errors = parse_errors(text);
        assert!(!errors.is_empty(), "{text}");
        for error in &errors {
            assert!(error.span.end <= text.len() && error.span.start <= error.span.end, "{text}: {error:?}");
            assert!(!error.message.is_empty());
        }
    }
}

#[test]
fn an_unclosed_parenthesis_is_located_at_its_opening() {
    let text = "2 * (1 + 2";
    assert_located(&parse_error(text), text, "(", "unclosed `(`");
    let text = "exp(1";
    assert_located(&parse_error(text), text, "(", "unclosed `(`");
    let text = "1 + 2)";
    assert_located(&parse_error(text), text, ")", "unexpected `)`");
}

#[test]
fn two_operands_in_a_row_ask_for_an_operator() {
    let text = "2 3";
    assert_located(&parse_error(text), text, "3", "missing operator between `2` and `3`");
    let text = "(a b)";
    assert_located(&parse_error(text), text, "b", "missing operator between `a` and `b`");
    let text = "x (2)";
    let errors = parse_errors("2 (x)");
    assert_eq!(errors[0].span, 2..3);
    assert!(parse(text).is_ok(), "a name before `(` is a call");
}

#[test]
fn a_decimal_comma_is_explained() {
    let text = "1,5";
    assert_located(&parse_error(text), text, ",", "write decimals with `.`");
    let text = "(1,5)";
    assert_located(&parse_error(text), text, ",", "only a call");
}

#[test]
fn a_double_star_suggests_the_caret() {
    let text = "2 ** 3";
    assert_located(&parse_error(text), text, "**", "write `^` for a power");
}

#[test]
fn builtins_are_checked_for_their_arguments() {
    let text = "min(1) + 2";
    assert_located(&parse_error(text), text, "min(1)", "`min` needs at least two arguments");
    let text = "1 + max()";
    assert_located(&parse_error(text), text, "max()", "`max` needs at least two arguments");
    let text = "exp(1, 2)";
    assert_located(&parse_error(text), text, "exp(1, 2)", "`exp` takes exactly one argument");
    let text = "2 * ln";
    assert_located(&parse_error(text), text, "ln", "`ln` is a built-in function");
    let text = "t(2)";
    assert_located(&parse_error(text), text, "t(2)", "`t` is a built-in variable");
}

#[test]
fn bad_numbers_are_explained() {
    let cases = [
        ("1_000", "1_000", "without `_`"),
        ("2x + 1", "2x", "write `2 * x`"),
        ("1. + 2", "1.", "ends with `.`"),
        ("1e + 2", "1e", "an exponent needs digits"),
        ("1.2.3", "1.2.3", "more than one `.`"),
        ("1e30", "1e30", "too large"),
        ("3e-30", "3e-30", "too small"),
        ("1e99999999999999999999", "1e99999999999999999999", "too large"),
        ("1e-99999999999999999999", "1e-99999999999999999999", "too small"),
        ("0.12345678901234567890123456789", "0.12345678901234567890123456789", "more digits"),
        ("123456789012345678901234567890", "123456789012345678901234567890", "more digits"),
        ("1e+", "1e", "an exponent needs digits"),
        ("2exp(1)", "2exp", "write `2 * exp`"),
    ];
    for (text, at, words) in cases {
        assert_located(&parse_error(text), text, at, words);
    }
}

#[test]
fn every_bad_character_is_reported_at_once() {
    let text = "a $ b # c";
    let errors = parse_errors(text);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_located(&errors[0], text, "$", "unexpected character `$`");
    assert_located(&errors[1], text, "#", "unexpected character `#`");
}

#[test]
fn unicode_is_located_by_whole_characters() {
    let text = "lämda * 2";
    assert_located(&parse_error(text), text, "ä", "unexpected character `ä`");
    let text = "1 − 2";
    assert_located(&parse_error(text), text, "−", "ASCII minus");
    let text = "2 × 3";
    assert_located(&parse_error(text), text, "×", "write `*`");
    let text = "x 😀";
    assert_located(&parse_error(text), text, "😀", "unexpected character");
    let text = "1\u{a0}+ 2";
    assert_located(&parse_error(text), text, "\u{a0}", "non-ASCII space");
    let text = "1 +\u{0} 2";
    assert_located(&parse_error(text), text, "\u{0}", "U+0000");
}

#[test]
fn errors_before_the_first_grammar_error_are_all_reported_in_order() {
    let text = "min(1) + exp(1, 2) + (";
    let errors = parse_errors(text);
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].message.contains("`min`"));
    assert!(errors[1].message.contains("`exp`"));
    assert!(errors[2].message.contains("after `(`"), "{errors:?}");
}

// ---------------------------------------------------------------------------------------
// Resolution errors, located

#[test]
fn every_unknown_name_is_reported_at_once() {
    let text = "lamda * (t - 1)^gama + lambda";
    let errors = resolve_errors(text, &["lambda", "gamma"], &[]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_located(&errors[0], text, "lamda", "unknown name `lamda`");
    assert_located(&errors[1], text, "gama", "unknown name `gama`");
    let text = "1 + nosuch(2)";
    assert_located(&resolve_error(text, &[], &[]), text, "nosuch", "unknown name `nosuch`");
}

#[test]
fn a_table_must_be_called_and_a_parameter_must_not() {
    let text = "mort + 1";
    assert_located(&resolve_error(text, &[], &["mort"]), text, "mort", "`mort` is a table");
    let text = "1 + p(2)";
    assert_located(&resolve_error(text, &["p"], &[]), text, "p", "`p` is a parameter, not a table");
    let text = "mort(1, 2)";
    let error = resolve_error(text, &[], &["mort"]);
    assert_located(&error, text, "mort(1, 2)", "takes exactly one argument");
    let text = "mort()";
    assert_located(&resolve_error(text, &[], &["mort"]), text, "mort()", "is given 0");
}

#[test]
fn a_division_by_a_part_that_is_always_zero_is_seen_before_evaluation() {
    let cases = [
        ("x / 0", "0"),
        ("x / (2 - 2)", "(2 - 2)"),
        ("x / (y - y)", "(y - y)"),
        ("x / (y*2 - y * 2 + 0)", "(y*2 - y * 2 + 0)"),
        ("x / (0 * y)", "(0 * y)"),
        ("x / -(y - y)", "-(y - y)"),
        ("1 / abs(0.0)", "abs(0.0)"),
    ];
    for (text, divisor) in cases {
        let error = resolve_error(text, &["x", "y"], &[]);
        assert_located(&error, text, divisor, "a division by zero that can be seen");
        assert!(error.message.contains(&format!("`{divisor}` is always 0")), "{error:?}");
    }
    let text = "(y - y)^-2";
    assert_located(&resolve_error(text, &["y"], &[]), text, "(y - y)", "division by zero");
    // A divisor that may be zero for some values only is evaluated.
    compile_with("x / (x - y)", &["x", "y"], &[]);
    compile_with("x / (y - x + y)", &["x", "y"], &[]);
}

#[test]
fn a_constant_part_that_always_fails_is_reported_at_resolve() {
    let cases = [
        ("1 + ln(0)", "ln(0)", "`ln` needs a number above 0, but it is given 0"),
        ("x * sqrt(-1)", "sqrt(-1)", "`sqrt` needs a number of at least 0"),
        ("x + exp(100)", "exp(100)", "an overflow in `exp(100)`: e^100 is too large"),
        ("x + 1e28 * 10", "1e28 * 10", "an overflow"),
        ("x + (-8)^0.5", "(-8)^0.5", "negative base"),
        ("x + 0^-0.5", "0^-0.5", "a division by zero"),
        ("log1p(-1) + x", "log1p(-1)", "above -1"),
    ];
    for (text, at, words) in cases {
        assert_located(&resolve_error(text, &["x"], &[]), text, at, words);
    }
}

// ---------------------------------------------------------------------------------------
// Evaluation errors, located and naming the values

#[test]
fn a_division_by_zero_names_the_divisor() {
    let text = "x / y";
    let error = eval_error(text, &[dec!(1), dec!(0)]);
    assert_located(&error, text, "y", "a division by zero: the divisor `y` is 0");
    let text = "x^y";
    let error = eval_error(text, &[dec!(0), dec!(-1)]);
    assert_located(&error, text, "x^y", "raises 0 to the power -1");
}

#[test]
fn an_overflow_names_the_values() {
    let text = "1 + x * y";
    let error = eval_error(text, &[dec!(1e20), dec!(1e20)]);
    assert_located(&error, text, "x * y", "100000000000000000000 × 100000000000000000000");
    let text = "x + y";
    let error = eval_error(text, &[Decimal::MAX, dec!(1)]);
    assert_located(&error, text, "x + y", "too large");
    let text = "x^3";
    let error = eval_error(text, &[dec!(1e10)]);
    assert_located(&error, text, "x^3", "10000000000^3");
    let text = "exp(x)";
    let error = eval_error(text, &[dec!(80)]);
    assert_located(&error, text, "exp(x)", "e^80");
    let text = "x^y";
    let error = eval_error(text, &[dec!(10), dec!(40.5)]);
    assert_located(&error, text, "x^y", "10^40.5");
    let text = "x / y";
    let error = eval_error(text, &[Decimal::MAX, dec!(0.5)]);
    assert_located(&error, text, "x / y", "÷");
}

#[test]
fn domain_errors_name_the_argument_and_its_value() {
    let cases = [
        ("ln(x - 1)", dec!(0.5), "`ln` needs a number above 0, but `x - 1` is -0.5"),
        ("sqrt(x)", dec!(-2), "`sqrt` needs a number of at least 0, but `x` is -2"),
        ("log1p(x)", dec!(-1.5), "`log1p` needs a number above -1, but `x` is -1.5"),
        ("x^0.5", dec!(-4), "a negative base (-4)"),
    ];
    for (text, x, words) in cases {
        let error = eval_error(text, &[x]);
        assert_located(&error, text, text, words);
    }
}

#[test]
fn a_missing_value_is_an_error_or_nan_never_a_panic() {
    let expr = compile_with("x + mort(1)", &["x"], &["mort"]);
    let error = expr.eval_decimal(&Env::empty()).unwrap_err();
    assert!(error.message.contains("missing"), "{error:?}");
    assert!(expr.eval_f64(&Env::empty()).is_nan());
    assert!(expr.eval_lanes(&Env::empty()).iter().all(|v| v.is_nan()));
    let env = Env { parameters: &[dec!(1)], ..Env::empty() };
    let error = expr.eval_decimal(&env).unwrap_err();
    assert!(error.message.contains("`mort`"), "{error:?}");
}

// ---------------------------------------------------------------------------------------
// The three evaluations agree

/// Weibull hazard of revision, Briggs et al. (2006) total hip replacement example:
/// `λ = exp(−5.490935)`, `γ = exp(0.3740968)`.
const WEIBULL: &str = "1 - exp(lambda * ((t - 1)^gamma - t^gamma))";

/// The hazard computed directly with `f64`, independently of the formula code.
fn weibull_direct(lambda: f64, gamma: f64, t: f64) -> f64 {
    1.0 - (lambda * ((t - 1.0).powf(gamma) - t.powf(gamma))).exp()
}

#[test]
fn the_weibull_hazard_agrees_in_decimal_f64_and_lanes() {
    let expr = compile_with(WEIBULL, &["lambda", "gamma"], &[]);
    assert!(!expr.is_exact());
    assert_eq!(expr.time_use(), TimeUse::Cycle);
    let lambda = (-5.490935f64).exp();
    let gamma = 0.3740968f64.exp();
    let decimals = [Decimal::from_f64(lambda).unwrap(), Decimal::from_f64(gamma).unwrap()];
    for cycle in 0..60 {
        let t = f64::from(cycle + 1);
        let want = weibull_direct(lambda, gamma, t);
        let env = Env { parameters: &decimals, cycle, ..Env::empty() };
        let exact = expr.eval_decimal(&env).unwrap().to_f64().unwrap();
        let env = Env { parameters: &[lambda, gamma], cycle, ..Env::empty() };
        let float = expr.eval_f64(&env);
        let env = Env { parameters: &[[lambda; LANES], [gamma; LANES]], cycle, ..Env::empty() };
        let lanes = expr.eval_lanes(&env);
        assert!(relative(exact, want) < 1e-12, "cycle {cycle}: {exact} vs {want}");
        assert!(relative(float, want) < 1e-12, "cycle {cycle}: {float} vs {want}");
        for lane in lanes {
            assert!(relative(lane, want) < 1e-12, "cycle {cycle}: {lane} vs {want}");
        }
    }
}

#[test]
fn each_lane_is_the_f64_evaluation_of_its_own_draw() {
    let formulas = [
        WEIBULL,
        "min(lambda, gamma) * 3 - max(lambda, 0.5) / gamma",
        "lambda^3 + gamma^-2 + (lambda + 1)^gamma",
        "sqrt(gamma) + abs(-lambda) + ln(gamma) + expm1(lambda) + log1p(lambda)",
        "-(lambda - gamma)^2 / (1 + year)",
    ];
    let lambdas = [0.001, 0.004, 0.02, 0.1, 0.5, 0.9, 1.5, 3.0];
    let gammas = [0.5, 0.8, 1.0, 1.2, 1.45, 2.0, 2.5, 4.0];
    for text in formulas {
        let expr = compile_with(text, &["lambda", "gamma"], &[]);
        for cycle in [0, 1, 7, 40] {
            let env = Env { parameters: &[lambdas, gammas], cycle, year: cycle / 12, tables: &[] };
            let lanes = expr.eval_lanes(&env);
            for (i, lane) in lanes.iter().enumerate() {
                let env = Env { parameters: &[lambdas[i], gammas[i]], cycle, year: cycle / 12, tables: &[] };
                let float = expr.eval_f64(&env);
                // Relative, or absolute where `1 - exp(…)` cancels to a small number.
                let close = relative(*lane, float) < 1e-13 || (lane - float).abs() < 1e-15;
                assert!(close, "{text}, lane {i}: {lane} vs {float}");
            }
        }
    }
}

#[test]
fn powers_in_lanes_follow_the_f64_conventions() {
    let expr = compile_with("x^y", &["x", "y"], &[]);
    let xs = [0.0, 0.0, -8.0, -8.0, 1.0, f64::NAN, 2.0, -2.0];
    let ys = [2.0, -1.0, 3.0, 0.5, f64::INFINITY, 0.0, -1074.0, 2.0];
    let env = Env { parameters: &[xs, ys], ..Env::empty() };
    let lanes = expr.eval_lanes(&env);
    for i in 0..LANES {
        let want = xs[i].powf(ys[i]);
        let got = lanes[i];
        assert!((want.is_nan() && got.is_nan()) || relative(got, want) < 1e-13, "{}^{}: {got} vs {want}", xs[i], ys[i]);
    }
}

// ---------------------------------------------------------------------------------------
// exp_lanes and ln_lanes

/// Evenly spaced points over `[from, to]`, with a few odd offsets to avoid only round values.
fn points(from: f64, to: f64, n: usize) -> Vec<f64> {
    (0..n).map(|i| from + (to - from) * (i as f64 + 0.3217) / n as f64).collect()
}

/// `f` applied to `xs` in chunks of [`LANES`].
fn in_lanes(xs: &[f64], f: fn(Lanes) -> Lanes) -> Vec<f64> {
    xs.chunks(LANES)
        .flat_map(|chunk| {
            let mut lanes = [0.0; LANES];
            lanes[..chunk.len()].copy_from_slice(chunk);
            f(lanes)[..chunk.len()].to_vec()
        })
        .collect()
}

#[test]
fn exp_lanes_is_within_1e_14_of_std_over_the_whole_range() {
    let mut xs = points(-700.0, 700.0, 400_000);
    xs.extend(points(-1.0, 1.0, 100_000));
    xs.extend(points(-1e-6, 1e-6, 1000));
    xs.extend([0.0, -0.0, 1e-300, -1e-300, 0.5 * std::f64::consts::LN_2, 709.0, 709.78, -708.0]);
    let got = in_lanes(&xs, exp_lanes);
    let mut worst = 0.0f64;
    for (x, y) in xs.iter().zip(&got) {
        let e = relative(*y, x.exp());
        assert!(e < 1e-14, "exp({x}) = {y}, std {}", x.exp());
        worst = worst.max(e);
    }
    assert!(worst < 1e-15, "worst relative error {worst}");
}

#[test]
fn exp_lanes_handles_the_edges() {
    let xs = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 709.8, 1e308, -746.0, -1e308, 0.0];
    let got = exp_lanes(xs);
    assert!(got[0].is_nan());
    assert_eq!(got[1], f64::INFINITY);
    assert_eq!(got[2], 0.0);
    assert_eq!(got[3], f64::INFINITY);
    assert_eq!(got[4], f64::INFINITY);
    assert_eq!(got[5], 0.0);
    assert_eq!(got[6], 0.0);
    assert_eq!(got[7], 1.0);
    // The largest finite result and subnormal results.
    let xs = [709.782712893384, -708.5, -720.0, -740.0, -745.0, -745.2, 1.0, -1.0];
    let got = exp_lanes(xs);
    for (x, y) in xs.iter().zip(got) {
        let want = x.exp();
        let ulps = (y.to_bits() as i64 - want.to_bits() as i64).abs();
        assert!(ulps <= 2, "exp({x}) = {y}, std {want}");
    }
}

#[test]
fn expm1_lanes_is_within_1e_15_of_std_near_zero_and_over_the_whole_range() {
    let mut xs = points(-40.0, 709.0, 400_000);
    xs.extend(points(-1.0, 1.0, 200_000));
    xs.extend(points(-1e-6, 1e-6, 1000));
    xs.extend(points(-1e-300, 1e-300, 100));
    let half_ln2 = 0.5 * std::f64::consts::LN_2;
    xs.extend([0.0, -0.0, half_ln2, -half_ln2, half_ln2 * (1.0 + 1e-15), 709.5, 709.78, -36.0, 1e-320]);
    let got = in_lanes(&xs, expm1_lanes);
    let mut worst = 0.0f64;
    for (x, y) in xs.iter().zip(&got) {
        let e = relative(*y, x.exp_m1());
        worst = worst.max(e);
        assert!(e < 1e-15, "expm1({x}) = {y}, std {}", x.exp_m1());
    }
    assert!(worst < 1e-15, "worst relative error {worst}");
}

#[test]
fn expm1_lanes_handles_the_edges() {
    let xs = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 709.8, 1e308, -746.0, -1e308, -0.0];
    let got = expm1_lanes(xs);
    assert!(got[0].is_nan());
    assert_eq!(&got[1..7], &[f64::INFINITY, -1.0, f64::INFINITY, f64::INFINITY, -1.0, -1.0]);
    assert!(got[7] == 0.0 && got[7].is_sign_negative(), "expm1(-0) = -0, got {}", got[7]);
}

#[test]
fn ln_lanes_is_within_1e_14_of_std_from_subnormals_to_the_largest_number() {
    let mut xs: Vec<f64> = points(-323.0, 308.0, 200_000).iter().map(|u| 10f64.powf(*u)).collect();
    xs.extend(points(0.5, 2.0, 100_000));
    xs.extend(points(1.0 - 1e-9, 1.0 + 1e-9, 1000));
    xs.extend([
        1.0 + f64::EPSILON,
        1.0 - f64::EPSILON / 2.0,
        std::f64::consts::SQRT_2,
        std::f64::consts::FRAC_1_SQRT_2,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        2.0,
        0.1,
        1e-310,
    ]);
    let got = in_lanes(&xs, ln_lanes);
    let mut worst = 0.0f64;
    for (x, y) in xs.iter().zip(&got) {
        let e = relative(*y, x.ln());
        assert!(e < 1e-14, "ln({x}) = {y}, std {}", x.ln());
        worst = worst.max(e);
    }
    assert!(worst < 1e-15, "worst relative error {worst}");
}

#[test]
fn ln_lanes_handles_the_edges() {
    let xs = [0.0, -0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.0, -1e-310];
    let got = ln_lanes(xs);
    assert_eq!(got[0], f64::NEG_INFINITY);
    assert_eq!(got[1], f64::NEG_INFINITY);
    assert!(got[2].is_nan());
    assert!(got[3].is_nan());
    assert_eq!(got[4], f64::INFINITY);
    assert!(got[5].is_nan());
    assert_eq!(got[6], 0.0);
    assert!(got[7].is_nan());
}

// ---------------------------------------------------------------------------------------
// Hostile input

#[test]
fn ten_thousand_nested_parentheses_are_an_error_not_a_stack_overflow() {
    let text = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let error = parse_error(&text);
    assert!(error.message.contains("longer than 10000 characters"), "{error:?}");
    assert_eq!(error.span, 10_000..text.len());
    let text = format!("{}1{}", "(".repeat(4_000), ")".repeat(4_000));
    let error = parse_error(&text);
    assert!(error.message.contains("more than 64 levels"), "{error:?}");
    assert_eq!(error.span, 64..65);
    let text = "(".repeat(9_999);
    assert!(parse_error(&text).message.contains("more than 64 levels"));
}

#[test]
fn nesting_is_limited_for_every_kind_of_level() {
    let ok = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(decimal(&ok), dec!(1));
    let calls = format!("{}1{}", "abs(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(decimal(&calls), dec!(1));
    let deep = [
        format!("{}1{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1)),
        format!("{}1{}", "abs(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1)),
        format!("{}1", "-".repeat(3000)),
        format!("{}1", "1^".repeat(3000)),
        format!("{}1", "1^-".repeat(2000)),
    ];
    for text in deep {
        let error = parse_error(&text);
        assert!(error.message.contains("nests more than 64"), "{error:?}");
    }
    assert_eq!(decimal(&format!("{}1", "-".repeat(MAX_DEPTH))), dec!(1));
}

#[test]
fn a_long_flat_formula_is_fine_and_a_longer_one_is_refused() {
    let terms = vec!["1"; 4_999].join("+");
    assert_eq!(terms.len(), 9_997);
    assert_eq!(decimal(&terms), dec!(4999));
    let factors = vec!["x"; 3_000].join("*");
    let expr = compile_with(&factors, &["x"], &[]);
    let env = Env { parameters: &[dec!(1)], ..Env::empty() };
    assert_eq!(expr.eval_decimal(&env).unwrap(), dec!(1));
    let divisor = format!("x / ({})", vec!["x - x"; 1_000].join(" + "));
    compile_with(&divisor, &["x"], &[]);
    let too_long = vec!["1"; 5_001].join("+");
    let error = parse_error(&too_long);
    assert_eq!(error.span, 10_000..too_long.len());
    // Characters, not bytes: 10 000 two-byte characters are one error at the first of them.
    let digits = format!("1{}", "0".repeat(5_000));
    assert_located(&parse_error(&digits), &digits, &digits, "more digits");
    let decimals = format!("0.{}1", "0".repeat(5_000));
    assert_located(&parse_error(&decimals), &decimals, &decimals, "more digits");
    let errors = parse_errors(&"ä".repeat(10_000));
    assert_eq!(errors.len(), 10_000);
    assert_eq!(errors[0].span, 0..2);
}

/// A small deterministic generator for the fuzz test.
struct Lcg(u64);

impl Lcg {
    /// The next number below `n`.
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn random_token_soup_never_panics() {
    let pieces = [
        "1", "0", "2.5", ".5", "1e3", "1e-30", "9e28", "x", "y", "tbl", "t", "cycle", "year", "exp", "ln", "sqrt",
        "min", "max", "abs", "log1p", "expm1", "(", ")", ",", "+", "-", "*", "/", "^", " ", "ä", "1.", "_", "**",
        "0.0", "-1", "1000",
    ];
    let mut rng = Lcg(42);
    let tables = [bands()];
    for _ in 0..30_000 {
        let n = 1 + rng.below(14);
        let text: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
        let Ok(ast) = parse(&text) else { continue };
        let _ = ast.names();
        let Ok(expr) = ast.resolve(|name, _| lookup(&["x", "y"], &["tbl"], name)) else {
            continue;
        };
        let env = Env { parameters: &[dec!(-3), dec!(7.5)], tables: &tables, cycle: 3, year: 0 };
        let _ = expr.eval_decimal(&env);
        let env = Env { parameters: &[-3.0, 7.5], tables: &tables, cycle: 3, year: 0 };
        let _ = expr.eval_f64(&env);
        let env = Env { parameters: &[[-3.0; LANES], [7.5; LANES]], tables: &tables, cycle: 3, year: 0 };
        let _ = expr.eval_lanes(&env);
    }
}

#[test]
fn the_reserved_names_are_exactly_the_builtins() {
    for name in RESERVED {
        assert!(super::builtin::builtin(name).is_some(), "{name}");
    }
    // The lookup (which panics on a reserved name) is never asked about built-ins.
    compile_with(
        "t + cycle + year + exp(1) + ln(2) + expm1(x) + log1p(x) + sqrt(4) + abs(x) + min(1, 2) + max(1, 2)",
        &["x"],
        &[],
    );
}

#[test]
fn resolving_twice_gives_equal_formulas() {
    assert_eq!(
        compile_with(WEIBULL, &["lambda", "gamma"], &[]),
        compile_with(WEIBULL, &["lambda", "gamma"], &[]).clone()
    );
    assert_eq!(compile("1 + 2").text(), "1 + 2");
    assert_eq!(parse(" x ").unwrap().text(), " x ");
}
