//! Numbers as people read them: `1 234 567 kr` and decimal comma in Swedish, `1,234,567` in
//! English. Rounding happens here only, half away from zero.

use rust_decimal::{Decimal, RoundingStrategy};

/// The language of what people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Swedish (the default).
    #[default]
    Sv,
    /// English.
    En,
}

/// Rounds to `places` decimals, half away from zero.
pub fn round(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// A number with `places` decimals, grouped in thousands.
pub fn number(value: Decimal, places: u32, lang: Lang) -> String {
    let rounded = round(value, places);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.*}", places as usize, rounded.abs());
    let (whole, fraction) = text.split_once('.').map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let (group, mark) = match lang {
        Lang::Sv => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        grouped.push(mark);
        grouped.push_str(fraction);
    }
    if negative { format!("−{grouped}") } else { grouped }
}

/// An amount in whole kronor: `1 234 567 kr` (grouped with no-break spaces in Swedish).
///
/// ```
/// use rust_decimal::Decimal;
/// use sekalk::render::format::{Lang, kronor};
///
/// let amount = Decimal::new(123456750, 2); // 1 234 567.50 kr
/// assert_eq!(kronor(amount, Lang::Sv), "1\u{a0}234\u{a0}568 kr");
/// assert_eq!(kronor(-amount, Lang::En), "−1,234,568 kr");
/// ```
pub fn kronor(value: Decimal, lang: Lang) -> String {
    format!("{} kr", number(value, 0, lang))
}

/// An amount in thousands of kronor, without the unit (tables say `tkr` in the header).
pub fn thousands(value: Decimal, lang: Lang) -> String {
    number(value / Decimal::ONE_THOUSAND, 0, lang)
}

/// A rate as a percentage: `3,5 %`.
pub fn percent(rate: Decimal, lang: Lang) -> String {
    let hundred = Decimal::ONE_HUNDRED;
    let value = (rate * hundred).normalize();
    let places = value.scale().min(2);
    format!("{} %", number(value, places, lang))
}

/// An amount for a sentence, rounded to what a reader takes in: `12,3 mnkr`, `456 tkr`,
/// `789 kr` (`SEK 12.3 million`, `SEK 456k`, `SEK 789` in English). The sign is kept.
pub fn compact(value: Decimal, lang: Lang) -> String {
    let million = Decimal::from(1_000_000);
    let magnitude = value.abs();
    match lang {
        Lang::Sv if magnitude >= million => format!("{} mnkr", number(value / million, 1, lang)),
        Lang::Sv if magnitude >= Decimal::ONE_THOUSAND => format!("{} tkr", thousands(value, lang)),
        Lang::Sv => kronor(value, lang),
        Lang::En if magnitude >= million => format!("SEK {} million", number(value / million, 1, lang)),
        Lang::En if magnitude >= Decimal::ONE_THOUSAND => format!("SEK {}k", thousands(value, lang)),
        Lang::En => format!("SEK {}", number(value, 0, lang)),
    }
}
