using CareChain.Server.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace CareChain.Server.Tests.Storage;

public sealed class StorageOptionsTests
{
    [Fact]
    public void By_default_storage_is_sqlite_in_the_data_folder_of_the_content_root()
    {
        var options = StorageOptions.FromConfiguration(Configuration(), "/srv/carechain");

        Assert.Equal(StorageProvider.Sqlite, options.Provider);
        Assert.Equal("/srv/carechain/data", options.DataPath);
        Assert.Equal("System.Data.SQLite", options.Invariant);
        Assert.Equal("/srv/carechain/data/orleans.db", new SqliteConnectionStringBuilder(options.OrleansConnectionString).DataSource);
        Assert.Equal("/srv/carechain/data/ledger.db", new SqliteConnectionStringBuilder(options.LedgerConnectionString).DataSource);
    }

    [Fact]
    public void An_absolute_data_path_is_kept()
    {
        var options = StorageOptions.FromConfiguration(Configuration(("Storage:DataPath", "/var/lib/carechain")), "/srv/carechain");

        Assert.Equal("/var/lib/carechain", options.DataPath);
    }

    [Fact]
    public void Postgres_uses_the_npgsql_invariant_and_one_database_for_everything()
    {
        const string connectionString = "Host=db;Database=carechain;Username=carechain";

        var options = StorageOptions.FromConfiguration(
            Configuration(("Storage:Provider", "Postgres"), ("Storage:ConnectionString", connectionString)), "/srv");

        Assert.Equal("Npgsql", options.Invariant);
        Assert.Equal(connectionString, options.OrleansConnectionString);
        Assert.Equal(connectionString, options.LedgerConnectionString);
    }

    [Fact]
    public void Postgres_without_a_connection_string_stops_the_start_naming_the_setting()
    {
        var failure = Assert.Throws<InvalidOperationException>(
            () => StorageOptions.FromConfiguration(Configuration(("Storage:Provider", "Postgres")), "/srv"));

        Assert.Contains("Storage:ConnectionString is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_postgres_connection_string_stops_the_start()
    {
        var failure = Assert.Throws<InvalidOperationException>(
            () => StorageOptions.FromConfiguration(
                Configuration(("Storage:Provider", "Postgres"), ("Storage:ConnectionString", "Hots=db")), "/srv"));

        Assert.Contains("Storage:ConnectionString", failure.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
            .Build();
}
