using CareChain.Server.Auth;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Hosting;
using CareChain.Testing;

namespace CareChain.Server.Tests.Fhir.Support;

/// <summary>
/// The real server for FHIR end-to-end tests, with a token issuer that signs with the server's configured
/// key, so each test can act as any patient, practitioner or organization.
/// </summary>
internal sealed class FhirServer : IAsyncDisposable
{
    private readonly TokenIssuer _tokens;
    private readonly List<FhirCaller> _callers = [];

    private FhirServer(ServerHost host, ServerSettings settings)
    {
        Host = host;
        Settings = settings;
        _tokens = new TokenIssuer(
            AuthSettings.From(new AuthOptions { Issuer = ServerSettings.AuthIssuer, SigningKey = settings.AuthSigningKey }, isDevelopment: false),
            TimeProvider.System);
    }

    public ServerHost Host { get; }

    public ServerSettings Settings { get; }

    public Uri FhirBase => new(Host.Address, "fhir/");

    public static async Task<FhirServer> StartAsync(StorageProvider provider, TemporaryDirectory folder, PostgresServer postgres)
    {
        var settings = await ServerSettings.CreateAsync(provider, folder, postgres);
        return await StartAsync(settings);
    }

    /// <summary>Starts a server on given settings, e.g. a second silo of the same PostgreSQL cluster.</summary>
    public static async Task<FhirServer> StartAsync(ServerSettings settings) => new(await ServerHost.StartAsync(settings), settings);

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
        foreach (var caller in _callers)
        {
            caller.Dispose();
        }

        await Host.DisposeAsync();
    }
}
