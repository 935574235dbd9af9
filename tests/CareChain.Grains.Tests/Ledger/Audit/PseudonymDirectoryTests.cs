using CareChain.Grains.Ledger;
using CareChain.Grains.Ledger.Pseudonyms;
using CareChain.Grains.Ledger.Storage;
using CareChain.Ledger.Pseudonyms;
using CareChain.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CareChain.Grains.Tests.Ledger.Audit;

[Collection(AuditPostgres.Name)]
public sealed class PseudonymDirectoryTests(PostgresServer postgres)
{
    private static readonly Pseudonymizer Pseudonymizer = new([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task A_recorded_reference_resolves_from_its_pseudonym(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        var directory = new PseudonymDirectory(Pseudonymizer, database);

        var patient = await directory.PseudonymizeAsync("Patient/123", Cancel);
        var practitioner = await directory.PseudonymizeAsync("Practitioner/dr-who", Cancel);
        var unknown = directory.Pseudonymize("Observation/never-recorded");

        Assert.Equal(Pseudonymizer.Pseudonymize("Patient/123"), patient);
        var resolved = await directory.ResolveAsync([patient, practitioner, unknown, patient], Cancel);
        Assert.Equal(2, resolved.Count);
        Assert.Equal("Patient/123", resolved[patient]);
        Assert.Equal("Practitioner/dr-who", resolved[practitioner]);
        Assert.False(resolved.ContainsKey(unknown));
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task Recording_the_same_reference_twice_keeps_one_row(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        var first = new PseudonymDirectory(Pseudonymizer, database);
        var second = new PseudonymDirectory(Pseudonymizer, database);

        await first.PseudonymizeAsync("Patient/1", Cancel);
        await second.PseudonymizeAsync("Patient/1", Cancel);
        await first.PseudonymizeAsync("Patient/1", Cancel);

        Assert.Equal(1, await database.CountAsync("pseudonym_directory"));
    }

    [Fact]
    public async Task A_known_pseudonym_skips_the_database()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        var directory = new PseudonymDirectory(Pseudonymizer, database);
        await directory.PseudonymizeAsync("Patient/1", Cancel);

        // With the table gone a database write would fail; a cached pseudonym never tries one.
        await database.ExecuteAsync("DROP TABLE pseudonym_directory");
        var again = await directory.PseudonymizeAsync("Patient/1", Cancel);

        Assert.Equal(Pseudonymizer.Pseudonymize("Patient/1"), again);
        Assert.Equal(1, directory.CachedCount);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => directory.PseudonymizeAsync("Patient/2", Cancel).AsTask());
    }

    [Fact]
    public async Task The_pure_pseudonymize_writes_nothing()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        var directory = new PseudonymDirectory(Pseudonymizer, database);

        var pseudonym = directory.Pseudonymize("Patient/1");

        Assert.Equal(Pseudonymizer.Pseudonymize("Patient/1"), pseudonym);
        Assert.Equal(0, await database.CountAsync("pseudonym_directory"));
        Assert.Equal(0, directory.CachedCount);
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task Forgetting_erases_the_rows_and_evicts_them_so_they_can_be_recorded_again(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        var directory = new PseudonymDirectory(Pseudonymizer, database);
        var erased = await directory.PseudonymizeAsync("Patient/erase-me", Cancel);
        var kept = await directory.PseudonymizeAsync("Patient/keep-me", Cancel);

        var deleted = await directory.ForgetAsync([erased, erased, directory.Pseudonymize("Patient/never")], Cancel);

        Assert.Equal(1, deleted);
        var resolved = await directory.ResolveAsync([erased, kept], Cancel);
        Assert.Equal(["Patient/keep-me"], resolved.Values);
        Assert.Equal(1, directory.CachedCount);

        // Evicted, so a new use writes the row again instead of trusting the cache.
        await directory.PseudonymizeAsync("Patient/erase-me", Cancel);
        Assert.Equal("Patient/erase-me", (await directory.ResolveAsync([erased], Cancel))[erased]);
    }

    [Theory]
    [InlineData(LedgerDialect.Sqlite)]
    [InlineData(LedgerDialect.Postgres)]
    public async Task Resolving_and_forgetting_more_than_one_batch_covers_every_pseudonym(LedgerDialect dialect)
    {
        await using var database = await LedgerTestDatabase.CreateAsync(dialect, postgres);
        var directory = new PseudonymDirectory(Pseudonymizer, database);
        var references = Enumerable.Range(0, PseudonymDirectory.BatchSize * 2 + 7).Select(i => $"Observation/{i}").ToList();
        var pseudonyms = new List<string>();
        foreach (var reference in references)
        {
            pseudonyms.Add(await directory.PseudonymizeAsync(reference, Cancel));
        }

        var resolved = await directory.ResolveAsync(pseudonyms, Cancel);
        var forgotten = await directory.ForgetAsync(pseudonyms, Cancel);

        Assert.Equal(references, pseudonyms.Select(pseudonym => resolved[pseudonym]));
        Assert.Equal(references.Count, forgotten);
        Assert.Equal(0, await database.CountAsync("pseudonym_directory"));
        Assert.Equal(0, directory.CachedCount);
    }

    [Fact]
    public async Task Empty_requests_need_no_database()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        await database.ExecuteAsync("DROP TABLE pseudonym_directory");
        var directory = new PseudonymDirectory(Pseudonymizer, database);

        Assert.Empty(await directory.ResolveAsync([], Cancel));
        Assert.Equal(0, await directory.ForgetAsync([], Cancel));
    }

    [Fact]
    public async Task The_ledger_services_provide_one_directory_over_the_hosts_connection_source()
    {
        await using var database = await LedgerTestDatabase.CreateAsync(LedgerDialect.Sqlite, postgres);
        await using var services = new ServiceCollection()
            .AddSingleton(Pseudonymizer)
            .AddSingleton<ILedgerConnectionSource>(database)
            .AddCareChainLedger(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        var directory = services.GetRequiredService<PseudonymDirectory>();
        var pseudonym = await directory.PseudonymizeAsync("Patient/1", Cancel);

        Assert.Same(directory, services.GetRequiredService<PseudonymDirectory>());
        Assert.Equal("Patient/1", (await directory.ResolveAsync([pseudonym], Cancel))[pseudonym]);
    }
}
