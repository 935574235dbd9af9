using System.Numerics;

namespace CareChain.Ledger.Merkle;

internal static class MerkleMath
{
    /// <summary>Paths longer than this cannot belong to a tree of at most 2^63 leaves.</summary>
    public const int MaxPathLength = 64;

    /// <summary>The split point k of RFC 9162: the largest power of two strictly below <paramref name="n"/> (n &gt; 1).</summary>
    public static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    public static bool IsPowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;
}
