//! sekalk: socio-economic investment calculations for försörjningsstöd interventions.
//!
//! The flow is one direction: [`load`] → [`validate`] → [`compile`] → [`project`] →
//! [`appraise`] → [`render`].

pub mod appraise;
pub mod calibrate;
pub mod cli;
pub mod compile;
pub mod diagnostic;
pub mod domain;
pub mod error;
pub mod escape;
pub mod evaluate;
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
