using CareChain.Testing;
using Npgsql;

namespace CareChain.Server.Tests.Storage;

/// <summary>The test PostgreSQL server itself: the durability tests of other suites lean on its restart.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_committed_row_is_still_there_after_the_server_restarts_and_the_folder_goes_with_the_server()
    {
        string root;
        await using (var server = new PostgresServer())
        {
            await server.StartAsync(TestContext.Current.CancellationToken);
            root = server.RootPath;
            var database = await server.CreateDatabaseAsync("restart_probe", TestContext.Current.CancellationToken);
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await Sql.ExecuteAsync(connection, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('committed')");
            }

            await server.StopAsync(TestContext.Current.CancellationToken);
            Assert.False(server.IsRunning);
            await server.StartAsync(TestContext.Current.CancellationToken);

            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                Assert.Equal("committed", await Sql.ScalarAsync(connection, "SELECT value FROM kept"));
                Assert.Equal("on", await Sql.ScalarAsync(connection, "SHOW fsync"));
            }
        }

        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task A_database_name_that_is_not_a_plain_identifier_is_refused()
    {
        await using var server = new PostgresServer();

        await Assert.ThrowsAsync<ArgumentException>(() => server.CreateDatabaseAsync("x\"; DROP DATABASE postgres; --", TestContext.Current.CancellationToken));
    }
}
