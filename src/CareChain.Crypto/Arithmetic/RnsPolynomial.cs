using System.Buffers;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Arithmetic;

/// <summary>
/// Operations on a polynomial held as consecutive RNS limbs of N residues, limb i modulo the context's prime i
/// (the last limb may stand for a later prime, such as the special prime in key switching).
/// </summary>
internal static class RnsPolynomial
{
    public static unsafe void ForwardNtt(CkksContext context, Span<ulong> poly, int limbCount)
    {
        var n = context.PolyModulusDegree;
        fixed (ulong* pinned = poly)
        {
            // Pinned for the duration of the (synchronous) parallel loop, so workers can address limbs directly.
            var address = (nint)pinned;
            LimbParallel.For(limbCount, n, i => Ntt.Forward(new Span<ulong>((ulong*)address + ((long)i * n), n), context.NttTables[i]));
        }
    }

    public static unsafe void InverseNtt(CkksContext context, Span<ulong> poly, int limbCount)
    {
        var n = context.PolyModulusDegree;
        fixed (ulong* pinned = poly)
        {
            var address = (nint)pinned;
            LimbParallel.For(limbCount, n, i => Ntt.Inverse(new Span<ulong>((ulong*)address + ((long)i * n), n), context.NttTables[i]));
        }
    }

    public static void Add(CkksContext context, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, int limbCount)
    {
        var n = context.PolyModulusDegree;
        for (var i = 0; i < limbCount; i++)
        {
            PolyArithmetic.Add(a.Slice(i * n, n), b.Slice(i * n, n), destination.Slice(i * n, n), context.Moduli[i].Value);
        }
    }

    public static void Subtract(CkksContext context, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, int limbCount)
    {
        var n = context.PolyModulusDegree;
        for (var i = 0; i < limbCount; i++)
        {
            PolyArithmetic.Subtract(a.Slice(i * n, n), b.Slice(i * n, n), destination.Slice(i * n, n), context.Moduli[i].Value);
        }
    }

    public static void Negate(CkksContext context, ReadOnlySpan<ulong> a, Span<ulong> destination, int limbCount)
    {
        var n = context.PolyModulusDegree;
        for (var i = 0; i < limbCount; i++)
        {
            PolyArithmetic.Negate(a.Slice(i * n, n), destination.Slice(i * n, n), context.Moduli[i].Value);
        }
    }

    public static void Multiply(CkksContext context, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, int limbCount)
    {
        var n = context.PolyModulusDegree;
        for (var i = 0; i < limbCount; i++)
        {
            PolyArithmetic.Multiply(a.Slice(i * n, n), b.Slice(i * n, n), destination.Slice(i * n, n), context.Moduli[i]);
        }
    }

    public static void MultiplyAdd(CkksContext context, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, int limbCount)
    {
        var n = context.PolyModulusDegree;
        for (var i = 0; i < limbCount; i++)
        {
            PolyArithmetic.MultiplyAdd(a.Slice(i * n, n), b.Slice(i * n, n), destination.Slice(i * n, n), context.Moduli[i]);
        }
    }

    /// <summary>
    /// Divides <paramref name="polyCount"/> consecutive NTT-form polynomials of limbCount limbs by their last prime
    /// with rounding, x ↦ round(x / q_last), leaving each result in its first limbCount - 1 limbs. The last limb is
    /// prime <paramref name="lastPrimeIndex"/>. All polynomials' limbs are spread over the cores together, which
    /// balances better than one polynomial at a time.
    /// </summary>
    public static unsafe void DivideRoundByLast(CkksContext context, Span<ulong> polys, int polyCount, int limbCount, int lastPrimeIndex)
    {
        var n = context.PolyModulusDegree;
        var polyLength = limbCount * n;
        var lastModulus = context.Moduli[lastPrimeIndex];
        var half = lastModulus.Value >> 1;
        var remainders = ArrayPool<ulong>.Shared.Rent(polyCount * n);
        try
        {
            for (var p = 0; p < polyCount; p++)
            {
                polys.Slice((p * polyLength) + ((limbCount - 1) * n), n).CopyTo(remainders.AsSpan(p * n, n));
            }

            // round(x/q) = (x + h - [x + h]_q) / q with h = floor(q/2); each remainder is computed once, then lifted.
            LimbParallel.For(polyCount, n, p =>
            {
                var remainder = remainders.AsSpan(p * n, n);
                Ntt.Inverse(remainder, context.NttTables[lastPrimeIndex]);
                for (var j = 0; j < n; j++)
                {
                    remainder[j] = lastModulus.Add(remainder[j], half);
                }
            });

            var targets = limbCount - 1;
            fixed (ulong* pinned = polys)
            {
                var address = (nint)pinned;
                LimbParallel.For(polyCount * targets, n, item =>
                {
                    var p = item / targets;
                    var i = item % targets;
                    SubtractAndDivide(
                        context,
                        remainders.AsSpan(p * n, n),
                        new Span<ulong>((ulong*)address + ((long)p * polyLength) + ((long)i * n), n),
                        i,
                        lastPrimeIndex);
                });
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(remainders);
        }
    }

    private static void SubtractAndDivide(CkksContext context, ReadOnlySpan<ulong> remainder, Span<ulong> limb, int i, int lastPrimeIndex)
    {
        var n = context.PolyModulusDegree;
        var q = context.Moduli[i];
        var halfModQ = context.HalfLastModulus[lastPrimeIndex][i];
        var rented = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            var scratch = rented.AsSpan(0, n);
            for (var j = 0; j < n; j++)
            {
                scratch[j] = q.Subtract(q.Reduce(remainder[j]), halfModQ);
            }

            Ntt.Forward(scratch, context.NttTables[i]);
            var inverse = context.InverseLastModulus[lastPrimeIndex][i];
            var inverseShoup = context.InverseLastModulusShoup[lastPrimeIndex][i];
            var value = q.Value;
            for (var j = 0; j < n; j++)
            {
                var difference = Modulus.SubtractIfNotBelow(limb[j] + value - scratch[j], value);
                limb[j] = q.MultiplyShoup(difference, inverse, inverseShoup);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }
}
