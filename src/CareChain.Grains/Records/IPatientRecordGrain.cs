using CareChain.Grains.Fhir.Resources;

namespace CareChain.Grains.Records;

/// <summary>One patient's clinical data (Observations), with versions. Keyed by the patient id.</summary>
[Alias("carechain.patient-record")]
public interface IPatientRecordGrain : IResourceStoreGrain;
