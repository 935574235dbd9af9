using System.Data.Common;

namespace CareChain.Grains.Ledger.Storage;

/// <summary>
/// Runs after erasable rows are deleted. On SQLite the server zeroes deleted content
/// (<c>secure_delete</c>), but the rows' earlier pages can still sit in the write-ahead log until the
/// next checkpoint; folding the log into the file and truncating it makes erasure take effect on disk
/// now. PostgreSQL reclaims dead rows with VACUUM, which is the operator's schedule (see deploy/sql).
/// </summary>
internal static class ErasureCheckpoint
{
    public static async Task RunAsync(DbConnection connection, LedgerDialect dialect, CancellationToken cancellationToken)
    {
        if (dialect != LedgerDialect.Sqlite)
        {
            return;
        }

        // Best effort: with readers active SQLite checkpoints what it can and the rest follows later.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
