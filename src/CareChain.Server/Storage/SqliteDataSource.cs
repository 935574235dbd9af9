using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CareChain.Server.Storage;

/// <summary>
/// A <see cref="DbDataSource"/> for SQLite (Microsoft.Data.Sqlite has none) that applies the pragmas
/// a connection string cannot carry every time it opens a connection. Orleans' ADO.NET providers
/// accept a data source, so grain state, reminders and the ledger all open connections the same way.
/// </summary>
internal sealed class SqliteDataSource : DbDataSource
{
    // Milliseconds SQLite itself waits for a lock before reporting SQLITE_BUSY.
    private const int BusyTimeoutMilliseconds = 10_000;

    // WAL lets readers run beside the one writer and is a property of the file, so it is set once;
    // synchronous=FULL makes every commit durable on power loss, not just on a process crash.
    private const string FirstOpenPragmas = "PRAGMA journal_mode = WAL;";
    private static readonly string EveryOpenPragmas =
        $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL;";

    // Erasure (a forgotten pseudonym, a destroyed data key) must not leave the deleted bytes in free pages.
    private const string SecureDeletePragma = "PRAGMA secure_delete = ON;";

    private readonly string _connectionString;
    private readonly string _directory;
    private readonly string _everyOpenPragmas;
    private volatile bool _prepared;

    /// <param name="connectionString">The SQLite connection string.</param>
    /// <param name="secureDelete">Overwrite deleted content with zeros: for files that hold erasable rows.</param>
    public SqliteDataSource(string connectionString, bool secureDelete = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        _everyOpenPragmas = secureDelete ? EveryOpenPragmas + " " + SecureDeletePragma : EveryOpenPragmas;
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        _directory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? throw new ArgumentException("The SQLite data source has no folder.", nameof(connectionString));
    }

    public override string ConnectionString => _connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(_connectionString);

    protected override DbConnection OpenDbConnection() =>
        OpenDbConnectionAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken)
    {
        if (!_prepared)
        {
            Directory.CreateDirectory(_directory);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = _prepared ? _everyOpenPragmas : FirstOpenPragmas + _everyOpenPragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _prepared = true;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReleasePooledConnections();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        ReleasePooledConnections();
        await base.DisposeAsyncCore();
    }

    // Idle pooled connections keep the file (and its WAL) open; release them with the source.
    private void ReleasePooledConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
