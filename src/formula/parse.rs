//! The parser: recursive descent over the tokens, with sums and products as flat lists and a
//! nesting limit, so that no formula can exhaust the stack.

use super::builtin::{Builtin, Extremum, Func, TimeVar, builtin};
use super::lex::{TokKind, Token, tokenize};
use super::{FormulaError, MAX_DEPTH, MAX_LEN};
use crate::escape::clip;
use rust_decimal::Decimal;
use std::ops::Range;

/// A formula whose syntax is correct; its names are not yet bound (see [`Ast::resolve`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Ast {
    /// The formula text, for quoting it in messages.
    pub(crate) source: String,
    /// The whole formula.
    pub(crate) root: AstNode,
}

impl Ast {
    /// The formula text this was parsed from.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.source
    }
}

/// A node of the syntax tree and the text it was written as.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AstNode {
    /// What it is.
    pub(crate) kind: AstKind,
    /// Its byte range, parentheses around it included.
    pub(crate) span: Range<usize>,
}

/// An operand of a sum (subtracted when `inverse`) or of a product (divided when `inverse`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AstOperand {
    /// Whether it is subtracted (in a sum) or divided by (in a product).
    pub(crate) inverse: bool,
    /// The operand.
    pub(crate) node: AstNode,
}

/// The kinds of syntax nodes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AstKind {
    /// A number.
    Number { value: Decimal, float: f64 },
    /// A built-in time variable.
    Var(TimeVar),
    /// A name that is not built in (a parameter), and where the name is written.
    Name { name: String, at: Range<usize> },
    /// A call of a name that is not built in (a table), and where the name is written.
    Call { name: String, at: Range<usize>, args: Vec<AstNode> },
    /// A call of a built-in function of one argument.
    Func { func: Func, args: Vec<AstNode> },
    /// A call of `min` or `max`.
    Extremum { which: Extremum, args: Vec<AstNode> },
    /// Unary minus.
    Neg(Box<AstNode>),
    /// `base ^ exponent`.
    Pow(Box<AstNode>, Box<AstNode>),
    /// Two or more terms added or subtracted, left to right.
    Sum(Vec<AstOperand>),
    /// Two or more factors multiplied or divided, left to right.
    Product(Vec<AstOperand>),
}

/// Parses `text` into an [`Ast`], or gives every problem found (at least the first).
///
/// Unexpected characters and malformed numbers are all reported; after the first grammar
/// error the parser stops, but misused built-ins before it (such as `min(x)`) are reported too.
///
/// # Errors
///
/// The problems found, in the order of the text, each located by its byte range.
pub fn parse(text: &str) -> Result<Ast, Vec<FormulaError>> {
    check_length(text)?;
    let tokens = tokenize(text)?;
    if tokens.len() <= 1 {
        let message = "the formula is empty: write a number or an expression such as `0.5 * x`";
        return Err(vec![FormulaError::new(0..text.len(), message)]);
    }
    let mut parser = Parser { source: text, tokens, pos: 0, errors: Vec::new() };
    let root = parser.whole();
    let mut errors = parser.errors;
    match root {
        Ok(root) if errors.is_empty() => Ok(Ast { source: text.to_string(), root }),
        Ok(_) => Err(sorted(errors)),
        Err(fatal) => {
            errors.push(fatal);
            Err(sorted(errors))
        }
    }
}

/// `errors` in the order of the text.
fn sorted(mut errors: Vec<FormulaError>) -> Vec<FormulaError> {
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    errors
}

/// An error when `text` is longer than [`MAX_LEN`] characters.
fn check_length(text: &str) -> Result<(), Vec<FormulaError>> {
    match clip(text, MAX_LEN) {
        (kept, true) => Err(vec![FormulaError::new(
            kept.len()..text.len(),
            format!(
                "the formula is longer than {MAX_LEN} characters: split it into parameters \
                 that refer to each other"
            ),
        )]),
        (_, false) => Ok(()),
    }
}

/// The parser's state: the tokens, the position and the errors that did not stop it.
struct Parser<'t> {
    /// The formula text.
    source: &'t str,
    /// The tokens, ending with `End`.
    tokens: Vec<Token>,
    /// The index of the next token.
    pos: usize,
    /// Problems found so far that did not stop the parse.
    errors: Vec<FormulaError>,
}

/// The result of parsing one part; the error stops the parse.
type Parsed = Result<AstNode, FormulaError>;

impl Parser<'_> {
    /// The next token's kind.
    fn peek(&self) -> &TokKind {
        self.tokens.get(self.pos).map_or(&TokKind::End, |t| &t.kind)
    }

    /// The next token's span.
    fn peek_span(&self) -> Range<usize> {
        self.tokens.get(self.pos).map_or(self.source.len()..self.source.len(), |t| t.span.clone())
    }

    /// Takes the next token (the `End` token stays).
    fn bump(&mut self) -> Token {
        let token = self
            .tokens
            .get(self.pos)
            .cloned()
            .unwrap_or(Token { kind: TokKind::End, span: self.source.len()..self.source.len() });
        if token.kind != TokKind::End {
            self.pos += 1;
        }
        token
    }

    /// The text of `span`.
    fn text(&self, span: &Range<usize>) -> &str {
        self.source.get(span.clone()).unwrap_or("")
    }

    /// The text of the token before the next one.
    fn previous_text(&self) -> &str {
        let span = self.pos.checked_sub(1).and_then(|i| self.tokens.get(i));
        span.map_or("", |t| self.text(&t.span))
    }

    /// The whole formula: an expression and then the end.
    fn whole(&mut self) -> Parsed {
        let root = self.expr(0, "at the start")?;
        match self.peek() {
            TokKind::End => Ok(root),
            TokKind::RParen => {
                Err(FormulaError::new(self.peek_span(), "unexpected `)`: there is no `(` for it to close"))
            }
            TokKind::Comma => Err(FormulaError::new(
                self.peek_span(),
                "unexpected `,`: a comma only separates the arguments of a call \
                 (write decimals with `.`, as in `0.5`)",
            )),
            _ => Err(self.missing_operator()),
        }
    }

    /// The error for an operand that follows another operand with no operator between.
    fn missing_operator(&self) -> FormulaError {
        let span = self.peek_span();
        let found = self.text(&span);
        let before = self.previous_text();
        FormulaError::new(
            span.clone(),
            format!(
                "missing operator between `{before}` and `{found}`: \
                 write for example `{before} * {found}`"
            ),
        )
    }

    /// `term (('+' | '-') term)*`.
    fn expr(&mut self, depth: usize, after: &str) -> Parsed {
        let first = self.term(depth, after)?;
        let mut operands = Vec::new();
        loop {
            let inverse = match self.peek() {
                TokKind::Plus => false,
                TokKind::Minus => true,
                _ => break,
            };
            let op = self.bump();
            let after = format!("after `{}`", self.text(&op.span));
            let node = self.term(depth, &after)?;
            operands.push(AstOperand { inverse, node });
        }
        Ok(chain(first, operands, AstKind::Sum))
    }

    /// `unary (('*' | '/') unary)*`.
    fn term(&mut self, depth: usize, after: &str) -> Parsed {
        let first = self.unary(depth, after)?;
        let mut operands = Vec::new();
        loop {
            let inverse = match self.peek() {
                TokKind::Star => false,
                TokKind::Slash => true,
                _ => break,
            };
            let op = self.bump();
            if !inverse && *self.peek() == TokKind::Star {
                let span = op.span.start..self.peek_span().end;
                let message = "`**` is not an operator: write `^` for a power, as in `x^2`";
                return Err(FormulaError::new(span, message));
            }
            let after = format!("after `{}`", self.text(&op.span));
            let node = self.unary(depth, &after)?;
            operands.push(AstOperand { inverse, node });
        }
        Ok(chain(first, operands, AstKind::Product))
    }

    /// `'-' unary | power`.
    fn unary(&mut self, depth: usize, after: &str) -> Parsed {
        if *self.peek() != TokKind::Minus {
            return self.power(depth, after);
        }
        let minus = self.bump();
        let depth = self.deeper(depth, &minus.span)?;
        let operand = self.unary(depth, "after `-`")?;
        let span = minus.span.start..operand.span.end;
        Ok(AstNode { kind: AstKind::Neg(Box::new(operand)), span })
    }

    /// `atom ('^' unary)?`: right associative through the unary exponent.
    fn power(&mut self, depth: usize, after: &str) -> Parsed {
        let base = self.atom(depth, after)?;
        if *self.peek() != TokKind::Caret {
            return Ok(base);
        }
        let caret = self.bump();
        let depth = self.deeper(depth, &caret.span)?;
        let exponent = self.unary(depth, "after `^`")?;
        let span = base.span.start..exponent.span.end;
        Ok(AstNode { kind: AstKind::Pow(Box::new(base), Box::new(exponent)), span })
    }

    /// The depth one level below `depth`, or the error when that is too deep.
    fn deeper(&self, depth: usize, at: &Range<usize>) -> Result<usize, FormulaError> {
        if depth < MAX_DEPTH {
            return Ok(depth + 1);
        }
        Err(FormulaError::new(
            at.clone(),
            format!(
                "the formula nests more than {MAX_DEPTH} levels deep here (each `(`, call, \
                 unary `-` and `^` adds one): split it into parameters"
            ),
        ))
    }

    /// A number, a name, a call or a parenthesised expression.
    fn atom(&mut self, depth: usize, after: &str) -> Parsed {
        let token = self.bump();
        match token.kind {
            TokKind::Number { value, float } => {
                Ok(AstNode { kind: AstKind::Number { value, float }, span: token.span })
            }
            TokKind::Name if *self.peek() == TokKind::LParen => self.call(depth, token.span),
            TokKind::Name => Ok(self.name(token.span)),
            TokKind::LParen => self.parenthesised(depth, token.span),
            _ => Err(self.expected_operand(after, &token)),
        }
    }

    /// The error for `found` where an operand should be.
    fn expected_operand(&self, after: &str, found: &Token) -> FormulaError {
        let (span, what) = match found.kind {
            TokKind::End => {
                let before = self.pos.checked_sub(1).and_then(|i| self.tokens.get(i));
                let span = before.map_or(found.span.clone(), |t| t.span.clone());
                (span, "the formula ends".to_string())
            }
            _ => (found.span.clone(), format!("found `{}`", self.text(&found.span))),
        };
        let hint = match found.kind {
            TokKind::Plus => " (a leading `+` is not needed)",
            TokKind::RParen if self.previous_text() == "(" => " (empty parentheses)",
            _ => "",
        };
        FormulaError::new(span, format!("expected a number, a name or `(` {after}, but {what}{hint}"))
    }

    /// A name that is not called: a built-in variable or a parameter.
    fn name(&mut self, span: Range<usize>) -> AstNode {
        let name = self.text(&span).to_string();
        let kind = match builtin(&name) {
            Some(Builtin::Var(var)) => AstKind::Var(var),
            Some(Builtin::Func(_) | Builtin::Extremum(_)) => {
                let message = format!(
                    "`{name}` is a built-in function: call it with its argument, \
                     as in `{name}(x)`"
                );
                self.errors.push(FormulaError::new(span.clone(), message));
                AstKind::Name { name, at: span.clone() }
            }
            None => AstKind::Name { name, at: span.clone() },
        };
        AstNode { kind, span }
    }

    /// `( expr )`, the span widened to the parentheses.
    fn parenthesised(&mut self, depth: usize, open: Range<usize>) -> Parsed {
        let depth = self.deeper(depth, &open)?;
        let inner = self.expr(depth, "after `(`")?;
        match self.peek() {
            TokKind::RParen => {
                let close = self.bump();
                Ok(AstNode { kind: inner.kind, span: open.start..close.span.end })
            }
            TokKind::Comma => Err(FormulaError::new(
                self.peek_span(),
                "a `,` inside parentheses: only a call such as `min(a, b)` takes several \
                 values (write decimals with `.`, as in `0.5`)",
            )),
            _ => Err(self.unclosed_or_missing(&open)),
        }
    }

    /// After an expression inside `(`: the end (unclosed) or an operand (missing operator).
    fn unclosed_or_missing(&self, open: &Range<usize>) -> FormulaError {
        match self.peek() {
            TokKind::End => FormulaError::new(open.clone(), "unclosed `(`: add the `)` that closes it"),
            _ => self.missing_operator(),
        }
    }

    /// `name ( args )`, with built-in functions checked for their number of arguments.
    fn call(&mut self, depth: usize, name_span: Range<usize>) -> Parsed {
        let open = self.bump().span;
        let inner = self.deeper(depth, &open)?;
        let args = self.arguments(inner, &open)?;
        let span = name_span.start..self.previous_span_end();
        let name = self.text(&name_span).to_string();
        let kind = match builtin(&name) {
            Some(Builtin::Var(_)) => {
                let message = format!(
                    "`{name}` is a built-in variable, not a function: remove the `(…)`, or \
                     write `{name} * (…)` to multiply"
                );
                self.errors.push(FormulaError::new(span.clone(), message));
                AstKind::Name { name, at: name_span }
            }
            Some(Builtin::Func(func)) => {
                self.check_one_argument(func, &args, &span);
                AstKind::Func { func, args }
            }
            Some(Builtin::Extremum(which)) => {
                self.check_two_arguments(which, &args, &span);
                AstKind::Extremum { which, args }
            }
            None => AstKind::Call { name, at: name_span, args },
        };
        Ok(AstNode { kind, span })
    }

    /// The end of the token just taken.
    fn previous_span_end(&self) -> usize {
        let token = self.pos.checked_sub(1).and_then(|i| self.tokens.get(i));
        token.map_or(self.source.len(), |t| t.span.end)
    }

    /// The arguments of a call up to and including its `)`.
    fn arguments(&mut self, depth: usize, open: &Range<usize>) -> Result<Vec<AstNode>, FormulaError> {
        let mut args = Vec::new();
        if *self.peek() == TokKind::RParen {
            self.bump();
            return Ok(args);
        }
        let mut after = "after `(`";
        loop {
            args.push(self.expr(depth, after)?);
            match self.peek() {
                TokKind::Comma => {
                    self.bump();
                    after = "after `,`";
                }
                TokKind::RParen => {
                    self.bump();
                    return Ok(args);
                }
                _ => return Err(self.unclosed_or_missing(open)),
            }
        }
    }

    /// Records an error unless `args` is exactly one argument of `func`.
    fn check_one_argument(&mut self, func: Func, args: &[AstNode], span: &Range<usize>) {
        if args.len() != 1 {
            let name = func.name();
            let message = format!("`{name}` takes exactly one argument, but is given {}", count(args.len()));
            self.errors.push(FormulaError::new(span.clone(), message));
        }
    }

    /// Records an error unless `args` are at least two arguments of `min` or `max`.
    fn check_two_arguments(&mut self, which: Extremum, args: &[AstNode], span: &Range<usize>) {
        if args.len() < 2 {
            let name = which.name();
            let message = format!("`{name}` needs at least two arguments, but is given {}", count(args.len()));
            self.errors.push(FormulaError::new(span.clone(), message));
        }
    }
}

/// "no argument", "1 argument", "3 arguments".
fn count(n: usize) -> String {
    match n {
        0 => "none".to_string(),
        1 => "one".to_string(),
        n => format!("{n}"),
    }
}

/// `first` alone, or `first` and `rest` as one flat node made by `make`.
fn chain(first: AstNode, rest: Vec<AstOperand>, make: fn(Vec<AstOperand>) -> AstKind) -> AstNode {
    let Some(last) = rest.last() else {
        return first;
    };
    let span = first.span.start..last.node.span.end;
    let mut operands = Vec::with_capacity(rest.len() + 1);
    operands.push(AstOperand { inverse: false, node: first });
    operands.extend(rest);
    AstNode { kind: make(operands), span }
}
