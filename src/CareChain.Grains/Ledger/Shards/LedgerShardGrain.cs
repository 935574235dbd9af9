using CareChain.Grains.Ledger.Storage;
using CareChain.Ledger.Chain;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Merkle;
using CareChain.Ledger.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace CareChain.Grains.Ledger.Shards;

/// <summary>
/// Owns one shard's chain head and Merkle tree. Appends are group-committed: while one batch is
/// being written, new appends queue up and go together in the next transaction. The grain is
/// reentrant so those appends can arrive while a commit is in flight; all state changes happen
/// between awaits on the activation's single thread, so no locking is needed.
/// </summary>
[Reentrant]
public sealed class LedgerShardGrain(
    ILedgerStore store,
    TimeProvider time,
    IOptions<LedgerOptions> options,
    ILogger<LedgerShardGrain> logger) : Grain, ILedgerShardGrain
{
    private readonly MerkleTree _tree = new();
    private readonly List<PendingAppend> _pending = [];
    private readonly int _maxBatch = options.Value.MaxBatchSize;
    private int _shard;
    private byte[] _head = [];
    private Task? _flushing;
    private bool _needsCatchUp;
    private string? _integrityFailure;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyLong();
        if (key < 0 || key >= options.Value.Shards)
        {
            throw new InvalidOperationException($"Ledger shard {key} does not exist; shards are 0 to {options.Value.Shards - 1}.");
        }

        _shard = (int)key;
        _head = HashChain.Genesis(_shard);
        await CatchUpAsync(cancellationToken);
        await CheckAgainstLatestCheckpointAsync(cancellationToken);
        logger.ShardRecovered(_shard, _tree.Size);
    }

    public Task<LedgerReceipt> AppendAsync(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ThrowIfBroken();

        var pending = new PendingAppend(record);
        _pending.Add(pending);
        if (_flushing is null || _flushing.IsCompleted)
        {
            _flushing = FlushAsync();
        }

        return pending.Completion.Task;
    }

    public Task<ShardHeadView> GetHeadAsync() =>
        Task.FromResult(new ShardHeadView(_shard, _tree.Size, _tree.Root(), _head));

    public Task<InclusionProofView> ProveInclusionAsync(long sequence, long treeSize)
    {
        if (treeSize < 1 || treeSize > _tree.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(treeSize), treeSize, $"Tree size must be between 1 and {_tree.Size}.");
        }

        if (sequence < 0 || sequence >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, $"Sequence must be between 0 and {treeSize - 1}.");
        }

        var proof = _tree.ProveInclusion(sequence, treeSize);
        return Task.FromResult(new InclusionProofView(
            _shard, sequence, treeSize, _tree.LeafHash(sequence), _tree.RootAt(treeSize), proof.Path));
    }

    public Task<ConsistencyProofView> ProveConsistencyAsync(long fromSize, long toSize)
    {
        if (toSize < 1 || toSize > _tree.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(toSize), toSize, $"Target size must be between 1 and {_tree.Size}.");
        }

        if (fromSize < 1 || fromSize > toSize)
        {
            throw new ArgumentOutOfRangeException(nameof(fromSize), fromSize, $"Source size must be between 1 and {toSize}.");
        }

        var proof = _tree.ProveConsistency(fromSize, toSize);
        return Task.FromResult(new ConsistencyProofView(
            _shard, fromSize, toSize, _tree.RootAt(fromSize), _tree.RootAt(toSize), proof.Path));
    }

    private async Task FlushAsync()
    {
        // Let requests already queued for this activation join the first batch.
        await Task.Yield();
        while (_pending.Count > 0)
        {
            var take = Math.Min(_pending.Count, _maxBatch);
            var batch = _pending.GetRange(0, take);
            _pending.RemoveRange(0, take);
            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<PendingAppend> batch)
    {
        if (_needsCatchUp && !await TryCatchUpAsync())
        {
            Fail(batch, new LedgerCommitException($"Ledger shard {_shard} could not reload its head from the store."));
            return;
        }

        if (_integrityFailure is not null)
        {
            Fail(batch, new LedgerIntegrityException(_integrityFailure));
            return;
        }

        // Build the batch against a copy of the head; the grain's state moves only after the commit.
        var timestamp = LedgerTime.Now(time);
        var rows = new List<StoredEntry>(batch.Count);
        var accepted = new List<(PendingAppend Append, byte[] Leaf)>(batch.Count);
        var head = _head;
        var sequence = _tree.Size;
        foreach (var append in batch)
        {
            byte[] body;
            try
            {
                body = LedgerEntryCodec.Encode(ToEntry(append.Record, sequence, timestamp));
            }
            catch (ArgumentException invalid)
            {
                // One malformed record fails alone; it takes no sequence number.
                append.Completion.TrySetException(invalid);
                continue;
            }

            head = HashChain.Next(head, body);
            rows.Add(new StoredEntry(_shard, sequence, body, head));
            accepted.Add((append, MerkleHash.Leaf(body)));
            sequence++;
        }

        if (rows.Count == 0)
        {
            return;
        }

        try
        {
            await store.AppendAsync(rows, CancellationToken.None);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            logger.ShardCommitFailed(_shard, rows.Count, failure);
            var error = new LedgerCommitException($"Ledger commit failed on shard {_shard}; nothing was appended.", failure);
            foreach (var (append, _) in accepted)
            {
                append.Completion.TrySetException(error);
            }

            // A failed commit can be ambiguous (the connection dropped after COMMIT): reload from the rows before appending again.
            _needsCatchUp = true;
            return;
        }

        for (var i = 0; i < accepted.Count; i++)
        {
            _tree.Append(accepted[i].Leaf);
            accepted[i].Append.Completion.TrySetResult(new LedgerReceipt(_shard, rows[i].Sequence, rows[i].EntryHash!));
        }

        _head = head;
    }

    private async Task<bool> TryCatchUpAsync()
    {
        try
        {
            await CatchUpAsync(CancellationToken.None);
            _needsCatchUp = false;
            return true;
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            logger.ShardCommitFailed(_shard, 0, failure);
            return false;
        }
    }

    /// <summary>Folds committed rows beyond the in-memory head into it, checking the chain as it goes.</summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await foreach (var row in store.ReadShardAsync(_shard, _tree.Size, null, cancellationToken))
        {
            var expectedSequence = _tree.Size;
            if (row.Sequence != expectedSequence)
            {
                MarkBroken(expectedSequence, $"expected sequence {expectedSequence}, found {row.Sequence}");
                return;
            }

            var hash = HashChain.Next(_head, row.Body);
            if (row.EntryHash is null || !hash.AsSpan().SequenceEqual(row.EntryHash))
            {
                MarkBroken(expectedSequence, "stored entry hash does not match the chain");
                return;
            }

            _tree.Append(MerkleHash.Leaf(row.Body));
            _head = hash;
        }
    }

    /// <summary>
    /// A chain that verifies on its own can still be short: rows cut from the tail leave a valid
    /// prefix. The last signed checkpoint says how long the shard was and what its root was.
    /// </summary>
    private async Task CheckAgainstLatestCheckpointAsync(CancellationToken cancellationToken)
    {
        var latest = await store.ReadLatestCheckpointAsync(cancellationToken);
        if (_integrityFailure is not null || latest is null)
        {
            return;
        }

        var head = SignedCheckpoint.Parse(latest.Body, latest.Signature, latest.KeyId).Checkpoint.Shards
            .FirstOrDefault(shard => shard.Shard == _shard);
        if (head is null)
        {
            return;
        }

        if (head.Size > _tree.Size)
        {
            MarkBroken(_tree.Size, $"checkpoint {latest.Number} covers {head.Size} entries but only {_tree.Size} are stored");
        }
        else if (!_tree.RootAt(head.Size).AsSpan().SequenceEqual(head.Root))
        {
            MarkBroken(head.Size - 1, $"the stored entries do not match the root signed in checkpoint {latest.Number}");
        }
    }

    private void MarkBroken(long sequence, string reason)
    {
        _integrityFailure = $"Ledger shard {_shard} failed its integrity check at sequence {sequence}: {reason}.";
        logger.ShardIntegrityFailed(_shard, sequence, reason);
    }

    private void ThrowIfBroken()
    {
        if (_integrityFailure is not null)
        {
            throw new LedgerIntegrityException(_integrityFailure);
        }
    }

    private static void Fail(List<PendingAppend> batch, Exception error)
    {
        foreach (var append in batch)
        {
            append.Completion.TrySetException(error);
        }
    }

    private LedgerEntry ToEntry(LedgerRecord record, long sequence, DateTimeOffset timestamp) => new(
        _shard,
        sequence,
        timestamp,
        record.Action,
        record.Outcome,
        record.Actor,
        record.Patient,
        record.ResourceType,
        record.Resources,
        record.Purpose,
        record.Consent,
        record.Provision,
        record.Model,
        record.Details);
}
