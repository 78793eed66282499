//! sekalk: socio-economic investment calculations for försörjningsstöd interventions.
//!
//! The flow is one direction: [`load`] → [`validate`] → [`compile`] → [`project`] →
//! [`appraise`] → [`render`].

pub mod diagnostic;
pub mod domain;
pub mod error;
pub mod load;
pub mod project;
pub mod validate;
