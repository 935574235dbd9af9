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

            overHttp = await RunAsync(
                "ledger", "verify", "--server", host.Address.ToString(), "--key", keyFile, "--page-size", "50", "--token", ServerTokens.ForAuditor(settings));
        }

        // The file needs no token: whoever can read it already has every entry.
        var overFile = await RunAsync("ledger", "verify", "--db", Path.Combine(settings.DataPath, StorageOptions.LedgerDatabaseFileName), "--key", keyFile);

        Assert.True(overHttp.Code == 0, overHttp.Error);
        Assert.StartsWith("ledger intact: 307 entries in 4 shards, checkpoint 0", overHttp.Out, StringComparison.Ordinal);
        Assert.Contains("7 entries after the checkpoint", overHttp.Out, StringComparison.Ordinal);
        Assert.True(overFile.Code == 0, overFile.Error);
        Assert.StartsWith("ledger intact: 307 entries in 4 shards", overFile.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carechain_ledger_verify_takes_the_token_from_carechain_token()
    {
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(StorageProvider.Sqlite, folder, postgres, shards: 2);
        await using var host = await ServerHost.StartAsync(settings);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(i, i))));
        var token = ServerTokens.ForAuditor(settings);

        var run = await RunAsync(name => name == "CARECHAIN_TOKEN" ? token : null, "ledger", "verify", "--server", host.Address.ToString());

        Assert.True(run.Code == 0, run.Error);
        Assert.StartsWith("ledger intact: 20 entries in 2 shards", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carechain_ledger_verify_without_a_token_exits_two_with_one_line()
    {
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(StorageProvider.Sqlite, folder, postgres, shards: 2);
        await using var host = await ServerHost.StartAsync(settings);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(i, i))));

        var run = await RunAsync("ledger", "verify", "--server", host.Address.ToString());

        Assert.Equal(2, run.Code);
        Assert.Empty(run.Out);
        var line = Assert.Single(run.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: the server needs a bearer token (give --token or set CARECHAIN_TOKEN): GET /ledger/shards/", line, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carechain_ledger_verify_with_a_patient_token_exits_two_without_printing_it()
    {
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(StorageProvider.Sqlite, folder, postgres, shards: 2);
        await using var host = await ServerHost.StartAsync(settings);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(i, i))));
        var token = ServerTokens.Issue(settings, "Patient/pat-ada", "patient/*.rs");

        var run = await RunAsync("ledger", "verify", "--server", host.Address.ToString(), "--token", token);

        Assert.Equal(2, run.Code);
        var line = Assert.Single(run.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: the server refused the token: GET /ledger/shards/", line, StringComparison.Ordinal);
        Assert.Contains("HTTP 403 Forbidden: Forbidden: Only organizations", line, StringComparison.Ordinal);
        Assert.DoesNotContain(token, run.Out + run.Error, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunAsync(_ => null, args);

    /// <summary>Runs the CLI in-process with <paramref name="variables"/> as its whole environment, never the test process's own.</summary>
    private static async Task<(int Code, string Out, string Error)> RunAsync(Func<string, string?> variables, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error) { Variables = variables };
        var code = await CliApplication.RunAsync(args, environment, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
