using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Checkpoints;

/// <summary>
/// A statement of every shard's head at one moment, chained to the checkpoint before it.
/// <see cref="Previous"/> is <see cref="SignedCheckpoint.Hash"/> of checkpoint
/// <c>Number - 1</c>, or 32 zero bytes for checkpoint 0. <see cref="Shards"/> lists shards
/// 0..n-1 in order.
/// </summary>
public sealed record Checkpoint(long Number, DateTimeOffset Timestamp, byte[] Previous, IReadOnlyList<ShardHead> Shards)
{
    /// <summary>The <see cref="Previous"/> value of checkpoint 0: 32 zero bytes. Returns a fresh copy.</summary>
    public static byte[] GenesisPrevious => new byte[Chain.HashChain.HashSize];

    /// <summary>Compares every field, the hashes and the shard list by content.</summary>
    public bool Equals(Checkpoint? other) =>
        other is not null && Number == other.Number && Timestamp.Equals(other.Timestamp)
        && ContentEquality.Bytes(Previous, other.Previous) && ContentEquality.Lists(Shards, other.Shards);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Number);
        hash.Add(Timestamp);
        ContentEquality.AddBytes(ref hash, Previous);
        if (Shards is not null)
        {
            foreach (var shard in Shards)
            {
                hash.Add(shard);
            }
        }

        return hash.ToHashCode();
    }
}
