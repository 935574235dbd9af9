using CareChain.Grains.Fhir.Index;
using CareChain.Grains.Fhir.Resources;
using CareChain.Grains.Patients;
using Hl7.Fhir.Model;

namespace CareChain.Grains.Records;

/// <summary>
/// A patient's clinical record. Keeping a patient's data in one grain puts it beside that patient's
/// consents in the cluster's routing and makes "everything about this patient" one call.
/// </summary>
public sealed class PatientRecordGrain(
    [PersistentState("patient-record", GrainStorage.Name)] IPersistentState<ResourceHistory> state,
    IFhirIndex index,
    TimeProvider time) : ResourceStoreGrain(state, index, time), IPatientRecordGrain
{
    protected override bool Holds(string resourceType) => resourceType == nameof(Observation);

    protected override string? PatientOf(Resource resource) =>
        resource is Observation observation ? PatientReference.IdOf(observation.Subject) : null;
}
