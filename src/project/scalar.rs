//! The number type the kernel computes in.
//!
//! The kernel is generic over [`Scalar`] so that one projection loop serves both the exact,
//! reported run (`rust_decimal::Decimal`) and the fast many-run paths (`f64`). Every operation
//! is checked: `None` means the result does not fit the type, which the kernel turns into an
//! error instead of a panic or a silent wrap.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Debug;

/// Decimal places every person-flow is settled to in the exact path.
///
/// Settling each flow to a fixed scale keeps every occupancy a number with at most this many
/// decimals, so sums and differences of occupancies are exact and people are conserved to the
/// last digit (start + inflow = end, with no rounding residue).
pub const SETTLE_SCALE: u32 = 18;

/// A number the Markov kernel can compute with.
pub trait Scalar: Copy + PartialOrd + Debug + Send + Sync + 'static {
    /// The additive identity.
    const ZERO: Self;
    /// The multiplicative identity.
    const ONE: Self;
    /// `self + rhs`, or `None` on overflow.
    fn add(self, rhs: Self) -> Option<Self>;
    /// `self - rhs`, or `None` on overflow.
    fn sub(self, rhs: Self) -> Option<Self>;
    /// `self * rhs`, or `None` on overflow.
    fn mul(self, rhs: Self) -> Option<Self>;
    /// `self / rhs`, or `None` on overflow or division by zero.
    fn div(self, rhs: Self) -> Option<Self>;
    /// Truncates a flow of people toward zero to the fixed scale of the exact path, so no set
    /// of flows exceeds the occupancy it comes from (identity for floats).
    fn settle(self) -> Self;
    /// `self * rhs` settled ([`Scalar::settle`]), or `None` on overflow.
    #[inline]
    fn mul_settled(self, rhs: Self) -> Option<Self> {
        Some(self.mul(rhs)?.settle())
    }
    /// Whether the value is exactly zero.
    fn is_zero(self) -> bool;
    /// Converts an exact input value into this type.
    fn from_decimal(value: Decimal) -> Self;
    /// Converts to `f64` (for comparisons and plots; never for reported money).
    fn to_f64(self) -> f64;

    /// The smaller of `self` and `other`.
    #[inline]
    fn min(self, other: Self) -> Self {
        if self > other { other } else { self }
    }

    /// The larger of `self` and `other`.
    #[inline]
    fn max(self, other: Self) -> Self {
        if self > other { self } else { other }
    }

    /// The share of `available` people that a count of `self` people takes: all of them when
    /// the count equals them up to rounding (1e-9 relative), `Err((count, available))` when it
    /// is more; `None` on overflow.
    fn share_of(self, available: Self) -> Option<Result<Self, (Self, Self)>> {
        if self > available {
            let slack = available.mul(Self::from_decimal(Decimal::new(1, 9)))?;
            return if self.sub(available)? > slack { Some(Err((self, available))) } else { Some(Ok(Self::ONE)) };
        }
        if self.is_zero() { Some(Ok(Self::ZERO)) } else { self.div(available).map(Ok) }
    }
}

/// The number of draws a [`Batch`] holds side by side.
pub const BATCH: usize = 8;

/// One value for each of [`BATCH`] draws: the kernel then projects a batch of draws at once,
/// every operation lane by lane, so the compiler vectorises across draws.
pub type Batch = [f64; BATCH];

impl Scalar for Batch {
    const ZERO: Self = [0.0; BATCH];
    const ONE: Self = [1.0; BATCH];

    #[inline]
    fn add(self, rhs: Self) -> Option<Self> {
        Some(std::array::from_fn(|i| self[i] + rhs[i]))
    }
    #[inline]
    fn sub(self, rhs: Self) -> Option<Self> {
        Some(std::array::from_fn(|i| self[i] - rhs[i]))
    }
    #[inline]
    fn mul(self, rhs: Self) -> Option<Self> {
        Some(std::array::from_fn(|i| self[i] * rhs[i]))
    }
    #[inline]
    fn div(self, rhs: Self) -> Option<Self> {
        rhs.iter().all(|r| *r != 0.0).then(|| std::array::from_fn(|i| self[i] / rhs[i]))
    }
    #[inline]
    fn settle(self) -> Self {
        self
    }
    #[inline]
    fn is_zero(self) -> bool {
        self.iter().all(|x| *x == 0.0)
    }
    fn from_decimal(value: Decimal) -> Self {
        [<f64 as Scalar>::from_decimal(value); BATCH]
    }
    /// The first draw's value.
    fn to_f64(self) -> f64 {
        self[0]
    }
    #[inline]
    fn min(self, other: Self) -> Self {
        std::array::from_fn(|i| if self[i] > other[i] { other[i] } else { self[i] })
    }
    #[inline]
    fn max(self, other: Self) -> Self {
        std::array::from_fn(|i| if self[i] > other[i] { self[i] } else { other[i] })
    }
    fn share_of(self, available: Self) -> Option<Result<Self, (Self, Self)>> {
        let mut share = [0.0; BATCH];
        for i in 0..BATCH {
            match self[i].share_of(available[i])? {
                Ok(s) => share[i] = s,
                Err(_) => return Some(Err((self, available))),
            }
        }
        Some(Ok(share))
    }
}

impl Scalar for Decimal {
    const ZERO: Self = Decimal::ZERO;
    const ONE: Self = Decimal::ONE;

    #[inline]
    fn add(self, rhs: Self) -> Option<Self> {
        self.checked_add(rhs)
    }
    #[inline]
    fn sub(self, rhs: Self) -> Option<Self> {
        self.checked_sub(rhs)
    }
    #[inline]
    fn mul(self, rhs: Self) -> Option<Self> {
        self.checked_mul(rhs)
    }
    #[inline]
    fn div(self, rhs: Self) -> Option<Self> {
        self.checked_div(rhs)
    }
    /// Truncated toward zero, as `round_dp_with_strategy(SETTLE_SCALE, ToZero)` but without
    /// its rounding bookkeeping, which truncation does not need (a fifth of a reported run).
    #[inline]
    fn settle(self) -> Self {
        if self.scale() <= SETTLE_SCALE {
            return self;
        }
        let mut settled = self.trunc_with_scale(SETTLE_SCALE);
        if settled.is_zero() {
            // As rounding gives it: a zero has no sign.
            settled.set_sign_positive(true);
        }
        settled
    }
    /// The exact product truncated in one step where a probability of at most ten decimals
    /// and nine digits meets an occupancy (the kernel's common case): the same bits as
    /// multiplying and then settling, which is what every other case does.
    #[inline]
    fn mul_settled(self, rhs: Self) -> Option<Self> {
        let scale = self.scale() + rhs.scale();
        let small = rhs.mantissa().unsigned_abs();
        if scale <= SETTLE_SCALE || scale > Decimal::MAX_SCALE || small > u128::from(u32::MAX) || small == 0 {
            return Some(self.checked_mul(rhs)?.settle());
        }
        // Below 2^96 · 2^32: no overflow. Below 2^96 the multiplication is exact in a Decimal,
        // so truncating the exact product is what settling it gives.
        let product = self.mantissa().unsigned_abs() * small;
        if product >> 96 != 0 || product == 0 {
            return Some(self.checked_mul(rhs)?.settle());
        }
        let truncated = product / 10u128.pow(scale - SETTLE_SCALE);
        let negative = self.is_sign_negative() != rhs.is_sign_negative();
        let signed = if negative { -(truncated as i128) } else { truncated as i128 };
        Decimal::try_from_i128_with_scale(signed, SETTLE_SCALE).ok()
    }
    #[inline]
    fn is_zero(self) -> bool {
        Decimal::is_zero(&self)
    }
    fn from_decimal(value: Decimal) -> Self {
        value
    }
    fn to_f64(self) -> f64 {
        ToPrimitive::to_f64(&self).unwrap_or(f64::NAN)
    }
}

impl Scalar for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;

    #[inline]
    fn add(self, rhs: Self) -> Option<Self> {
        Some(self + rhs)
    }
    #[inline]
    fn sub(self, rhs: Self) -> Option<Self> {
        Some(self - rhs)
    }
    #[inline]
    fn mul(self, rhs: Self) -> Option<Self> {
        Some(self * rhs)
    }
    #[inline]
    fn div(self, rhs: Self) -> Option<Self> {
        (rhs != 0.0).then(|| self / rhs)
    }
    #[inline]
    fn settle(self) -> Self {
        self
    }
    #[inline]
    fn is_zero(self) -> bool {
        self == 0.0
    }
    fn from_decimal(value: Decimal) -> Self {
        ToPrimitive::to_f64(&value).unwrap_or(f64::NAN)
    }
    fn to_f64(self) -> f64 {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::RoundingStrategy;

    proptest! {
        /// Multiplying and settling in one step gives the bits of doing both in turn, for
        /// occupancies and probabilities of every size and scale.
        #[test]
        fn settled_product_is_the_product_settled(
            lo in any::<u32>(), mid in prop_oneof![Just(0u32), any::<u32>()], hi in prop_oneof![Just(0u32), Just(1), any::<u32>()],
            scale in 0u32..=28, p in prop_oneof![Just(0u32), Just(1), any::<u32>()], p_scale in 0u32..=28,
            wide in prop_oneof![Just(0u32), any::<u32>()], negative in any::<bool>(),
        ) {
            let occupancy = Decimal::from_parts(lo, mid, hi, false, scale);
            let probability = Decimal::from_parts(p, wide, 0, negative, p_scale);
            let separately = occupancy.checked_mul(probability).map(Scalar::settle);
            let together = Scalar::mul_settled(occupancy, probability);
            prop_assert_eq!(together.map(|d| d.serialize()), separately.map(|d| d.serialize()));
        }

        /// Settling is rounding toward zero at the fixed scale, to the bit (value, scale and
        /// sign), for every mantissa, scale and sign.
        #[test]
        fn settling_truncates_toward_zero_at_the_fixed_scale(
            lo in prop_oneof![Just(0u32), Just(1), Just(9), any::<u32>()],
            mid in prop_oneof![Just(0u32), any::<u32>()],
            hi in prop_oneof![Just(0u32), any::<u32>()],
            negative in any::<bool>(), scale in 0u32..=28,
        ) {
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            let rounded = value.round_dp_with_strategy(SETTLE_SCALE, RoundingStrategy::ToZero);
            let settled = Scalar::settle(value);
            prop_assert_eq!(settled.serialize(), rounded.serialize());
        }
    }
}
