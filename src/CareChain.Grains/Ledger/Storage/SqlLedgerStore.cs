using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CareChain.Grains.Ledger.Checkpoints;
using CareChain.Grains.Storage;
using CareChain.Ledger.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CareChain.Grains.Ledger.Storage;

/// <summary>
/// The ledger tables on SQLite or PostgreSQL. All writes from every shard of this silo go through
/// one writer that folds whatever is queued into a single transaction (group commit across
/// shards): one durable commit serves many appends, and SQLite never sees two writers contend.
/// The same transaction writes each entry's audit index rows, so the index never lags the ledger.
/// </summary>
public sealed partial class SqlLedgerStore : ILedgerStore, IAsyncDisposable
{
    private readonly ILedgerConnectionSource _connections;
    private readonly LedgerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<SqlLedgerStore> _logger;
    private readonly int _maxTransactionSize;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _writer;

    public SqlLedgerStore(
        ILedgerConnectionSource connections,
        LedgerMetrics metrics,
        TimeProvider time,
        IOptions<LedgerOptions> options,
        ILogger<SqlLedgerStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connections = connections;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _maxTransactionSize = options.Value.MaxTransactionSize;
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task AppendAsync(IReadOnlyList<StoredEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Decoded here, on the caller's thread, so the single writer only does I/O.
        IReadOnlyList<AuditIndexRow> index;
        try
        {
            index = IndexRowsOf(entries);
        }
        catch (ArgumentException invalid)
        {
            return Task.FromException(invalid);
        }

        return Enqueue(new PendingWrite(entries, index, null));
    }

    public Task AppendCheckpointAsync(SignedCheckpointView checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Enqueue(new PendingWrite([], [], checkpoint));
    }

    public async IAsyncEnumerable<StoredEntry> ReadShardAsync(
        int shard, long fromSequence, int? count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = count is null
            ? "SELECT seq, body, entry_hash FROM ledger_entries WHERE shard = @shard AND seq >= @from ORDER BY seq"
            : "SELECT seq, body, entry_hash FROM ledger_entries WHERE shard = @shard AND seq >= @from ORDER BY seq LIMIT @count";
        command.AddParameter("shard", shard);
        command.AddParameter("from", fromSequence);
        if (count is { } limit)
        {
            command.AddParameter("count", limit);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredEntry(shard, reader.GetInt64(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2));
        }
    }

    public async Task<SignedCheckpointView?> ReadLatestCheckpointAsync(CancellationToken cancellationToken)
    {
        await foreach (var checkpoint in ReadCheckpointsAsync(latestOnly: true, cancellationToken))
        {
            return checkpoint;
        }

        return null;
    }

    public IAsyncEnumerable<SignedCheckpointView> ReadCheckpointsAsync(CancellationToken cancellationToken) =>
        ReadCheckpointsAsync(latestOnly: false, cancellationToken);

    public async Task EnsureShardCountAsync(int shards, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        await using var connection = await _connections.OpenConnectionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO ledger_meta (name, value) VALUES ('shards', @value) ON CONFLICT (name) DO NOTHING";
        insert.AddParameter("value", shards.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await insert.ExecuteNonQueryAsync(cancellationToken);

        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT value FROM ledger_meta WHERE name = 'shards'";
        var stored = (string?)await select.ExecuteScalarAsync(cancellationToken);
        if (!int.TryParse(stored, System.Globalization.CultureInfo.InvariantCulture, out var recorded) || recorded != shards)
        {
            throw new InvalidOperationException(
                $"The ledger was created with {stored} shards but Ledger:Shards is {shards}. The shard count cannot change.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private Task Enqueue(PendingWrite write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqlLedgerStore), "The ledger store is shutting down.");
        }

        // Once queued, a write is not cancelled: the caller must learn whether it committed.
        return write.Completion.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>();
        DbConnection? connection = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                batch.Clear();
                var entries = 0;
                while (entries < _maxTransactionSize && _queue.Reader.TryRead(out var write))
                {
                    batch.Add(write);
                    entries += write.Entries.Count;
                }

                var started = _time.GetTimestamp();
                try
                {
                    connection ??= await _connections.OpenConnectionAsync(CancellationToken.None);
                    await WriteAsync(connection, batch);
                }
                catch (Exception failure) when (failure is not OutOfMemoryException)
                {
                    _metrics.CommitFailed();
                    _logger.TransactionFailed(entries, failure);
                    foreach (var write in batch)
                    {
                        write.Completion.TrySetException(failure);
                    }

                    // The connection may be broken; open a fresh one for the next transaction.
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }

                    continue;
                }

                _metrics.Committed(entries, _time.GetElapsedTime(started));
                foreach (var write in batch)
                {
                    write.Completion.TrySetResult();
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task WriteAsync(DbConnection connection, List<PendingWrite> batch)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var rows = batch.SelectMany(write => write.Entries).ToList();
        if (rows.Count > 0)
        {
            if (_connections.Dialect == LedgerDialect.Postgres)
            {
                await InsertEntriesWithArraysAsync(connection, transaction, rows);
            }
            else
            {
                await InsertEntriesOneByOneAsync(connection, transaction, rows);
            }

            await InsertIndexAsync(connection, transaction, batch.SelectMany(write => write.Index).ToList(), ignoreExisting: false, CancellationToken.None);
        }

        foreach (var checkpoint in batch.Select(write => write.Checkpoint).OfType<SignedCheckpointView>())
        {
            await InsertCheckpointAsync(connection, transaction, checkpoint);
        }

        await transaction.CommitAsync();
    }

    /// <summary>SQLite: one prepared statement re-executed in the transaction costs microseconds a row.</summary>
    private static async Task InsertEntriesOneByOneAsync(DbConnection connection, DbTransaction transaction, List<StoredEntry> rows)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO ledger_entries (shard, seq, body, entry_hash) VALUES (@shard, @seq, @body, @hash)";
        var shard = command.AddParameter("shard", 0);
        var sequence = command.AddParameter("seq", 0L);
        var body = command.AddParameter("body", Array.Empty<byte>());
        var hash = command.AddParameter("hash", Array.Empty<byte>());
        await command.PrepareAsync();
        foreach (var row in rows)
        {
            shard.Value = row.Shard;
            sequence.Value = row.Sequence;
            body.Value = row.Body;
            hash.Value = row.EntryHash;
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>PostgreSQL: the whole batch in one round trip as parallel arrays.</summary>
    private static async Task InsertEntriesWithArraysAsync(DbConnection connection, DbTransaction transaction, List<StoredEntry> rows)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO ledger_entries (shard, seq, body, entry_hash) " +
            "SELECT * FROM unnest(@shards::integer[], @seqs::bigint[], @bodies::bytea[], @hashes::bytea[])";
        command.AddParameter("shards", rows.Select(row => row.Shard).ToArray());
        command.AddParameter("seqs", rows.Select(row => row.Sequence).ToArray());
        command.AddParameter("bodies", rows.Select(row => row.Body).ToArray());
        command.AddParameter("hashes", rows.Select(row => row.EntryHash ?? []).ToArray());
        await command.ExecuteNonQueryAsync();
    }

    private static async Task InsertCheckpointAsync(DbConnection connection, DbTransaction transaction, SignedCheckpointView checkpoint)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO ledger_checkpoints (number, body, signature, key_id, public_key) " +
            "VALUES (@number, @body, @signature, @key, @public)";
        command.AddParameter("number", checkpoint.Number);
        command.AddParameter("body", checkpoint.Body);
        command.AddParameter("signature", checkpoint.Signature);
        command.AddParameter("key", checkpoint.KeyId);
        command.AddParameter("public", checkpoint.PublicKey);
        await command.ExecuteNonQueryAsync();
    }

    private async IAsyncEnumerable<SignedCheckpointView> ReadCheckpointsAsync(
        bool latestOnly, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = latestOnly
            ? "SELECT number, body, signature, key_id, public_key FROM ledger_checkpoints ORDER BY number DESC LIMIT 1"
            : "SELECT number, body, signature, key_id, public_key FROM ledger_checkpoints ORDER BY number";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new SignedCheckpointView(
                reader.GetInt64(0),
                (byte[])reader.GetValue(1),
                (byte[])reader.GetValue(2),
                reader.GetString(3),
                (byte[])reader.GetValue(4));
        }
    }
}
