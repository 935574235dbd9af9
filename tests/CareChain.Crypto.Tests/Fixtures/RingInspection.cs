using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Tests.Fixtures;

/// <summary>Looks inside NTT-form residues: back to coefficients, centred, limb by limb.</summary>
public static class RingInspection
{
    /// <summary>The coefficients of one NTT-form limb modulo prime <paramref name="prime"/>, centred in (−q/2, q/2].</summary>
    public static long[] CenteredCoefficients(CkksContext context, ReadOnlySpan<ulong> nttLimb, int prime)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = nttLimb.ToArray();
        Ntt.Inverse(values, context.NttTables[prime]);
        var q = context.Moduli[prime].Value;
        return [.. values.Select(v => v > q / 2 ? -(long)(q - v) : (long)v)];
    }

    /// <summary>
    /// Centred coefficients of a polynomial small enough that every limb holds the same integer: asserts that the
    /// limbs agree and returns the common coefficients.
    /// </summary>
    public static long[] SmallCoefficients(CkksContext context, ReadOnlySpan<ulong> nttPoly, int limbCount)
    {
        ArgumentNullException.ThrowIfNull(context);
        var n = context.PolyModulusDegree;
        Assert.Equal(limbCount * n, nttPoly.Length);
        var first = CenteredCoefficients(context, nttPoly[..n], 0);
        for (var i = 1; i < limbCount; i++)
        {
            Assert.Equal(first, CenteredCoefficients(context, nttPoly.Slice(i * n, n), i));
        }

        return first;
    }

    public static double StandardDeviation(IReadOnlyCollection<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
