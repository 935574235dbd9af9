using CareChain.Grains.Consents;
using CareChain.Grains.Fhir.Resources;
using CareChain.Grains.Patients;
using CareChain.Grains.Records;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Resources;

/// <summary>
/// A resource type CareChain serves from a patient's grains: which grain holds it and how a resource
/// names its patient. Every served type lives in exactly one patient's compartment.
/// </summary>
public sealed class ResourceKind
{
    public static readonly ResourceKind Patient = new(
        nameof(Hl7.Fhir.Model.Patient), (grains, patientId) => grains.GetGrain<IPatientGrain>(PatientKey.For(patientId)), resource => resource.Id, "Patient.id");

    public static readonly ResourceKind Observation = new(
        nameof(Hl7.Fhir.Model.Observation),
        (grains, patientId) => grains.GetGrain<IPatientRecordGrain>(PatientKey.For(patientId)),
        resource => PatientReference.IdOf((resource as Hl7.Fhir.Model.Observation)?.Subject),
        "Observation.subject");

    public static readonly ResourceKind Consent = new(
        nameof(Hl7.Fhir.Model.Consent),
        (grains, patientId) => grains.GetGrain<IPatientConsentsGrain>(PatientKey.For(patientId)),
        resource => PatientReference.IdOf((resource as Hl7.Fhir.Model.Consent)?.Patient),
        "Consent.patient");

    private readonly Func<IGrainFactory, string, IResourceStoreGrain> _grain;
    private readonly Func<Resource, string?> _patientOf;

    private ResourceKind(string typeName, Func<IGrainFactory, string, IResourceStoreGrain> grain, Func<Resource, string?> patientOf, string patientElement)
    {
        TypeName = typeName;
        _grain = grain;
        _patientOf = patientOf;
        PatientElement = patientElement;
    }

    public static IReadOnlyList<ResourceKind> All { get; } = [Patient, Observation, Consent];

    public string TypeName { get; }

    /// <summary>The element that names the patient, for error messages (e.g. <c>Observation.subject</c>).</summary>
    public string PatientElement { get; }

    public static ResourceKind? Find(string? typeName) => All.FirstOrDefault(kind => kind.TypeName == typeName);

    public IResourceStoreGrain Grain(IGrainFactory grains, string patientId) => _grain(grains, patientId);

    /// <summary>The id of the patient the resource belongs to; null when it names none (or not as <c>Patient/{id}</c>).</summary>
    public string? PatientOf(Resource resource) => _patientOf(resource);

    public override string ToString() => TypeName;
}
