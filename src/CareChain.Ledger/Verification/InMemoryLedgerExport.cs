using System.Runtime.CompilerServices;
using CareChain.Ledger.Checkpoints;

namespace CareChain.Ledger.Verification;

/// <summary>
/// An export held in memory, for tests and small tools. Rows and checkpoints are returned exactly
/// as given (a shard missing from <paramref name="shards"/> has no rows); <paramref name="checkpointKey"/>
/// is the key shipped with the export, if any.
/// </summary>
public sealed class InMemoryLedgerExport(
    IReadOnlyDictionary<int, IReadOnlyList<StoredEntry>> shards,
    IReadOnlyList<SignedCheckpoint> checkpoints,
    CheckpointKey? checkpointKey = null) : ILedgerExport
{
    private readonly IReadOnlyDictionary<int, IReadOnlyList<StoredEntry>> _shards = shards ?? throw new ArgumentNullException(nameof(shards));
    private readonly IReadOnlyList<SignedCheckpoint> _checkpoints = checkpoints ?? throw new ArgumentNullException(nameof(checkpoints));
    private readonly CheckpointKey? _checkpointKey = checkpointKey;

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

    public ValueTask<CheckpointKey?> ReadCheckpointKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_checkpointKey);
}
