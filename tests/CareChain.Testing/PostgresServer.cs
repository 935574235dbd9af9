using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Xunit;

namespace CareChain.Testing;

/// <summary>
/// A real PostgreSQL server for tests, in its own temporary folder, listening on a free port on
/// 127.0.0.1 (and on a unix socket in that folder). Durability settings (fsync, synchronous
/// commit, full-page writes) stay on, so crash and restart tests mean something.
/// </summary>
/// <remarks>
/// Use it as an xunit v3 assembly fixture, one server per test assembly:
/// <c>[assembly: AssemblyFixture(typeof(PostgresServer))]</c>, then take a <see cref="PostgresServer"/>
/// in a test class constructor and call <see cref="CreateDatabaseAsync"/> for a fresh database.
/// PostgreSQL refuses to run as root, so under root the server runs as the <c>postgres</c> user
/// (through runuser), in a folder that user owns.
/// </remarks>
public sealed partial class PostgresServer : IAsyncLifetime
{
    /// <summary>The address the server listens on.</summary>
    public const string Host = "127.0.0.1";

    private const string SuperUser = "postgres";
    private const string BinariesVariable = "CARECHAIN_PG_BIN";
    private const int StartAttempts = 3;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _asPostgresUser = Environment.IsPrivilegedProcess;
    private string? _binaries;
    private string? _root;
    private bool _running;
    private bool _disposed;

    /// <summary>Whether fsync stays on. Leave it on unless a test measures nothing that depends on durability.</summary>
    public bool Fsync { get; init; } = true;

    /// <summary>The TCP port, fixed at the first start so connection strings survive a restart.</summary>
    public int Port { get; private set; }

    /// <summary>The folder holding the data directory, the socket and the server log.</summary>
    public string RootPath => _root ?? throw new InvalidOperationException("The PostgreSQL server has not been started.");

    public string DataPath => Path.Combine(RootPath, "data");

    public string LogPath => Path.Combine(RootPath, "server.log");

    public bool IsRunning => _running;

    public ValueTask InitializeAsync() => new(StartAsync());

    /// <summary>Creates the cluster on first use, then starts the server and waits until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_running)
            {
                return;
            }

            if (_root is null)
            {
                _binaries = FindBinaries();
                _root = await CreateRootAsync(cancellationToken);
                await RunAsync("initdb", ["-D", DataPath, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C",
                    // Only initdb's own writes skip fsync; the server below runs with it on.
                    "--no-sync"], cancellationToken);
            }

            for (var attempt = 1; ; attempt++)
            {
                if (Port == 0 || attempt > 1)
                {
                    Port = FreeTcpPort.Next();
                    await WriteSettingsAsync(cancellationToken);
                }

                try
                {
                    await RunAsync("pg_ctl", ["-D", DataPath, "-l", LogPath, "-w", "-t", "60", "start"], cancellationToken);
                    _running = true;
                    return;
                }
                catch (InvalidOperationException) when (attempt < StartAttempts && PortWasTaken())
                {
                    // Another process took the port between our probe and the server's bind.
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server (fast shutdown: sessions are ended, committed data is kept).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_running)
            {
                return;
            }

            NpgsqlConnection.ClearAllPools();
            await RunAsync("pg_ctl", ["-D", DataPath, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken);
            _running = false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    /// <param name="name">A lower-case identifier; a unique one is made up when omitted.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "test_" + Guid.NewGuid().ToString("N");
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException("A database name must be a lower-case identifier of at most 63 characters.", nameof(name));
        }

        if (!_running)
        {
            throw new InvalidOperationException("The PostgreSQL server is not running.");
        }

        await using (var connection = new NpgsqlConnection(ConnectionString(SuperUser, pooling: false)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionString(name, pooling: true);
    }

    /// <summary>A connection string for the superuser to <paramref name="database"/>.</summary>
    public string ConnectionString(string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = SuperUser,
            Database = database,
            Pooling = pooling,
            IncludeErrorDetail = true,
        }.ToString();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await StopAsync();
        }
        finally
        {
            if (_root is not null && Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }

            _gate.Dispose();
        }
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable(BinariesVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new InvalidOperationException($"{BinariesVariable}={configured} holds no initdb.");
        }

        const string installRoot = "/usr/lib/postgresql";
        var newest = Directory.Exists(installRoot)
            ? Directory.GetDirectories(installRoot)
                .Select(folder => (Folder: folder, Version: decimal.TryParse(Path.GetFileName(folder), NumberStyles.Number, CultureInfo.InvariantCulture, out var version) ? version : -1))
                .Where(candidate => candidate.Version >= 0 && File.Exists(Path.Combine(candidate.Folder, "bin", "initdb")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => Path.Combine(candidate.Folder, "bin"))
                .FirstOrDefault()
            : null;
        return newest ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries under /usr/lib/postgresql/*/bin: install the postgresql package " +
            $"(apt-get install postgresql; scripts/test.sh does it), or point {BinariesVariable} at a folder holding initdb and pg_ctl.");
    }

    private async Task<string> CreateRootAsync(CancellationToken cancellationToken)
    {
        if (!_asPostgresUser)
        {
            return Directory.CreateTempSubdirectory("carechain-pg-").FullName;
        }

        // Made by the postgres user so that it owns the folder, as initdb and the server require.
        var created = await ProcessRunner.RunAsync(
            "runuser", ["-u", SuperUser, "--", "mktemp", "-d", "/tmp/carechain-pg-XXXXXXXX"], "/tmp", CommandTimeout, cancellationToken);
        return created.Trim();
    }

    private async Task WriteSettingsAsync(CancellationToken cancellationToken)
    {
        // Appended, so the last values win when a retry picks another port.
        var settings = string.Join('\n',
            "",
            "# carechain test server",
            $"port = {Port}",
            $"listen_addresses = '{Host}'",
            $"unix_socket_directories = '{RootPath}'",
            $"fsync = {(Fsync ? "on" : "off")}",
            "synchronous_commit = on",
            "full_page_writes = on",
            "max_connections = 200",
            "");
        await File.AppendAllTextAsync(Path.Combine(DataPath, "postgresql.conf"), settings, cancellationToken);
    }

    private bool PortWasTaken() =>
        File.Exists(LogPath) && File.ReadAllText(LogPath).Contains("Address already in use", StringComparison.Ordinal);

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var binary = Path.Combine(_binaries!, tool);
        try
        {
            if (_asPostgresUser)
            {
                await ProcessRunner.RunAsync("runuser", ["-u", SuperUser, "--", binary, .. arguments], RootPath, CommandTimeout, cancellationToken);
            }
            else
            {
                await ProcessRunner.RunAsync(binary, arguments, RootPath, CommandTimeout, cancellationToken);
            }
        }
        catch (InvalidOperationException failure) when (File.Exists(LogPath))
        {
            throw new InvalidOperationException($"{failure.Message}\nServer log:\n{File.ReadAllText(LogPath)}", failure);
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
