using CareChain.Grains.Fhir.Resources;

namespace CareChain.Grains.Patients;

/// <summary>One patient's <c>Patient</c> resource and its versions. Keyed by the patient id.</summary>
[Alias("carechain.patient")]
public interface IPatientGrain : IResourceStoreGrain;
