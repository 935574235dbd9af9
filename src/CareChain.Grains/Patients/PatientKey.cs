namespace CareChain.Grains.Patients;

/// <summary>
/// The grain key of a patient's grains: <c>Patient/{id}</c>. The reference form, never the bare id,
/// because Orleans' ADO.NET storage reads an all-hexadecimal string key as a number, so ids such as
/// "123" and "0123" would share one stored row.
/// </summary>
public static class PatientKey
{
    public static string For(string patientId) => PatientReference.Prefix + patientId;

    /// <summary>The patient id of a grain key made by <see cref="For"/>.</summary>
    public static string IdOf(string key) =>
        PatientReference.IdOf(key) ?? throw new ArgumentException("A patient grain key has the form Patient/{id}.", nameof(key));
}
