using Microsoft.Data.Sqlite;
using Npgsql;

namespace CareChain.Server.Storage;

/// <summary>Where CareChain keeps its Orleans state and its ledger; bound from the "Storage" section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// The Orleans ADO.NET invariant for SQLite. Orleans 10.4.2 maps this name (not
    /// "Microsoft.Data.Sqlite", which it does not know) to Microsoft.Data.Sqlite's factory.
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>The Orleans ADO.NET invariant for PostgreSQL (Npgsql's factory).</summary>
    public const string PostgresInvariant = "Npgsql";

    public const string OrleansDatabaseFileName = "orleans.db";

    public const string LedgerDatabaseFileName = "ledger.db";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The folder of the SQLite files; relative paths are taken from the content root.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>The PostgreSQL connection string; required for <see cref="StorageProvider.Postgres"/>, unused for SQLite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Whether the server applies the schema scripts itself. Turn off where the service runs as a role
    /// that may not change the schema: it then only checks that every script was applied.
    /// </summary>
    public bool ApplySchema { get; set; } = true;

    public string Invariant => Provider == StorageProvider.Postgres ? PostgresInvariant : SqliteInvariant;

    public string OrleansConnectionString =>
        Provider == StorageProvider.Postgres ? RequiredConnectionString() : SqliteConnectionString(OrleansDatabaseFileName);

    /// <summary>
    /// The ledger's connection string: its own SQLite file, so ledger appends never wait on Orleans
    /// state writes for the database's single write lock; on PostgreSQL, the same database.
    /// </summary>
    public string LedgerConnectionString =>
        Provider == StorageProvider.Postgres ? RequiredConnectionString() : SqliteConnectionString(LedgerDatabaseFileName);

    /// <summary>
    /// Binds the "Storage" section, makes <see cref="DataPath"/> absolute against
    /// <paramref name="contentRootPath"/> and checks the result, so a bad setting stops the start.
    /// </summary>
    public static StorageOptions FromConfiguration(IConfiguration configuration, string contentRootPath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRootPath);

        var options = new StorageOptions();
        configuration.GetSection(SectionName).Bind(options);
        if (string.IsNullOrWhiteSpace(options.DataPath))
        {
            throw new InvalidOperationException($"{SectionName}:DataPath must name a folder.");
        }

        options.DataPath = Path.GetFullPath(options.DataPath, contentRootPath);
        options.Validate();
        return options;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the setting that is wrong.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            throw new InvalidOperationException($"{SectionName}:Provider must be Sqlite or Postgres.");
        }

        if (Provider == StorageProvider.Postgres)
        {
            var connectionString = RequiredConnectionString();
            try
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException invalid)
            {
                throw new InvalidOperationException($"{SectionName}:ConnectionString is not a valid PostgreSQL connection string: {invalid.Message}", invalid);
            }
        }
        else if (string.IsNullOrWhiteSpace(DataPath))
        {
            throw new InvalidOperationException($"{SectionName}:DataPath must name a folder.");
        }
    }

    private string RequiredConnectionString() =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? throw new InvalidOperationException(
                $"{SectionName}:ConnectionString is required when {SectionName}:Provider is Postgres " +
                "(for example \"Host=db;Database=carechain;Username=carechain;Password=...\").")
            : ConnectionString;

    private string SqliteConnectionString(string fileName) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(DataPath), fileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            // Seconds a command keeps retrying while another connection holds the write lock.
            DefaultTimeout = 30,
        }.ToString();
}
