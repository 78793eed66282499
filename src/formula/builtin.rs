//! The names the language defines itself: the time variables and the functions.

/// A built-in time variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TimeVar {
    /// The 0-based cycle.
    Cycle,
    /// The cycle counted from 1.
    T,
    /// The 0-based projection year.
    Year,
}

/// A built-in function of one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Func {
    /// `e^x`.
    Exp,
    /// The natural logarithm.
    Ln,
    /// `e^x − 1`, accurate for small `x`.
    Expm1,
    /// `ln(1 + x)`, accurate for small `x`.
    Log1p,
    /// The square root.
    Sqrt,
    /// The absolute value.
    Abs,
}

/// A built-in function of two or more arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Extremum {
    /// The smallest argument.
    Min,
    /// The largest argument.
    Max,
}

/// What a built-in name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    /// A time variable.
    Var(TimeVar),
    /// A function of one argument.
    Func(Func),
    /// `min` or `max`.
    Extremum(Extremum),
}

/// The built-in `name` means, if any.
pub(crate) fn builtin(name: &str) -> Option<Builtin> {
    Some(match name {
        "cycle" => Builtin::Var(TimeVar::Cycle),
        "t" => Builtin::Var(TimeVar::T),
        "year" => Builtin::Var(TimeVar::Year),
        "exp" => Builtin::Func(Func::Exp),
        "ln" => Builtin::Func(Func::Ln),
        "expm1" => Builtin::Func(Func::Expm1),
        "log1p" => Builtin::Func(Func::Log1p),
        "sqrt" => Builtin::Func(Func::Sqrt),
        "abs" => Builtin::Func(Func::Abs),
        "min" => Builtin::Extremum(Extremum::Min),
        "max" => Builtin::Extremum(Extremum::Max),
        _ => return None,
    })
}

impl Func {
    /// The name the function is written with.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Func::Exp => "exp",
            Func::Ln => "ln",
            Func::Expm1 => "expm1",
            Func::Log1p => "log1p",
            Func::Sqrt => "sqrt",
            Func::Abs => "abs",
        }
    }

    /// Whether exact decimal arithmetic computes it without rounding beyond a division's.
    pub(crate) fn is_exact(self) -> bool {
        matches!(self, Func::Abs)
    }
}

impl Extremum {
    /// The name the function is written with.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Extremum::Min => "min",
            Extremum::Max => "max",
        }
    }
}
