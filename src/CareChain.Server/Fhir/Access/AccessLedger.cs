using CareChain.Grains.Ledger;
using CareChain.Grains.Ledger.Details;
using CareChain.Grains.Ledger.Pseudonyms;
using CareChain.Ledger;

namespace CareChain.Server.Fhir.Access;

/// <summary>
/// Appends FHIR accesses to the ledger and waits for the commit, so a response is only sent for an
/// access the ledger already holds. Actors, patients and resources are written as keyed pseudonyms; a
/// break-the-glass justification is sealed under the patient's data key first and only its digest is
/// ledgered.
/// </summary>
public sealed class AccessLedger(LedgerWriter writer, PseudonymDirectory pseudonyms, SealedDetailStore details)
{
    public const string HeaderName = "X-Ledger-Entry";

    public async Task<LedgerReceipt> RecordAsync(AccessContext context, AccessRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        var actor = await pseudonyms.PseudonymizeAsync(context.Caller.Reference, cancellationToken);
        var patient = record.PatientId is null ? null : await pseudonyms.PseudonymizeAsync("Patient/" + record.PatientId, cancellationToken);

        // A search may return more resources than one entry can list; the entry keeps the first ones.
        var references = record.References.Count > LedgerLimits.MaxResources ? record.References.Take(LedgerLimits.MaxResources) : record.References;
        var resources = new List<string>(record.References.Count);
        foreach (var reference in references)
        {
            resources.Add(await pseudonyms.PseudonymizeAsync(reference, cancellationToken));
        }

        var verdict = record.Verdict;
        string? breakGlass = null;
        if (verdict?.BreakGlass == true)
        {
            // A search across patients has no single patient whose key could seal the reason.
            var justification = patient is not null && context.BreakGlassReason is { } reason
                ? await details.SealAsync(patient, reason, cancellationToken)
                : null;
            breakGlass = BreakGlassDetails.Format(justification);
        }

        var ledgerRecord = new LedgerRecord(
            record.Interaction.LedgerAction(),
            record.Outcome,
            actor,
            patient,
            record.ResourceType,
            resources,
            context.Purpose,
            verdict?.ConsentId is { } consent ? "Consent/" + consent : null,
            verdict?.ProvisionPath,
            Model: null,
            Details: breakGlass);
        return await writer.AppendAsync(ledgerRecord);
    }

    /// <summary>The header value for one or more receipts: <c>{shard}/{seq}</c>, comma-separated.</summary>
    public static string HeaderValue(IEnumerable<LedgerReceipt> receipts) => string.Join(", ", receipts.Select(receipt => receipt.ToString()));
}
