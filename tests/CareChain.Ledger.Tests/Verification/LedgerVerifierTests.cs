using System.Runtime.CompilerServices;
using System.Text;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Tests.Support;
using CareChain.Ledger.Verification;

namespace CareChain.Ledger.Tests.Verification;

[Trait("Category", "Unit")]
public sealed class LedgerVerifierTests : IDisposable
{
    private readonly TestLedger _ledger = TestLedger.Standard();

    public void Dispose() => _ledger.Dispose();

    [Fact]
    public async Task Intact_ledger_verifies_and_counts_entries_beyond_the_last_checkpoint()
    {
        var report = await new LedgerVerifier(_ledger.Signer.PublicKey).VerifyAsync(_ledger.Export(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(report.IsIntact, report.Failure?.ToString());
        Assert.Equal(new VerificationReport(true, 98, 4, 2, _ledger.Signer.PublicKey.KeyId, 11, null), report);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public async Task Result_does_not_depend_on_how_many_shards_run_at_once(int parallelism)
    {
        var sut = new LedgerVerifier(_ledger.Signer.PublicKey) { MaxDegreeOfParallelism = parallelism };
        _ledger.Rows[3].RemoveAt(4);
        _ledger.Rows[1][2] = _ledger.Rows[1][2] with { EntryHash = new byte[32] };

        var report = await sut.VerifyAsync(_ledger.Export(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new VerificationFailure(1, 2, "entry hash does not match the chain"), report.Failure);
        Assert.Equal(40 + 2, report.Entries);
    }

    [Fact]
    public async Task Without_a_pinned_key_the_exported_key_is_used_and_reported()
    {
        var report = await new LedgerVerifier().VerifyAsync(_ledger.Export(includeKey: true), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(report.IsIntact);
        Assert.Equal(_ledger.Signer.PublicKey.KeyId, report.KeyId);
    }

    [Fact]
    public async Task Without_any_key_verification_fails_instead_of_trusting_the_checkpoints()
    {
        var report = await new LedgerVerifier().VerifyAsync(_ledger.Export(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(report.IsIntact);
        Assert.Contains("no checkpoint key", report.Failure!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_latest_checkpoint_is_enough()
    {
        _ledger.Checkpoints.RemoveRange(0, 2);

        var report = await Verify();

        Assert.True(report.IsIntact, report.Failure?.ToString());
        Assert.Equal(2, report.CheckpointNumber);
    }

    [Fact]
    public async Task Missing_intermediate_checkpoint_is_allowed_because_chaining_is_checked_between_consecutive_numbers()
    {
        _ledger.Checkpoints.RemoveAt(1);

        Assert.True((await Verify()).IsIntact);
    }

    [Fact]
    public async Task Truncating_only_entries_beyond_the_last_checkpoint_is_not_detectable_and_is_reported_as_fewer_pending()
    {
        _ledger.Rows[0].RemoveRange(36, 4);

        var report = await Verify();

        Assert.True(report.IsIntact);
        Assert.Equal(7, report.UncheckpointedEntries);
    }

    [Fact]
    public async Task Consistent_rewrite_of_entries_not_yet_checkpointed_passes_until_the_next_checkpoint()
    {
        // Entries beyond the last checkpoint are only chain-checked: a forger who also rewrites the
        // stored hashes is indistinguishable from the original until a checkpoint signs over them.
        Apply("history rewritten after the last checkpoint");

        var report = await Verify();

        Assert.True(report.IsIntact);
        Assert.Equal(11, report.UncheckpointedEntries);
    }

    public static TheoryData<string, int?, long?, string> Tampers => new()
    {
        { "one byte of a body changed", 1, 7, "entry hash does not match the chain" },
        { "body is not json", 0, 3, "body is not a canonical ledger entry" },
        { "body is not canonical", 3, 9, "body is not a canonical ledger entry" },
        { "row deleted", 3, 12, "expected sequence 12, found 13" },
        { "row duplicated", 0, 11, "expected sequence 11, found 10" },
        { "rows swapped", 0, 15, "expected sequence 15, found 16" },
        { "bodies swapped", 0, 15, "body is entry 16 of shard 0" },
        { "tail truncated below a checkpoint", 1, 18, "shard is truncated: checkpoint 2 covers 22 entries, the export has 18" },
        { "whole shard missing", 3, 0, "shard is truncated: checkpoint 2 covers 30 entries, the export has 0" },
        { "row moved to another shard", 0, 5, "row of shard 3 appears in this shard's export" },
        { "body moved to another shard", 0, 5, "body is entry 5 of shard 3" },
        { "stored hash mismatch", 3, 20, "entry hash does not match the chain" },
        { "history rewritten with consistent hashes", 1, 4, "Merkle root over entries 0..4 does not match checkpoint 0" },
        { "row without body", 2, 0, "row has no body" },
        { "checkpoint signature altered", null, null, "checkpoint 1 has an invalid signature" },
        { "checkpoint body altered", null, null, "checkpoint 1 has an invalid signature" },
        { "checkpoint signed by another key", null, null, "checkpoint 2 is signed by another key" },
        { "checkpoints reordered", null, null, "checkpoints are out of order: checkpoint 0 follows checkpoint 1" },
        { "checkpoint duplicated", null, null, "checkpoints are out of order: checkpoint 1 follows checkpoint 1" },
        { "checkpoint not chained", null, null, "checkpoint 3 does not chain to checkpoint 2" },
        { "checkpoint shrinks a shard", 0, null, "checkpoint 3 shrinks the shard from 35 to 30 entries" },
        { "checkpoint forks a shard", 1, null, "checkpoint 3 changes the shard's root or head without adding entries" },
        { "checkpoint dated earlier", null, null, "checkpoint 3 is dated before checkpoint 2" },
        { "checkpoint with malformed body", null, null, "checkpoint at position 4 has a malformed body" },
        { "no checkpoints", null, null, "no signed checkpoint" },
        { "empty export", null, null, "no signed checkpoint" },
    };

    [Theory]
    [MemberData(nameof(Tampers))]
    public async Task Tampering_is_detected_and_located(string tamper, int? shard, long? sequence, string reason)
    {
        Apply(tamper);

        var report = await Verify();

        Assert.False(report.IsIntact);
        var failure = report.Failure!;
        Assert.Equal(shard, failure.Shard);
        Assert.Equal(sequence, failure.Sequence);
        Assert.StartsWith(reason, failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_reads_as_shard_sequence_and_reason()
    {
        Apply("stored hash mismatch");

        var report = await Verify();

        Assert.Equal("shard 3, sequence 20: entry hash does not match the chain", report.Failure!.ToString());
        Assert.Equal(40 + 25 + 20, report.Entries);
    }

    [Fact]
    public async Task Failing_export_becomes_a_failure_not_an_exception()
    {
        var report = await new LedgerVerifier(_ledger.Signer.PublicKey).VerifyAsync(new ThrowingExport(_ledger.Export()), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new VerificationFailure(1, 3, "rows could not be read from the export: disk on fire"), report.Failure);
    }

    [Fact]
    public async Task Progress_is_reported_for_every_shard_with_a_running_total()
    {
        var reports = new List<VerificationProgress>();

        await new LedgerVerifier(_ledger.Signer.PublicKey).VerifyAsync(_ledger.Export(), new SynchronousProgress(reports.Add), TestContext.Current.CancellationToken);

        Assert.Equal([0, 1, 2, 3], reports.Select(r => r.Shard).Order());
        Assert.Equal(98, reports.Max(r => r.EntriesVerified));
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new LedgerVerifier(_ledger.Signer.PublicKey).VerifyAsync(_ledger.Export(), null, cancelled.Token));
    }

    private Task<VerificationReport> Verify() =>
        new LedgerVerifier(_ledger.Signer.PublicKey).VerifyAsync(_ledger.Export(), cancellationToken: TestContext.Current.CancellationToken);

    private void Apply(string tamper)
    {
        var rows = _ledger.Rows;
        var checkpoints = _ledger.Checkpoints;
        switch (tamper)
        {
            case "one byte of a body changed":
                var body = (byte[])rows[1][7].Body.Clone();
                var at = Encoding.UTF8.GetString(body).IndexOf("\"patient\":\"", StringComparison.Ordinal) + 11;
                body[at] = (byte)(body[at] == (byte)'0' ? '1' : '0');
                rows[1][7] = rows[1][7] with { Body = body };
                break;
            case "body is not json":
                rows[0][3] = rows[0][3] with { Body = "this is not json"u8.ToArray() };
                break;
            case "body is not canonical":
                rows[3][9] = rows[3][9] with { Body = [.. rows[3][9].Body, (byte)'\n'] };
                break;
            case "row deleted":
                rows[3].RemoveAt(12);
                break;
            case "row duplicated":
                rows[0].Insert(11, rows[0][10]);
                break;
            case "rows swapped":
                (rows[0][15], rows[0][16]) = (rows[0][16], rows[0][15]);
                break;
            case "bodies swapped":
                (rows[0][15], rows[0][16]) = (rows[0][15] with { Body = rows[0][16].Body }, rows[0][16] with { Body = rows[0][15].Body });
                break;
            case "tail truncated below a checkpoint":
                rows[1].RemoveRange(18, rows[1].Count - 18);
                break;
            case "whole shard missing":
                rows[3].Clear();
                break;
            case "row moved to another shard":
                rows[0][5] = rows[3][5];
                break;
            case "body moved to another shard":
                rows[0][5] = rows[0][5] with { Body = rows[3][5].Body };
                break;
            case "stored hash mismatch":
                rows[3][20] = rows[3][20] with { EntryHash = rows[3][19].EntryHash };
                break;
            case "history rewritten with consistent hashes":
                _ledger.RewriteWithConsistentHashes(1, 3, e => e with { Outcome = "error" });
                break;
            case "history rewritten after the last checkpoint":
                _ledger.RewriteWithConsistentHashes(0, 37, e => e with { Outcome = "error" });
                break;
            case "row without body":
                rows[2].Add(new StoredEntry(2, 0, null!, null));
                break;
            case "checkpoint signature altered":
                var signature = (byte[])checkpoints[1].Signature.Clone();
                signature[0] ^= 1;
                checkpoints[1] = checkpoints[1] with { Signature = signature };
                break;
            case "checkpoint body altered":
                var text = Encoding.UTF8.GetString(checkpoints[1].Body).Replace("\"size\":16", "\"size\":15", StringComparison.Ordinal);
                checkpoints[1] = checkpoints[1] with { Body = Encoding.UTF8.GetBytes(text) };
                break;
            case "checkpoint signed by another key":
                using (var other = CheckpointSigner.Generate())
                {
                    checkpoints[2] = other.Sign(checkpoints[2].Checkpoint);
                }

                break;
            case "checkpoints reordered":
                (checkpoints[0], checkpoints[1]) = (checkpoints[1], checkpoints[0]);
                break;
            case "checkpoint duplicated":
                checkpoints.Insert(2, checkpoints[1]);
                break;
            case "checkpoint not chained":
                checkpoints.Add(_ledger.Signer.Sign(_ledger.CheckpointAt([38, 22, 0, 30], 3, checkpoints[1].Hash())));
                break;
            case "checkpoint shrinks a shard":
                checkpoints.Add(_ledger.Signer.Sign(_ledger.CheckpointAt([30, 22, 0, 30], 3, checkpoints[2].Hash())));
                break;
            case "checkpoint forks a shard":
                var fork = _ledger.CheckpointAt([36, 22, 0, 30], 3, checkpoints[2].Hash());
                var heads = fork.Shards.ToArray();
                heads[1] = heads[1] with { Root = heads[0].Root };
                checkpoints.Add(_ledger.Signer.Sign(fork with { Shards = heads }));
                break;
            case "checkpoint dated earlier":
                var early = _ledger.CheckpointAt([36, 22, 0, 30], 3, checkpoints[2].Hash());
                checkpoints.Add(_ledger.Signer.Sign(early with { Timestamp = SampleEntries.Epoch }));
                break;
            case "checkpoint with malformed body":
                var garbage = "{\"not\":\"a checkpoint\"}"u8.ToArray();
                checkpoints.Add(new SignedCheckpoint(garbage, SignWithTag(garbage), _ledger.Signer.PublicKey.KeyId));
                break;
            case "no checkpoints":
                checkpoints.Clear();
                break;
            case "empty export":
                checkpoints.Clear();
                foreach (var shardRows in rows)
                {
                    shardRows.Clear();
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(tamper));
        }
    }

    private byte[] SignWithTag(byte[] body)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(_ledger.Signer.ExportPkcs8Pem());
        return key.SignData(
            [.. "carechain.ledger.checkpoint.sig.v1"u8, 0x00, .. body],
            System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private sealed class SynchronousProgress(Action<VerificationProgress> report) : IProgress<VerificationProgress>
    {
        public void Report(VerificationProgress value) => report(value);
    }

    private sealed class ThrowingExport(ILedgerExport inner) : ILedgerExport
    {
        public IAsyncEnumerable<SignedCheckpoint> ReadCheckpointsAsync(CancellationToken cancellationToken) => inner.ReadCheckpointsAsync(cancellationToken);

        public async IAsyncEnumerable<StoredEntry> ReadShardAsync(int shard, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var count = 0;
            await foreach (var row in inner.ReadShardAsync(shard, cancellationToken))
            {
                if (shard == 1 && count++ == 3)
                {
                    throw new IOException("disk on fire");
                }

                yield return row;
            }
        }
    }
}
