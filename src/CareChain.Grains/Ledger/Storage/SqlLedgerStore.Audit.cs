using System.Data.Common;
using System.Text;
using CareChain.Grains.Ledger.Audit;
using CareChain.Grains.Storage;
using CareChain.Ledger;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Verification;

namespace CareChain.Grains.Ledger.Storage;

/// <summary>The audit index: written with the entries, searched newest first, backfilled for older databases.</summary>
public sealed partial class SqlLedgerStore
{
    private const int BackfillChunk = 500;

    public async Task<AuditPage> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();

        await using var connection = await _connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT e.shard, e.seq, e.body, e.entry_hash FROM ledger_audit_index i ");
        if (query.Resource is not null)
        {
            sql.Append("JOIN ledger_audit_resources r ON r.shard = i.shard AND r.seq = i.seq AND r.resource = @resource ");
            command.AddParameter("resource", query.Resource);
        }

        sql.Append("JOIN ledger_entries e ON e.shard = i.shard AND e.seq = i.seq WHERE 1 = 1");
        AddFilter(command, sql, "i.patient = @patient", "patient", query.Patient);
        AddFilter(command, sql, "i.actor = @actor", "actor", query.Actor);
        AddFilter(command, sql, "i.time >= @since", "since", query.Since?.ToUnixTimeMilliseconds());
        AddFilter(command, sql, "i.time < @before", "before", query.Before?.ToUnixTimeMilliseconds());
        AddFilter(command, sql, "i.purpose = @purpose", "purpose", query.Purpose);
        AddFilter(command, sql, "i.action = @action", "action", query.Action);
        AddFilter(command, sql, "i.outcome = @outcome", "outcome", query.Outcome);
        sql.Append(" ORDER BY i.time DESC, i.shard DESC, i.seq DESC LIMIT @limit OFFSET @offset");
        // One row more than asked for tells whether another page exists without counting.
        command.AddParameter("limit", query.Count + 1);
        command.AddParameter("offset", query.Offset);
        command.CommandText = sql.ToString();

        var entries = new List<LedgerEntry>(Math.Min(query.Count, 64));
        var hashes = new List<byte[]>(entries.Capacity);
        var hasMore = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (entries.Count == query.Count)
            {
                hasMore = true;
                break;
            }

            entries.Add(DecodeStored(reader.GetInt32(0), reader.GetInt64(1), (byte[])reader.GetValue(2)));
            hashes.Add((byte[])reader.GetValue(3));
        }

        return new AuditPage(entries, hasMore) { EntryHashes = hashes };
    }

    public async Task<int> IndexUnindexedEntriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenConnectionAsync(cancellationToken);
        var indexed = 0;
        var after = (Shard: -1, Sequence: -1L);
        while (true)
        {
            var chunk = new List<AuditIndexRow>(BackfillChunk);
            var read = 0;
            await using (var select = connection.CreateCommand())
            {
                // Keyset paging, so an entry that cannot be indexed is passed over rather than read forever.
                select.CommandText =
                    "SELECT e.shard, e.seq, e.body FROM ledger_entries e " +
                    "WHERE (e.shard > @shard OR (e.shard = @shard AND e.seq > @seq)) " +
                    "AND NOT EXISTS (SELECT 1 FROM ledger_audit_index i WHERE i.shard = e.shard AND i.seq = e.seq) " +
                    "ORDER BY e.shard, e.seq LIMIT @chunk";
                select.AddParameter("shard", after.Shard);
                select.AddParameter("seq", after.Sequence);
                select.AddParameter("chunk", BackfillChunk);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    read++;
                    after = (reader.GetInt32(0), reader.GetInt64(1));
                    try
                    {
                        chunk.Add(IndexRowOf(new StoredEntry(after.Shard, after.Sequence, (byte[])reader.GetValue(2), null)));
                    }
                    catch (ArgumentException invalid)
                    {
                        _logger.BackfillSkipped(after.Shard, after.Sequence, invalid);
                    }
                }
            }

            if (chunk.Count > 0)
            {
                // Read outside the transaction and written with "ignore existing", so a concurrent
                // backfill (another silo) or a SQLite snapshot change cannot make it fail.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                indexed += await InsertIndexAsync(connection, transaction, chunk, ignoreExisting: true, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            if (read < BackfillChunk)
            {
                break;
            }
        }

        if (indexed > 0)
        {
            _logger.BackfillIndexed(indexed);
        }

        return indexed;
    }

    private static List<AuditIndexRow> IndexRowsOf(IReadOnlyList<StoredEntry> entries)
    {
        var rows = new List<AuditIndexRow>(entries.Count);
        foreach (var entry in entries)
        {
            rows.Add(IndexRowOf(entry));
        }

        return rows;
    }

    /// <exception cref="ArgumentException">The body is not a canonical entry, or names another position.</exception>
    private static AuditIndexRow IndexRowOf(StoredEntry stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        LedgerEntry entry;
        try
        {
            entry = LedgerEntryCodec.Decode(stored.Body);
        }
        catch (LedgerFormatException invalid)
        {
            throw new ArgumentException($"Entry {stored.Shard}/{stored.Sequence} is not a canonical ledger entry.", nameof(stored), invalid);
        }

        if (entry.Shard != stored.Shard || entry.Sequence != stored.Sequence)
        {
            throw new ArgumentException($"Entry {stored.Shard}/{stored.Sequence} has a body for another position.", nameof(stored));
        }

        return AuditIndexRow.From(entry);
    }

    private static LedgerEntry DecodeStored(int shard, long sequence, byte[] body)
    {
        LedgerEntry entry;
        try
        {
            entry = LedgerEntryCodec.Decode(body);
        }
        catch (LedgerFormatException invalid)
        {
            throw new LedgerIntegrityException($"Ledger entry {shard}/{sequence} does not decode; run carechain ledger verify.", invalid);
        }

        return entry.Shard == shard && entry.Sequence == sequence
            ? entry
            : throw new LedgerIntegrityException($"Ledger entry {shard}/{sequence} has a body for another position; run carechain ledger verify.");
    }

    /// <summary>Writes the index rows; returns how many entries were newly indexed.</summary>
    private async Task<int> InsertIndexAsync(
        DbConnection connection, DbTransaction transaction, List<AuditIndexRow> rows, bool ignoreExisting, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        return _connections.Dialect == LedgerDialect.Postgres
            ? await InsertIndexWithArraysAsync(connection, transaction, rows, ignoreExisting, cancellationToken)
            : await InsertIndexOneByOneAsync(connection, transaction, rows, ignoreExisting, cancellationToken);
    }

    private static async Task<int> InsertIndexOneByOneAsync(
        DbConnection connection, DbTransaction transaction, List<AuditIndexRow> rows, bool ignoreExisting, CancellationToken cancellationToken)
    {
        var conflict = ignoreExisting ? " ON CONFLICT DO NOTHING" : string.Empty;
        await using var index = connection.CreateCommand();
        index.Transaction = transaction;
        index.CommandText =
            "INSERT INTO ledger_audit_index (shard, seq, time, action, outcome, actor, patient, purpose) " +
            "VALUES (@shard, @seq, @time, @action, @outcome, @actor, @patient, @purpose)" + conflict;
        var shard = index.AddParameter("shard", 0);
        var sequence = index.AddParameter("seq", 0L);
        var time = index.AddParameter("time", 0L);
        var action = index.AddParameter("action", string.Empty);
        var outcome = index.AddParameter("outcome", string.Empty);
        var actor = index.AddParameter("actor", DBNull.Value);
        var patient = index.AddParameter("patient", DBNull.Value);
        var purpose = index.AddParameter("purpose", DBNull.Value);
        await index.PrepareAsync(cancellationToken);

        await using var resources = connection.CreateCommand();
        resources.Transaction = transaction;
        resources.CommandText = "INSERT INTO ledger_audit_resources (resource, shard, seq) VALUES (@resource, @shard, @seq)" + conflict;
        var resource = resources.AddParameter("resource", string.Empty);
        var resourceShard = resources.AddParameter("shard", 0);
        var resourceSequence = resources.AddParameter("seq", 0L);
        await resources.PrepareAsync(cancellationToken);

        var inserted = 0;
        foreach (var row in rows)
        {
            shard.Value = row.Shard;
            sequence.Value = row.Sequence;
            time.Value = row.Time;
            action.Value = row.Action;
            outcome.Value = row.Outcome;
            actor.Value = (object?)row.Actor ?? DBNull.Value;
            patient.Value = (object?)row.Patient ?? DBNull.Value;
            purpose.Value = (object?)row.Purpose ?? DBNull.Value;
            inserted += await index.ExecuteNonQueryAsync(cancellationToken);
            foreach (var pseudonym in row.Resources)
            {
                resource.Value = pseudonym;
                resourceShard.Value = row.Shard;
                resourceSequence.Value = row.Sequence;
                await resources.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return inserted;
    }

    private static async Task<int> InsertIndexWithArraysAsync(
        DbConnection connection, DbTransaction transaction, List<AuditIndexRow> rows, bool ignoreExisting, CancellationToken cancellationToken)
    {
        var conflict = ignoreExisting ? " ON CONFLICT DO NOTHING" : string.Empty;
        int inserted;
        await using (var index = connection.CreateCommand())
        {
            index.Transaction = transaction;
            index.CommandText =
                "INSERT INTO ledger_audit_index (shard, seq, time, action, outcome, actor, patient, purpose) " +
                "SELECT * FROM unnest(@shards::integer[], @seqs::bigint[], @times::bigint[], @actions::text[], " +
                "@outcomes::text[], @actors::text[], @patients::text[], @purposes::text[])" + conflict;
            index.AddParameter("shards", rows.Select(row => row.Shard).ToArray());
            index.AddParameter("seqs", rows.Select(row => row.Sequence).ToArray());
            index.AddParameter("times", rows.Select(row => row.Time).ToArray());
            index.AddParameter("actions", rows.Select(row => row.Action).ToArray());
            index.AddParameter("outcomes", rows.Select(row => row.Outcome).ToArray());
            index.AddParameter("actors", rows.Select(row => row.Actor).ToArray());
            index.AddParameter("patients", rows.Select(row => row.Patient).ToArray());
            index.AddParameter("purposes", rows.Select(row => row.Purpose).ToArray());
            inserted = await index.ExecuteNonQueryAsync(cancellationToken);
        }

        var resources = rows.SelectMany(row => row.Resources.Select(resource => (Resource: resource, row.Shard, row.Sequence))).ToList();
        if (resources.Count > 0)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                "INSERT INTO ledger_audit_resources (resource, shard, seq) " +
                "SELECT * FROM unnest(@resources::text[], @shards::integer[], @seqs::bigint[])" + conflict;
            command.AddParameter("resources", resources.Select(item => item.Resource).ToArray());
            command.AddParameter("shards", resources.Select(item => item.Shard).ToArray());
            command.AddParameter("seqs", resources.Select(item => item.Sequence).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return inserted;
    }

    private static void AddFilter(DbCommand command, StringBuilder sql, string condition, string name, object? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(condition);
            command.AddParameter(name, value);
        }
    }
}
