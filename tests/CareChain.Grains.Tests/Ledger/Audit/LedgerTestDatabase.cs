using System.Data.Common;
using System.Diagnostics.Metrics;
using CareChain.Grains.Ledger;
using CareChain.Grains.Ledger.Storage;
using CareChain.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CareChain.Grains.Tests.Ledger.Audit;

/// <summary>
/// A real ledger database for one test: a SQLite file in a temporary folder or a fresh PostgreSQL
/// database, with deploy/sql/&lt;dialect&gt;/ledger.sql applied as the server applies it.
/// </summary>
public sealed class LedgerTestDatabase : ILedgerConnectionSource, IAsyncDisposable
{
    private readonly TemporaryDirectory? _folder;
    private readonly string? _sqlitePath;
    private readonly NpgsqlDataSource? _postgres;

    private LedgerTestDatabase(TemporaryDirectory folder)
    {
        _folder = folder;
        _sqlitePath = folder.Combine("ledger.db");
        Dialect = LedgerDialect.Sqlite;
    }

    private LedgerTestDatabase(NpgsqlDataSource postgres)
    {
        _postgres = postgres;
        Dialect = LedgerDialect.Postgres;
    }

    public LedgerDialect Dialect { get; }

    public static async Task<LedgerTestDatabase> CreateAsync(LedgerDialect dialect, PostgresServer postgres)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var database = dialect == LedgerDialect.Sqlite
            ? new LedgerTestDatabase(new TemporaryDirectory("carechain-audit"))
            : new LedgerTestDatabase(NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken)));
        await database.ApplySchemaAsync();
        return database;
    }

    /// <summary>The ledger schema script of this dialect, read from the repository's deploy folder.</summary>
    public string SchemaScript()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "deploy", "sql")))
        {
            folder = folder.Parent;
        }

        if (folder is null)
        {
            throw new InvalidOperationException("deploy/sql was not found above the test binaries.");
        }

        return File.ReadAllText(Path.Combine(folder.FullName, "deploy", "sql", Dialect == LedgerDialect.Sqlite ? "sqlite" : "postgresql", "ledger.sql"));
    }

    public async Task ApplySchemaAsync() => await ExecuteAsync(SchemaScript());

    public SqlLedgerStore CreateStore() => new(
        this,
        new LedgerMetrics(new TestMeterFactory()),
        TimeProvider.System,
        Options.Create(new LedgerOptions()),
        NullLogger<SqlLedgerStore>.Instance);

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection($"Data Source={_sqlitePath};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA busy_timeout = 10000;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = Command(connection, "SELECT count(*) FROM " + table, []);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every row of a query, each row's columns joined with '|', for comparisons.</summary>
    public async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = await OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = Command(connection, sql, []);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(string.Join('|', values.Select(value => value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _folder?.Dispose();
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
