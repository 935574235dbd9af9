using System.Security.Cryptography;

namespace CareChain.Ledger.Tests.Merkle;

/// <summary>
/// RFC 9162 section 2.1 transcribed as directly as possible: recursive MTH, PATH and
/// PROOF/SUBPROOF over lists of leaf data, with its own hashing. Slow on purpose and independent of
/// the production code, so the two can be compared.
/// </summary>
internal static class NaiveMerkle
{
    public static byte[] LeafHash(byte[] data) => SHA256.HashData([0x00, .. data]);

    public static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[n]).</summary>
    public static byte[] Mth(IReadOnlyList<byte[]> d)
    {
        var n = d.Count;
        if (n == 0)
        {
            return SHA256.HashData([]);
        }

        if (n == 1)
        {
            return LeafHash(d[0]);
        }

        var k = SplitPoint(n);
        return NodeHash(Mth(Slice(d, 0, k)), Mth(Slice(d, k, n)));
    }

    /// <summary>PATH(m, D[n]).</summary>
    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> d)
    {
        var n = d.Count;
        if (n == 1)
        {
            return [];
        }

        var k = SplitPoint(n);
        if (m < k)
        {
            var path = Path(m, Slice(d, 0, k));
            path.Add(Mth(Slice(d, k, n)));
            return path;
        }
        else
        {
            var path = Path(m - k, Slice(d, k, n));
            path.Add(Mth(Slice(d, 0, k)));
            return path;
        }
    }

    /// <summary>PROOF(m, D[n]) = SUBPROOF(m, D[n], true).</summary>
    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> d) => SubProof(m, d, true);

    private static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> d, bool b)
    {
        var n = d.Count;
        if (m == n)
        {
            return b ? [] : [Mth(d)];
        }

        var k = SplitPoint(n);
        if (m <= k)
        {
            var proof = SubProof(m, Slice(d, 0, k), b);
            proof.Add(Mth(Slice(d, k, n)));
            return proof;
        }
        else
        {
            var proof = SubProof(m - k, Slice(d, k, n), false);
            proof.Add(Mth(Slice(d, 0, k)));
            return proof;
        }
    }

    /// <summary>The largest power of two smaller than n, for n &gt; 1.</summary>
    private static int SplitPoint(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    private static List<byte[]> Slice(IReadOnlyList<byte[]> d, int from, int to)
    {
        var slice = new List<byte[]>(to - from);
        for (var i = from; i < to; i++)
        {
            slice.Add(d[i]);
        }

        return slice;
    }
}
