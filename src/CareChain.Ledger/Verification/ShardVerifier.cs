using CareChain.Ledger.Chain;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Merkle;

namespace CareChain.Ledger.Verification;

/// <summary>
/// Second pass, one shard: streams its rows once, recomputing the chain from genesis and the
/// Merkle frontier, and compares both with every checkpoint that grew the shard. Memory is the
/// frontier (O(log n)) plus three hashes.
/// </summary>
internal sealed class ShardVerifier(int shard, CheckpointTargets targets, long latestSize, VerificationRun run)
{
    private readonly byte[] _head = HashChain.Genesis(shard);
    private readonly byte[] _leaf = new byte[HashChain.HashSize];
    private readonly byte[] _root = new byte[HashChain.HashSize];
    private readonly MerkleFrontier _frontier = new();
    private int _nextTarget;

    private long Verified => _frontier.Size;

    public async Task VerifyAsync(ILedgerExport export, CancellationToken cancellationToken)
    {
        VerificationFailure? failure = null;
        long reported = 0;
        try
        {
            var rows = ExportReader.ReadAsync(
                () => export.ReadShardAsync(shard, cancellationToken),
                error => VerificationFailedException.At(shard, Verified, $"rows could not be read from the export: {error.Message}"),
                cancellationToken);
            await foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Verify(row);
                if (Verified - reported == LedgerVerifier.ProgressInterval)
                {
                    if (run.IsSuperseded(shard))
                    {
                        return;
                    }

                    run.AddProgress(shard, Verified - reported);
                    reported = Verified;
                }
            }

            if (_nextTarget < targets.Count)
            {
                var last = targets.Count - 1;
                throw VerificationFailedException.At(
                    shard,
                    Verified,
                    $"shard is truncated: checkpoint {targets.Number(last)} covers {targets.Size(last)} entries, the export has {Verified}");
            }
        }
        catch (VerificationFailedException failed)
        {
            failure = failed.Failure;
        }

        run.AddProgress(shard, Verified - reported);
        run.Complete(shard, Verified, Math.Max(0, Verified - latestSize), failure);
    }

    private void Verify(StoredEntry? row)
    {
        var sequence = Verified;
        if (row is null || row.Body is null)
        {
            throw VerificationFailedException.At(shard, sequence, "row has no body");
        }

        if (row.Shard != shard)
        {
            throw VerificationFailedException.At(shard, sequence, $"row of shard {row.Shard} appears in this shard's export");
        }

        if (row.Sequence != sequence)
        {
            throw VerificationFailedException.At(shard, sequence, $"expected sequence {sequence}, found {row.Sequence}: rows are missing, repeated or out of order");
        }

        (int Shard, long Sequence) entry;
        try
        {
            entry = LedgerEntryCodec.Validate(row.Body);
        }
        catch (LedgerFormatException error)
        {
            throw VerificationFailedException.At(shard, sequence, $"body is not a canonical ledger entry: {error.Message}");
        }

        if (entry.Shard != shard || entry.Sequence != sequence)
        {
            throw VerificationFailedException.At(shard, sequence, $"body is entry {entry.Sequence} of shard {entry.Shard}");
        }

        HashChain.Next(_head, row.Body, _head);
        if (row.EntryHash is not null && !row.EntryHash.AsSpan().SequenceEqual(_head))
        {
            throw VerificationFailedException.At(shard, sequence, "entry hash does not match the chain");
        }

        MerkleHash.Leaf(row.Body, _leaf);
        _frontier.Append(_leaf);

        if (_nextTarget < targets.Count && targets.Size(_nextTarget) == _frontier.Size)
        {
            var number = targets.Number(_nextTarget);
            _frontier.Root(_root);
            if (!targets.Root(_nextTarget).SequenceEqual(_root))
            {
                throw VerificationFailedException.At(shard, sequence, $"Merkle root over entries 0..{sequence} does not match checkpoint {number}");
            }

            if (!targets.Head(_nextTarget).SequenceEqual(_head))
            {
                throw VerificationFailedException.At(shard, sequence, $"chain head does not match checkpoint {number}");
            }

            _nextTarget++;
        }
    }
}
