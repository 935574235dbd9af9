using CareChain.Cli;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Hosting;
using CareChain.Testing;

namespace CareChain.Server.Tests.Ledger;

public sealed class LedgerCliVerificationTests(PostgresServer postgres)
{
    [Fact]
    public async Task Carechain_ledger_verify_passes_against_the_server_and_its_database_file()
    {
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(StorageProvider.Sqlite, folder, postgres);
        var keyFile = folder.Combine("checkpoint-key.pem");

        (int Code, string Out, string Error) overHttp;
        await using (var host = await ServerHost.StartAsync(settings))
        {
            await Task.WhenAll(Enumerable.Range(0, 300).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(i % 31, i))));
            await host.CheckpointAsync();
            await Task.WhenAll(Enumerable.Range(0, 7).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(i, 1000 + i))));
            var key = await host.Http.GetStringAsync(new Uri("/ledger/checkpoint-key", UriKind.Relative), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(keyFile, System.Text.Json.JsonDocument.Parse(key).RootElement.GetProperty("pem").GetString(), TestContext.Current.CancellationToken);

            overHttp = await RunAsync("ledger", "verify", "--server", host.Address.ToString(), "--key", keyFile, "--page-size", "50");
        }

        var overFile = await RunAsync("ledger", "verify", "--db", Path.Combine(settings.DataPath, StorageOptions.LedgerDatabaseFileName), "--key", keyFile);

        Assert.True(overHttp.Code == 0, overHttp.Error);
        Assert.StartsWith("ledger intact: 307 entries in 4 shards, checkpoint 0", overHttp.Out, StringComparison.Ordinal);
        Assert.Contains("7 entries after the checkpoint", overHttp.Out, StringComparison.Ordinal);
        Assert.True(overFile.Code == 0, overFile.Error);
        Assert.StartsWith("ledger intact: 307 entries in 4 shards", overFile.Out, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, new CliEnvironment(output, error), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
