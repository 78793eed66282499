//! Binding names to parameters and tables, folding constant parts, and reporting what can be
//! seen to be wrong before any value is known.

use super::builtin::Func;
use super::decimal::quote;
use super::expr::{Expr, Kind, Node, Operand};
use super::parse::{Ast, AstKind, AstNode, AstOperand};
use super::{Env, FormulaError, NameUse, Symbol};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::ops::Range;

/// The largest constant integer exponent computed by exact repeated multiplication.
const MAX_INT_EXPONENT: i32 = 1000;

/// The most terms of a sum that are compared for cancelling (`a - a`) in a divisor.
const MAX_CANCEL_TERMS: usize = 64;

impl Ast {
    /// Every use of a name that is not built in, in the order written (a name used twice is
    /// listed twice); `called` tells a table lookup `name(x)` from a parameter.
    #[must_use]
    pub fn names(&self) -> Vec<NameUse> {
        let mut uses = Vec::new();
        collect_names(&self.root, &mut uses);
        uses
    }

    /// Binds every name with `lookup` (given the name and whether it is called) and gives the
    /// resolved formula, or every problem: unknown names, a table not called or a parameter
    /// called, a table called with other than one argument, a division by a part that is
    /// always 0, and a constant part whose exact evaluation fails.
    ///
    /// # Errors
    ///
    /// Every problem found, each located in the formula text.
    pub fn resolve(&self, lookup: impl Fn(&str, bool) -> Option<Symbol>) -> Result<Expr, Vec<FormulaError>> {
        let mut resolver = Resolver { source: &self.source, lookup: &lookup, errors: Vec::new() };
        let root = resolver.node(&self.root);
        match root {
            Some(root) if resolver.errors.is_empty() => Ok(Expr { source: self.source.clone(), root }),
            _ if resolver.errors.is_empty() => {
                Err(vec![FormulaError::new(0..self.source.len(), "the formula could not be resolved")])
            }
            _ => Err(resolver.errors),
        }
    }
}

/// Adds the name uses in `node` to `uses`.
fn collect_names(node: &AstNode, uses: &mut Vec<NameUse>) {
    match &node.kind {
        AstKind::Name { name, at } => uses.push(NameUse { name: name.clone(), span: at.clone(), called: false }),
        AstKind::Call { name, at, .. } => uses.push(NameUse { name: name.clone(), span: at.clone(), called: true }),
        _ => {}
    }
    for child in ast_children(node) {
        collect_names(child, uses);
    }
}

/// The nodes directly below `node`.
fn ast_children(node: &AstNode) -> Vec<&AstNode> {
    match &node.kind {
        AstKind::Number { .. } | AstKind::Var(_) | AstKind::Name { .. } => Vec::new(),
        AstKind::Call { args, .. } | AstKind::Func { args, .. } | AstKind::Extremum { args, .. } => {
            args.iter().collect()
        }
        AstKind::Neg(operand) => vec![operand],
        AstKind::Pow(base, exponent) => vec![base, exponent],
        AstKind::Sum(ops) | AstKind::Product(ops) => ops.iter().map(|o| &o.node).collect(),
    }
}

/// The state of one resolution.
struct Resolver<'a> {
    /// The formula text.
    source: &'a str,
    /// The caller's lookup.
    lookup: &'a dyn Fn(&str, bool) -> Option<Symbol>,
    /// Every problem found so far.
    errors: Vec<FormulaError>,
}

impl Resolver<'_> {
    /// Records a problem.
    fn error(&mut self, span: Range<usize>, message: String) {
        self.errors.push(FormulaError::new(span, message));
    }

    /// The resolved, folded `ast`, or `None` when it (or a part of it) has a problem.
    fn node(&mut self, ast: &AstNode) -> Option<Node> {
        let span = ast.span.clone();
        let kind = match &ast.kind {
            AstKind::Number { value, float } => Kind::Const { value: *value, float: *float, exact: true },
            AstKind::Var(var) => Kind::Time(*var),
            AstKind::Name { name, at } => self.parameter(name, at)?,
            AstKind::Call { name, at, args } => self.table(name, at, args, &span)?,
            AstKind::Func { func, args } => self.func(*func, args)?,
            AstKind::Extremum { which, args } => Kind::Extremum { which: *which, args: self.all(args)? },
            AstKind::Neg(operand) => Kind::Neg(Box::new(self.node(operand)?)),
            AstKind::Pow(base, exponent) => self.pow(base, exponent)?,
            AstKind::Sum(ops) => Kind::Sum(self.operands(ops)?),
            AstKind::Product(ops) => self.product(ops)?,
        };
        self.fold(Node { kind, span })
    }

    /// Every node of `asts` resolved (all are visited, so that all problems are reported).
    fn all(&mut self, asts: &[AstNode]) -> Option<Vec<Node>> {
        let nodes: Vec<Option<Node>> = asts.iter().map(|a| self.node(a)).collect();
        nodes.into_iter().collect()
    }

    /// Every operand of a sum or product resolved.
    fn operands(&mut self, ops: &[AstOperand]) -> Option<Vec<Operand>> {
        let nodes: Vec<Option<Operand>> = ops
            .iter()
            .map(|op| {
                let node = self.node(&op.node)?;
                Some(Operand { inverse: op.inverse, node })
            })
            .collect();
        nodes.into_iter().collect()
    }

    /// A bare name: a parameter.
    fn parameter(&mut self, name: &str, span: &Range<usize>) -> Option<Kind> {
        match (self.lookup)(name, false) {
            Some(Symbol::Parameter(index)) => Some(Kind::Param(index)),
            Some(Symbol::Table(_)) => {
                let message = format!("`{name}` is a table: look a value up in it, as in `{name}(age)`");
                self.error(span.clone(), message);
                None
            }
            None => {
                let message = format!(
                    "unknown name `{name}`: it is not a parameter, and not a built-in \
                     (`cycle`, `t`, `year`)"
                );
                self.error(span.clone(), message);
                None
            }
        }
    }

    /// A called name: a table looked up at its one argument.
    fn table(&mut self, name: &str, at: &Range<usize>, args: &[AstNode], span: &Range<usize>) -> Option<Kind> {
        let name_span = at.clone();
        let resolved = self.all(args);
        match (self.lookup)(name, true) {
            Some(Symbol::Table(index)) if args.len() == 1 => {
                let arg = resolved?.into_iter().next()?;
                Some(Kind::Table { index, name: name.to_string(), arg: Box::new(arg) })
            }
            Some(Symbol::Table(_)) => {
                let message = format!(
                    "the table `{name}` takes exactly one argument (the value to look up), \
                     but is given {}",
                    args.len()
                );
                self.error(span.clone(), message);
                None
            }
            Some(Symbol::Parameter(_)) => {
                let message = format!(
                    "`{name}` is a parameter, not a table: remove the `(…)`, or write \
                     `{name} * (…)` to multiply"
                );
                self.error(name_span, message);
                None
            }
            None => {
                let message = format!("unknown name `{name}`: it is not a table, and not a built-in function");
                self.error(name_span, message);
                None
            }
        }
    }

    /// A built-in function of one argument (the parser checked the count).
    fn func(&mut self, func: Func, args: &[AstNode]) -> Option<Kind> {
        let arg = self.all(args)?.into_iter().next()?;
        Some(Kind::Func { func, arg: Box::new(arg) })
    }

    /// A product, with every divisor that is always 0 reported.
    fn product(&mut self, ops: &[AstOperand]) -> Option<Kind> {
        let ops = self.operands(ops)?;
        let mut fine = true;
        for op in ops.iter().filter(|op| op.inverse) {
            if always_zero(&op.node, self.source) {
                let message = format!(
                    "a division by zero that can be seen: the divisor {} is always 0",
                    quote(self.source, &op.node.span)
                );
                self.error(op.node.span.clone(), message);
                fine = false;
            }
        }
        fine.then_some(Kind::Product(ops))
    }

    /// A power: exact repeated multiplication for a constant integer exponent.
    fn pow(&mut self, base: &AstNode, exponent: &AstNode) -> Option<Kind> {
        let (base, exponent) = (self.node(base), self.node(exponent));
        let (base, exponent) = (Box::new(base?), Box::new(exponent?));
        let Some(n) = integer_exponent(&exponent) else {
            return Some(Kind::Pow { base, exponent });
        };
        if n < 0 && always_zero(&base, self.source) {
            let message = format!(
                "a division by zero that can be seen: {} is always 0 and the exponent {n} \
                 divides by it",
                quote(self.source, &base.span)
            );
            self.error(base.span.clone(), message);
            return None;
        }
        Some(Kind::PowInt { base, exponent: n })
    }

    /// `node` as a constant when all its parts are constant (an error when that fails).
    fn fold(&mut self, node: Node) -> Option<Node> {
        let foldable = !matches!(node.kind, Kind::Const { .. } | Kind::Param(_) | Kind::Time(_) | Kind::Table { .. });
        if !foldable || node.children().iter().any(|c| c.constant().is_none()) {
            return Some(node);
        }
        let env = Env::empty();
        match node.eval_decimal(self.source, &env) {
            Ok(value) => Some(constant(node, value)),
            Err(error) => {
                self.errors.push(error);
                None
            }
        }
    }
}

/// The constant `value` that `node` (whose parts are constants) evaluates to.
fn constant(node: Node, value: Decimal) -> Node {
    let exact = node.is_exact();
    let float = if exact { nearest_f64(value) } else { node.eval_f64(&Env::empty()) };
    Node { kind: Kind::Const { value, float, exact }, span: node.span }
}

/// The `f64` nearest to `value` (through its decimal text, which `f64` parsing rounds
/// correctly).
pub(crate) fn nearest_f64(value: Decimal) -> f64 {
    value.to_string().parse::<f64>().ok().or_else(|| value.to_f64()).unwrap_or(f64::NAN)
}

/// The exponent when `node` is an exact constant integer with |n| ≤ 1000.
fn integer_exponent(node: &Node) -> Option<i32> {
    let (value, exact) = node.constant()?;
    if !exact || !value.fract().is_zero() {
        return None;
    }
    value.to_i32().filter(|n| n.abs() <= MAX_INT_EXPONENT)
}

/// Whether `node` is 0 whatever the values: a constant 0, a product with a factor that is,
/// or a sum whose terms cancel pairwise as written (`a - a`).
fn always_zero(node: &Node, source: &str) -> bool {
    match &node.kind {
        Kind::Const { value, .. } => value.is_zero(),
        Kind::Neg(inner) => always_zero(inner, source),
        Kind::Func { func: Func::Abs, arg } => always_zero(arg, source),
        Kind::Product(ops) => ops.iter().any(|op| !op.inverse && always_zero(&op.node, source)),
        Kind::PowInt { base, exponent } => *exponent > 0 && always_zero(base, source),
        Kind::Sum(ops) => terms_cancel(ops, source),
        _ => false,
    }
}

/// Whether every term of a sum is 0 or cancels a term written the same way with the
/// opposite sign.
fn terms_cancel(ops: &[Operand], source: &str) -> bool {
    if ops.len() > MAX_CANCEL_TERMS {
        return false;
    }
    let written: Vec<String> = ops
        .iter()
        .map(|op| {
            let text = source.get(op.node.span.clone()).unwrap_or("");
            text.chars().filter(|c| !c.is_whitespace()).collect()
        })
        .collect();
    let mut used = vec![false; ops.len()];
    for i in 0..ops.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let partner =
            (i + 1..ops.len()).find(|&j| !used[j] && ops[j].inverse != ops[i].inverse && written[j] == written[i]);
        match partner {
            Some(j) => used[j] = true,
            None if always_zero(&ops[i].node, source) => {}
            None => return false,
        }
    }
    true
}
