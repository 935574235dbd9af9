using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Verification;

/// <summary>
/// One row of the append-only entry table: the canonical body and, when the store keeps it, the
/// entry hash it computed at append time (a verifier recomputes it and requires a match).
/// </summary>
public sealed record StoredEntry(int Shard, long Sequence, byte[] Body, byte[]? EntryHash)
{
    /// <summary>Compares the numbers and bytes by content.</summary>
    public bool Equals(StoredEntry? other) =>
        other is not null && Shard == other.Shard && Sequence == other.Sequence
        && ContentEquality.Bytes(Body, other.Body) && ContentEquality.Bytes(EntryHash, other.EntryHash);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Shard);
        hash.Add(Sequence);
        ContentEquality.AddBytes(ref hash, Body);
        ContentEquality.AddBytes(ref hash, EntryHash);
        return hash.ToHashCode();
    }
}
