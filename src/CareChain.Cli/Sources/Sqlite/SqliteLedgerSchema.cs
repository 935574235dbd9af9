using System.Globalization;
using CareChain.Ledger;
using Microsoft.Data.Sqlite;

namespace CareChain.Cli.Sources.Sqlite;

/// <summary>
/// Checks that an SQLite file is a CareChain ledger before anything is read from it, so a wrong
/// file gets "not a CareChain ledger" rather than an SQL error from halfway through.
/// </summary>
internal sealed class SqliteLedgerSchema(SqliteConnection connection, SqliteTransaction transaction, string displayPath)
{
    private static readonly (string Table, string[] Columns)[] Required =
    [
        ("ledger_entries", ["shard", "seq", "body", "entry_hash"]),
        ("ledger_checkpoints", ["number", "body", "signature", "key_id", "public_key"]),
        ("ledger_meta", ["name", "value"]),
    ];

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        foreach (var (table, columns) in Required)
        {
            var present = await ReadColumnsAsync(table, cancellationToken);
            if (present.Count == 0)
            {
                throw new OperationalErrorException($"{displayPath} is not a CareChain ledger: it has no {table} table");
            }

            var missing = columns.FirstOrDefault(column => !present.Contains(column));
            if (missing is not null)
            {
                throw new OperationalErrorException($"{displayPath} is not a CareChain ledger: {table} has no {missing} column");
            }
        }
    }

    public async Task<int> ReadShardCountAsync(CancellationToken cancellationToken)
    {
        await using var command = Create("SELECT value FROM ledger_meta WHERE name = 'shards'");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        if (value is null or DBNull)
        {
            throw new OperationalErrorException($"{displayPath} is not a CareChain ledger: ledger_meta has no 'shards' row");
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var shards) || shards is < 1 or > LedgerLimits.MaxShards)
        {
            throw new LedgerFormatException($"ledger_meta records a shard count that is not between 1 and {LedgerLimits.MaxShards}");
        }

        return shards;
    }

    /// <summary>Rows no shard reading would visit: a shard number that is not an integer in range.</summary>
    public async Task<long> CountStrayEntriesAsync(int shards, CancellationToken cancellationToken)
    {
        await using var command = Create(
            "SELECT COUNT(*) FROM ledger_entries WHERE typeof(shard) <> 'integer' OR shard < 0 OR shard >= $shards");
        command.Parameters.AddWithValue("$shards", shards);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task<HashSet<string>> ReadColumnsAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = Create("SELECT name FROM pragma_table_info($table)");
        command.Parameters.AddWithValue("$table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private SqliteCommand Create(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
