using CareChain.Grains.Consents;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Access;

/// <summary>Describes a piece of patient data to the consent engine: its type, codes, labels and time.</summary>
public static class ConsentRequests
{
    /// <summary>The consentaction code for disclosing data to the caller.</summary>
    public const string AccessAction = "access";

    /// <summary>
    /// The roles the caller acts in: whoever asks for data is its primary information recipient (PRCP), and so
    /// also an information recipient (IRCP). A consent naming the practitioner in either role applies.
    /// </summary>
    public static readonly IReadOnlyList<string> RecipientRoles =
    [
        Consent.ConsentCodeSystems.ParticipationType + "|PRCP",
        Consent.ConsentCodeSystems.ParticipationType + "|IRCP",
    ];

    public static AccessRequest For(AccessContext context, Resource resource)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resource);
        return new AccessRequest(
            context.Caller.Reference,
            RecipientRoles,
            context.Purpose,
            AccessAction,
            resource.TypeName,
            CodesOf(resource),
            [.. (resource.Meta?.Security ?? []).Select(Text)],
            DataTimeOf(resource));
    }

    private static IReadOnlyList<string> CodesOf(Resource resource) => resource switch
    {
        Observation observation => [.. (observation.Code?.Coding ?? []).Select(Text)],
        _ => [],
    };

    private static DateTimeOffset? DataTimeOf(Resource resource) => resource switch
    {
        Observation { Effective: FhirDateTime when } => when.TryToDateTimeOffset(out var at) ? at : null,
        Observation { Effective: Instant when } => when.Value,
        Observation { Effective: Period { StartElement: { } start } } => start.TryToDateTimeOffset(out var at) ? at : null,
        _ => null,
    };

    private static string Text(Coding coding) => (coding.System ?? string.Empty) + "|" + coding.Code;
}
