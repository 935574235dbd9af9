using System.Net;

namespace CareChain.Server.Tests.Fhir.Support;

/// <summary>Sends the caller's bearer token and headers, and keeps the last response's status and X-Ledger-Entry.</summary>
internal sealed class LedgerHeaderRecorder(string token, IReadOnlyDictionary<string, string> headers) : DelegatingHandler(new HttpClientHandler())
{
    public HttpStatusCode? LastStatus { get; private set; }

    public string? LastLedgerEntry { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await base.SendAsync(request, cancellationToken);
        LastStatus = response.StatusCode;
        LastLedgerEntry = response.Headers.TryGetValues("X-Ledger-Entry", out var values) ? string.Join(", ", values) : null;
        return response;
    }
}
