using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>What the server answered: the exact status, the <c>X-Ledger-Entry</c> header, the media type and the raw body.</summary>
internal sealed record MatrixResponse(HttpStatusCode Status, string? LedgerEntry, string? MediaType, string Body)
{
    private static readonly FhirJsonDeserializer Deserializer = new();

    /// <summary>The ledger entries of the header as AuditEvent ids (<c>{shard}-{seq}</c>).</summary>
    public IReadOnlyList<string> AuditEventIds =>
        LedgerEntry is null ? [] : [.. LedgerEntry.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(entry => entry.Replace('/', '-'))];

    /// <summary>The body parsed by Firely as a <typeparamref name="T"/> (or a subtype); fails the test when it is anything else.</summary>
    public T Parse<T>()
        where T : Resource
    {
        Assert.True(MediaType == "application/fhir+json", $"Expected a FHIR JSON body, got {MediaType ?? "none"}: {Body}");
        return Assert.IsAssignableFrom<T>(Deserializer.DeserializeResource(Body));
    }
}
