using System.Security.Cryptography;
using System.Text;
using CareChain.Grains.Ledger.Details;
using CareChain.Grains.Ledger.Storage;
using CareChain.Grains.Tests.Ledger.Audit;
using CareChain.Testing;

namespace CareChain.Grains.Tests.Ledger.Details;

[Collection(AuditPostgres.Name)]
public sealed class SealedDetailStoreTests(PostgresServer postgres)
{
    private const string Ada = "2afe21f9695e49fad434ccdb04898ccf136239306803fe5c63e6ad4c63cda578";
    private const string Ben = "b22976bea6a2b5b3df04c0db5373d5be7061e62caf10398921faabde948d5092";
    private const string Reason = "unresponsive on arrival, suspected hypoglycaemia";

    private static readonly DetailsKey Key = new(RandomNumberGenerator.GetBytes(DetailsKey.KeySize));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task A_sealed_detail_opens_for_its_patient(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        var store = new SealedDetailStore(Key, database);

        var digest = await store.SealAsync(Ada, Reason, Cancel);
        var opened = await store.OpenAsync([new SealedDetailReference(Ada, digest)], Cancel);

        Assert.True(SealedDetailStore.IsDigest(digest));
        Assert.Equal(new OpenedDetail(DetailState.Readable, Reason), opened[digest]);
    }

    [Fact]
    public async Task Stored_rows_hold_neither_the_text_nor_a_usable_key()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        var store = new SealedDetailStore(Key, database);
        var digest = await store.SealAsync(Ada, Reason, Cancel);

        var sealedBytes = Convert.FromHexString(Assert.Single(await database.RowsAsync("SELECT sealed FROM sealed_details")));
        var wrapped = Convert.FromHexString(Assert.Single(await database.RowsAsync("SELECT wrapped FROM patient_data_keys")));

        Assert.Equal(digest, Convert.ToHexStringLower(SHA256.HashData(sealedBytes)));
        Assert.Equal(-1, sealedBytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("hypoglycaemia")));
        Assert.Equal(1 + 12 + DetailsKey.KeySize + 16, wrapped.Length);
        Assert.Equal(DetailState.Altered, (await new SealedDetailStore(new DetailsKey(RandomNumberGenerator.GetBytes(32)), database)
            .OpenAsync([new SealedDetailReference(Ada, digest)], Cancel))[digest].State);
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task Shredding_erases_one_patients_details_and_no_one_elses(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        var store = new SealedDetailStore(Key, database);
        var adaFirst = await store.SealAsync(Ada, Reason, Cancel);
        var adaSecond = await store.SealAsync(Ada, "second emergency", Cancel);
        var ben = await store.SealAsync(Ben, "another patient's emergency", Cancel);

        Assert.True(await store.ShredAsync(Ada, Cancel));
        Assert.False(await store.ShredAsync(Ada, Cancel));
        var opened = await store.OpenAsync(
            [new SealedDetailReference(Ada, adaFirst), new SealedDetailReference(Ada, adaSecond), new SealedDetailReference(Ben, ben)], Cancel);

        Assert.Equal(DetailState.Erased, opened[adaFirst].State);
        Assert.Null(opened[adaFirst].Text);
        Assert.Equal(DetailState.Erased, opened[adaSecond].State);
        Assert.Equal(new OpenedDetail(DetailState.Readable, "another patient's emergency"), opened[ben]);
        Assert.Equal(1, await database.CountAsync("sealed_details"));
        Assert.Equal(1, await database.CountAsync("patient_data_keys"));
    }

    [Fact]
    public async Task A_changed_sealed_row_is_reported_as_altered()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        var store = new SealedDetailStore(Key, database);
        var changedBytes = await store.SealAsync(Ada, Reason, Cancel);
        var movedPatient = await store.SealAsync(Ada, "moved to another patient", Cancel);
        await store.SealAsync(Ben, "gives Ben a key", Cancel);

        await database.ExecuteAsync(
            "UPDATE sealed_details SET sealed = @sealed WHERE digest = @digest",
            ("sealed", RandomNumberGenerator.GetBytes(80)), ("digest", changedBytes));
        await database.ExecuteAsync("UPDATE sealed_details SET patient = @patient WHERE digest = @digest", ("patient", Ben), ("digest", movedPatient));
        var opened = await store.OpenAsync([new SealedDetailReference(Ada, changedBytes), new SealedDetailReference(Ben, movedPatient)], Cancel);

        Assert.Equal(DetailState.Altered, opened[changedBytes].State);
        Assert.Equal(DetailState.Altered, opened[movedPatient].State);
    }

    [Fact]
    public async Task A_digest_with_no_row_is_missing_and_a_malformed_one_opens_nothing()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        var store = new SealedDetailStore(Key, database);
        await store.SealAsync(Ada, Reason, Cancel);
        var unknown = Convert.ToHexStringLower(SHA256.HashData("nothing sealed"u8));
        const string Malformed = "ABC' OR 1=1 --";

        var opened = await store.OpenAsync([new SealedDetailReference(Ada, unknown), new SealedDetailReference(Ada, Malformed)], Cancel);

        Assert.Equal(DetailState.Missing, opened[unknown].State);
        Assert.Equal(DetailState.Missing, opened[Malformed].State);
    }

    [Fact]
    public async Task Concurrent_first_seals_for_a_patient_share_one_data_key()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Postgres, postgres);
        var silos = new[] { new SealedDetailStore(Key, database), new SealedDetailStore(Key, database) };

        var digests = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => silos[i % 2].SealAsync(Ada, $"reason {i}", Cancel)));
        var opened = await silos[0].OpenAsync([.. digests.Select(digest => new SealedDetailReference(Ada, digest))], Cancel);

        Assert.Equal(1, await database.CountAsync("patient_data_keys"));
        Assert.All(digests, digest => Assert.Equal(DetailState.Readable, opened[digest].State));
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task Rotation_moves_every_data_key_to_the_new_details_key(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        var oldKey = RandomNumberGenerator.GetBytes(DetailsKey.KeySize);
        var newKey = RandomNumberGenerator.GetBytes(DetailsKey.KeySize);
        var before = new SealedDetailStore(new DetailsKey(oldKey), database);
        var ada = await before.SealAsync(Ada, Reason, Cancel);
        var ben = await before.SealAsync(Ben, "another emergency", Cancel);

        var rotating = new SealedDetailStore(new DetailsKey(newKey, [oldKey]), database);
        Assert.Equal(DetailState.Readable, (await rotating.OpenAsync([new SealedDetailReference(Ada, ada)], Cancel))[ada].State);
        Assert.Equal(2, await rotating.RewrapRetiredKeysAsync(Cancel));
        Assert.Equal(0, await rotating.RewrapRetiredKeysAsync(Cancel));

        // With the old key destroyed, everything still opens under the new one alone, and nothing under the old.
        var after = await new SealedDetailStore(new DetailsKey(newKey), database)
            .OpenAsync([new SealedDetailReference(Ada, ada), new SealedDetailReference(Ben, ben)], Cancel);
        Assert.Equal(new OpenedDetail(DetailState.Readable, Reason), after[ada]);
        Assert.Equal(DetailState.Readable, after[ben].State);
        Assert.Equal(DetailState.Altered, (await before.OpenAsync([new SealedDetailReference(Ada, ada)], Cancel))[ada].State);
    }

    [Fact]
    public async Task Rotation_leaves_keys_it_cannot_open_alone()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        var foreign = new SealedDetailStore(new DetailsKey(RandomNumberGenerator.GetBytes(32)), database);
        await foreign.SealAsync(Ada, Reason, Cancel);
        var wrapped = await database.RowsAsync("SELECT wrapped FROM patient_data_keys");

        var moved = await new SealedDetailStore(new DetailsKey(RandomNumberGenerator.GetBytes(32), [RandomNumberGenerator.GetBytes(32)]), database)
            .RewrapRetiredKeysAsync(Cancel);

        Assert.Equal(0, moved);
        Assert.Equal(wrapped, await database.RowsAsync("SELECT wrapped FROM patient_data_keys"));
    }

    [Fact]
    public async Task Overlong_text_is_refused_before_anything_is_written()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        var store = new SealedDetailStore(Key, database);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SealAsync(Ada, new string('x', SealedDetailStore.MaxTextLength + 1), Cancel));

        Assert.Equal(0, await database.CountAsync("patient_data_keys"));
        Assert.Equal(0, await database.CountAsync("sealed_details"));
    }
}
