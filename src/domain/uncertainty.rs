//! What a scenario says about its own uncertainty: named parameters with their ranges and
//! distributions, joint distributions, named variants and the analyses' defaults.

use super::Label;
use crate::diagnostic::Location;
use crate::distribution::{Dirichlet, Distribution, MultiNormal};
use rust_decimal::Decimal;

/// A named parameter that does not vary with time, as the analyses may change it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Identifier.
    pub id: String,
    /// Label (the id when the file gives none).
    pub label: Label,
    /// Its value in the base case.
    pub value: Decimal,
    /// The low and high end of its one-way range, when it has one: as written, else the 95 %
    /// interval of its distribution (the latter only when validated in exact decimals for a
    /// run, as the one-way analysis is; neither a batch of draws nor `check` reads it).
    pub range: Option<(Decimal, Decimal)>,
    /// Its own distribution, when it has one.
    pub distribution: Option<Distribution>,
    /// Where the value comes from.
    pub source: String,
    /// Where it is written.
    pub location: Location,
}

impl Parameter {
    /// Whether the analyses vary it: it has a range or a distribution.
    pub fn is_uncertain(&self) -> bool {
        self.range.is_some() || self.distribution.is_some()
    }
}

/// A joint distribution over several parameters (indices into [`Uncertainty::parameters`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Joint {
    /// Correlated normal coefficients (a regression's estimates and covariance).
    MultiNormal {
        /// The parameters drawn, in the order of the distribution.
        parameters: Vec<usize>,
        /// The distribution.
        distribution: MultiNormal,
    },
    /// Probabilities that sum to one (a whole transition row).
    Dirichlet {
        /// The parameters drawn.
        parameters: Vec<usize>,
        /// The distribution.
        distribution: Dirichlet,
    },
}

impl Joint {
    /// The parameters it draws.
    pub fn parameters(&self) -> &[usize] {
        match self {
            Joint::MultiNormal { parameters, .. } | Joint::Dirichlet { parameters, .. } => parameters,
        }
    }
}

/// A named case that sets some parameters, run beside the base case.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// The parameters it sets and their values.
    pub values: Vec<(usize, Decimal)>,
    /// Why these values.
    pub source: String,
}

/// The defaults of the sensitivity and probabilistic analyses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// The perspective the analyses rank by, as written (an actor id, `public`, `society`).
    pub perspective: Option<String>,
    /// The outcome measure for cost-effectiveness (an index into the model's outcomes).
    pub outcome: Option<usize>,
    /// Willingness to pay per unit of that outcome, ascending.
    pub willingness_to_pay: Vec<Decimal>,
}

/// Everything a scenario declares about its uncertainty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Uncertainty {
    /// Every parameter that does not vary with time, in the order written (model first).
    pub parameters: Vec<Parameter>,
    /// Joint distributions.
    pub joints: Vec<Joint>,
    /// Named variants.
    pub variants: Vec<Variant>,
    /// The analyses' defaults.
    pub analysis: Analysis,
}

impl Uncertainty {
    /// Whether anything is declared uncertain.
    pub fn is_empty(&self) -> bool {
        self.joints.is_empty() && !self.parameters.iter().any(Parameter::is_uncertain)
    }
}
