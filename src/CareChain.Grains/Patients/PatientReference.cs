using CareChain.Grains.Fhir.Resources;
using Hl7.Fhir.Model;

namespace CareChain.Grains.Patients;

/// <summary>Reads the patient id out of a relative <c>Patient/{id}</c> reference.</summary>
public static class PatientReference
{
    public const string Prefix = "Patient/";

    /// <summary>
    /// The id of a <c>Patient/{id}</c> reference; null for anything else (absolute, contained, other
    /// types, or an id that is not a FHIR id). The id becomes a grain key, so only a valid id may pass.
    /// </summary>
    public static string? IdOf(ResourceReference? reference) => IdOf(reference?.Reference);

    /// <inheritdoc cref="IdOf(ResourceReference?)"/>
    public static string? IdOf(string? reference) =>
        reference is not null && reference.StartsWith(Prefix, StringComparison.Ordinal) && FhirIds.IsValid(reference[Prefix.Length..])
            ? reference[Prefix.Length..]
            : null;
}
