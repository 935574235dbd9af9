using System.Data.Common;
using CareChain.Grains.Ledger.Audit;
using CareChain.Grains.Ledger.Storage;
using CareChain.Ledger.Entries;
using CareChain.Testing;

namespace CareChain.Grains.Tests.Ledger.Audit;

[Collection(AuditPostgres.Name)]
public sealed class AuditIndexTests(PostgresServer postgres)
{
    private static readonly string Alice = AuditEntries.Pseudonym('a');
    private static readonly string Bob = AuditEntries.Pseudonym('b');
    private static readonly string Carol = AuditEntries.Pseudonym('c');
    private static readonly string DoctorX = AuditEntries.Pseudonym('d');
    private static readonly string DoctorY = AuditEntries.Pseudonym('e');
    private static readonly string Obs1 = AuditEntries.Pseudonym('1');
    private static readonly string Obs2 = AuditEntries.Pseudonym('2');
    private static readonly int[] TwoShards = [0, 1];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task Appending_entries_writes_their_index_rows_in_the_same_transaction(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        await using var store = database.CreateStore();
        var entries = new AuditEntries();
        var first = entries.Entry(0, 1, actor: DoctorX, patient: Alice, resources: [Obs1, Obs2, Obs1]);
        var rows = new[] { entries.Store(first), entries.Store(entries.Entry(0, 2, action: "search", outcome: "deny", purpose: null)) };

        await store.AppendAsync(rows, Cancel);

        Assert.Equal(
            [
                $"0|0|{first.Timestamp.ToUnixTimeMilliseconds()}|read|permit|{DoctorX}|{Alice}|TREAT",
                $"0|1|{first.Timestamp.AddMinutes(1).ToUnixTimeMilliseconds()}|search|deny|||",
            ],
            await database.RowsAsync("SELECT shard, seq, time, action, outcome, actor, patient, purpose FROM ledger_audit_index ORDER BY seq"));
        Assert.Equal([$"{Obs1}|0|0", $"{Obs2}|0|0"], await database.RowsAsync("SELECT resource, shard, seq FROM ledger_audit_resources ORDER BY resource"));
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task Each_filter_selects_only_matching_entries_newest_first(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        await using var store = database.CreateStore();
        var entries = new AuditEntries();
        LedgerEntry[] all =
        [
            entries.Entry(0, 0, actor: DoctorX, patient: Alice, resources: [Obs1]),
            entries.Entry(1, 10, action: "search", actor: DoctorY, patient: Bob, purpose: "HRESCH"),
            entries.Entry(2, 20, outcome: "deny", actor: DoctorX, patient: Bob, resources: [Obs2]),
            entries.Entry(3, 30, action: "update", outcome: "error", actor: DoctorY, patient: Alice, resources: [Obs1, Obs2]),
            entries.Entry(4, 40, actor: DoctorX, patient: Carol, purpose: "ETREAT", details: "break-glass"),
        ];
        await store.AppendAsync([.. all.Select(entries.Store)], Cancel);

        async Task<string[]> Positions(AuditQuery query) =>
            [.. (await store.QueryAuditAsync(query, Cancel)).Entries.Select(entry => $"{entry.Shard}/{entry.Sequence}")];

        Assert.Equal(["4/0", "3/0", "2/0", "1/0", "0/0"], await Positions(new AuditQuery()));
        Assert.Equal(["3/0", "0/0"], await Positions(new AuditQuery { Patient = Alice }));
        Assert.Equal(["4/0", "2/0", "0/0"], await Positions(new AuditQuery { Actor = DoctorX }));
        Assert.Equal(["3/0", "0/0"], await Positions(new AuditQuery { Resource = Obs1 }));
        Assert.Equal(["3/0", "2/0"], await Positions(new AuditQuery { Resource = Obs2 }));
        Assert.Equal(["3/0", "2/0"], await Positions(new AuditQuery { Since = AuditEntries.Start.AddMinutes(20), Before = AuditEntries.Start.AddMinutes(40) }));
        Assert.Equal(["1/0"], await Positions(new AuditQuery { Purpose = "HRESCH" }));
        Assert.Equal(["1/0"], await Positions(new AuditQuery { Action = "search" }));
        Assert.Equal(["2/0"], await Positions(new AuditQuery { Outcome = "deny" }));
        Assert.Equal(["3/0"], await Positions(new AuditQuery { Patient = Alice, Actor = DoctorY, Resource = Obs2, Outcome = "error" }));
        Assert.Empty(await Positions(new AuditQuery { Patient = Alice, Outcome = "deny" }));
        Assert.Empty(await Positions(new AuditQuery { Resource = AuditEntries.Pseudonym('f') }));
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task Query_returns_whole_decoded_entries_with_their_hashes(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        await using var store = database.CreateStore();
        var entries = new AuditEntries();
        var entry = entries.Entry(5, 3, actor: DoctorX, patient: Alice, resources: [Obs1], details: "break-glass");
        var stored = entries.Store(entry);
        await store.AppendAsync([stored], Cancel);

        var page = await store.QueryAuditAsync(new AuditQuery { Patient = Alice }, Cancel);

        Assert.Equal(entry, Assert.Single(page.Entries));
        Assert.Equal(stored.EntryHash, Assert.Single(page.EntryHashes));
        Assert.False(page.HasMore);
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task Pages_follow_one_another_and_say_whether_more_remain(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        await using var store = database.CreateStore();
        var entries = new AuditEntries();
        // Shards 0 and 1 share every timestamp, so the tie-break on shard and sequence is exercised.
        var rows = Enumerable.Range(0, 7).SelectMany(minute => TwoShards.Select(shard => entries.Store(entries.Entry(shard, minute, patient: Alice)))).ToList();
        await store.AppendAsync(rows, Cancel);

        var seen = new List<string>();
        var pages = new List<bool>();
        for (var offset = 0; ; offset += 5)
        {
            var page = await store.QueryAuditAsync(new AuditQuery { Patient = Alice, Offset = offset, Count = 5 }, Cancel);
            seen.AddRange(page.Entries.Select(entry => $"{entry.Shard}/{entry.Sequence}"));
            pages.Add(page.HasMore);
            if (!page.HasMore)
            {
                break;
            }
        }

        Assert.Equal([true, true, false], pages);
        Assert.Equal(
            [.. Enumerable.Range(0, 7).Reverse().SelectMany(minute => new[] { $"1/{minute}", $"0/{minute}" })],
            seen);
        var exact = await store.QueryAuditAsync(new AuditQuery { Patient = Alice, Count = 14 }, Cancel);
        Assert.Equal(14, exact.Entries.Count);
        Assert.False(exact.HasMore);
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, 1001)]
    public async Task Out_of_range_paging_is_rejected(int offset, int count)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        await using var store = database.CreateStore();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => store.QueryAuditAsync(new AuditQuery { Offset = offset, Count = count }, Cancel));
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task A_failed_batch_leaves_neither_entries_nor_index_rows(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        await using var store = database.CreateStore();
        var entries = new AuditEntries();
        // The index insert fails after the entries were inserted in the same transaction.
        await database.ExecuteAsync(dialect == LedgerDialect.Postgres
            ? "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$; " +
              "CREATE TRIGGER refuse_inserts BEFORE INSERT ON ledger_audit_resources FOR EACH ROW EXECUTE FUNCTION refuse();"
            : "CREATE TRIGGER refuse_inserts BEFORE INSERT ON ledger_audit_resources BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
        var rows = Enumerable.Range(0, 20).Select(i => entries.Store(entries.Entry(0, i, patient: Alice, resources: [Obs1]))).ToList();

        var failure = await Assert.ThrowsAnyAsync<DbException>(() => store.AppendAsync(rows, Cancel));

        Assert.Contains("injected failure", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.CountAsync("ledger_entries"));
        Assert.Equal(0, await database.CountAsync("ledger_audit_index"));
        Assert.Equal(0, await database.CountAsync("ledger_audit_resources"));

        await database.ExecuteAsync("DROP TRIGGER refuse_inserts" + (dialect == LedgerDialect.Postgres ? " ON ledger_audit_resources" : string.Empty));
        await store.AppendAsync(rows, Cancel);
        Assert.Equal(20, await database.CountAsync("ledger_audit_index"));
    }

    [Fact]
    public async Task An_entry_whose_body_does_not_decode_is_refused_and_nothing_is_stored()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        await using var store = database.CreateStore();
        var entries = new AuditEntries();
        var good = entries.Store(entries.Entry(0, 0));
        var garbage = good with { Sequence = 1, Body = "{\"not\":\"an entry\"}"u8.ToArray() };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync([good, garbage], Cancel));

        Assert.Equal(0, await database.CountAsync("ledger_entries"));
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task Backfill_indexes_entries_written_before_the_index_exactly_once(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        await using var store = database.CreateStore();
        var entries = new AuditEntries();
        // Written as an older version did: entries only, more than one backfill chunk.
        const int Old = 1203;
        for (var i = 0; i < Old; i++)
        {
            var stored = entries.Store(entries.Entry(i % 3, i, patient: i % 2 == 0 ? Alice : Bob, resources: [Obs1]));
            await database.ExecuteAsync(
                "INSERT INTO ledger_entries (shard, seq, body, entry_hash) VALUES (@shard, @seq, @body, @hash)",
                ("shard", stored.Shard), ("seq", stored.Sequence), ("body", stored.Body), ("hash", stored.EntryHash!));
        }

        await store.AppendAsync([entries.Store(entries.Entry(0, Old, patient: Alice))], Cancel);
        Assert.Empty((await store.QueryAuditAsync(new AuditQuery { Patient = Bob }, Cancel)).Entries);

        var indexed = await store.IndexUnindexedEntriesAsync(Cancel);
        var again = await store.IndexUnindexedEntriesAsync(Cancel);

        Assert.Equal(Old, indexed);
        Assert.Equal(0, again);
        Assert.Equal(Old + 1, await database.CountAsync("ledger_audit_index"));
        Assert.Equal(Old, await database.CountAsync("ledger_audit_resources"));
        var bob = await store.QueryAuditAsync(new AuditQuery { Patient = Bob, Count = 1000 }, Cancel);
        Assert.Equal(Old / 2, bob.Entries.Count);
        Assert.All(bob.Entries, entry => Assert.Equal(Bob, entry.Patient));
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite, "UPDATE ledger_audit_index SET patient = NULL")]
    [InlineData(LedgerDialect.Sqlite, "DELETE FROM ledger_audit_index")]
    [InlineData(LedgerDialect.Sqlite, "UPDATE ledger_audit_resources SET seq = seq + 1")]
    [InlineData(LedgerDialect.Sqlite, "DELETE FROM ledger_audit_resources")]
    [InlineData(LedgerDialect.Postgres, "UPDATE ledger_audit_index SET patient = NULL")]
    [InlineData(LedgerDialect.Postgres, "DELETE FROM ledger_audit_index")]
    [InlineData(LedgerDialect.Postgres, "TRUNCATE ledger_audit_index")]
    [InlineData(LedgerDialect.Postgres, "UPDATE ledger_audit_resources SET seq = seq + 1")]
    [InlineData(LedgerDialect.Postgres, "DELETE FROM ledger_audit_resources")]
    [InlineData(LedgerDialect.Postgres, "TRUNCATE ledger_audit_resources")]
    public async Task Changing_the_audit_index_is_refused_by_the_database(LedgerDialect dialect, string change)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        await using var store = database.CreateStore();
        var entries = new AuditEntries();
        await store.AppendAsync([entries.Store(entries.Entry(0, 0, patient: Alice, resources: [Obs1]))], Cancel);
        const string Snapshot =
            "SELECT i.shard, i.seq, i.patient, r.resource FROM ledger_audit_index i JOIN ledger_audit_resources r ON r.shard = i.shard AND r.seq = i.seq";
        var before = await database.RowsAsync(Snapshot);

        var refusal = await Assert.ThrowsAnyAsync<DbException>(() => database.ExecuteAsync(change));

        Assert.Contains("append-only", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, await database.RowsAsync(Snapshot));
        Assert.Single(before);
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task The_schema_script_can_be_applied_again(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        await using var store = database.CreateStore();
        var entries = new AuditEntries();
        await store.AppendAsync([entries.Store(entries.Entry(0, 0, patient: Alice))], Cancel);

        await database.ApplySchemaAsync();

        Assert.Equal(1, await database.CountAsync("ledger_audit_index"));
        await Assert.ThrowsAnyAsync<DbException>(() => database.ExecuteAsync("DELETE FROM ledger_audit_index"));
    }
}
