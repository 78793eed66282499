//! Splitting formula text into tokens, with every bad character or number reported at once.

use super::FormulaError;
use rust_decimal::Decimal;
use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokKind {
    /// A number, exactly and as the nearest `f64`.
    Number { value: Decimal, float: f64 },
    /// A name: `[A-Za-z_][A-Za-z0-9_]*`.
    Name,
    /// `+`.
    Plus,
    /// `-`.
    Minus,
    /// `*`.
    Star,
    /// `/`.
    Slash,
    /// `^`.
    Caret,
    /// `(`.
    LParen,
    /// `)`.
    RParen,
    /// `,`.
    Comma,
    /// The end of the text.
    End,
}

/// A token and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// What it is.
    pub(crate) kind: TokKind,
    /// Its byte range in the text.
    pub(crate) span: Range<usize>,
}

/// The tokens of `text`, ending with [`TokKind::End`], or every lexical problem in it.
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, Vec<FormulaError>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut errors = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let (end, token) = next_token(text, i);
        match token {
            Ok(Some(kind)) => tokens.push(Token { kind, span: i..end }),
            Ok(None) => {}
            Err(error) => errors.push(error),
        }
        i = end;
    }
    tokens.push(Token { kind: TokKind::End, span: text.len()..text.len() });
    if errors.is_empty() { Ok(tokens) } else { Err(errors) }
}

/// The token starting at byte `start` (`None` for whitespace) and the byte where it ends.
fn next_token(text: &str, start: usize) -> (usize, Result<Option<TokKind>, FormulaError>) {
    let bytes = text.as_bytes();
    let b = bytes[start];
    let next_is_digit = bytes.get(start + 1).is_some_and(u8::is_ascii_digit);
    let single = match b {
        b'+' => Some(TokKind::Plus),
        b'-' => Some(TokKind::Minus),
        b'*' => Some(TokKind::Star),
        b'/' => Some(TokKind::Slash),
        b'^' => Some(TokKind::Caret),
        b'(' => Some(TokKind::LParen),
        b')' => Some(TokKind::RParen),
        b',' => Some(TokKind::Comma),
        _ => None,
    };
    if let Some(kind) = single {
        return (start + 1, Ok(Some(kind)));
    }
    if b.is_ascii_whitespace() {
        return (start + 1, Ok(None));
    }
    if b.is_ascii_digit() || (b == b'.' && next_is_digit) {
        let (end, number) = number(text, start);
        return (end, number.map(Some));
    }
    if b.is_ascii_alphabetic() || b == b'_' {
        let end = skip_while(bytes, start, |c| c.is_ascii_alphanumeric() || c == b'_');
        return (end, Ok(Some(TokKind::Name)));
    }
    bad_character(text, start)
}

/// The error for the character at `start`, which no token starts with, and where it ends.
fn bad_character(text: &str, start: usize) -> (usize, Result<Option<TokKind>, FormulaError>) {
    let c = text.get(start..).and_then(|rest| rest.chars().next()).unwrap_or('\u{fffd}');
    let end = start + c.len_utf8().max(1);
    let hint = match c {
        '−' | '–' | '—' => " (a typographic dash): write the ASCII minus `-`",
        '×' | '·' | '⋅' => ": write `*` to multiply",
        '÷' | '∕' => ": write `/` to divide",
        '.' => ": a number needs a digit after the `.` (as in `0.5` or `.5`)",
        '%' => ": write a share as a number (`0.05`, or `5/100`)",
        '[' | ']' | '{' | '}' => ": group with `(` and `)`",
        '=' | '<' | '>' | '!' | '&' | '|' => ": formulas have no comparisons or logic",
        _ if c.is_whitespace() => " (a non-ASCII space): use an ordinary space",
        _ if !c.is_ascii() => ": names and numbers are written with ASCII letters and digits",
        _ => "",
    };
    let shown = if c.is_control() { format!("U+{:04X}", u32::from(c)) } else { format!("`{c}`") };
    let message = format!("unexpected character {shown}{hint}");
    (end, Err(FormulaError::new(start..end, message)))
}

/// The first byte at or after `i` that does not satisfy `keep`.
fn skip_while(bytes: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while bytes.get(i).is_some_and(|&c| keep(c)) {
        i += 1;
    }
    i
}

/// The number starting at `start` and the byte where it (or the malformed text) ends.
fn number(text: &str, start: usize) -> (usize, Result<TokKind, FormulaError>) {
    let bytes = text.as_bytes();
    let mut i = skip_while(bytes, start, |c| c.is_ascii_digit());
    if bytes.get(i) == Some(&b'.') {
        let after = skip_while(bytes, i + 1, |c| c.is_ascii_digit());
        if after == i + 1 {
            let message =
                format!("`{}` ends with `.`: write `{}` or `{}0`", &text[start..=i], &text[start..i], &text[start..=i]);
            return (after, Err(FormulaError::new(start..after, message)));
        }
        i = after;
    }
    let mantissa_end = i;
    let exponent = exponent_digits(bytes, i);
    if let Some((_, end)) = exponent {
        i = end;
    }
    let tail = skip_while(bytes, i, |c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.');
    if tail > i {
        return (tail, Err(malformed(text, start..tail)));
    }
    let value = number_value(text, start..mantissa_end, exponent.map(|(from, _)| from..i));
    (i, value)
}

/// The digits of an exponent (`e-3`, `E+4`, `e10`) at `i`: where they start and end.
fn exponent_digits(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    if !matches!(bytes.get(i), Some(b'e' | b'E')) {
        return None;
    }
    let sign = usize::from(matches!(bytes.get(i + 1), Some(b'+' | b'-')));
    let digits = i + 1 + sign;
    let end = skip_while(bytes, digits, |c| c.is_ascii_digit());
    (end > digits).then_some((i + 1, end))
}

/// The error for text that starts like a number but goes on with letters, `_` or `.`.
fn malformed(text: &str, span: Range<usize>) -> FormulaError {
    let written = &text[span.clone()];
    let digits_end = written.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(written.len());
    let hint = if written.contains('_') {
        " (write numbers without `_`, as in `1000`)".to_string()
    } else if written[digits_end..].starts_with(['e', 'E'])
        && !written[digits_end + 1..].starts_with(|c: char| c.is_ascii_alphabetic())
    {
        " (an exponent needs digits, as in `1e-3`)".to_string()
    } else if written.matches('.').count() > 1 {
        " (it has more than one `.`)".to_string()
    } else {
        let (number, name) = written.split_at(digits_end);
        format!(" (to multiply, write `{number} * {name}`)")
    };
    FormulaError::new(span, format!("`{written}` is not a number{hint}"))
}

/// The value of the number with `mantissa` digits and the optional `exponent` digits.
fn number_value(text: &str, mantissa: Range<usize>, exponent: Option<Range<usize>>) -> Result<TokKind, FormulaError> {
    let span = mantissa.start..exponent.as_ref().map_or(mantissa.end, |e| e.end);
    let written = &text[span.clone()];
    let too_precise = || {
        FormulaError::new(
            span.clone(),
            format!(
                "`{written}` has more digits than an exact decimal holds \
                 (at most 28 decimals and 28 significant digits)"
            ),
        )
    };
    let value = Decimal::from_str_exact(&text[mantissa]).map_err(|_| too_precise())?;
    let power = match exponent {
        Some(digits) => {
            let digits = &text[digits];
            let saturated = if digits.starts_with('-') { i64::MIN } else { i64::MAX };
            digits.parse::<i64>().unwrap_or(saturated)
        }
        None => 0,
    };
    let value = scale_by_power_of_ten(value, power).ok_or_else(|| {
        let what = if power > 0 {
            "too large for an exact decimal (at most about 7.9e28)"
        } else {
            "too small for an exact decimal (the finest step is 1e-28)"
        };
        FormulaError::new(span.clone(), format!("`{written}` is {what}"))
    })?;
    let float = written.parse::<f64>().map_err(|_| too_precise())?;
    Ok(TokKind::Number { value, float })
}

/// `value × 10^power` exactly, or `None` when it does not fit a decimal.
fn scale_by_power_of_ten(value: Decimal, power: i64) -> Option<Decimal> {
    if value.is_zero() {
        return Some(Decimal::ZERO);
    }
    let value = value.normalize();
    if power >= 0 {
        let power = u32::try_from(power).ok().filter(|&p| p <= 28)?;
        let factor = Decimal::from_i128_with_scale(10_i128.pow(power), 0);
        return value.checked_mul(factor);
    }
    let mut scale = i64::from(value.scale()).checked_sub(power)?;
    let mut mantissa = value.mantissa();
    while scale > 28 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    let scale = u32::try_from(scale).ok().filter(|&s| s <= 28)?;
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}
