//! The HTML pages of the sensitivity and probabilistic analyses: charts present, one tornado
//! bar per uncertain parameter, histogram and acceptability curve, escaped names, and a page
//! (never a panic) for odd results.

use sekalk::analysis::perspective;
use sekalk::analysis::psa::psa;
use sekalk::analysis::sensitivity::sensitivity;
use sekalk::domain::Scenario;
use sekalk::load::{Loaded, load};
use sekalk::render::format::Lang;
use sekalk::render::uncertainty_html;
use sekalk::validate::validate;
use std::path::Path;

fn hip() -> (Loaded, Scenario) {
    let loaded = load(Path::new("scenarios/hip_replacement.toml")).map_err(|e| e.1).expect("loads");
    let scenario = validate(&loaded).expect("valid");
    (loaded, scenario)
}

/// The value of `data-items` on the first figure of `class`.
fn items(page: &str, class: &str) -> usize {
    let start = page.find(&format!("<figure class=\"{class}\" data-items=\"")).expect("figure") + 29 + class.len();
    page[start..].split('"').next().expect("value").parse().expect("number")
}

fn balanced(page: &str) {
    assert_eq!(page.matches("<svg").count(), page.matches("</svg>").count());
    assert_eq!(page.matches("<figure").count(), page.matches("</figure>").count());
    assert_eq!(page.matches("<table>").count(), page.matches("</table>").count());
    assert_eq!(page.matches("<section").count(), page.matches("</section>").count());
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
}

#[test]
fn the_sensitivity_page_has_a_tornado_bar_per_parameter() {
    let (loaded, scenario) = hip();
    let nhs = perspective(scenario.model(), "nhs").expect("nhs");
    let result = sensitivity(&loaded, &scenario, nhs).expect("runs");
    for lang in [Lang::Sv, Lang::En] {
        let page = uncertainty_html::sensitivity(&scenario, &result, lang);
        balanced(&page);
        assert!(page.contains("<svg"));
        assert!(page.contains(if lang == Lang::Sv { "<html lang=\"sv\">" } else { "<html lang=\"en\">" }));
        let bars = result.tornado[0].iter().filter(|b| b.at_low.is_ok() && b.at_high.is_ok()).count();
        assert!(bars > 1);
        assert_eq!(bars, result.tornado[0].len(), "every end runs");
        assert_eq!(items(&page, "tornado"), bars);
        // The background and one rectangle per bar in the tornado's SVG.
        let svg = &page[page.find("<figure class=\"tornado\"").expect("tornado")..];
        let svg = &svg[..svg.find("</svg>").expect("end")];
        assert_eq!(svg.matches("<rect").count(), 1 + bars, "{svg}");
        // Every uncertain parameter's label is drawn beside its bar.
        for bar in &result.tornado[0] {
            let parameter = &scenario.uncertainty.parameters[bar.parameter];
            let name = sekalk::render::labels::label(&parameter.label, lang);
            let shown: String = name.chars().take(28).collect();
            let shown = sekalk::render::html::esc(&shown);
            assert!(svg.contains(&shown), "{shown} missing");
        }
        // The tables of the Markdown report.
        assert!(page.contains("<table>"));
        assert!(page.contains("<code>"));
    }
}

#[test]
fn the_psa_page_has_a_histogram_and_an_acceptability_curve() {
    let (loaded, scenario) = hip();
    let nhs = perspective(scenario.model(), "nhs").expect("nhs");
    let result = psa(&loaded, &scenario, (40, 11), nhs, &|_| {});
    assert_eq!(result.invalid(), 0);
    let page = uncertainty_html::psa(&scenario, &result, Lang::En);
    balanced(&page);
    assert_eq!(page.matches("<svg").count(), 2, "histogram and acceptability curve");
    assert_eq!(items(&page, "histogram"), 40);
    let ce = result.alternatives[0].as_ref().and_then(|s| s.cost_effectiveness.as_ref()).expect("ce");
    assert_eq!(items(&page, "acceptability"), ce.acceptability.len());
    assert!(page.contains("Willingness to pay"));
    let svg = &page[page.find("<figure class=\"histogram\"").expect("histogram")..];
    let svg = &svg[..svg.find("</svg>").expect("end")];
    assert!(svg.matches("<rect").count() > 2, "bins drawn");
    assert!(svg.contains("<polyline") || svg.contains("<line"), "the line at zero");
}

#[test]
fn names_are_escaped() {
    let (loaded, mut scenario) = hip();
    let nhs = perspective(scenario.model(), "nhs").expect("nhs");
    let one_way = sensitivity(&loaded, &scenario, nhs).expect("runs");
    let draws = psa(&loaded, &scenario, (5, 3), nhs, &|_| {});
    scenario.name = "<script>alert('x')</script> & co".into();
    if let Some(parameter) = scenario.uncertainty.parameters.first_mut() {
        parameter.label.sv = "<b>p</b> & q".into();
        parameter.label.en = "<b>p</b> & q".into();
    }
    for page in [
        uncertainty_html::sensitivity(&scenario, &one_way, Lang::Sv),
        uncertainty_html::psa(&scenario, &draws, Lang::Sv),
    ] {
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<b>"));
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
        balanced(&page);
    }
}

#[test]
fn odd_results_give_a_page() {
    let (loaded, scenario) = hip();
    let nhs = perspective(scenario.model(), "nhs").expect("nhs");
    // No draws at all.
    let none = psa(&loaded, &scenario, (0, 1), nhs, &|_| {});
    let page = uncertainty_html::psa(&scenario, &none, Lang::Sv);
    balanced(&page);
    // One draw.
    let one = psa(&loaded, &scenario, (1, 1), nhs, &|_| {});
    let page = uncertainty_html::psa(&scenario, &one, Lang::En);
    balanced(&page);
    assert_eq!(items(&page, "histogram"), 1);
    // Values that are not finite, and every draw invalid.
    let mut odd = psa(&loaded, &scenario, (6, 2), nhs, &|_| {});
    odd.draws.figures_mut().for_each(|f| f.net_benefit = f64::NAN);
    let page = uncertainty_html::psa(&scenario, &odd, Lang::En);
    balanced(&page);
    assert_eq!(items(&page, "histogram"), 0);
    // All equal: a histogram of one bar.
    let mut flat = psa(&loaded, &scenario, (6, 2), nhs, &|_| {});
    flat.draws.figures_mut().for_each(|f| f.net_benefit = 0.0);
    balanced(&uncertainty_html::psa(&scenario, &flat, Lang::En));
    // A tornado without bars.
    let mut one_way = sensitivity(&loaded, &scenario, nhs).expect("runs");
    one_way.tornado.iter_mut().for_each(Vec::clear);
    balanced(&uncertainty_html::sensitivity(&scenario, &one_way, Lang::Sv));
}
