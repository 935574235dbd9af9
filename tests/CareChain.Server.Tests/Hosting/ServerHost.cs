using CareChain.Grains.Ledger;
using CareChain.Grains.Ledger.Checkpoints;
using CareChain.Grains.Ledger.Storage;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Verification;
using CareChain.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CareChain.Server.Tests.Hosting;

/// <summary>
/// The real server (Kestrel on a free loopback port, the co-hosted silo, real storage), composed
/// exactly as Program.cs composes it. Stop and start it again on the same settings to test restarts.
/// </summary>
internal sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public LedgerWriter Ledger => Services.GetRequiredService<LedgerWriter>();

    public ILedgerStore Store => Services.GetRequiredService<ILedgerStore>();

    public ILedgerExport Export => new LedgerStoreExport(Store);

    /// <summary>Starts a server on <paramref name="settings"/>; <paramref name="logs"/>, when given, receives its log at <see cref="ShippedLogLevels"/>.</summary>
    public static async Task<ServerHost> StartAsync(ServerSettings settings, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = settings.ContentRoot,
        });
        builder.Configuration.AddInMemoryCollection(settings.ToConfiguration());
        // Tests assert on behaviour; the silo's console chatter would only bury CI output. Set
        // CARECHAIN_TEST_LOGS=1 to see the server's warnings and errors while debugging a test.
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("CARECHAIN_TEST_LOGS") == "1")
        {
            builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        }

        if (logs is not null)
        {
            var rules = ShippedLogLevels.For(logs);
            builder.Logging.AddProvider(logs);
            builder.Services.Configure<LoggerFilterOptions>(options =>
            {
                foreach (var rule in rules)
                {
                    options.Rules.Add(rule);
                }
            });
        }

        builder.AddCareChainServer();

        var app = builder.Build();
        app.MapCareChainEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ServerHost(app, new Uri(address));
    }

    public Task<SignedCheckpointView> CheckpointAsync() => Grains.GetGrain<ICheckpointGrain>(0).CheckpointAsync();

    public Task<VerificationReport> VerifyAsync() =>
        new LedgerVerifier(Services.GetRequiredService<CheckpointSigner>().PublicKey).VerifyAsync(Export, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
