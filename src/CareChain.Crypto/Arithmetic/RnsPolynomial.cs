using System.Buffers;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Arithmetic;

/// <summary>
/// Operations on a polynomial held as consecutive RNS limbs of N residues, limb i modulo the context's prime i
/// (the last limb may stand for a later prime, such as the special prime in key switching).
/// </summary>
internal static class RnsPolynomial
{
    public static void ForwardNtt(CkksContext context, Span<ulong> poly, int limbCount)
    {
        var n = context.PolyModulusDegree;
        for (var i = 0; i < limbCount; i++)
        {
            Ntt.Forward(poly.Slice(i * n, n), context.NttTables[i]);
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
    /// Divides an NTT-form polynomial over limbCount limbs by its last prime with rounding, leaving the result in
    /// the first limbCount - 1 limbs: x ↦ round(x / q_last). The last limb is prime <paramref name="lastPrimeIndex"/>.
    /// </summary>
    public static void DivideRoundByLast(CkksContext context, Span<ulong> poly, int limbCount, int lastPrimeIndex)
    {
        var n = context.PolyModulusDegree;
        var last = poly.Slice((limbCount - 1) * n, n);
        var lastModulus = context.Moduli[lastPrimeIndex];
        var half = lastModulus.Value >> 1;
        var rented = ArrayPool<ulong>.Shared.Rent(2 * n);
        try
        {
            var remainder = rented.AsSpan(0, n);
            var scratch = rented.AsSpan(n, n);
            last.CopyTo(remainder);
            Ntt.Inverse(remainder, context.NttTables[lastPrimeIndex]);

            // round(x/q) = (x + h - [x + h]_q) / q with h = floor(q/2); the remainder is computed once, then lifted.
            for (var j = 0; j < n; j++)
            {
                remainder[j] = lastModulus.Add(remainder[j], half);
            }

            for (var i = 0; i < limbCount - 1; i++)
            {
                var q = context.Moduli[i];
                var halfModQ = context.HalfLastModulus[lastPrimeIndex][i];
                for (var j = 0; j < n; j++)
                {
                    scratch[j] = q.Subtract(q.Reduce(remainder[j]), halfModQ);
                }

                Ntt.Forward(scratch, context.NttTables[i]);
                var limb = poly.Slice(i * n, n);
                var inverse = context.InverseLastModulus[lastPrimeIndex][i];
                var inverseShoup = context.InverseLastModulusShoup[lastPrimeIndex][i];
                var value = q.Value;
                for (var j = 0; j < n; j++)
                {
                    var difference = limb[j] >= scratch[j] ? limb[j] - scratch[j] : limb[j] + value - scratch[j];
                    limb[j] = q.MultiplyShoup(difference, inverse, inverseShoup);
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }
}
