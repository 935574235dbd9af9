using CareChain.Server.Auth;

namespace CareChain.Server.Tests.Auth;

public sealed class SmartScopeSetTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_scopes_give_the_empty_set_which_allows_nothing(string? text)
    {
        var scopes = SmartScopeSet.Parse(text);

        Assert.True(scopes.IsEmpty);
        Assert.Empty(scopes.Scopes);
        Assert.False(scopes.Allows(SmartContext.Patient, "Observation", FhirPermissions.Read));
        Assert.Equal(string.Empty, scopes.ToString());
    }

    [Fact]
    public void Scopes_are_normalized_and_duplicates_dropped()
    {
        var scopes = SmartScopeSet.Parse("  openid patient/Observation.read  patient/Observation.rs fhirUser openid user/Consent.write ");

        Assert.Equal(["openid", "patient/Observation.rs", "fhirUser", "user/Consent.cud"], scopes.Scopes.Select(scope => scope.Value));
        Assert.Equal("openid patient/Observation.rs fhirUser user/Consent.cud", scopes.ToString());
        Assert.True(scopes.Contains("user/Consent.cud"));
        Assert.True(scopes.Contains("user/Consent.write"));
        Assert.False(scopes.Contains("user/Consent.c"));
    }

    [Fact]
    public void One_invalid_scope_rejects_the_whole_set_naming_it()
    {
        var failure = Assert.Throws<FormatException>(() => SmartScopeSet.Parse("patient/Observation.rs patient/Banana.rs openid"));

        Assert.Contains("\"patient/Banana.rs\"", failure.Message, StringComparison.Ordinal);
        Assert.False(SmartScopeSet.TryParse("patient/Observation.sr", out var scopes));
        Assert.True(scopes.IsEmpty);
    }

    [Theory]
    [InlineData("patient/Observation.rs", SmartContext.Patient, "Observation", FhirPermissions.Read, true)]
    [InlineData("patient/Observation.rs", SmartContext.Patient, "Observation", FhirPermissions.Read | FhirPermissions.Search, true)]
    [InlineData("patient/Observation.rs", SmartContext.Patient, "Observation", FhirPermissions.Create, false)]
    [InlineData("patient/Observation.rs", SmartContext.Patient, "Observation", FhirPermissions.Read | FhirPermissions.Update, false)]
    [InlineData("patient/Observation.rs", SmartContext.Patient, "Consent", FhirPermissions.Read, false)]
    // Wrong context denies even with the right type and permissions.
    [InlineData("patient/Observation.rs", SmartContext.User, "Observation", FhirPermissions.Read, false)]
    [InlineData("user/*.cruds", SmartContext.System, "Observation", FhirPermissions.Read, false)]
    // A wildcard type covers every type, and a request about "*" itself.
    [InlineData("patient/*.rs", SmartContext.Patient, "Consent", FhirPermissions.Search, true)]
    [InlineData("patient/*.rs", SmartContext.Patient, "*", FhirPermissions.Read, true)]
    [InlineData("patient/Observation.rs", SmartContext.Patient, "*", FhirPermissions.Read, false)]
    [InlineData("patient/*.rs", SmartContext.Patient, "Consent", FhirPermissions.Update, false)]
    // Two scopes together grant what neither grants alone.
    [InlineData("patient/Consent.r patient/Consent.u", SmartContext.Patient, "Consent", FhirPermissions.Read | FhirPermissions.Update, true)]
    [InlineData("patient/*.r patient/Consent.c", SmartContext.Patient, "Consent", FhirPermissions.Create | FhirPermissions.Read, true)]
    [InlineData("patient/*.r patient/Consent.c", SmartContext.Patient, "Observation", FhirPermissions.Create | FhirPermissions.Read, false)]
    [InlineData("patient/Consent.r user/Consent.u", SmartContext.Patient, "Consent", FhirPermissions.Read | FhirPermissions.Update, false)]
    [InlineData("user/Consent.write", SmartContext.User, "Consent", FhirPermissions.Delete, true)]
    [InlineData("user/Consent.write", SmartContext.User, "Consent", FhirPermissions.Read, false)]
    [InlineData("openid fhirUser launch/patient offline_access", SmartContext.Patient, "Patient", FhirPermissions.Read, false)]
    public void Allows_needs_every_flag_from_scopes_of_that_context_and_type(
        string scopeList, SmartContext context, string resourceType, FhirPermissions needed, bool allowed)
    {
        Assert.Equal(allowed, SmartScopeSet.Parse(scopeList).Allows(context, resourceType, needed));
    }

    [Fact]
    public void Asking_for_no_permission_is_a_caller_bug()
    {
        var scopes = SmartScopeSet.Parse("patient/*.cruds");

        Assert.Throws<ArgumentOutOfRangeException>(() => scopes.Allows(SmartContext.Patient, "Consent", FhirPermissions.None));
        Assert.Throws<ArgumentException>(() => scopes.Allows(SmartContext.Patient, "", FhirPermissions.Read));
    }
}
