using CareChain.Server.Storage;
using CareChain.Server.Tests.Hosting;
using CareChain.Testing;

namespace CareChain.Server.Tests.Ledger;

public sealed class LedgerDurabilityTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Restarted_silo_keeps_every_entry_and_continues_the_same_chain(StorageProvider provider)
    {
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(provider, folder, postgres);

        long sizeBefore;
        await using (var first = await ServerHost.StartAsync(settings))
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => first.Ledger.AppendAsync(SampleRecords.Read(i % 17, i))));
            var checkpoint = await first.CheckpointAsync();
            Assert.Equal(0, checkpoint.Number);
            sizeBefore = (await first.VerifyAsync()).Entries;
        }

        await using var second = await ServerHost.StartAsync(settings);
        var receipt = await second.Ledger.AppendAsync(SampleRecords.Read(3, 1000));
        var shardRows = await second.Store.ReadShardAsync(receipt.Shard, 0, null, TestContext.Current.CancellationToken)
            .CountAsync(TestContext.Current.CancellationToken);
        Assert.Equal(shardRows - 1, receipt.Sequence);

        await Task.WhenAll(Enumerable.Range(0, 99).Select(i => second.Ledger.AppendAsync(SampleRecords.Read(i % 5, 2000 + i))));
        var next = await second.CheckpointAsync();
        var report = await second.VerifyAsync();

        Assert.Equal(200, sizeBefore);
        Assert.Equal(1, next.Number);
        Assert.True(report.IsIntact, report.Failure?.ToString());
        Assert.Equal(300, report.Entries);
        Assert.Equal(1, report.CheckpointNumber);
        Assert.Equal(0, report.UncheckpointedEntries);
    }
}
