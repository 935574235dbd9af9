using System.Net;
using CareChain.Server.Storage;
using CareChain.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CareChain.Server.Tests.Storage;

/// <summary>
/// An in-process host with a silo configured only by the storage extensions, started and stopped
/// on demand. Each instance keeps its ports, so a restart comes back as the same endpoint.
/// </summary>
internal sealed class TestSilo : IAsyncDisposable
{
    /// <summary>Set to a log level (for example "Warning") to see the silo's log on the console.</summary>
    public const string LogVariable = "CARECHAIN_TEST_SILO_LOG";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _contentRoot;
    private readonly bool _storageAfterOrleans;
    private IHost? _host;

    private TestSilo(string contentRoot, Dictionary<string, string?> settings, bool storageAfterOrleans)
    {
        _contentRoot = contentRoot;
        _settings = settings;
        _storageAfterOrleans = storageAfterOrleans;
        _settings["Orleans:SiloPort"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _settings["Orleans:GatewayPort"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _settings["Orleans:AdvertisedIPAddress"] = IPAddress.Loopback.ToString();
    }

    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("The silo is not running.")).Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public int SiloPort => int.Parse(_settings["Orleans:SiloPort"]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="folder">The content root; the data folder is made inside it.</param>
    /// <param name="storageAfterOrleans">Registers the storage services after UseOrleans, to show the order does not matter.</param>
    public static TestSilo Sqlite(TemporaryDirectory folder, bool storageAfterOrleans = false) =>
        new(folder.Path, new() { ["Storage:Provider"] = "Sqlite", ["Storage:DataPath"] = "data" }, storageAfterOrleans);

    public static TestSilo Postgres(TemporaryDirectory folder, string connectionString) =>
        new(folder.Path, new() { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = connectionString }, storageAfterOrleans: false);

    public async Task StartAsync()
    {
        if (_host is not null)
        {
            throw new InvalidOperationException("The silo is already running.");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _contentRoot,
        });
        builder.Configuration.AddInMemoryCollection(_settings);
        if (Environment.GetEnvironmentVariable(LogVariable) is { Length: > 0 } level)
        {
            // Opt-in: the silo's own warnings (heartbeats, reminder reads) do not fail a test.
            builder.Logging.AddSimpleConsole().SetMinimumLevel(Enum.Parse<LogLevel>(level, ignoreCase: true));
        }

        if (_storageAfterOrleans)
        {
            var storage = StorageOptions.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
            builder.UseOrleans(silo => silo.UseCareChainStorage(storage));
            builder.AddCareChainStorage();
        }
        else
        {
            builder.AddCareChainStorage();
            var storage = builder.GetCareChainStorageOptions();
            builder.UseOrleans(silo => silo.UseCareChainStorage(storage));
        }

        var host = builder.Build();
        try
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        _host = host;
    }

    public async Task StopAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            finally
            {
                if (host is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
                else
                {
                    host.Dispose();
                }
            }
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
