using CareChain.Grains.Ledger;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Hosting;
using CareChain.Testing;

namespace CareChain.Server.Tests.Ledger;

public sealed class LedgerCommitFailureTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Failed_commit_fails_every_append_in_the_batch_and_leaves_the_chain_as_it_was(StorageProvider provider)
    {
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(provider, folder, postgres, shards: 1);
        await using var host = await ServerHost.StartAsync(settings);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(1, i))));

        // The database refuses the next inserts, as a full disk or a lost connection would.
        await ExecuteAsync(settings, provider == StorageProvider.Postgres
            ? "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$; " +
              "CREATE TRIGGER refuse_inserts BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION refuse();"
            : "CREATE TRIGGER refuse_inserts BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");

        var failed = Enumerable.Range(0, 50).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(1, 100 + i))).ToList();
        foreach (var append in failed)
        {
            await Assert.ThrowsAsync<LedgerCommitException>(() => append);
        }

        await ExecuteAsync(settings, "DROP TRIGGER refuse_inserts" + (provider == StorageProvider.Postgres ? " ON ledger_entries" : string.Empty));
        var next = await host.Ledger.AppendAsync(SampleRecords.Read(1, 999));
        await host.CheckpointAsync();
        var report = await host.VerifyAsync();

        Assert.Equal(10, next.Sequence);
        Assert.True(report.IsIntact, report.Failure?.ToString());
        Assert.Equal(11, report.Entries);
    }

    private static async Task ExecuteAsync(ServerSettings settings, string sql)
    {
        await using var tables = await LedgerTables.OpenAsync(settings);
        await tables.ExecuteAsync(sql);
    }
}
