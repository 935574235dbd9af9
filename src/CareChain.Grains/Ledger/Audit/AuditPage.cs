using CareChain.Ledger.Entries;

namespace CareChain.Grains.Ledger.Audit;

/// <summary>
/// One page of an audit search, newest first. Each entry carries its shard and sequence;
/// <see cref="HasMore"/> says whether a further page exists.
/// </summary>
public sealed record AuditPage(IReadOnlyList<LedgerEntry> Entries, bool HasMore)
{
    public static AuditPage Empty { get; } = new([], false);

    /// <summary>The chain hash of each entry, in the order of <see cref="Entries"/>.</summary>
    public IReadOnlyList<byte[]> EntryHashes { get; init; } = [];
}
