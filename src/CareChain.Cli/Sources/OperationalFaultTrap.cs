using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Verification;

namespace CareChain.Cli.Sources;

/// <summary>
/// Remembers the <see cref="OperationalErrorException"/>s an export throws, by shard. The
/// verifier turns anything an export throws into a failure, which is right for bad data but wrong
/// for a dropped connection or an unreadable file: those mean "could not verify", and "broken"
/// must never be claimed without evidence. The exception is still rethrown, so the verifier stops
/// reading that shard at once.
/// </summary>
internal sealed class OperationalFaultTrap(ILedgerExport inner) : ILedgerExport
{
    // Shards are read in parallel, so faults may arrive from several threads.
    private readonly ConcurrentDictionary<int, OperationalErrorException> _shardFaults = new();
    private OperationalErrorException? _checkpointFault;

    public IAsyncEnumerable<StoredEntry> ReadShardAsync(int shard, CancellationToken cancellationToken) =>
        WatchAsync(() => inner.ReadShardAsync(shard, cancellationToken), failure => _shardFaults.TryAdd(shard, failure), cancellationToken);

    public IAsyncEnumerable<SignedCheckpoint> ReadCheckpointsAsync(CancellationToken cancellationToken) =>
        WatchAsync(() => inner.ReadCheckpointsAsync(cancellationToken), RecordCheckpointFault, cancellationToken);

    public async ValueTask<CheckpointKey?> ReadCheckpointKeyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await inner.ReadCheckpointKeyAsync(cancellationToken);
        }
        catch (OperationalErrorException failure)
        {
            RecordCheckpointFault(failure);
            throw;
        }
    }

    /// <summary>
    /// The operational error behind <paramref name="failure"/>, if that is what it was: the
    /// verifier reports the first failing shard, and only a fault in that same place (or in the
    /// checkpoints, for a failure without a shard) means the verdict is really "could not read".
    /// </summary>
    public OperationalErrorException? Explain(VerificationFailure? failure) => failure switch
    {
        null => null,
        { Shard: { } shard } => _shardFaults.GetValueOrDefault(shard),
        _ => Volatile.Read(ref _checkpointFault),
    };

    private void RecordCheckpointFault(OperationalErrorException failure) =>
        Interlocked.CompareExchange(ref _checkpointFault, failure, null);

    private static async IAsyncEnumerable<T> WatchAsync<T>(
        Func<IAsyncEnumerable<T>> open, Action<OperationalErrorException> record, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<T> enumerator;
        try
        {
            enumerator = open().GetAsyncEnumerator(cancellationToken);
        }
        catch (OperationalErrorException failure)
        {
            record(failure);
            throw;
        }

        await using (enumerator)
        {
            while (true)
            {
                bool hasItem;
                try
                {
                    hasItem = await enumerator.MoveNextAsync();
                }
                catch (OperationalErrorException failure)
                {
                    record(failure);
                    throw;
                }

                if (!hasItem)
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
    }
}
