using Hl7.Fhir.Model;

namespace CareChain.Grains.Patients;

/// <summary>Reads the patient id out of a relative <c>Patient/{id}</c> reference.</summary>
public static class PatientReference
{
    public const string Prefix = "Patient/";

    /// <summary>The id of a <c>Patient/{id}</c> reference; null for anything else (absolute, contained, other types).</summary>
    public static string? IdOf(ResourceReference? reference) => IdOf(reference?.Reference);

    public static string? IdOf(string? reference) =>
        reference is not null && reference.StartsWith(Prefix, StringComparison.Ordinal) && reference.Length > Prefix.Length
            && reference.IndexOf('/', Prefix.Length) < 0
            ? reference[Prefix.Length..]
            : null;
}
