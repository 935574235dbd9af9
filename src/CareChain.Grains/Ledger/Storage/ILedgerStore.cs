using CareChain.Grains.Ledger.Audit;
using CareChain.Grains.Ledger.Checkpoints;
using CareChain.Ledger.Verification;

namespace CareChain.Grains.Ledger.Storage;

/// <summary>
/// The append-only ledger tables: the single source of truth for entries and checkpoints.
/// </summary>
public interface ILedgerStore
{
    /// <summary>
    /// Appends entries durably. Returns only after they are committed; if the commit fails the
    /// task faults and none of the entries (nor any others sharing the transaction) are stored.
    /// </summary>
    Task AppendAsync(IReadOnlyList<StoredEntry> entries, CancellationToken cancellationToken);

    /// <summary>Reads a shard's committed entries in sequence order, from <paramref name="fromSequence"/>.</summary>
    IAsyncEnumerable<StoredEntry> ReadShardAsync(int shard, long fromSequence, int? count, CancellationToken cancellationToken);

    Task AppendCheckpointAsync(SignedCheckpointView checkpoint, CancellationToken cancellationToken);

    Task<SignedCheckpointView?> ReadLatestCheckpointAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<SignedCheckpointView> ReadCheckpointsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records the shard count on first use and refuses a different one later: changing it would
    /// move patients between shards and break every proof already handed out.
    /// </summary>
    Task EnsureShardCountAsync(int shards, CancellationToken cancellationToken);

    /// <summary>
    /// Searches the audit index (filters ANDed, newest first) and returns the matching entries,
    /// decoded strictly from their stored bodies.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The query's offset or count is out of range.</exception>
    Task<AuditPage> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Indexes entries that have no audit index row (written before the index existed), in
    /// chunks. Returns how many were indexed; safe to run again or concurrently.
    /// </summary>
    Task<int> IndexUnindexedEntriesAsync(CancellationToken cancellationToken);
}
