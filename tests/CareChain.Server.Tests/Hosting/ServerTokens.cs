using System.Net.Http.Headers;
using CareChain.Server.Auth;

namespace CareChain.Server.Tests.Hosting;

/// <summary>
/// Bearer tokens the server started on <see cref="ServerSettings"/> accepts, signed with that
/// server's own key, so tests reach authenticated endpoints without the Development token endpoint.
/// </summary>
internal static class ServerTokens
{
    /// <summary>The regulator: an organization allowed to read the ledger's entries and proofs.</summary>
    public const string AuditorSubject = "Organization/regulator";

    public const string AuditorScope = "system/AuditEvent.rs";

    public static string Issue(ServerSettings settings, string subject, string scope)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var issuer = new TokenIssuer(
            AuthSettings.From(new AuthOptions { Issuer = ServerSettings.AuthIssuer, SigningKey = settings.AuthSigningKey }, isDevelopment: false),
            TimeProvider.System);
        return issuer.Issue(subject, scope).AccessToken;
    }

    /// <summary>The auditor's token for <paramref name="settings"/>' server.</summary>
    public static string ForAuditor(ServerSettings settings) => Issue(settings, AuditorSubject, AuditorScope);

    /// <summary>A client for <paramref name="host"/> that sends <paramref name="token"/>; the caller disposes it.</summary>
    public static HttpClient Client(ServerHost host, string token)
    {
        ArgumentNullException.ThrowIfNull(host);
        var client = new HttpClient { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
