using System.Diagnostics.Metrics;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Hosting;
using CareChain.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CareChain.Server.Tests.Ledger;

public sealed class LedgerConcurrencyTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Thousands_of_concurrent_appends_across_shards_are_all_committed_and_verify(StorageProvider provider)
    {
        const int appends = 5000;
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(provider, folder, postgres, shards: 8);
        await using var host = await ServerHost.StartAsync(settings);

        var receipts = await Task.WhenAll(Enumerable.Range(0, appends)
            .Select(i => Task.Run(() => host.Ledger.AppendAsync(SampleRecords.Read(i % 97, i)), TestContext.Current.CancellationToken)));
        await host.CheckpointAsync();
        var report = await host.VerifyAsync();

        Assert.Equal(appends, receipts.Select(r => (r.Shard, r.Sequence)).Distinct().Count());
        foreach (var shard in receipts.GroupBy(r => r.Shard))
        {
            // Every shard's sequence numbers are exactly 0..n-1: none lost, none skipped, none doubled.
            Assert.Equal(Enumerable.Range(0, shard.Count()).Select(i => (long)i), shard.Select(r => r.Sequence).Order());
        }

        Assert.True(receipts.Select(r => r.Shard).Distinct().Count() > 1, "appends should spread over shards");
        Assert.True(report.IsIntact, report.Failure?.ToString());
        Assert.Equal(appends, report.Entries);
        Assert.Equal(0, report.UncheckpointedEntries);
    }

    [Fact]
    public async Task Concurrent_appends_share_commits()
    {
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(StorageProvider.Sqlite, folder, postgres, shards: 1);
        await using var host = await ServerHost.StartAsync(settings);
        using var commits = new CommitCounter(host.Services.GetRequiredService<IMeterFactory>());

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(1, i))));

        Assert.Equal(2000, commits.Entries);
        Assert.True(commits.Transactions < 2000, $"{commits.Transactions} transactions for 2000 appends: no group commit");
    }
}
