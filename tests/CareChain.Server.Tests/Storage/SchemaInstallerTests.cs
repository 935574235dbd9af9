using CareChain.Server.Storage;
using CareChain.Testing;

namespace CareChain.Server.Tests.Storage;

public sealed class SchemaInstallerTests(PostgresServer postgres)
{
    private static readonly string[] SqliteScripts = ["orleans-main.sql", "orleans-persistence.sql", "orleans-reminders.sql", "fhir-index.sql", "ledger.sql"];

    private static readonly string[] PostgresScripts =
        ["orleans-main.sql", "orleans-persistence.sql", "orleans-clustering.sql", "orleans-reminders.sql", "fhir-index.sql", "ledger.sql"];

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public void Every_embedded_script_is_in_the_install_order(StorageProvider provider)
    {
        var ordered = SchemaScripts.For(provider).Select(script => script.Name).Order(StringComparer.Ordinal);

        Assert.Equal(SchemaScripts.Embedded(provider), ordered);
    }

    [Fact]
    public async Task Installing_on_a_fresh_sqlite_folder_applies_each_script_once_and_records_its_hash()
    {
        using var folder = new TemporaryDirectory();
        await using var storage = StorageHarness.Sqlite(folder);

        var first = await storage.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken);
        var second = await storage.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken);

        Assert.Equal(SqliteScripts, first);
        Assert.Empty(second);
        var expected = SchemaScripts.For(StorageProvider.Sqlite).ToDictionary(script => script.Name, script => script.Sha256);
        await using var orleans = await storage.OpenOrleansAsync();
        await using var ledger = await storage.OpenLedgerAsync();
        var recorded = (await Sql.RowsAsync(orleans, "SELECT script || '=' || sha256 FROM carechain_schema ORDER BY script"))
            .Concat(await Sql.RowsAsync(ledger, "SELECT script || '=' || sha256 FROM carechain_schema ORDER BY script"));
        Assert.Equal(expected.Select(pair => $"{pair.Key}={pair.Value}").Order(StringComparer.Ordinal), recorded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reapplying_every_sqlite_script_leaves_the_schema_as_it_was()
    {
        using var folder = new TemporaryDirectory();
        await using var storage = StorageHarness.Sqlite(folder);
        await storage.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken);
        var before = await SqliteSchemaAsync(storage);

        var again = await storage.Installer.InstallAsync(force: true, TestContext.Current.CancellationToken);

        Assert.Equal(SqliteScripts, again);
        Assert.Equal(before, await SqliteSchemaAsync(storage));
    }

    [Fact]
    public async Task The_ledger_tables_live_in_their_own_sqlite_file()
    {
        using var folder = new TemporaryDirectory();
        await using var storage = StorageHarness.Sqlite(folder);

        await storage.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken);

        Assert.True(File.Exists(folder.Combine("data", "orleans.db")));
        Assert.True(File.Exists(folder.Combine("data", "ledger.db")));
        await using var orleans = await storage.OpenOrleansAsync();
        await using var ledger = await storage.OpenLedgerAsync();
        const string tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'carechain_schema' ORDER BY name";
        Assert.Equal(["OrleansQuery", "fhir_resources", "fhir_search_terms", "orleans_grain_state", "orleans_reminders"], await Sql.RowsAsync(orleans, tables));
        Assert.Equal(
            ["ledger_audit_index", "ledger_audit_resources", "ledger_checkpoints", "ledger_entries", "ledger_meta", "patient_data_keys", "pseudonym_directory", "sealed_details"],
            await Sql.RowsAsync(ledger, tables));
        Assert.Equal("wal", await Sql.ScalarAsync(ledger, "PRAGMA journal_mode"));
        Assert.Equal("wal", await Sql.ScalarAsync(orleans, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_script_recorded_with_another_hash_is_applied_again()
    {
        using var folder = new TemporaryDirectory();
        await using var storage = StorageHarness.Sqlite(folder);
        await storage.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken);
        await using (var orleans = await storage.OpenOrleansAsync())
        {
            await Sql.ExecuteAsync(orleans, "UPDATE carechain_schema SET sha256 = 'older' WHERE script = 'orleans-reminders.sql'");
        }

        var applied = await storage.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken);

        Assert.Equal(["orleans-reminders.sql"], applied);
    }

    [Fact]
    public async Task Without_apply_schema_a_database_missing_scripts_is_refused_and_left_alone()
    {
        using var folder = new TemporaryDirectory();
        await using var storage = StorageHarness.Sqlite(folder, applySchema: false);

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(
            () => storage.Installer.EnsureInstalledAsync(TestContext.Current.CancellationToken));

        Assert.Contains("orleans-main.sql", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:ApplySchema", refusal.Message, StringComparison.Ordinal);
        await using var orleans = await storage.OpenOrleansAsync();
        Assert.Equal(0L, await Sql.ScalarAsync(orleans, "SELECT count(*) FROM sqlite_master"));
    }

    [Fact]
    public async Task Without_apply_schema_an_installed_database_is_accepted()
    {
        using var folder = new TemporaryDirectory();
        await using (var owner = StorageHarness.Sqlite(folder))
        {
            await owner.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken);
        }

        await using var service = StorageHarness.Sqlite(folder, applySchema: false);

        await service.Installer.EnsureInstalledAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Installing_on_a_fresh_postgres_database_applies_each_script_once_and_records_its_hash()
    {
        await using var storage = StorageHarness.Postgres(await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));

        var first = await storage.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken);
        var second = await storage.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken);

        Assert.Equal(PostgresScripts, first);
        Assert.Empty(second);
        var expected = SchemaScripts.For(StorageProvider.Postgres).Select(script => $"{script.Name}={script.Sha256}").Order(StringComparer.Ordinal);
        await using var connection = await storage.OpenOrleansAsync();
        Assert.Equal(expected, await Sql.RowsAsync(connection, "SELECT script || '=' || sha256 FROM carechain_schema ORDER BY script COLLATE \"C\""));
    }

    [Fact]
    public async Task Reapplying_every_postgres_script_leaves_the_schema_as_it_was()
    {
        await using var storage = StorageHarness.Postgres(await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
        await storage.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken);
        var before = await PostgresSchemaAsync(storage);

        var again = await storage.Installer.InstallAsync(force: true, TestContext.Current.CancellationToken);

        Assert.Equal(PostgresScripts, again);
        Assert.Equal(before, await PostgresSchemaAsync(storage));
    }

    [Fact]
    public async Task Installers_of_silos_starting_together_on_one_postgres_database_both_succeed()
    {
        var database = await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var first = StorageHarness.Postgres(database);
        await using var second = StorageHarness.Postgres(database);

        var applied = await Task.WhenAll(
            first.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken),
            second.Installer.InstallAsync(force: false, TestContext.Current.CancellationToken));

        // The advisory lock serialises them: each script is applied exactly once, by one of the two.
        var all = applied.SelectMany(names => names).ToList();
        Assert.Equal(PostgresScripts.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
    }

    private static async Task<List<string>> SqliteSchemaAsync(StorageHarness storage)
    {
        const string schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'carechain_schema' ORDER BY type, name";
        await using var orleans = await storage.OpenOrleansAsync();
        await using var ledger = await storage.OpenLedgerAsync();
        return
        [
            .. await Sql.RowsAsync(orleans, schema),
            .. await Sql.RowsAsync(orleans, "SELECT QueryKey, QueryText FROM OrleansQuery ORDER BY QueryKey"),
            .. await Sql.RowsAsync(ledger, schema),
        ];
    }

    private static async Task<List<string>> PostgresSchemaAsync(StorageHarness storage)
    {
        await using var connection = await storage.OpenOrleansAsync();
        return
        [
            .. await Sql.RowsAsync(connection,
                "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') FROM information_schema.columns " +
                "WHERE table_schema = 'public' AND table_name <> 'carechain_schema' ORDER BY 1, 2"),
            .. await Sql.RowsAsync(connection,
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint " +
                "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"),
            .. await Sql.RowsAsync(connection,
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
            .. await Sql.RowsAsync(connection,
                "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2"),
            .. await Sql.RowsAsync(connection,
                "SELECT proname, md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1"),
            .. await Sql.RowsAsync(connection, "SELECT querykey, querytext FROM orleansquery ORDER BY 1"),
        ];
    }
}
