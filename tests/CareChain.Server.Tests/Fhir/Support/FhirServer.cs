using CareChain.Server.Auth;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Hosting;
using CareChain.Testing;
using Microsoft.Extensions.Logging;

namespace CareChain.Server.Tests.Fhir.Support;

/// <summary>
/// The real server for FHIR end-to-end tests, with a token issuer that signs with the server's configured
/// key, so each test can act as any patient, practitioner or organization.
/// </summary>
internal sealed class FhirServer : IAsyncDisposable
{
    private readonly TokenIssuer _tokens;
    private readonly TemporaryDirectory _folder;
    private readonly List<FhirCaller> _callers = [];
    private bool _handedOver;

    private FhirServer(ServerHost host, ServerSettings settings, TemporaryDirectory folder)
    {
        Host = host;
        Settings = settings;
        _folder = folder;
        _tokens = new TokenIssuer(
            AuthSettings.From(new AuthOptions { Issuer = ServerSettings.AuthIssuer, SigningKey = settings.AuthSigningKey }, isDevelopment: false),
            TimeProvider.System);
    }

    public ServerHost Host { get; }

    public ServerSettings Settings { get; }

    public Uri FhirBase => new(Host.Address, "fhir/");

    /// <summary>
    /// Starts a server in a fresh data folder of its own, which disposing deletes; <paramref name="logs"/>, when
    /// given, receives the server's log (see <see cref="ServerHost.StartAsync"/>).
    /// </summary>
    public static async Task<FhirServer> StartAsync(StorageProvider provider, PostgresServer postgres, ILoggerProvider? logs = null)
    {
        var folder = new TemporaryDirectory();
        try
        {
            return await StartAsync(await ServerSettings.CreateAsync(provider, folder, postgres), folder, logs);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Starts another silo of this server's cluster: same database and keys, its own folder and ports.</summary>
    public async Task<FhirServer> StartAnotherSiloAsync()
    {
        var folder = new TemporaryDirectory();
        try
        {
            return await StartAsync(Settings with { ContentRoot = folder.Path }, folder);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops this server and starts it again on the same data folder with <paramref name="change"/>d
    /// settings. The returned server owns the folder from then on; disposing this one does nothing more.
    /// </summary>
    public async Task<FhirServer> RestartAsync(Func<ServerSettings, ServerSettings> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await StopAsync();
        _handedOver = true;
        return await StartAsync(change(Settings), _folder);
    }

    public string Token(string subject, string scope) => _tokens.Issue(subject, scope).AccessToken;

    /// <summary>A client acting as <paramref name="subject"/> with <paramref name="scope"/> and optional extra headers.</summary>
    public FhirCaller As(string subject, string scope, params (string Name, string Value)[] headers)
    {
        var caller = new FhirCaller(FhirBase, Token(subject, scope), headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase));
        _callers.Add(caller);
        return caller;
    }

    /// <summary>The hospital feed: writes patient data with system scopes.</summary>
    public FhirCaller Feed() => As("Organization/ehr-feed", "system/*.cruds");

    /// <summary>A regulator or privacy office reading audits.</summary>
    public FhirCaller Auditor() => As("Organization/privacy-office", "system/AuditEvent.rs");

    public FhirCaller Patient(string id) => As($"Patient/{id}", "patient/*.cruds");

    public FhirCaller Practitioner(string id, params (string Name, string Value)[] headers) => As($"Practitioner/{id}", "user/*.rs", headers);

    public async ValueTask DisposeAsync()
    {
        if (_handedOver)
        {
            return;
        }

        await StopAsync();
        _folder.Dispose();
    }

    private async Task StopAsync()
    {
        foreach (var caller in _callers)
        {
            caller.Dispose();
        }

        _callers.Clear();
        await Host.DisposeAsync();
    }

    private static async Task<FhirServer> StartAsync(ServerSettings settings, TemporaryDirectory folder, ILoggerProvider? logs = null) =>
        new(await ServerHost.StartAsync(settings, logs), settings, folder);
}
