//! sekalk: socio-economic investment calculations for försörjningsstöd interventions.
//!
//! The flow is one direction: [`load`] → [`validate`] → [`compile`] → [`project`] →
//! [`appraise`] → [`render`].

/// Analyses that run a scenario many times: sensitivity, switching values, variants, PSA.
pub mod analysis;
pub mod appraise;
pub mod bokslut;
pub mod calibrate;
pub mod cli;
pub mod cli_analysis;
pub mod cli_bokslut;
pub mod compile;
pub mod diagnostic;
/// Probability distributions, their validated reading from TOML and per-draw random streams, for PSA.
pub mod distribution;
pub mod domain;
pub mod error;
pub mod escape;
pub mod evaluate;
/// Formulas: the expression language for figures written as text (`"350/1734"`, `"exp(x)"`).
pub mod formula;
pub mod generate;
pub mod init;
pub mod load;
pub mod output;
pub mod project;
pub mod render;
pub mod report;
pub mod schema;
pub mod search;
pub mod validate;
