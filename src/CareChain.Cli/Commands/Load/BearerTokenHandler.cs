using System.Net.Http.Headers;

namespace CareChain.Cli.Commands.Load;

/// <summary>
/// Sits under the Firely <c>FhirClient</c>: adds the bearer token to every request and keeps the
/// <see cref="LedgerEntryHeader"/> of the latest response, which the client's own result does not expose.
/// The token is held only here and is never part of a message.
/// </summary>
internal sealed class BearerTokenHandler(string token, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private string? _lastLedgerEntries;

    /// <summary>The ledger entries named by the latest response, or null when it named none.</summary>
    public string? LastLedgerEntries => Volatile.Read(ref _lastLedgerEntries);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Volatile.Write(ref _lastLedgerEntries, null);
        var response = await base.SendAsync(request, cancellationToken);
        Volatile.Write(ref _lastLedgerEntries, LedgerEntryHeader.Read(response));
        return response;
    }
}
