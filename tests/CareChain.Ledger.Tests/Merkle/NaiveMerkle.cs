using System.Security.Cryptography;

namespace CareChain.Ledger.Tests.Merkle;

/// <summary>
/// RFC 9162 section 2.1 transcribed as directly as possible: recursive MTH, PATH and
/// PROOF/SUBPROOF over ranges D[start:end] of one list of leaf data, with its own hashing.
/// Independent of the production code so the two can be compared. MTH of a range is memoized
/// only to keep the all-pairs tests quick; it does not change the recursion.
/// </summary>
internal sealed class NaiveMerkle(IReadOnlyList<byte[]> data)
{
    private readonly Dictionary<(int Start, int End), byte[]> _mth = [];

    public static byte[] LeafHash(byte[] leafData) => SHA256.HashData([0x00, .. leafData]);

    public static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[start:end]).</summary>
    public byte[] Mth(int start, int end)
    {
        if (_mth.TryGetValue((start, end), out var cached))
        {
            return cached;
        }

        var n = end - start;
        byte[] hash;
        if (n == 0)
        {
            hash = SHA256.HashData([]);
        }
        else if (n == 1)
        {
            hash = LeafHash(data[start]);
        }
        else
        {
            var k = SplitPoint(n);
            hash = NodeHash(Mth(start, start + k), Mth(start + k, end));
        }

        _mth[(start, end)] = hash;
        return hash;
    }

    /// <summary>PATH(m, D[0:n]).</summary>
    public List<byte[]> Path(int m, int n) => Path(m, 0, n);

    /// <summary>PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true).</summary>
    public List<byte[]> Proof(int m, int n) => SubProof(m, 0, n, true);

    private List<byte[]> Path(int m, int start, int end)
    {
        var n = end - start;
        if (n == 1)
        {
            return [];
        }

        var k = SplitPoint(n);
        if (m < k)
        {
            var path = Path(m, start, start + k);
            path.Add(Mth(start + k, end));
            return path;
        }
        else
        {
            var path = Path(m - k, start + k, end);
            path.Add(Mth(start, start + k));
            return path;
        }
    }

    private List<byte[]> SubProof(int m, int start, int end, bool b)
    {
        var n = end - start;
        if (m == n)
        {
            return b ? [] : [Mth(start, end)];
        }

        var k = SplitPoint(n);
        if (m <= k)
        {
            var proof = SubProof(m, start, start + k, b);
            proof.Add(Mth(start + k, end));
            return proof;
        }
        else
        {
            var proof = SubProof(m - k, start + k, end, false);
            proof.Add(Mth(start, start + k));
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
}
