using System.Data.Common;
using CareChain.Grains.Storage;
using Microsoft.Data.Sqlite;

namespace CareChain.Server.Storage;

/// <summary>
/// Applies the embedded schema scripts of the configured provider, in order, each in its own
/// transaction, and records every applied script with its SHA-256 in <c>carechain_schema</c>.
/// A script already recorded with the same hash is skipped; a changed script is applied again,
/// which is safe because every script is idempotent.
/// </summary>
/// <remarks>
/// It runs once per process, before the silo starts (a silo lifecycle participant at the first
/// stage) and before the first ledger connection, whichever comes first.
/// </remarks>
public sealed partial class SchemaInstaller
{
    // Serialises installers of several silos starting together against one PostgreSQL database.
    private const long PostgresLockKey = 0x4361_7265_4368_6e31;

    private readonly StorageOptions _options;
    private readonly StorageDataSources _dataSources;
    private readonly TimeProvider _time;
    private readonly ILogger<SchemaInstaller> _logger;
    private readonly Lock _gate = new();
    private Task? _installation;

    public SchemaInstaller(StorageOptions options, StorageDataSources dataSources, TimeProvider time, ILogger<SchemaInstaller> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _dataSources = dataSources;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Completes when the schema is in place. The first call installs; later calls share that work.
    /// A failed installation is tried again by the next call.
    /// </summary>
    public Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        Task installation;
        lock (_gate)
        {
            if (_installation is null || _installation.IsFaulted || _installation.IsCanceled)
            {
                // Not tied to one caller's token: another caller may be waiting on the same work.
                _installation = InstallAsync(force: false, CancellationToken.None);
            }

            installation = _installation;
        }

        return installation.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Applies the scripts not yet recorded with their current hash, or all of them when
    /// <paramref name="force"/> is set, and returns the names applied, in order.
    /// </summary>
    public async Task<IReadOnlyList<string>> InstallAsync(bool force, CancellationToken cancellationToken)
    {
        var applied = new List<string>();
        foreach (var group in SchemaScripts.For(_options.Provider).GroupBy(script => script.Target))
        {
            var source = group.Key == SchemaTarget.Ledger ? _dataSources.Ledger : _dataSources.Orleans;
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            applied.AddRange(await InstallAsync(connection, group.Key, [.. group], force, cancellationToken));
        }

        if (applied.Count == 0)
        {
            LogSchemaUpToDate(_logger, _options.Provider);
        }

        return applied;
    }

    private async Task<List<string>> InstallAsync(
        DbConnection connection, SchemaTarget target, IReadOnlyList<SchemaScript> scripts, bool force, CancellationToken cancellationToken)
    {
        var postgres = _options.Provider == StorageProvider.Postgres;
        if (postgres)
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey})", cancellationToken);
        }

        try
        {
            if (_options.ApplySchema)
            {
                await CreateRecordTableAsync(connection, postgres, cancellationToken);
            }

            var recorded = await ReadRecordedAsync(connection, postgres, cancellationToken);
            var pending = scripts
                .Where(script => force || !recorded.TryGetValue(script.Name, out var sha) || sha != script.Sha256)
                .ToList();

            if (!_options.ApplySchema && pending.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The {target} database schema is not up to date: {string.Join(", ", pending)} " +
                    $"{(pending.Count == 1 ? "is" : "are")} not applied in this version. Apply deploy/sql/{SchemaScripts.Folder(_options.Provider)}/ " +
                    $"as the schema owner, or set {StorageOptions.SectionName}:ApplySchema=true.");
            }

            foreach (var script in pending)
            {
                await ApplyAsync(connection, script, cancellationToken);
                LogScriptApplied(_logger, script.Name, target, script.Sha256);
            }

            return [.. pending.Select(script => script.Name)];
        }
        finally
        {
            if (postgres)
            {
                await ReleaseLockAsync(connection);
            }
        }
    }

    private static async Task ReleaseLockAsync(DbConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None);
        }
        catch (DbException)
        {
            // The session is broken; the server drops its locks when it ends. Not worth hiding the
            // failure that brought us here.
        }
    }

    private async Task ApplyAsync(DbConnection connection, SchemaScript script, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE on SQLite: take the write lock up front rather than fail to upgrade to it.
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, script.Text, cancellationToken);

            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText =
                "INSERT INTO carechain_schema (script, sha256, applied_at) VALUES (@script, @sha256, @appliedAt) " +
                "ON CONFLICT (script) DO UPDATE SET sha256 = excluded.sha256, applied_at = excluded.applied_at";
            record.AddParameter("script", script.Name);
            record.AddParameter("sha256", script.Sha256);
            record.AddParameter("appliedAt", _time.GetUtcNow());
            await record.ExecuteNonQueryAsync(cancellationToken);

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException failure)
        {
            throw new InvalidOperationException(
                $"Applying the schema script {SchemaScripts.Folder(_options.Provider)}/{script.Name} failed: {failure.Message}", failure);
        }
    }

    private static async Task CreateRecordTableAsync(DbConnection connection, bool postgres, CancellationToken cancellationToken)
    {
        if (postgres)
        {
            // Checked first: CREATE ... IF NOT EXISTS still needs the CREATE privilege, which a
            // service role that only reads and appends does not have.
            await using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT to_regclass('carechain_schema') IS NOT NULL";
            if (await exists.ExecuteScalarAsync(cancellationToken) is true)
            {
                return;
            }
        }

        var type = postgres ? "timestamptz" : "TEXT";
        await ExecuteAsync(
            connection,
            null,
            "CREATE TABLE IF NOT EXISTS carechain_schema (script TEXT NOT NULL PRIMARY KEY, sha256 TEXT NOT NULL, " +
            $"applied_at {type} NOT NULL)",
            cancellationToken);
    }

    private static async Task<Dictionary<string, string>> ReadRecordedAsync(DbConnection connection, bool postgres, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = postgres
            ? "SELECT to_regclass('carechain_schema') IS NOT NULL"
            : "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'carechain_schema')";
        if (!Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture))
        {
            return recorded;
        }

        command.CommandText = "SELECT script, sha256 FROM carechain_schema";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded[reader.GetString(0)] = reader.GetString(1);
        }

        return recorded;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied schema script {Script} to the {Target} database (SHA-256 {Sha256})")]
    private static partial void LogScriptApplied(ILogger logger, string script, SchemaTarget target, string sha256);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "The {Provider} schema is up to date")]
    private static partial void LogSchemaUpToDate(ILogger logger, StorageProvider provider);
}
