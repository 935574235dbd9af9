using System.Data.Common;
using CareChain.Server.Storage;
using CareChain.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CareChain.Server.Tests.Storage;

/// <summary>The storage services alone, without a silo: for the installer and the ledger tables.</summary>
internal sealed class StorageHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StorageHarness(StorageOptions options)
    {
        Options = options;
        _services = new ServiceCollection()
            .AddLogging()
            .AddCareChainStorageServices(options)
            .BuildServiceProvider();
    }

    public StorageOptions Options { get; }

    public SchemaInstaller Installer => _services.GetRequiredService<SchemaInstaller>();

    public LedgerDatabase Ledger => _services.GetRequiredService<LedgerDatabase>();

    public StorageDataSources DataSources => _services.GetRequiredService<StorageDataSources>();

    public static StorageHarness Sqlite(TemporaryDirectory folder, bool applySchema = true) =>
        new(new StorageOptions { Provider = StorageProvider.Sqlite, DataPath = folder.Combine("data"), ApplySchema = applySchema });

    public static StorageHarness Postgres(string connectionString, bool applySchema = true) =>
        new(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString, ApplySchema = applySchema });

    public ValueTask<DbConnection> OpenOrleansAsync() => DataSources.Orleans.OpenConnectionAsync(TestContext.Current.CancellationToken);

    public ValueTask<DbConnection> OpenLedgerAsync() => DataSources.Ledger.OpenConnectionAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
