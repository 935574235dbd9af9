using System.Runtime.CompilerServices;
using CareChain.Ledger.Checkpoints;

namespace CareChain.Ledger.Verification;

/// <summary>An export held in memory, for tests and small tools. Rows are returned exactly as given.</summary>
public sealed class InMemoryLedgerExport(
    IReadOnlyDictionary<int, IReadOnlyList<StoredEntry>> shards,
    IReadOnlyList<SignedCheckpoint> checkpoints,
    CheckpointKey? checkpointKey = null) : ILedgerExport
{
    private readonly IReadOnlyDictionary<int, IReadOnlyList<StoredEntry>> _shards = shards ?? throw new ArgumentNullException(nameof(shards));
    private readonly IReadOnlyList<SignedCheckpoint> _checkpoints = checkpoints ?? throw new ArgumentNullException(nameof(checkpoints));

    public async IAsyncEnumerable<StoredEntry> ReadShardAsync(int shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!_shards.TryGetValue(shard, out var rows))
        {
            yield break;
        }

        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }

        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<SignedCheckpoint> ReadCheckpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var checkpoint in _checkpoints)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return checkpoint;
        }

        await Task.CompletedTask;
    }

    public ValueTask<CheckpointKey?> ReadCheckpointKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(checkpointKey);
}
