using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Checkpoints;

/// <summary>
/// One shard's state in a checkpoint: its number of entries, the Merkle root over them and the
/// chain hash of the last one (<see cref="Chain.HashChain.Genesis(int)"/> when empty).
/// </summary>
public sealed record ShardHead(int Shard, long Size, byte[] Root, byte[] Head)
{
    /// <summary>Compares the numbers and the hashes by content.</summary>
    public bool Equals(ShardHead? other) =>
        other is not null && Shard == other.Shard && Size == other.Size
        && ContentEquality.Bytes(Root, other.Root) && ContentEquality.Bytes(Head, other.Head);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Shard);
        hash.Add(Size);
        ContentEquality.AddBytes(ref hash, Root);
        ContentEquality.AddBytes(ref hash, Head);
        return hash.ToHashCode();
    }
}
