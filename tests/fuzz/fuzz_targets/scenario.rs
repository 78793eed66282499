//! Fuzzes loading, validating and running a scenario with its model.
//!
//! The input is a scenario and a model separated by a line `%%%`; without the separator the
//! input is tried as a scenario with the default model and as a model with the typical
//! scenario. Every input must end in a report or an input error, never a panic or a hang.
//!
//! Mutations mostly keep the TOML valid (`toml_mutator`), so they reach validation and the
//! projection rather than stopping at the parser.

#![no_main]

mod toml_mutator;

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use sekalk::cli::run_texts;
use sekalk::render::format::Lang;

const MODEL: &str = include_str!("../../../models/sverige.toml");
const SCENARIO: &str = include_str!("../../../scenarios/typisk_insats.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match text.split_once("\n%%%\n") {
        Some((scenario, model)) => drop(run_texts(scenario, model, Lang::Sv)),
        None => {
            drop(run_texts(text, MODEL, Lang::Sv));
            drop(run_texts(SCENARIO, text, Lang::En));
        }
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    crate::toml_mutator::mutate(data, size, max_size, seed)
});
