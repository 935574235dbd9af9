using System.Globalization;
using System.Security.Cryptography;
using CareChain.Grains.Ledger;
using CareChain.Grains.Ledger.Shards;
using CareChain.Ledger.Checkpoints;
using CareChain.Server.Hosting;
using CareChain.Server.Storage;
using CareChain.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CareChain.Benchmarks.Ledger;

/// <summary>
/// The full server as Program.cs composes it (Kestrel on a free loopback port, the co-hosted silo,
/// real storage with durability on), in a fresh data folder and, for PostgreSQL, on a private
/// server with a fresh database. Disposing stops everything and deletes what it created.
/// </summary>
internal sealed class LedgerServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TemporaryDirectory _folder;
    private readonly PostgresServer? _postgres;

    private LedgerServerHost(WebApplication app, TemporaryDirectory folder, PostgresServer? postgres)
    {
        _app = app;
        _folder = folder;
        _postgres = postgres;
    }

    public LedgerWriter Writer => _app.Services.GetRequiredService<LedgerWriter>();

    public int Shards => _app.Services.GetRequiredService<IOptions<LedgerOptions>>().Value.Shards;

    public static async Task<LedgerServerHost> StartAsync(StorageProvider provider, int shards = 16)
    {
        var folder = new TemporaryDirectory("carechain-bench");
        PostgresServer? postgres = null;
        try
        {
            string? connectionString = null;
            if (provider == StorageProvider.Postgres)
            {
                // fsync and synchronous_commit stay on: the benchmark measures durable commits.
                postgres = new PostgresServer();
                await postgres.StartAsync();
                connectionString = await postgres.CreateDatabaseAsync("carechain_bench");
            }

            using var signer = CheckpointSigner.Generate();
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                EnvironmentName = Environments.Production,
                ContentRootPath = folder.Path,
            });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Storage:Provider"] = provider.ToString(),
                ["Storage:DataPath"] = folder.Combine("data"),
                ["Storage:ConnectionString"] = connectionString,
                ["Ledger:Shards"] = shards.ToString(CultureInfo.InvariantCulture),
                ["Ledger:Keys:CheckpointSigningKey"] = signer.ExportPkcs8Pem(),
                ["Ledger:Keys:PseudonymKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Orleans:SiloPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
                ["Orleans:GatewayPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
            });

            // The benchmark's console is BenchmarkDotNet's log: only problems belong there.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddCareChainServer();

            var app = builder.Build();
            app.MapCareChainEndpoints();
            await app.StartAsync();
            return new LedgerServerHost(app, folder, postgres);
        }
        catch
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            folder.Dispose();
            throw;
        }
    }

    /// <summary>Sum of the committed sizes of all shards, read from the shard grains.</summary>
    public async Task<long> CommittedEntriesAsync()
    {
        var grains = _app.Services.GetRequiredService<IGrainFactory>();
        var heads = await Task.WhenAll(Enumerable.Range(0, Shards).Select(shard => grains.GetGrain<ILedgerShardGrain>(shard).GetHeadAsync()));
        return heads.Sum(head => head.Size);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
        finally
        {
            try
            {
                if (_postgres is not null)
                {
                    await _postgres.DisposeAsync();
                }
            }
            finally
            {
                _folder.Dispose();
            }
        }
    }
}
