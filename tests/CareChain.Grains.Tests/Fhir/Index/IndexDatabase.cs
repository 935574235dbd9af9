using System.Data.Common;
using CareChain.Grains.Fhir.Index;
using CareChain.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CareChain.Grains.Tests.Fhir.Index;

/// <summary>A fresh database with deploy/sql/*/fhir-index.sql applied (twice, to prove it idempotent).</summary>
internal sealed class IndexDatabase : IFhirIndexConnectionSource, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly TemporaryDirectory? _folder;

    private IndexDatabase(FhirIndexDialect dialect, string connectionString, TemporaryDirectory? folder)
    {
        Dialect = dialect;
        _connectionString = connectionString;
        _folder = folder;
    }

    public FhirIndexDialect Dialect { get; }

    public SqlFhirIndex Index => new(this);

    public static async Task<IndexDatabase> CreateAsync(FhirIndexDialect dialect, PostgresServer postgres)
    {
        IndexDatabase database;
        if (dialect == FhirIndexDialect.Sqlite)
        {
            var folder = new TemporaryDirectory("carechain-fhir-index");
            database = new IndexDatabase(dialect, new SqliteConnectionStringBuilder { DataSource = folder.Combine("orleans.db"), Pooling = false }.ToString(), folder);
        }
        else
        {
            database = new IndexDatabase(dialect, await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken), null);
        }

        var script = await File.ReadAllTextAsync(ScriptPath(dialect), TestContext.Current.CancellationToken);
        for (var i = 0; i < 2; i++)
        {
            await using var connection = await database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = script;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        return database;
    }

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (Dialect == FhirIndexDialect.Postgres)
        {
            var postgres = new NpgsqlConnection(_connectionString);
            await postgres.OpenAsync(cancellationToken);
            return postgres;
        }

        var sqlite = new SqliteConnection(_connectionString);
        await sqlite.OpenAsync(cancellationToken);
        await using var pragmas = sqlite.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return sqlite;
    }

    public ValueTask DisposeAsync()
    {
        _folder?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string ScriptPath(FhirIndexDialect dialect)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CareChain.sln")))
            {
                return Path.Combine(dir.FullName, "deploy", "sql", dialect == FhirIndexDialect.Sqlite ? "sqlite" : "postgresql", "fhir-index.sql");
            }
        }

        throw new DirectoryNotFoundException("CareChain.sln was not found above " + AppContext.BaseDirectory);
    }
}
