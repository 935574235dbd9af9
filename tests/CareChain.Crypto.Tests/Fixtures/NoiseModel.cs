using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Tests.Fixtures;

/// <summary>
/// The error bounds the tests assert, each derived from the noise each operation adds rather than fitted to a run.
/// </summary>
/// <remarks>
/// <para>
/// Decoding maps a polynomial with zero-mean coefficients of standard deviation σ to slots whose real and imaginary
/// parts have standard deviation σ·√(N/2): each slot is Σ c_j·ζ^j over N coefficients with |ζ| = 1. Dividing by
/// the scale Δ gives the error in message units.
/// </para>
/// <para>
/// Two kinds of noise need different tails. A fresh error e or the rounding of an encoding is Gaussian in the
/// slots: the largest of N/2 slots is about √(2 ln N)·σ ≤ 4.6σ, and <see cref="GaussianTail"/> = 10σ leaves room
/// for the model's approximations while a false failure is out of reach (1e-23 per slot). Most noise, though, is a
/// product of two random polynomials: r1·s when a division by a prime rounds (public-key encryption, rescaling,
/// the end of key switching), d_j·e_j in key switching. In the slots a product is A(ζ)·B(ζ), the product of two
/// Gaussians, whose tail falls like e^(−√2·k) in units of its own σ rather than e^(−k²/2): the largest of N/2
/// slots reaches 7–10σ at N = 32768 (measured: 9.4σ). <see cref="ProductTail"/> solves
/// (N/2)·e^(−√2·k) ≤ 1e-13 for k: about 28σ for N = 32768.
/// </para>
/// <para>
/// A broken operation gives errors of the order of the message, millions of times these bounds, so loose tails
/// cost nothing in what the tests catch. Where operations compose, bounds compose as they do in the slots:
/// (x + εx)(y + εy) = xy + x·εy + y·εx + εx·εy slot by slot, so a product's bound is
/// |x|max·Bound(y) + |y|max·Bound(x) + Bound(x)·Bound(y) plus what relinearization and rescaling add.
/// </para>
/// </remarks>
public static class NoiseModel
{
    /// <summary>Standard deviations allowed for Gaussian slot noise; see the remarks.</summary>
    public const double GaussianTail = 10;

    /// <summary>σ of the centred binomial error with k = 21 (the library's RingSampler): √(k/2) ≈ 3.24.</summary>
    public static readonly double ErrorStd = Math.Sqrt(21 / 2.0);

    /// <summary>σ of rounding to the nearest integer: uniform on [−½, ½].</summary>
    public static readonly double RoundingStd = Math.Sqrt(1 / 12.0);

    /// <summary>Standard deviations allowed for product-of-Gaussians slot noise: (ln(N/2) + 30)/√2; see the remarks.</summary>
    public static double ProductTail(int n) => (Math.Log(n / 2.0) + 30) / Math.Sqrt(2);

    /// <summary>Bound for Gaussian coefficient noise of standard deviation σ at scale Δ: 10·σ·√(N/2)/Δ.</summary>
    public static double GaussianSlots(double coefficientStd, int n, double scale) =>
        GaussianTail * coefficientStd * Math.Sqrt(n / 2.0) / scale;

    /// <summary>Bound for product noise (a random polynomial times another) of coefficient standard deviation σ.</summary>
    public static double ProductSlots(double coefficientStd, int n, double scale) =>
        ProductTail(n) * coefficientStd * Math.Sqrt(n / 2.0) / scale;

    /// <summary>
    /// σ of dividing a ciphertext (c0, c1) by a prime with rounding: r0 + r1·s with r uniform on [−½, ½] and s
    /// ternary with about 2N/3 non-zero coefficients, so σ² = (1 + 2N/3)/12: 26 for N = 8192, 52 for N = 32768.
    /// Public-key encryption, rescaling and the end of key switching all add this.
    /// </summary>
    public static double DivisionStd(int n) => Math.Sqrt((1 + (2.0 * n / 3)) / 12);

    /// <summary>
    /// Encoding rounds every coefficient to an integer. The errors are not independent for real data: real slots
    /// make m_(N−k) = −m_k, rounding keeps that symmetry, so the error polynomial is real in every slot and its
    /// whole variance N·σ² lands in the real part (measured: σ·√N, not σ·√(N/2)). Hence √N here.
    /// </summary>
    public static double Encode(int n, double scale) => GaussianSlots(RoundingStd * Math.Sqrt(2), n, scale);

    /// <summary>Symmetric encryption adds one fresh error e to the encoding's rounding.</summary>
    public static double SymmetricEncrypt(int n, double scale) =>
        GaussianSlots(Math.Sqrt((ErrorStd * ErrorStd) + (RoundingStd * RoundingStd)), n, scale);

    /// <summary>
    /// Public-key encryption: u·e + e0 + e1·s (σ ≈ 340 at N = 8192) is divided by the prime above the level (at
    /// least 2^29 here) and so vanishes; the rounding of that division remains, plus the encoding's rounding.
    /// </summary>
    public static double PublicEncrypt(int n, double scale) =>
        ProductSlots(DivisionStd(n), n, scale) + Encode(n, scale);

    /// <summary>Rescaling adds the rounding of the division, at the scale after it.</summary>
    public static double Rescale(int n, double scaleAfter) => ProductSlots(DivisionStd(n), n, scaleAfter);

    /// <summary>
    /// Rescaling a size-3 ciphertext (before relinearizing it) also rounds c2, and that rounding r2 meets s²:
    /// (s²) has coefficients of variance about 4N/9, so r2·s² has σ² = N·(1/12)·(4N/9) = N²/27, some 60 times the
    /// rounding of a size-2 rescale at N = 8192. In the slots it is R2(ζ)·S(ζ)², a product of three Gaussians,
    /// whose tail falls like e^(−1.89·k^(2/3)); (N/2)·e^(−1.89·k^(2/3)) ≤ 1e-13 gives k ≈ 90–100σ.
    /// </summary>
    public static double RescaleOfSizeThree(int n, double scaleAfter)
    {
        var tail = Math.Pow((Math.Log(n / 2.0) + 30) / 1.89, 1.5);
        return (tail * (n / Math.Sqrt(27)) * Math.Sqrt(n / 2.0) / scaleAfter) + Rescale(n, scaleAfter);
    }

    /// <summary>
    /// Key switching at <paramref name="level"/>: Σ_j d_j·e_j / P plus the rounding of that division, where the
    /// digit d_j has coefficients centred on (−q_j/2, q_j/2] (root mean square q_j/√12) and e_j is a key's error, so
    /// σ² = Σ_j N·σ_e²·q_j²/(12P²) + DivisionStd². With a 60-bit q_0 next to a 60-bit P the q_0 digit dominates.
    /// </summary>
    /// <remarks>
    /// Centring matters beyond the factor two in σ: digits taken in [0, q_j) carry a mean q_j/2 in every
    /// coefficient, and (q_j/2)·(1 + X + … + X^(N−1))·e_j concentrates in the slots whose roots lie near 1, where
    /// it reaches about N^1.5·σ_e/π / Δ (2·10^-6 at N = 16384, Δ = 2^40), several times this bound.
    /// </remarks>
    public static double KeySwitch(CkksContext context, int level, double scale)
    {
        ArgumentNullException.ThrowIfNull(context);
        var n = context.PolyModulusDegree;
        var moduli = context.Parameters.CoeffModulus;
        var special = (double)moduli[^1].Value;
        var variance = Square(DivisionStd(n));
        for (var j = 0; j <= level; j++)
        {
            variance += n * Square(ErrorStd) * Square(moduli[j].Value / special) / 12;
        }

        return ProductSlots(Math.Sqrt(variance), n, scale);
    }

    /// <summary>Bound for multiply, relinearize and rescale of operands with the given magnitudes and bounds.</summary>
    public static double Product(
        CkksContext context, int level, double left, double leftBound, double right, double rightBound, double productScale)
    {
        ArgumentNullException.ThrowIfNull(context);
        var n = context.PolyModulusDegree;
        return (left * rightBound) + (right * leftBound) + (leftBound * rightBound)
            + KeySwitch(context, level, productScale)
            + Rescale(n, productScale / context.LastModulusAt(level));
    }

    private static double Square(double x) => x * x;
}
