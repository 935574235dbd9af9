using CareChain.Consent.Decisions;
using Hl7.Fhir.Model;

namespace CareChain.Consent.Matching;

/// <summary>
/// Decides whether one provision's own criteria (not its children's) all hold for a request.
/// Unspecified criteria match anything. A criterion the engine cannot evaluate (the request lacks
/// <see cref="ConsentRequest.DataTime"/>, or the provision names specific <c>data</c> instances, which
/// requests do not carry) is resolved against the patient: it matches a deny rule and does not
/// match a permit rule, so missing information can only ever take access away.
/// </summary>
internal static class ProvisionCriteria
{
    /// <summary>Resource-type codes for <c>provision.class</c>; other class systems (profiles, etc.) never match.</summary>
    internal const string ResourceTypesSystem = "http://hl7.org/fhir/resource-types";

    /// <summary>True when every criterion of <paramref name="provision"/> is met by <paramref name="request"/>.</summary>
    public static bool Match(Hl7.Fhir.Model.Consent.provisionComponent provision, ConsentRequest request, bool isDeny) =>
        ActorMatches(provision, request)
        && ActionMatches(provision, request)
        && PurposeMatches(provision, request)
        && ClassMatches(provision, request)
        && CodeMatches(provision, request)
        && SecurityLabelMatches(provision, request)
        && PeriodMatches(provision, request)
        && DataPeriodMatches(provision, request, isDeny)
        && DataMatches(provision, isDeny);

    private static bool ActorMatches(Hl7.Fhir.Model.Consent.provisionComponent provision, ConsentRequest request)
    {
        if (provision.Actor.Count == 0)
        {
            return true;
        }

        return provision.Actor.Any(actor =>
            actor is not null
            && string.Equals(actor.Reference?.Reference, request.Actor, StringComparison.Ordinal)
            && (actor.Role is null || actor.Role.Coding.Count == 0 || CodingMatch.Any(actor.Role.Coding, request.ActorRoles)));
    }

    private static bool ActionMatches(Hl7.Fhir.Model.Consent.provisionComponent provision, ConsentRequest request) =>
        provision.Action.Count == 0 || CodingMatch.Codings(provision.Action).Any(c => CodingMatch.Same(c, request.Action));

    private static bool PurposeMatches(Hl7.Fhir.Model.Consent.provisionComponent provision, ConsentRequest request) =>
        provision.Purpose.Count == 0 || provision.Purpose.Any(c => c is not null && CodingMatch.Same(c, request.Purpose));

    private static bool ClassMatches(Hl7.Fhir.Model.Consent.provisionComponent provision, ConsentRequest request) =>
        provision.Class.Count == 0
        || provision.Class.Any(c =>
            c is not null
            && (c.System is null || string.Equals(c.System, ResourceTypesSystem, StringComparison.Ordinal))
            && string.Equals(c.Code, request.ResourceType, StringComparison.Ordinal));

    private static bool CodeMatches(Hl7.Fhir.Model.Consent.provisionComponent provision, ConsentRequest request) =>
        provision.Code.Count == 0 || CodingMatch.Any(CodingMatch.Codings(provision.Code), request.Codes);

    private static bool SecurityLabelMatches(Hl7.Fhir.Model.Consent.provisionComponent provision, ConsentRequest request) =>
        provision.SecurityLabel.Count == 0 || CodingMatch.Any(provision.SecurityLabel.Where(c => c is not null), request.SecurityLabels);

    private static bool PeriodMatches(Hl7.Fhir.Model.Consent.provisionComponent provision, ConsentRequest request) =>
        provision.Period is null || FhirPeriodRange.Contains(provision.Period, request.Time);

    private static bool DataPeriodMatches(Hl7.Fhir.Model.Consent.provisionComponent provision, ConsentRequest request, bool isDeny)
    {
        if (provision.DataPeriod is null)
        {
            return true;
        }

        return request.DataTime is { } dataTime ? FhirPeriodRange.Contains(provision.DataPeriod, dataTime) : isDeny;
    }

    private static bool DataMatches(Hl7.Fhir.Model.Consent.provisionComponent provision, bool isDeny) =>
        provision.Data.Count == 0 || isDeny;
}
