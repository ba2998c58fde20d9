//! The hot numeric loops compiled twice: for the baseline x86-64 (SSE2), which every CPU runs,
//! and for AVX2, taken when the CPU has it (checked at run time, a cached flag).
//!
//! Scoring is mostly loops over fixed-size float arrays (eight rows of a stage's inputs, 128
//! dimensions of a meaning vector): AVX2 does each in half the instructions. Both builds do the
//! same operations in the same order (Rust never fuses a multiply and an add on its own), so
//! every score is the same bit for bit whichever runs; only the speed differs.

/// `fn name(args) -> R = body;` defines `name`, which calls `body` (an `#[inline(always)]`
/// function of the same arguments) compiled for AVX2 when this CPU has it, else as compiled for
/// the baseline. `body` must be inlined for the AVX2 copy to exist, hence `inline(always)`.
macro_rules! wide_fn {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = $body:path;) => {
        $(#[$meta])*
        $vis fn $name($($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2")]
                unsafe fn avx2($($arg: $ty),*) -> $ret {
                    $body($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: `avx2` needs nothing but a CPU with AVX2, checked just above.
                    return unsafe { avx2($($arg),*) };
                }
            }
            $body($($arg),*)
        }
    };
}
pub(crate) use wide_fn;

#[cfg(test)]
mod tests {
    #[inline(always)]
    fn sum_halves(n: usize, scale: f32) -> f32 {
        (0..n).map(|i| i as f32 * scale).sum()
    }

    wide_fn! {
        fn wide_sum(n: usize, scale: f32) -> f32 = sum_halves;
    }

    #[test]
    fn the_wide_copy_computes_what_its_body_does() {
        assert_eq!(wide_sum(128, 0.5), 4064.0);
        assert_eq!(
            wide_sum(1000, 0.1).to_bits(),
            sum_halves(1000, 0.1).to_bits()
        );
    }
}
