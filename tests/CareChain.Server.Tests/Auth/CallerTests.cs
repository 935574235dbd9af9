using System.Security.Claims;
using CareChain.Server.Auth;

namespace CareChain.Server.Tests.Auth;

public sealed class CallerTests
{
    [Theory]
    [InlineData("Patient/123", CallerKind.Patient, "123", SmartContext.Patient)]
    [InlineData("Practitioner/dr-ada.lovelace", CallerKind.Practitioner, "dr-ada.lovelace", SmartContext.User)]
    [InlineData("Organization/ORG-1", CallerKind.Organization, "ORG-1", SmartContext.System)]
    public void A_valid_subject_and_scope_make_a_caller(string subject, CallerKind kind, string id, SmartContext context)
    {
        var caller = Caller.FromPrincipal(Principal(subject, "openid patient/*.read"));

        Assert.NotNull(caller);
        Assert.Equal(subject, caller.Reference);
        Assert.Equal(kind, caller.Kind);
        Assert.Equal(id, caller.Id);
        Assert.Equal(context, caller.Context);
        Assert.Equal("openid patient/*.rs", caller.Scopes.ToString());
    }

    [Fact]
    public void An_id_of_64_characters_is_the_longest_allowed()
    {
        Assert.NotNull(Caller.FromPrincipal(Principal("Patient/" + new string('a', 64), "patient/*.rs")));
        Assert.Null(Caller.FromPrincipal(Principal("Patient/" + new string('a', 65), "patient/*.rs")));
    }

    [Theory]
    [InlineData("Device/1")] // not a kind of caller
    [InlineData("RelatedPerson/1")]
    [InlineData("patient/123")] // resource types are case-sensitive
    [InlineData("Patient/")]
    [InlineData("Patient")]
    [InlineData("123")]
    [InlineData("Patient/12 3")]
    [InlineData("Patient/123/_history/2")] // a versioned reference is not a subject
    [InlineData("Patient/12_3")]
    [InlineData("Patient/123\n")]
    [InlineData("https://example.org/fhir/Patient/123")]
    [InlineData("")]
    public void An_invalid_subject_makes_no_caller(string subject)
    {
        Assert.Null(Caller.FromPrincipal(Principal(subject, "patient/*.rs")));
        Assert.False(Caller.TryParseReference(subject, out _, out _));
    }

    [Fact]
    public void An_invalid_scope_makes_no_caller()
    {
        Assert.Null(Caller.FromPrincipal(Principal("Patient/123", "patient/*.rs patient/Banana.rs")));
    }

    [Fact]
    public void A_missing_scope_claim_gives_a_caller_allowed_nothing()
    {
        var caller = Caller.FromPrincipal(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "Patient/123")], "Bearer")));

        Assert.NotNull(caller);
        Assert.True(caller.Scopes.IsEmpty);
        Assert.False(caller.Allows("Patient", FhirPermissions.Read));
    }

    [Fact]
    public void Scope_claims_split_into_several_are_read_together()
    {
        var identity = new ClaimsIdentity(
            [new Claim("sub", "Practitioner/7"), new Claim("scope", "user/Consent.r"), new Claim("scope", "user/Consent.s")], "Bearer");

        var caller = Caller.FromPrincipal(new ClaimsPrincipal(identity));

        Assert.NotNull(caller);
        Assert.True(caller.Allows("Consent", FhirPermissions.Read | FhirPermissions.Search));
    }

    [Fact]
    public void A_caller_uses_only_the_scopes_of_its_own_context()
    {
        var caller = Caller.FromPrincipal(Principal("Patient/123", "user/*.cruds patient/Consent.r"));

        Assert.NotNull(caller);
        Assert.True(caller.Allows("Consent", FhirPermissions.Read));
        Assert.False(caller.Allows("Consent", FhirPermissions.Update));
        Assert.False(caller.Allows("Observation", FhirPermissions.Read));
    }

    [Fact]
    public void An_unauthenticated_principal_makes_no_caller()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "Patient/123"), new Claim("scope", "patient/*.rs")]));

        Assert.Null(Caller.FromPrincipal(anonymous));
        Assert.Null(Caller.FromPrincipal(new ClaimsPrincipal()));
    }

    [Fact]
    public void Two_subjects_make_no_caller()
    {
        var identity = new ClaimsIdentity(
            [new Claim("sub", "Patient/1"), new Claim("sub", "Patient/2"), new Claim("scope", "patient/*.rs")], "Bearer");

        Assert.Null(Caller.FromPrincipal(new ClaimsPrincipal(identity)));
    }

    [Fact]
    public void Create_rejects_an_invalid_subject()
    {
        Assert.Throws<FormatException>(() => Caller.Create("Device/1", SmartScopeSet.Empty));
        Assert.Equal("Organization/acme", Caller.Create("Organization/acme", SmartScopeSet.Empty).Reference);
    }

    [Theory]
    [InlineData("Practitioner/dr-1", "Practitioner/dr-1")]
    [InlineData("https://ehr.example.org/fhir/Practitioner/dr-1", "Practitioner/dr-1")]
    [InlineData("http://localhost:8080/fhir/Patient/123", "Patient/123")]
    [InlineData("https://ehr.example.org/Organization/lab", "Organization/lab")]
    public void The_fhir_user_claim_names_the_caller_over_an_opaque_subject(string fhirUser, string expected)
    {
        var caller = Caller.FromPrincipal(Principal("2b8f6a4e-6a43-4d0a-9d5e-3b1f0c1a7e55", "user/*.rs", fhirUser));

        Assert.Equal(expected, caller?.Reference);
    }

    [Theory]
    [InlineData("https://ehr.example.org/fhir/Practitioner/dr-1?as=Patient/2")]
    [InlineData("https://ehr.example.org/fhir/Practitioner/dr-1#x")]
    [InlineData("https://ehr.example.org/fhir/PractitionerRole/r-1")]
    [InlineData("https://ehr.example.org/fhir/Practitioner/dr-1/_history/2")]
    [InlineData("ftp://ehr.example.org/fhir/Practitioner/dr-1")]
    [InlineData("file:///fhir/Practitioner/dr-1")]
    [InlineData("https://ehr.example.org/")]
    [InlineData("Practitioner/dr 1")]
    [InlineData("")]
    public void An_invalid_fhir_user_names_nobody_even_with_a_valid_subject(string fhirUser)
    {
        Assert.Null(Caller.FromPrincipal(Principal("Practitioner/dr-1", "user/*.rs", fhirUser)));
    }

    [Fact]
    public void Two_fhir_user_claims_name_nobody()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", "Practitioner/dr-1"), new Claim("scope", "user/*.rs"), new Claim("fhirUser", "Practitioner/dr-1"), new Claim("fhirUser", "Practitioner/dr-2")],
            authenticationType: "Bearer"));

        Assert.Null(Caller.FromPrincipal(principal));
    }

    private static ClaimsPrincipal Principal(string subject, string scope, string fhirUser) =>
        new(new ClaimsIdentity([new Claim("sub", subject), new Claim("scope", scope), new Claim("fhirUser", fhirUser)], authenticationType: "Bearer"));

    private static ClaimsPrincipal Principal(string subject, string scope) =>
        new(new ClaimsIdentity([new Claim("sub", subject), new Claim("scope", scope)], authenticationType: "Bearer"));
}
