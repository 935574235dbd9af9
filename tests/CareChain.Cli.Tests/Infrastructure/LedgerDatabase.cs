using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CareChain.Cli.Tests.Infrastructure;

/// <summary>
/// Writes a <see cref="TestLedger"/> into an SQLite file with the server's ledger tables, and lets
/// tests tamper with it afterwards the way an attacker with file access could.
/// </summary>
internal static class LedgerDatabase
{
    // The server's table shapes (deploy/sql/sqlite), without its append-only triggers: an attacker
    // with write access to the file would drop those first anyway.
    private const string Schema =
        """
        CREATE TABLE ledger_entries (
          shard INTEGER NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL, entry_hash BLOB NOT NULL,
          PRIMARY KEY (shard, seq));
        CREATE TABLE ledger_checkpoints (
          number INTEGER NOT NULL PRIMARY KEY, body BLOB NOT NULL, signature BLOB NOT NULL,
          key_id TEXT NOT NULL, public_key BLOB NOT NULL);
        CREATE TABLE ledger_meta (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
        """;

    public static async Task WriteAsync(string path, TestLedger ledger)
    {
        await using var connection = await OpenAsync(path);
        await using var transaction = connection.BeginTransaction();
        await ExecuteAsync(connection, transaction, Schema);
        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO ledger_meta (name, value) VALUES ('shards', $value)",
            ("$value", ledger.Shards.Count.ToString(CultureInfo.InvariantCulture)));

        foreach (var entry in ledger.Shards.SelectMany(shard => shard))
        {
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO ledger_entries (shard, seq, body, entry_hash) VALUES ($shard, $seq, $body, $hash)",
                ("$shard", entry.Shard),
                ("$seq", entry.Sequence),
                ("$body", entry.Body),
                ("$hash", entry.EntryHash!));
        }

        foreach (var checkpoint in ledger.Checkpoints)
        {
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO ledger_checkpoints (number, body, signature, key_id, public_key) VALUES ($number, $body, $signature, $key, $public)",
                ("$number", checkpoint.Checkpoint.Number),
                ("$body", checkpoint.Body),
                ("$signature", checkpoint.Signature),
                ("$key", checkpoint.KeyId),
                ("$public", ledger.PublicKey.SubjectPublicKeyInfo));
        }

        await transaction.CommitAsync();
    }

    /// <summary>Runs one tampering statement against the file.</summary>
    public static async Task TamperAsync(string path, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(path);
        await ExecuteAsync(connection, null, sql, parameters);
    }

    public static async Task<byte[]> ReadBlobAsync(string path, string sql)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
