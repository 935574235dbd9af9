using System.Globalization;
using CareChain.Grains.Fhir.Resources;
using CareChain.Grains.Fhir.Search;
using CareChain.Grains.Ledger;
using CareChain.Grains.Ledger.Audit;
using CareChain.Grains.Ledger.Details;
using CareChain.Grains.Ledger.Pseudonyms;
using CareChain.Grains.Ledger.Storage;
using CareChain.Ledger.Entries;
using CareChain.Server.Auth;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Audit;
using CareChain.Server.Fhir.Formatting;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Primitives;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>
/// AuditEvent read and search: a read-only view of the ledger. Patients see the entries about
/// themselves, practitioners the entries of their own accesses, and organizations with an AuditEvent
/// scope everything. Reading the audit trail is itself ledgered.
/// </summary>
public sealed class AuditEventInteraction(
    ILedgerStore store, PseudonymDirectory pseudonyms, SealedDetailStore details, AccessLedger ledger, Refusals refusals, TimeProvider time)
{
    public async Task<IResult> ReadAsync(AccessContext context, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Scope(context, FhirPermissions.Read) is { } missing)
        {
            return await DenyAsync(context, FhirInteraction.Read, null, missing, cancellationToken);
        }

        var dash = id.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !int.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            || !long.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return await MissAsync(context, id, cancellationToken);
        }

        LedgerEntry? entry = null;
        byte[]? hash = null;
        await foreach (var stored in store.ReadShardAsync(shard, sequence, 1, cancellationToken))
        {
            entry = LedgerEntryCodec.Decode(stored.Body);
            hash = stored.EntryHash;
        }

        // Another patient's entry is answered as missing: its existence is not the caller's business.
        if (entry is null || !Visible(context, entry))
        {
            return await MissAsync(context, id, cancellationToken);
        }

        var references = await pseudonyms.ResolveAsync(AuditEventView.PseudonymsOf([entry]), cancellationToken);
        var justifications = await details.OpenAsync(AuditEventView.JustificationsOf([entry]), cancellationToken);
        var receipt = await ledger.RecordAsync(
            context, new AccessRecord(FhirInteraction.Read, AccessOutcomes.Permit, PatientIdOf(entry, references), nameof(AuditEvent), [], null), cancellationToken);
        var audit = AuditEventView.ToAuditEvent(entry, references, hash, AuditEventView.JustificationOf(entry, justifications));
        return FhirResponses.Resource(StatusCodes.Status200OK, audit, [receipt]);
    }

    public async Task<IResult> SearchAsync(AccessContext context, IEnumerable<KeyValuePair<string, StringValues>> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Scope(context, FhirPermissions.Search) is { } missing)
        {
            return await DenyAsync(context, FhirInteraction.Search, null, missing, cancellationToken);
        }

        AuditSearch search;
        try
        {
            search = AuditSearch.Parse(parameters).AsOf(LedgerTime.Now(time));
        }
        catch (FhirSearchException error)
        {
            return await refusals.InvalidAsync(context, FhirInteraction.Search, nameof(AuditEvent), error.Message, cancellationToken, error.Parameter);
        }

        var caller = context.Caller;
        var patientId = search.PatientId;
        if (caller.Kind == CallerKind.Patient)
        {
            if (patientId is not null && patientId != caller.Id)
            {
                return await DenyAsync(context, FhirInteraction.Search, patientId, AccessVerdict.Deny("a patient may see only the audit trail of their own record"), cancellationToken);
            }

            patientId = caller.Id;
        }

        var agent = search.Agent;
        if (caller.Kind == CallerKind.Practitioner)
        {
            if (agent is not null && agent != caller.Reference)
            {
                return await DenyAsync(context, FhirInteraction.Search, patientId, AccessVerdict.Deny("a practitioner may see only the audit trail of their own accesses"), cancellationToken);
            }

            agent = caller.Reference;
        }

        var query = new AuditQuery
        {
            Patient = patientId is null ? null : pseudonyms.Pseudonymize("Patient/" + patientId),
            Actor = agent is null ? null : pseudonyms.Pseudonymize(agent),
            Resource = search.Entity is null ? null : pseudonyms.Pseudonymize(search.Entity),
            Since = search.Since,
            Before = search.Before,
            Purpose = search.Purpose,
            Offset = search.Offset,
            Count = search.Count,
        };
        var page = await store.QueryAuditAsync(query, cancellationToken);
        var references = await pseudonyms.ResolveAsync(AuditEventView.PseudonymsOf(page.Entries), cancellationToken);
        var justifications = await details.OpenAsync(AuditEventView.JustificationsOf(page.Entries), cancellationToken);
        var receipt = await ledger.RecordAsync(
            context, new AccessRecord(FhirInteraction.Search, AccessOutcomes.Permit, patientId, nameof(AuditEvent), [], null), cancellationToken);
        return FhirResponses.Resource(StatusCodes.Status200OK, Bundle(context, search, page, references, justifications), [receipt]);
    }

    private static Bundle Bundle(
        AccessContext context, AuditSearch search, AuditPage page, IReadOnlyDictionary<string, string> references, IReadOnlyDictionary<string, OpenedDetail> justifications)
    {
        var bundle = new Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Searchset };
        var link = $"{context.BaseUrl}/AuditEvent?";
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = link + search.ToQueryString(search.Offset) });
        if (search.Offset > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = link + search.ToQueryString(Math.Max(0, search.Offset - search.Count)) });
        }

        if (page.HasMore)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = link + search.ToQueryString(search.Offset + search.Count) });
        }

        for (var i = 0; i < page.Entries.Count; i++)
        {
            var entry = page.Entries[i];
            var hash = i < page.EntryHashes.Count ? page.EntryHashes[i] : null;
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{context.BaseUrl}/AuditEvent/{AuditEventView.Id(entry)}",
                Resource = AuditEventView.ToAuditEvent(entry, references, hash, AuditEventView.JustificationOf(entry, justifications)),
                Search = new Bundle.SearchComponent { Mode = Hl7.Fhir.Model.Bundle.SearchEntryMode.Match },
            });
        }

        return bundle;
    }

    private static AccessVerdict? Scope(AccessContext context, FhirPermissions needed) =>
        context.Caller.Allows(nameof(AuditEvent), needed) ? null : AccessVerdict.Deny($"the token has no AuditEvent.{(needed == FhirPermissions.Read ? 'r' : 's')} scope");

    private bool Visible(AccessContext context, LedgerEntry entry) => context.Caller.Kind switch
    {
        CallerKind.Patient => entry.Patient == pseudonyms.Pseudonymize(context.Caller.Reference),
        CallerKind.Practitioner => entry.Actor == pseudonyms.Pseudonymize(context.Caller.Reference),
        _ => true,
    };

    private static string? PatientIdOf(LedgerEntry entry, IReadOnlyDictionary<string, string> references) =>
        entry.Patient is { } pseudonym && references.TryGetValue(pseudonym, out var reference)
            ? CareChain.Grains.Patients.PatientReference.IdOf(reference)
            : null;

    private async Task<IResult> MissAsync(AccessContext context, string id, CancellationToken cancellationToken)
    {
        var receipt = await ledger.RecordAsync(
            context, new AccessRecord(FhirInteraction.Read, AccessOutcomes.NotFound, null, nameof(AuditEvent), [], null), cancellationToken);
        return FhirResponses.Outcome(StatusCodes.Status404NotFound, FhirOutcomes.NotFound(nameof(AuditEvent), FhirIdsOrPlaceholder(id)), [receipt]);
    }

    // The id is echoed only when it has the AuditEvent id shape; anything else may be arbitrary caller text.
    private static string FhirIdsOrPlaceholder(string id) => FhirIds.IsValid(id) ? id : "that id";

    private async Task<IResult> DenyAsync(AccessContext context, FhirInteraction interaction, string? patientId, AccessVerdict verdict, CancellationToken cancellationToken)
    {
        var receipt = await ledger.RecordAsync(
            context, new AccessRecord(interaction, AccessOutcomes.Deny, patientId, nameof(AuditEvent), [], verdict), cancellationToken);
        return FhirResponses.Denied(verdict, receipt);
    }
}
