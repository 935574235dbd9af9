using System.Net;
using Hl7.Fhir.Rest;

namespace CareChain.Server.Tests.Fhir.Support;

/// <summary>One caller's view of the server: a Firely <see cref="FhirClient"/> with its token and headers.</summary>
internal sealed class FhirCaller : IDisposable
{
    private readonly LedgerHeaderRecorder _recorder;

    public FhirCaller(Uri fhirBase, string token, IReadOnlyDictionary<string, string> headers)
    {
        _recorder = new LedgerHeaderRecorder(token, headers);
        Client = new FhirClient(fhirBase, new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = false }, _recorder);
    }

    public FhirClient Client { get; }

    public HttpStatusCode? LastStatus => _recorder.LastStatus;

    /// <summary>The last response's <c>X-Ledger-Entry</c>: one or more <c>{shard}/{seq}</c>.</summary>
    public string? LastLedgerEntry => _recorder.LastLedgerEntry;

    /// <summary>Runs a call expected to fail and returns the FHIR error it raised.</summary>
    public static async Task<FhirOperationException> FailsAsync(Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Assert.ThrowsAsync<FhirOperationException>(call);
    }

    public void Dispose()
    {
        Client.Dispose();
        _recorder.Dispose();
    }
}
