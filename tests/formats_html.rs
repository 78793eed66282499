//! The html page for a kommunstyrelse: a snapshot of a small hand-computed scenario, the page
//! holding no script and loading nothing, every label escaped, the charts inline, and, in
//! headless Chromium, nothing wider than the content width of an A4 page.

#[path = "common/report.rs"]
mod report;

#[path = "html/chromium.rs"]
mod chromium;

use sekalk::domain::Label;
use sekalk::render::Format;
use sekalk::render::format::Lang;
use sekalk::render::html;
use sekalk::report::Report;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The small deterministic scenario of the snapshot: three states, two years, one
/// intervention (tests/hand_computed.rs works it out by hand).
const HAND: &str = "tests/data/hand/intervention.toml";
/// A second scenario, of another model.
const PAYBACK: &str = "tests/data/economics/payback.toml";
/// The default scenario of the README: a real model, nine groups, wide tables.
const TYPICAL: &str = "scenarios/typisk_insats.toml";
/// Four alternatives side by side.
const FOUR: &str = "scenarios/framgangen.toml";

/// The reports of `paths`, each built once for all the tests of this file (the break-even
/// search of the larger scenarios takes a while in a debug build).
fn reports(paths: &[&'static str]) -> Vec<Report> {
    static BUILT: OnceLock<Mutex<HashMap<&'static str, Report>>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    paths
        .iter()
        .map(|&path| {
            let cached = built.lock().expect("the cache").get(path).cloned();
            cached.unwrap_or_else(|| {
                let report = report::report(path);
                built.lock().expect("the cache").insert(path, report.clone());
                report
            })
        })
        .collect()
}

fn page(reports: &[Report], lang: Lang) -> String {
    report::export_text(reports, Format::Html, lang)
}

// ---- snapshot ---------------------------------------------------------------------------------

#[test]
fn html_snapshot_of_a_hand_computed_intervention() {
    insta::assert_snapshot!("html_sv", page(&reports(&[HAND]), Lang::Sv));
}

// ---- self-contained ---------------------------------------------------------------------------

/// The text of every tag of the page (between `<` and `>`); text content is escaped, so every
/// `<` of the page opens a tag.
fn tags(page: &str) -> Vec<&str> {
    page.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or(rest)).collect()
}

/// Asserts that `page` has no script and refers to nothing outside itself.
fn assert_self_contained(page: &str) {
    let lower = page.to_lowercase();
    assert!(!lower.contains("<script"), "the page has a script");
    for tag in tags(&lower) {
        for forbidden in ["http://", "https://", "src=", "href=", "srcset=", "url(", "@import"] {
            assert!(!tag.contains(forbidden), "the tag <{tag}> refers to something outside the page ({forbidden})");
        }
        assert!(!tag.starts_with("link") && !tag.starts_with("iframe") && !tag.starts_with("object"), "<{tag}>");
    }
    let style = lower.split("<style>").nth(1).and_then(|s| s.split("</style>").next()).expect("an inline style");
    assert!(!style.contains("url(") && !style.contains("@import") && !style.contains("@font-face"), "{style}");
    assert!(style.contains("@page { size: a4; margin: 15mm; }"), "the page prints on A4");
}

#[test]
fn the_page_has_no_script_and_loads_nothing_from_the_network() {
    for (reports, lang) in [
        (reports(&[HAND]), Lang::Sv),
        (reports(&[HAND]), Lang::En),
        (reports(&[HAND, PAYBACK]), Lang::Sv),
        (reports(&[TYPICAL]), Lang::Sv),
    ] {
        assert_self_contained(&page(&reports, lang));
    }
}

#[test]
fn the_page_is_in_the_documents_language_with_its_answer_first() {
    let reports = reports(&[HAND]);
    let sv = page(&reports, Lang::Sv);
    let en = page(&reports, Lang::En);
    assert!(sv.contains("<html lang=\"sv\">") && en.contains("<html lang=\"en\">"));
    let answer = sv.find("<section class=\"answer\">").expect("an answer section");
    let summary = sv.find("<div class=\"grid key summary\">").expect("the key figures");
    let chart = sv.find("<figure").expect("a chart");
    let flows = sv.find("<div class=\"grid flows\">").expect("the money flows");
    let sources = sv.find("<section class=\"sources\">").expect("the sources");
    let footer = sv.find("<footer>").expect("a footer");
    assert!(answer < summary && summary < chart && chart < flows && flows < sources && sources < footer);
    let provenance = &sv[footer..];
    assert!(provenance.contains("sha256:") && provenance.contains(&format!("sekalk run {HAND}")));
    assert!(provenance.contains(report::VERSION));
}

#[test]
fn both_charts_are_inline_svg_with_swedish_axis_numbers() {
    let page = page(&reports(&[TYPICAL]), Lang::Sv);
    assert_eq!(page.matches("<svg ").count(), 2, "the cumulative net benefit and the people on support");
    assert_eq!(page.matches("</svg>").count(), 2);
    assert!(page.contains("Ackumulerad nettonytta per perspektiv"));
    assert!(page.contains("Personer vid årets slut, utan och med insats – Försörjningsstöd"));
    // The typical scenario's cumulative net benefit runs from about −2.1 mnkr upwards: its axis
    // says mnkr, with a decimal comma and a real minus sign.
    assert!(page.contains(">\nmnkr\n</text>"), "the axis names its unit");
    assert!(page.contains(">\n\u{2212}1,0\n</text>"), "Swedish tick labels");
    for name in ["Kommunen", "Offentlig sektor", "Samhället", "Utan insats", "Med insats"] {
        assert!(page.contains(&format!("</span>{name}</li>")), "the legend names {name}");
    }
}

#[test]
fn every_label_is_escaped() {
    let mut reports = reports(&[HAND]);
    let hostile = "<script>alert('x')</script> & \"citat\"";
    reports[0].setup.name = hostile.into();
    reports[0].alternatives[0].label = Label { sv: hostile.into(), en: hostile.into() };
    reports[0].perspectives[0].label = Label { sv: hostile.into(), en: hostile.into() };
    let page = page(&reports, Lang::Sv);
    assert_self_contained(&page);
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;citat&quot;"));
}

#[test]
fn a_wide_grid_is_split_into_tables_that_repeat_its_first_column() {
    assert_eq!(html::column_groups(3), vec![vec![0, 1, 2]]);
    assert_eq!(html::column_groups(html::MAX_COLUMNS).len(), 1);
    let groups = html::column_groups(17);
    assert_eq!(groups, vec![(0..=8).collect::<Vec<_>>(), std::iter::once(0).chain(9..17).collect()]);
    for columns in [10, 18, 25, 40] {
        let groups = html::column_groups(columns);
        assert!(groups.iter().all(|g| g[0] == 0 && g.len() <= html::MAX_COLUMNS), "{groups:?}");
        let shown: Vec<usize> = groups.iter().flat_map(|g| g[1..].to_vec()).collect();
        assert_eq!(shown, (1..columns).collect::<Vec<_>>(), "every column once, in order");
    }
}

#[test]
fn a_long_word_in_a_cell_may_break() {
    let key = "alternatives[insats].interventions[arbetsmarknadsinsats].start_cost[0].amount";
    let cell = html::breakable(key);
    assert_eq!(cell.replace("<wbr>", ""), key);
    assert!(cell.split("<wbr>").all(|part| part.chars().count() <= 24), "{cell}");
    assert_eq!(html::breakable("kort text"), "kort text");
}

// ---- in a browser -----------------------------------------------------------------------------

#[test]
fn nothing_overflows_an_a4_page_in_chromium() {
    let Some(browser) = chromium::find() else {
        assert!(std::env::var_os("CI").is_none(), "CI is set but no chromium is on PATH (.ci/html.sh installs it)");
        eprintln!("skipped: no chromium or chromium-browser on PATH");
        return;
    };
    for (name, reports) in [
        ("typical", reports(&[TYPICAL])),
        ("four alternatives", reports(&[FOUR])),
        ("compared", reports(&[TYPICAL, FOUR])),
        ("hand", reports(&[HAND])),
    ] {
        let measured = chromium::measure(&browser, &page(&reports, Lang::Sv));
        assert!(
            measured.body_width <= chromium::CONTENT_WIDTH + 0.5,
            "{name}: the body is wider than 180 mm: {measured:?}"
        );
        assert!(measured.scroll_width <= measured.client_width, "{name}: the page scrolls sideways: {measured:?}");
        assert!(measured.over.is_empty(), "{name}: elements wider than the page: {measured:?}");
    }
}
