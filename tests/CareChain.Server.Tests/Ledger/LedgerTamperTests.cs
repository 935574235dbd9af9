using CareChain.Grains.Ledger;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Hosting;
using CareChain.Testing;

namespace CareChain.Server.Tests.Ledger;

public sealed class LedgerTamperTests(PostgresServer postgres)
{
    private const int Appends = 120;

    public static TheoryData<StorageProvider, Tampering> Cases()
    {
        var cases = new TheoryData<StorageProvider, Tampering>();
        foreach (var provider in Enum.GetValues<StorageProvider>())
        {
            foreach (var tampering in Enum.GetValues<Tampering>())
            {
                cases.Add(provider, tampering);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Tampering_with_the_stored_ledger_is_detected_and_located(StorageProvider provider, Tampering tampering)
    {
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(provider, folder, postgres, shards: 2);
        var (shard, size) = await WriteCheckpointedLedgerAsync(settings);

        var (expectedSequence, reasonMentions) = await TamperAsync(settings, tampering, shard, size);

        await using var host = await ServerHost.StartAsync(settings);
        var report = await host.VerifyAsync();

        Assert.False(report.IsIntact);
        var failure = Assert.IsType<CareChain.Ledger.Verification.VerificationFailure>(report.Failure);
        Assert.Contains(reasonMentions, failure.Reason, StringComparison.OrdinalIgnoreCase);
        if (expectedSequence is { } sequence)
        {
            Assert.Equal(shard, failure.Shard);
            Assert.Equal(sequence, failure.Sequence);
        }
    }

    [Theory]
    [InlineData(Tampering.OneByteOfAnEntryChanged)]
    [InlineData(Tampering.RowDeleted)]
    [InlineData(Tampering.TwoRowsSwapped)]
    [InlineData(Tampering.TailTruncatedAfterCheckpoint)]
    public async Task A_tampered_shard_refuses_further_appends(Tampering tampering)
    {
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(StorageProvider.Sqlite, folder, postgres, shards: 2);
        var (shard, size) = await WriteCheckpointedLedgerAsync(settings);
        await TamperAsync(settings, tampering, shard, size);

        await using var host = await ServerHost.StartAsync(settings);
        var record = Enumerable.Range(0, 100).Select(i => SampleRecords.Read(i, i)).First(r => host.Ledger.ShardFor(r) == shard);

        await Assert.ThrowsAsync<LedgerIntegrityException>(() => host.Ledger.AppendAsync(record));
    }

    /// <summary>Appends, checkpoints and stops; returns the fuller shard and its size.</summary>
    private static async Task<(int Shard, long Size)> WriteCheckpointedLedgerAsync(ServerSettings settings)
    {
        await using var host = await ServerHost.StartAsync(settings);
        var receipts = await Task.WhenAll(Enumerable.Range(0, Appends).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(i % 23, i))));
        await host.CheckpointAsync();
        var fullest = receipts.GroupBy(r => r.Shard).MaxBy(g => g.Count())!;
        Assert.True(fullest.Count() >= 30, "the test needs a shard with a few dozen entries");
        return (fullest.Key, fullest.Count());
    }

    /// <summary>Applies the tampering; returns where the verifier must point and a word its reason must contain.</summary>
    private static async Task<(long? Sequence, string ReasonMentions)> TamperAsync(ServerSettings settings, Tampering tampering, int shard, long size)
    {
        await using var tables = await LedgerTables.OpenAsync(settings);
        await tables.DisableAppendOnlyAsync();
        const long target = 7;
        switch (tampering)
        {
            case Tampering.OneByteOfAnEntryChanged:
                var (body, hash) = await tables.ReadEntryAsync(shard, target);
                body[body.Length / 2] ^= 0x01;
                await tables.WriteEntryAsync(shard, target, body, hash);
                return (target, string.Empty);

            case Tampering.RowDeleted:
                await tables.DeleteEntriesAsync(shard, target, target);
                return (target, string.Empty);

            case Tampering.TwoRowsSwapped:
                var first = await tables.ReadEntryAsync(shard, target);
                var second = await tables.ReadEntryAsync(shard, target + 1);
                await tables.WriteEntryAsync(shard, target, second.Body, second.Hash);
                await tables.WriteEntryAsync(shard, target + 1, first.Body, first.Hash);
                return (target, string.Empty);

            case Tampering.TailTruncatedAfterCheckpoint:
                await tables.DeleteEntriesAsync(shard, size - 5, size - 1);
                return (size - 5, string.Empty);

            case Tampering.CheckpointSignatureAltered:
                await tables.FlipCheckpointSignatureBitAsync();
                return (null, "signature");

            default:
                throw new ArgumentOutOfRangeException(nameof(tampering), tampering, null);
        }
    }
}
