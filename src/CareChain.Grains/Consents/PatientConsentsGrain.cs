using CareChain.Consent;
using CareChain.Consent.Decisions;
using CareChain.Grains.Fhir.Index;
using CareChain.Grains.Fhir.Resources;
using CareChain.Grains.Patients;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Grains.Consents;

/// <summary>Holds a patient's consents and decides requests with <see cref="ConsentEngine"/>.</summary>
public sealed class PatientConsentsGrain(
    [PersistentState("patient-consents", GrainStorage.Name)] IPersistentState<ResourceHistory> state,
    IFhirIndex index,
    TimeProvider time) : ResourceStoreGrain(state, index, time), IPatientConsentsGrain
{
    private FhirConsent[]? _current;

    public Task<AccessDecision> DecideAsync(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Decide(request, Time.GetUtcNow()));
    }

    public Task<IReadOnlyList<AccessDecision>> DecideEachAsync(IReadOnlyList<AccessRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var now = Time.GetUtcNow();
        IReadOnlyList<AccessDecision> decisions = [.. requests.Select(request => Decide(request, now))];
        return Task.FromResult(decisions);
    }

    private AccessDecision Decide(AccessRequest request, DateTimeOffset now)
    {
        _current ??= [.. CurrentOf<FhirConsent>(nameof(Hl7.Fhir.Model.Consent))];
        var decision = ConsentEngine.Decide(ToConsentRequest(request, now), _current);
        return new AccessDecision(decision.Outcome == ConsentOutcome.Permit, decision.ConsentId, decision.ProvisionPath, decision.Reason);
    }

    protected override bool Holds(string resourceType) => resourceType == nameof(Hl7.Fhir.Model.Consent);

    protected override string? PatientOf(Resource resource) =>
        resource is FhirConsent consent ? PatientReference.IdOf(consent.Patient) : null;

    protected override void OnChanged(StoredResource changed) => _current = null;

    private static ConsentRequest ToConsentRequest(AccessRequest request, DateTimeOffset now) => new(
        request.Actor,
        [.. request.ActorRoles.Select(ToCoding)],
        new Coding(ConsentCodeSystems.ActReason, request.Purpose),
        new Coding(ConsentCodeSystems.ConsentAction, request.Action),
        request.ResourceType,
        [.. request.Codes.Select(ToCoding)],
        [.. request.SecurityLabels.Select(ToCoding)],
        request.DataTime,
        now);

    private static Coding ToCoding(string systemAndCode)
    {
        var bar = systemAndCode.IndexOf('|', StringComparison.Ordinal);
        return bar < 0
            ? new Coding(null, systemAndCode)
            : new Coding(bar == 0 ? null : systemAndCode[..bar], systemAndCode[(bar + 1)..]);
    }
}
