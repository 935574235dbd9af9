using System.Globalization;
using System.Runtime.CompilerServices;
using CareChain.Ledger;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Verification;
using Microsoft.Data.Sqlite;

namespace CareChain.Cli.Sources.Sqlite;

/// <summary>
/// Reads a ledger straight from the server's SQLite file. The file is opened read-only (never
/// created, never written) and every read runs in one transaction, so a server appending while
/// the verification runs cannot show it a checkpoint newer than the entries it has read (the
/// server's file is in WAL mode, so this long read never blocks its writes). Rows are streamed,
/// never loaded whole. A value of the wrong SQLite type is reported as a broken
/// ledger, because SQLite would otherwise quietly read text as 0.
/// </summary>
public sealed class SqliteLedgerExport : ILedgerExport, IAsyncDisposable
{
    private const string CheckpointColumns =
        "number, typeof(number), CAST(body AS BLOB), CAST(signature AS BLOB), typeof(key_id), key_id, CAST(public_key AS BLOB)";

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _snapshot;
    private readonly SqliteLedgerSchema _schema;
    private readonly string _displayPath;
    private readonly Lock _gate = new();

    private SqliteLedgerExport(SqliteConnection connection, SqliteTransaction snapshot, SqliteLedgerSchema schema, string displayPath, int shards)
    {
        _connection = connection;
        _snapshot = snapshot;
        _schema = schema;
        _displayPath = displayPath;
        Shards = shards;
    }

    /// <summary>Shard count recorded when the ledger was created (<c>ledger_meta</c> row <c>shards</c>).</summary>
    public int Shards { get; }

    /// <exception cref="OperationalErrorException">The file is missing, not SQLite, or not a CareChain ledger.</exception>
    public static async Task<SqliteLedgerExport> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new OperationalErrorException($"{path} is a directory, not a ledger file");
        }

        var file = new FileInfo(fullPath);
        if (!file.Exists)
        {
            throw new OperationalErrorException($"ledger file {path} does not exist");
        }

        // SQLite would read an empty file as an empty database; say what it really is.
        if (file.Length == 0)
        {
            throw new OperationalErrorException($"ledger file {path} is empty");
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadOnly,

            // A pooled connection would keep the file open after the command ends.
            Pooling = false,
        }.ToString();

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var snapshot = connection.BeginTransaction(deferred: true);
            var schema = new SqliteLedgerSchema(connection, snapshot, path);
            await schema.CheckAsync(cancellationToken);
            var shards = await schema.ReadShardCountAsync(cancellationToken);
            return new SqliteLedgerExport(connection, snapshot, schema, path, shards);
        }
        catch (SqliteException failure)
        {
            await connection.DisposeAsync();
            throw new OperationalErrorException(SqliteFailures.Describe(path, failure), failure);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async IAsyncEnumerable<StoredEntry> ReadShardAsync(int shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        await using var rows = Open(
            "SELECT seq, typeof(seq), CAST(body AS BLOB), CAST(entry_hash AS BLOB) FROM ledger_entries WHERE shard = $shard ORDER BY seq",
            shard);
        while (rows.Next(reader => ReadEntry(reader, shard), cancellationToken) is { } entry)
        {
            yield return entry;
        }
    }

    public async IAsyncEnumerable<SignedCheckpoint> ReadCheckpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var rows = Open($"SELECT {CheckpointColumns} FROM ledger_checkpoints ORDER BY number", shard: null);
        while (rows.Next(StoredCheckpoint.Read, cancellationToken) is { } stored)
        {
            yield return stored.Checkpoint;
        }
    }

    /// <summary>
    /// The public key stored with the latest checkpoint. The verifier then requires every
    /// checkpoint to be signed by it; the row's own key id is checked against the key bytes.
    /// </summary>
    public async ValueTask<CheckpointKey?> ReadCheckpointKeyAsync(CancellationToken cancellationToken)
    {
        await using var rows = Open($"SELECT {CheckpointColumns} FROM ledger_checkpoints ORDER BY number DESC LIMIT 1", shard: null);
        return rows.Next(StoredCheckpoint.Read, cancellationToken)?.Key;
    }

    /// <summary>Rows that no shard reading would visit, given the shard count the checkpoints list.</summary>
    public async Task<long> CountStrayEntriesAsync(int shards, CancellationToken cancellationToken)
    {
        try
        {
            return await _schema.CountStrayEntriesAsync(shards, cancellationToken);
        }
        catch (SqliteException failure)
        {
            throw new OperationalErrorException(SqliteFailures.Describe(_displayPath, failure), failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _snapshot.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static StoredEntry ReadEntry(SqliteDataReader reader, int shard)
    {
        if (reader.GetString(1) != "integer")
        {
            throw new LedgerFormatException(
                $"shard {shard.ToString(CultureInfo.InvariantCulture)} has a row whose seq is not an integer");
        }

        // A missing body is passed on as empty so the verifier names the entry it breaks.
        var body = reader.IsDBNull(2) ? [] : (byte[])reader.GetValue(2);
        var hash = reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3);
        return new StoredEntry(shard, reader.GetInt64(0), body, hash);
    }

    /// <summary>
    /// A query whose rows are stepped under one lock. The verifier reads shards on several threads;
    /// an SQLite connection may interleave statements but must not be used by two threads at once.
    /// </summary>
    private SqliteRows Open(string sql, int? shard) =>
        new(
            () =>
            {
                var command = _connection.CreateCommand();
                command.Transaction = _snapshot;
                command.CommandText = sql;
                if (shard is { } value)
                {
                    command.Parameters.AddWithValue("$shard", value);
                }

                return command;
            },
            _displayPath,
            _gate);
}
