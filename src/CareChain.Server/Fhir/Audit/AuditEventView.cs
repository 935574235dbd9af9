using System.Buffers;
using System.Globalization;
using CareChain.Grains.Ledger.Details;
using CareChain.Ledger.Entries;
using CareChain.Server.Fhir.Access;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Audit;

/// <summary>
/// Shows a ledger entry as a FHIR R4 AuditEvent. Pseudonyms the directory can resolve become
/// references; every pseudonym is also kept as an identifier, so an erased directory row leaves an
/// identifier-only (but still traceable) agent or entity.
/// </summary>
public static class AuditEventView
{
    /// <summary>Identifier system of CareChain's keyed pseudonyms.</summary>
    public const string PseudonymSystem = "urn:carechain:pseudonym";

    /// <summary>Entity detail type holding the entry's ledger position, "{shard}/{seq}".</summary>
    public const string LedgerEntryDetail = "ledger-entry";

    /// <summary>Entity detail type holding the entry's chain hash in lowercase hex.</summary>
    public const string EntryHashDetail = "entry-hash";

    internal const string AuditEventTypeSystem = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    internal const string RestfulInteractionSystem = "http://hl7.org/fhir/restful-interaction";
    internal const string ActReasonSystem = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    internal const string ObjectRoleSystem = "http://terminology.hl7.org/CodeSystem/object-role";
    internal const string EntityTypeSystem = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    internal const string EmergencyTreatment = "ETREAT";

    private static readonly SearchValues<char> Letters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>The AuditEvent for <paramref name="entry"/>.</summary>
    /// <param name="entry">A decoded ledger entry.</param>
    /// <param name="references">Pseudonym to reference, as the pseudonym directory resolved them.</param>
    public static AuditEvent ToAuditEvent(LedgerEntry entry, IReadOnlyDictionary<string, string> references) =>
        ToAuditEvent(entry, references, entryHash: null);

    /// <summary>The AuditEvent for <paramref name="entry"/>, naming its chain hash and showing its justification as well.</summary>
    /// <param name="entry">A decoded ledger entry.</param>
    /// <param name="references">Pseudonym to reference, as the pseudonym directory resolved them.</param>
    /// <param name="entryHash">The entry's 32-byte chain hash, when known.</param>
    /// <param name="justification">The opened break-the-glass justification the entry commits to, if any.</param>
    public static AuditEvent ToAuditEvent(LedgerEntry entry, IReadOnlyDictionary<string, string> references, byte[]? entryHash, OpenedDetail? justification = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(references);
        var breakGlass = IsBreakGlass(entry);
        var purposes = Purposes(entry, breakGlass, breakGlass ? JustificationText(justification) : null);

        var audit = new AuditEvent
        {
            Id = Id(entry),
            Meta = new Meta { VersionId = "1", LastUpdated = entry.Timestamp },
            Type = new Coding(AuditEventTypeSystem, "rest", "RESTful Operation"),
            Action = ActionOf(entry.Action),
            Recorded = entry.Timestamp,
            Outcome = OutcomeOf(entry.Outcome),
            OutcomeDesc = OutcomeDescription(entry, breakGlass),
            PurposeOfEvent = purposes(),
            Agent = [Agent(entry, references, purposes())],
            Source = new AuditEvent.SourceComponent
            {
                Site = "ledger shard " + entry.Shard.ToString(CultureInfo.InvariantCulture),
                Observer = new ResourceReference { Display = "CareChain" },
            },
        };

        if (SubtypeOf(entry.Action) is { } subtype)
        {
            audit.Subtype.Add(new Coding(RestfulInteractionSystem, subtype));
        }

        if (entry.Patient is not null)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = Reference(entry.Patient, references, "Patient"),
                Type = new Coding(EntityTypeSystem, "1", "Person"),
                Role = new Coding(ObjectRoleSystem, "1", "Patient"),
            });
        }

        foreach (var resource in entry.Resources)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = Reference(resource, references, entry.ResourceType),
                Type = new Coding(EntityTypeSystem, "2", "System Object"),
                Role = new Coding(ObjectRoleSystem, "4", "Domain Resource"),
            });
        }

        if (entry.Consent is not null)
        {
            var consent = new AuditEvent.EntityComponent
            {
                What = new ResourceReference(entry.Consent) { Type = "Consent" },
                Type = new Coding(EntityTypeSystem, "2", "System Object"),
                // The consent is the security policy that decided the access.
                Role = new Coding(ObjectRoleSystem, "13", "Security Resource"),
            };
            if (entry.Provision is not null)
            {
                consent.Detail.Add(Detail("provision", entry.Provision));
            }

            audit.Entity.Add(consent);
        }

        audit.Entity.Add(LedgerEntity(entry, entryHash));
        return audit;
    }

    /// <summary>The pseudonyms (actor, patient, resources) the directory should resolve for <paramref name="entries"/>.</summary>
    public static IReadOnlyCollection<string> PseudonymsOf(IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var pseudonyms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Actor is not null)
            {
                pseudonyms.Add(entry.Actor);
            }

            if (entry.Patient is not null)
            {
                pseudonyms.Add(entry.Patient);
            }

            pseudonyms.UnionWith(entry.Resources);
        }

        return pseudonyms;
    }

    /// <summary>The sealed break-the-glass justifications <paramref name="entries"/> commit to, for the details store to open.</summary>
    public static IReadOnlyCollection<SealedDetailReference> JustificationsOf(IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return [.. entries
            .Select(entry => (entry.Patient, Digest: BreakGlassDetails.JustificationDigest(entry.Details)))
            .Where(pair => pair.Patient is not null && pair.Digest is not null)
            .Select(pair => new SealedDetailReference(pair.Patient!, pair.Digest!))];
    }

    /// <summary>The opened justification of <paramref name="entry"/> among <paramref name="opened"/>, or null.</summary>
    public static OpenedDetail? JustificationOf(LedgerEntry entry, IReadOnlyDictionary<string, OpenedDetail> opened)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(opened);
        return BreakGlassDetails.JustificationDigest(entry.Details) is { } digest && opened.TryGetValue(digest, out var detail) ? detail : null;
    }

    /// <summary>The AuditEvent id of an entry: "{shard}-{seq}".</summary>
    public static string Id(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return string.Create(CultureInfo.InvariantCulture, $"{entry.Shard}-{entry.Sequence}");
    }

    internal static bool IsBreakGlass(LedgerEntry entry) =>
        BreakGlassDetails.IsBreakGlass(entry.Details)
        || (string.Equals(entry.Purpose, EmergencyTreatment, StringComparison.Ordinal) && entry.Details is not null);

    internal static AuditEvent.AuditEventAction ActionOf(string action) => action switch
    {
        "create" => AuditEvent.AuditEventAction.C,
        "read" or "vread" or "history" => AuditEvent.AuditEventAction.R,
        "update" => AuditEvent.AuditEventAction.U,
        "delete" => AuditEvent.AuditEventAction.D,
        // Search and transaction are "execute" in the FHIR audit guidance, as is anything else.
        _ => AuditEvent.AuditEventAction.E,
    };

    internal static string? SubtypeOf(string action) => action switch
    {
        "read" or "vread" or "create" or "update" or "delete" or "transaction" => action,
        "history" => "history-instance",
        "search" => "search-type",
        _ => null,
    };

    internal static AuditEvent.AuditEventOutcome OutcomeOf(string outcome) => outcome switch
    {
        "permit" => AuditEvent.AuditEventOutcome.N0,
        "deny" => AuditEvent.AuditEventOutcome.N4,
        _ => AuditEvent.AuditEventOutcome.N8,
    };

    private static string OutcomeDescription(LedgerEntry entry, bool breakGlass)
    {
        var decidedBy = entry.Consent is null
            ? null
            : entry.Provision is null ? entry.Consent : entry.Consent + " " + entry.Provision;
        var description = entry.Outcome switch
        {
            "permit" when breakGlass => "permitted by break-the-glass (emergency access)" + (decidedBy is null ? string.Empty : ", consent " + decidedBy),
            "permit" => decidedBy is null ? "permitted" : "permitted by " + decidedBy,
            "deny" => decidedBy is null ? "denied: no consent permits this access" : "denied by " + decidedBy,
            "error" => "error: the access could not be decided",
            _ => "outcome " + entry.Outcome,
        };
        return breakGlass && !entry.Outcome.Equals("permit", StringComparison.Ordinal)
            ? description + " (break-the-glass requested)"
            : description;
    }

    /// <summary>A factory, so agent and event each get their own (mutable) codeable concepts.</summary>
    /// <summary>What the emergency purpose says about its justification; null when the entry commits to none.</summary>
    private static string? JustificationText(OpenedDetail? justification) => justification switch
    {
        null => null,
        { State: DetailState.Readable } => justification.Text,
        { State: DetailState.Erased } => "justification erased at the patient's request",
        { State: DetailState.Altered } => "justification altered: the stored text does not match the ledger",
        _ => "justification unavailable",
    };

    private static Func<List<CodeableConcept>> Purposes(LedgerEntry entry, bool breakGlass, string? justification)
    {
        var codes = new List<string>(2);
        if (entry.Purpose is not null)
        {
            codes.Add(entry.Purpose);
        }

        if (breakGlass && !codes.Contains(EmergencyTreatment, StringComparer.Ordinal))
        {
            codes.Add(EmergencyTreatment);
        }

        // The stated reason belongs with the emergency purpose it justifies.
        return () => [.. codes.Select(code => new CodeableConcept(ActReasonSystem, code)
        {
            Text = code == EmergencyTreatment ? justification : null,
        })];
    }

    private static AuditEvent.AgentComponent Agent(LedgerEntry entry, IReadOnlyDictionary<string, string> references, List<CodeableConcept> purposes) =>
        new()
        {
            Who = entry.Actor is null
                ? new ResourceReference { Display = "unknown actor" }
                : Reference(entry.Actor, references, kind: null),
            Requestor = true,
            PurposeOfUse = purposes,
        };

    private static AuditEvent.EntityComponent LedgerEntity(LedgerEntry entry, byte[]? entryHash)
    {
        var position = string.Create(CultureInfo.InvariantCulture, $"{entry.Shard}/{entry.Sequence}");
        var ledger = new AuditEvent.EntityComponent
        {
            Type = new Coding(EntityTypeSystem, "4", "Other"),
            Name = "CareChain ledger entry " + position,
            Detail = [Detail(LedgerEntryDetail, position)],
        };
        if (entryHash is not null)
        {
            ledger.Detail.Add(Detail(EntryHashDetail, Convert.ToHexStringLower(entryHash)));
        }

        if (entry.Model is not null)
        {
            ledger.Detail.Add(Detail("model", entry.Model));
        }

        if (entry.Details is not null)
        {
            ledger.Detail.Add(Detail("details", entry.Details));
        }

        return ledger;
    }

    private static ResourceReference Reference(string pseudonym, IReadOnlyDictionary<string, string> references, string? kind)
    {
        var reference = new ResourceReference
        {
            Identifier = new Identifier(PseudonymSystem, pseudonym),
        };
        if (references.TryGetValue(pseudonym, out var resolved))
        {
            reference.Reference = resolved;
            kind = KindOf(resolved) ?? kind;
        }

        reference.Type = kind;
        return reference;
    }

    /// <summary>"Practitioner" from "Practitioner/123"; null when the reference has no type prefix.</summary>
    private static string? KindOf(string reference)
    {
        var slash = reference.IndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        var kind = reference.AsSpan(0, slash);
        return char.IsAsciiLetterUpper(kind[0]) && !kind.ContainsAnyExcept(Letters) ? kind.ToString() : null;
    }

    private static AuditEvent.DetailComponent Detail(string type, string value) =>
        new() { Type = type, Value = new FhirString(value) };
}
