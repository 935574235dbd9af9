using CareChain.Ledger.Checkpoints;

namespace CareChain.Ledger.Verification;

/// <summary>
/// First pass of verification: reads every checkpoint once, checks signature, order, chaining and
/// growth, and keeps only what the entry pass needs (each shard's checkpointed sizes and hashes).
/// </summary>
internal sealed class CheckpointHistory
{
    /// <summary>More checkpoints than this in one export are refused rather than held in memory.</summary>
    public const int MaxCheckpoints = 100_000;

    private CheckpointHistory(Checkpoint latest, string keyId, CheckpointTargets[] targets)
    {
        Latest = latest;
        KeyId = keyId;
        Targets = targets;
    }

    public Checkpoint Latest { get; }

    public string KeyId { get; }

    public CheckpointTargets[] Targets { get; }

    public static async Task<CheckpointHistory> ReadAsync(ILedgerExport export, CheckpointKey? pinnedKey, Action<string> keyUsed, CancellationToken cancellationToken)
    {
        var key = pinnedKey;
        CheckpointKey.SignatureVerifier? verifier = null;
        SignedCheckpoint? previousSigned = null;
        Checkpoint? previous = null;
        CheckpointTargets[]? targets = null;
        var position = 0;

        var checkpoints = ExportReader.ReadAsync(
            () => export.ReadCheckpointsAsync(cancellationToken),
            error => VerificationFailedException.At(null, null, $"checkpoints could not be read from the export: {error.Message}"),
            cancellationToken);
        try
        {
            await foreach (var signed in checkpoints)
            {
                position++;
                if (position > MaxCheckpoints)
                {
                    throw VerificationFailedException.At(null, null, $"export has more than {MaxCheckpoints} checkpoints");
                }

                if (signed is null || signed.Body is null || signed.Signature is null || signed.KeyId is null)
                {
                    throw VerificationFailedException.At(null, null, $"checkpoint at position {position} is incomplete");
                }

                if (key is null)
                {
                    key = await ReadExportKeyAsync(export, cancellationToken);
                    keyUsed(key.KeyId);
                }

                if (!string.Equals(signed.KeyId, key.KeyId, StringComparison.Ordinal))
                {
                    throw VerificationFailedException.At(null, null, $"{Describe(signed, position)} is signed by another key than {key.KeyId}");
                }

                verifier ??= key.CreateVerifier()
                    ?? throw VerificationFailedException.At(null, null, "checkpoint key is not a valid P-256 key matching its id");
                if (!verifier.Verify(signed))
                {
                    throw VerificationFailedException.At(null, null, $"{Describe(signed, position)} has an invalid signature");
                }

                Checkpoint checkpoint;
                try
                {
                    checkpoint = signed.Checkpoint;
                }
                catch (LedgerFormatException error)
                {
                    throw VerificationFailedException.At(null, null, $"checkpoint at position {position} has a malformed body: {error.Message}");
                }

                if (previous is not null)
                {
                    CheckFollows(checkpoint, previous, previousSigned!);
                }

                targets ??= CreateTargets(checkpoint.Shards.Count);
                for (var shard = 0; shard < checkpoint.Shards.Count; shard++)
                {
                    AddTarget(targets[shard], checkpoint.Number, checkpoint.Shards[shard], previous?.Shards[shard]);
                }

                previousSigned = signed;
                previous = checkpoint;
            }
        }
        finally
        {
            verifier?.Dispose();
        }

        if (previous is null)
        {
            throw VerificationFailedException.At(null, null, "no signed checkpoint");
        }

        return new CheckpointHistory(previous, key!.KeyId, targets!);
    }

    private static void CheckFollows(Checkpoint checkpoint, Checkpoint previous, SignedCheckpoint previousSigned)
    {
        var name = $"checkpoint {checkpoint.Number}";
        if (checkpoint.Number <= previous.Number)
        {
            throw VerificationFailedException.At(null, null, $"checkpoints are out of order: {name} follows checkpoint {previous.Number}");
        }

        // With a gap in the numbers the link cannot be checked; exports may carry only some checkpoints.
        if (checkpoint.Number == previous.Number + 1 && !checkpoint.Previous.AsSpan().SequenceEqual(previousSigned.Hash()))
        {
            throw VerificationFailedException.At(null, null, $"{name} does not chain to checkpoint {previous.Number}");
        }

        if (checkpoint.Timestamp < previous.Timestamp)
        {
            throw VerificationFailedException.At(null, null, $"{name} is dated before checkpoint {previous.Number}");
        }

        if (checkpoint.Shards.Count != previous.Shards.Count)
        {
            throw VerificationFailedException.At(null, null, $"{name} lists {checkpoint.Shards.Count} shards, checkpoint {previous.Number} lists {previous.Shards.Count}");
        }
    }

    private static void AddTarget(CheckpointTargets targets, long number, ShardHead head, ShardHead? before)
    {
        if (before is not null)
        {
            if (head.Size < before.Size)
            {
                throw VerificationFailedException.At(head.Shard, null, $"checkpoint {number} shrinks the shard from {before.Size} to {head.Size} entries");
            }

            if (head.Size == before.Size)
            {
                // Same size must mean the same tree; anything else is a second history.
                if (!head.Root.AsSpan().SequenceEqual(before.Root) || !head.Head.AsSpan().SequenceEqual(before.Head))
                {
                    throw VerificationFailedException.At(head.Shard, null, $"checkpoint {number} changes the shard's root or head without adding entries");
                }

                return;
            }
        }

        if (head.Size > 0)
        {
            targets.Add(number, head.Size, head.Root, head.Head);
        }
    }

    private static CheckpointTargets[] CreateTargets(int count)
    {
        var targets = new CheckpointTargets[count];
        for (var i = 0; i < count; i++)
        {
            targets[i] = new CheckpointTargets();
        }

        return targets;
    }

    private static async Task<CheckpointKey> ReadExportKeyAsync(ILedgerExport export, CancellationToken cancellationToken)
    {
        CheckpointKey? key;
        try
        {
            key = await export.ReadCheckpointKeyAsync(cancellationToken);
        }
        catch (Exception error) when (ExportReader.IsDataError(error, cancellationToken))
        {
            throw VerificationFailedException.At(null, null, $"checkpoint key could not be read from the export: {error.Message}");
        }

        return key ?? throw VerificationFailedException.At(null, null, "no checkpoint key: pin the published key or include it in the export");
    }

    private static string Describe(SignedCheckpoint signed, int position)
    {
        try
        {
            return $"checkpoint {signed.Checkpoint.Number}";
        }
        catch (LedgerFormatException)
        {
            return $"checkpoint at position {position}";
        }
    }
}
