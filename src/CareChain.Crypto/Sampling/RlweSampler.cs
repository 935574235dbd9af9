using System.Buffers;
using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Sampling;

/// <summary>Samples RLWE pairs and small polynomials in NTT form over the first limbCount primes.</summary>
internal static class RlweSampler
{
    /// <summary>(b, a) = (-a·s + e, a): an encryption of zero under s, with a drawn from <paramref name="uniform"/>.</summary>
    public static void SymmetricZero(
        CkksContext context, ReadOnlySpan<ulong> secret, int limbCount, Csprng uniform, Csprng noise, Span<ulong> b, Span<ulong> a)
    {
        var n = context.PolyModulusDegree;
        var length = limbCount * n;
        // Uniform residues are uniform in NTT form too, so a is drawn there directly, as SEAL does.
        RingSampler.Uniform(uniform, a[..length], context.Moduli.AsSpan(0, limbCount), n);
        Error(context, noise, limbCount, b);
        for (var i = 0; i < limbCount; i++)
        {
            var q = context.Moduli[i];
            var bi = b.Slice(i * n, n);
            var ai = a.Slice(i * n, n);
            var si = secret.Slice(i * n, n);
            for (var j = 0; j < n; j++)
            {
                bi[j] = q.Subtract(bi[j], q.Multiply(ai[j], si[j]));
            }
        }
    }

    /// <summary>A centred-binomial error polynomial in NTT form.</summary>
    public static void Error(CkksContext context, Csprng noise, int limbCount, Span<ulong> destination) =>
        SmallPolynomial(context, noise, limbCount, destination, RingSampler.CenteredBinomial);

    /// <summary>A uniform ternary polynomial in NTT form.</summary>
    public static void Ternary(CkksContext context, Csprng random, int limbCount, Span<ulong> destination) =>
        SmallPolynomial(context, random, limbCount, destination, RingSampler.Ternary);

    private static void SmallPolynomial(CkksContext context, Csprng random, int limbCount, Span<ulong> destination, SmallSampler sample)
    {
        var n = context.PolyModulusDegree;
        var small = ArrayPool<sbyte>.Shared.Rent(n);
        try
        {
            sample(random, small.AsSpan(0, n));
            RingSampler.ToResidues(small.AsSpan(0, n), destination, context.Moduli.AsSpan(0, limbCount));
        }
        finally
        {
            // Secret and noise coefficients do not go back to a shared pool readable.
            small.AsSpan(0, n).Clear();
            ArrayPool<sbyte>.Shared.Return(small);
        }

        RnsPolynomial.ForwardNtt(context, destination, limbCount);
    }

    private delegate void SmallSampler(Csprng random, Span<sbyte> destination);
}
