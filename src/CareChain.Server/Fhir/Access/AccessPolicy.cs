using CareChain.Grains.Consents;
using CareChain.Grains.Patients;
using CareChain.Server.Auth;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Access;

/// <summary>
/// CareChain's access rules, deny by default:
/// <list type="bullet">
/// <item>every interaction needs a SMART scope of the caller's own context (patient/, user/, system/);</item>
/// <item>patients reach only their own compartment, and change only their own consents;</item>
/// <item>practitioners only read, and only what the patient's consents permit for the stated purpose,
/// unless they break the glass (ETREAT with a reason), which policy allows and the ledger marks;
/// consents themselves are the patient's and the custodian's, not the practitioner's;</item>
/// <item>organizations (backend systems) act as the data custodian within their system scopes.</item>
/// </list>
/// </summary>
public sealed class AccessPolicy(IGrainFactory grains)
{
    /// <summary>The rules that need no patient data: scope, compartment, and who may write what.</summary>
    public AccessVerdict CheckRules(AccessContext context, FhirInteraction interaction, string resourceType, string? patientId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var permission = interaction.Permission();
        if (!caller.Allows(resourceType, permission))
        {
            return AccessVerdict.Deny($"the token has no {ScopePrefix(caller.Context)}/{resourceType}.{ScopeLetter(permission)} scope");
        }

        switch (caller.Kind)
        {
            case CallerKind.Patient when patientId != caller.Id:
                return AccessVerdict.Deny("a patient may access only their own record");
            case CallerKind.Patient when interaction.IsWrite() && resourceType != nameof(Consent):
                return AccessVerdict.Deny("a patient may change only their own consents");
            case CallerKind.Patient:
                return AccessVerdict.Permit("the patient's own record");
            case CallerKind.Practitioner when interaction.IsWrite():
                return AccessVerdict.Deny("practitioners read patient data; records are written by the custodian's systems and consents by patients");
            case CallerKind.Practitioner when resourceType == nameof(Consent):
                return AccessVerdict.Deny("a patient's consents are not disclosed to practitioners");
            case CallerKind.Practitioner when context.BreakGlass:
                return new AccessVerdict(true, "break-the-glass: emergency treatment with a stated reason", BreakGlass: true);
            case CallerKind.Practitioner:
                // Allowed so far; the patient's consents must still permit each resource.
                return new AccessVerdict(true, "consent required");
            default:
                return AccessVerdict.Permit("custodian system access within its scopes");
        }
    }

    /// <summary>True when <see cref="CheckRules"/> left the decision to the patient's consents.</summary>
    public static bool NeedsConsent(AccessContext context, AccessVerdict rules) =>
        rules.Permitted && context.Caller.Kind == CallerKind.Practitioner && !rules.BreakGlass;

    /// <summary>The full decision for one resource of one patient.</summary>
    public async Task<AccessVerdict> DecideAsync(AccessContext context, FhirInteraction interaction, string patientId, Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var rules = CheckRules(context, interaction, resource.TypeName, patientId);
        if (!NeedsConsent(context, rules))
        {
            return rules;
        }

        var decision = await grains.GetGrain<IPatientConsentsGrain>(PatientKey.For(patientId)).DecideAsync(ConsentRequests.For(context, resource));
        return FromConsent(decision);
    }

    /// <summary>Decisions for many resources of one patient in one grain call (search results).</summary>
    public async Task<IReadOnlyList<AccessVerdict>> DecideEachAsync(AccessContext context, string patientId, IReadOnlyList<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (resources.Count == 0)
        {
            return [];
        }

        var decisions = await grains.GetGrain<IPatientConsentsGrain>(PatientKey.For(patientId))
            .DecideEachAsync([.. resources.Select(resource => ConsentRequests.For(context, resource))]);
        return [.. decisions.Select(FromConsent)];
    }

    private static AccessVerdict FromConsent(AccessDecision decision) =>
        new(decision.Permitted, decision.Reason, decision.ConsentId, decision.ProvisionPath);

    private static string ScopePrefix(SmartContext context) => context switch
    {
        SmartContext.Patient => "patient",
        SmartContext.User => "user",
        _ => "system",
    };

    private static char ScopeLetter(FhirPermissions permission) => permission switch
    {
        FhirPermissions.Create => 'c',
        FhirPermissions.Read => 'r',
        FhirPermissions.Update => 'u',
        FhirPermissions.Delete => 'd',
        _ => 's',
    };
}
