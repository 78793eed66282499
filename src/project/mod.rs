//! The kernel: a plain discrete-time Markov cohort chain over a generic scalar.
//!
//! This layer knows states as indices, matrices, vectors and a scalar type, nothing of the
//! domain. [`compile`](crate::compile) builds a [`Chain`]; [`project`] runs it.

mod chain;
mod kernel;
mod scalar;

pub use chain::{Chain, Counting, CycleSpec, LaneChecks, Matrix, Probe, Shift, ShiftAmount, Weights};
pub use kernel::{KernelError, Own, Projection, Values, Workspace, project, project_into};
pub use scalar::{BATCH, Batch, SETTLE_SCALE, Scalar};
