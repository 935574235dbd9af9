using System.Data;
using CareChain.Server.Tests.Storage.Grains;
using CareChain.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CareChain.Server.Tests.Storage;

/// <summary>A silo configured only by the storage extensions keeps its grain state and reminders across restarts.</summary>
public sealed class SiloStorageTests(PostgresServer postgres)
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Grain_state_and_reminders_survive_a_restart_of_an_embedded_sqlite_silo()
    {
        using var folder = new TemporaryDirectory();
        // The first host registers the storage services after UseOrleans, on an empty folder: the
        // order must not matter, the schema is installed before the silo needs it either way.
        await using (var first = TestSilo.Sqlite(folder, storageAfterOrleans: true))
        {
            await first.StartAsync();
            await first.Grains.GetGrain<IStateProbeGrain>("Patient/1").WriteAsync("named", "default");
            await first.Grains.GetGrain<IReminderProbeGrain>("Patient/1").RegisterAsync();
        }

        await using var second = TestSilo.Sqlite(folder);
        await second.StartAsync();

        var values = await second.Grains.GetGrain<IStateProbeGrain>("Patient/1").ReadAsync();
        Assert.Equal(("named", "default"), (values.Named, values.ByDefault));
        Assert.True(await second.Grains.GetGrain<IReminderProbeGrain>("Patient/1").HasReminderAsync());
        await using var orleans = new SqliteConnection($"Data Source={folder.Combine("data", "orleans.db")};Pooling=False");
        await orleans.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(
            [ReminderProbeGrain.ReminderName],
            await Sql.RowsAsync(orleans, "SELECT reminder_name FROM orleans_reminders WHERE service_id = 'carechain'"));
        Assert.Equal(
            ["probe-default", "probe-named"],
            await Sql.RowsAsync(orleans, "SELECT state_name FROM orleans_grain_state WHERE key_string = 'Patient/1' ORDER BY state_name"));
    }

    [Fact]
    public async Task A_cleared_state_reads_back_empty_after_a_restart()
    {
        using var folder = new TemporaryDirectory();
        await using var silo = TestSilo.Sqlite(folder);
        await silo.StartAsync();
        var grain = silo.Grains.GetGrain<IStateProbeGrain>("Patient/2");
        await grain.WriteAsync("secret", "kept");
        await grain.ClearAsync();

        await silo.RestartAsync();

        var values = await silo.Grains.GetGrain<IStateProbeGrain>("Patient/2").ReadAsync();
        Assert.Null(values.Named);
        Assert.Equal("kept", values.ByDefault);
        Assert.NotNull(values.NamedETag);
    }

    [Fact]
    public async Task Grain_state_membership_and_reminders_survive_a_restart_of_a_postgres_silo()
    {
        using var folder = new TemporaryDirectory();
        var database = await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var silo = TestSilo.Postgres(folder, database);
        await silo.StartAsync();
        await silo.Grains.GetGrain<IStateProbeGrain>("Patient/3").WriteAsync("named", "default");
        await silo.Grains.GetGrain<IReminderProbeGrain>("Patient/3").RegisterAsync();

        Assert.Equal([Active], await StatusesAsync(database, silo.SiloPort));

        await silo.StopAsync();
        Assert.Equal([Dead], await StatusesAsync(database, silo.SiloPort));

        await silo.StartAsync();
        Assert.Equal([Dead, Active], await StatusesAsync(database, silo.SiloPort));
        var values = await silo.Grains.GetGrain<IStateProbeGrain>("Patient/3").ReadAsync();
        Assert.Equal(("named", "default"), (values.Named, values.ByDefault));
        Assert.True(await silo.Grains.GetGrain<IReminderProbeGrain>("Patient/3").HasReminderAsync());
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(
            [ReminderProbeGrain.ReminderName],
            await Sql.RowsAsync(connection, "SELECT reminder_name FROM orleans_reminders WHERE service_id = 'carechain'"));
    }

    private static async Task<List<int>> StatusesAsync(string database, int port)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var rows = await Sql.RowsAsync(
            connection,
            "SELECT status FROM orleans_membership WHERE cluster_id = 'carechain' AND address = '127.0.0.1' AND port = @port ORDER BY generation",
            ("port", port, DbType.Int32));
        return [.. rows.Select(row => int.Parse(row, System.Globalization.CultureInfo.InvariantCulture))];
    }
}
