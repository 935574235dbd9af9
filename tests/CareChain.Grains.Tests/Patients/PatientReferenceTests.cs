using CareChain.Grains.Patients;

namespace CareChain.Grains.Tests.Patients;

public sealed class PatientReferenceTests
{
    [Theory]
    [InlineData("Patient/p1", "p1")]
    [InlineData("Patient/A-1.b", "A-1.b")]
    public void A_relative_patient_reference_gives_its_id(string reference, string id) =>
        Assert.Equal(id, PatientReference.IdOf(reference));

    [Theory]
    [InlineData("Patient/")]
    [InlineData("Patient/Jane Doe")]
    [InlineData("Patient/p1/_history/2")]
    [InlineData("Patient/p_1")]
    [InlineData("https://ehr.example.org/fhir/Patient/p1")]
    [InlineData("Group/p1")]
    [InlineData("#p1")]
    [InlineData(null)]
    public void Anything_but_a_relative_reference_with_a_fhir_id_gives_none(string? reference) =>
        Assert.Null(PatientReference.IdOf(reference));
}
