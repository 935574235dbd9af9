using System.Globalization;
using CareChain.Grains.Fhir.Resources;
using CareChain.Grains.Ledger;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Formatting;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>Builds the FHIR responses the interactions share, each carrying its ledger entries.</summary>
public sealed class FhirResponses(FhirWire wire)
{
    public FhirResourceResult Stored(int statusCode, StoredResource stored, IEnumerable<LedgerReceipt> receipts, string? location = null) =>
        Stored(statusCode, stored, stored.Json is null ? null : wire.ParseStoredJson(stored.Json), receipts, location);

    /// <summary>As above, for a caller that has already parsed the stored version.</summary>
    public static FhirResourceResult Stored(int statusCode, StoredResource stored, Resource? resource, IEnumerable<LedgerReceipt> receipts, string? location = null) =>
        new(statusCode, resource)
        {
            ETag = stored.VersionId.ToString(CultureInfo.InvariantCulture),
            LastModified = stored.LastUpdated,
            Location = location,
            Headers = LedgerHeader(receipts),
        };

    public static FhirResourceResult Resource(int statusCode, Resource resource, IEnumerable<LedgerReceipt> receipts) =>
        new(statusCode, resource) { Headers = LedgerHeader(receipts) };

    public static FhirResourceResult Outcome(int statusCode, OperationOutcome outcome, IEnumerable<LedgerReceipt> receipts) =>
        FhirResults.Outcome(statusCode, outcome, LedgerHeader(receipts));

    public static FhirResourceResult Outcome(int statusCode, OperationOutcome outcome) => FhirResults.Outcome(statusCode, outcome);

    public static FhirResourceResult Denied(AccessVerdict verdict, LedgerReceipt receipt) =>
        Outcome(StatusCodes.Status403Forbidden, FhirOutcomes.Forbidden(DenialText(verdict)), [receipt]);


    /// <summary>What a denial tells the caller: the rule, or the consent and provision that denied.</summary>
    public static string DenialText(AccessVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.ConsentId is null
            ? $"Access denied: {verdict.Reason}."
            : $"Access denied by Consent/{verdict.ConsentId} at {verdict.ProvisionPath}: {verdict.Reason}.";
    }

    private static Dictionary<string, string>? LedgerHeader(IEnumerable<LedgerReceipt> receipts)
    {
        var value = AccessLedger.HeaderValue(receipts);
        return value.Length == 0 ? null : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [AccessLedger.HeaderName] = value };
    }
}
