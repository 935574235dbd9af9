using CareChain.Grains.Fhir.Index;
using CareChain.Grains.Fhir.Resources;
using Hl7.Fhir.Model;

namespace CareChain.Grains.Patients;

/// <summary>Holds the patient's demographics; the grain key is the <c>Patient.id</c>.</summary>
public sealed class PatientGrain(
    [PersistentState("patient", GrainStorage.Name)] IPersistentState<ResourceHistory> state,
    IFhirIndex index,
    TimeProvider time) : ResourceStoreGrain(state, index, time), IPatientGrain
{
    protected override bool Holds(string resourceType) => resourceType == nameof(Patient);

    protected override string? PatientOf(Resource resource) => resource.Id;
}
