using CareChain.Server.Auth;

namespace CareChain.Server.Tests.Auth;

public sealed class SmartScopeTests
{
    private const FhirPermissions C = FhirPermissions.Create;
    private const FhirPermissions R = FhirPermissions.Read;
    private const FhirPermissions U = FhirPermissions.Update;
    private const FhirPermissions D = FhirPermissions.Delete;
    private const FhirPermissions S = FhirPermissions.Search;

    public static TheoryData<string, SmartContext, string, FhirPermissions, string> ValidResourceScopes => new()
    {
        { "patient/Observation.rs", SmartContext.Patient, "Observation", R | S, "patient/Observation.rs" },
        { "user/Consent.cruds", SmartContext.User, "Consent", C | R | U | D | S, "user/Consent.cruds" },
        { "system/Patient.r", SmartContext.System, "Patient", R, "system/Patient.r" },
        { "patient/Consent.c", SmartContext.Patient, "Consent", C, "patient/Consent.c" },
        { "user/Consent.ud", SmartContext.User, "Consent", U | D, "user/Consent.ud" },
        { "patient/*.rs", SmartContext.Patient, "*", R | S, "patient/*.rs" },
        { "system/*.cruds", SmartContext.System, "*", C | R | U | D | S, "system/*.cruds" },
        // v1 words are read as their v2 equivalents.
        { "patient/Observation.read", SmartContext.Patient, "Observation", R | S, "patient/Observation.rs" },
        { "user/Consent.write", SmartContext.User, "Consent", C | U | D, "user/Consent.cud" },
        { "user/*.*", SmartContext.User, "*", C | R | U | D | S, "user/*.cruds" },
        { "system/Organization.*", SmartContext.System, "Organization", C | R | U | D | S, "system/Organization.cruds" },
    };

    [Theory]
    [MemberData(nameof(ValidResourceScopes))]
    public void Valid_resource_scopes_are_parsed_into_context_type_and_permissions(
        string text, SmartContext context, string resourceType, FhirPermissions permissions, string normalized)
    {
        Assert.True(SmartScope.TryParse(text, out var scope));

        Assert.True(scope.IsResourceScope);
        Assert.Equal(context, scope.Context);
        Assert.Equal(resourceType, scope.ResourceType);
        Assert.Equal(permissions, scope.Permissions);
        Assert.Equal(normalized, scope.ToString());
        Assert.Equal(scope, SmartScope.Parse(text));
    }

    [Theory]
    [InlineData("openid")]
    [InlineData("fhirUser")]
    [InlineData("launch")]
    [InlineData("launch/patient")]
    [InlineData("offline_access")]
    [InlineData("online_access")]
    public void Identity_and_launch_scopes_are_kept_but_grant_nothing(string text)
    {
        var scope = SmartScope.Parse(text);

        Assert.False(scope.IsResourceScope);
        Assert.Equal(FhirPermissions.None, scope.Permissions);
        Assert.Equal(text, scope.ToString());
    }

    [Theory]
    [InlineData("patient/Banana.rs")] // unknown resource type
    [InlineData("patient/observation.rs")] // resource types are case-sensitive
    [InlineData("patient/Resource.rs")] // abstract type
    [InlineData("patient/DomainResource.rs")] // abstract type
    [InlineData("patient/HumanName.rs")] // a data type, not a resource
    [InlineData("doctor/Observation.rs")] // unknown context
    [InlineData("Patient/Observation.rs")] // contexts are lower case
    [InlineData("patient/Observation.sr")] // v2 letters out of order
    [InlineData("patient/Observation.rr")] // a letter twice
    [InlineData("patient/Observation.x")] // not a permission
    [InlineData("patient/Observation.")] // empty permissions
    [InlineData("patient/Observation")] // no permissions at all
    [InlineData("patient/.rs")] // no resource type
    [InlineData("patient/Observation.rs?category=laboratory")] // granular scopes are not supported
    [InlineData("patient/Observation.rs.rs")]
    [InlineData("patient//Observation.rs")]
    [InlineData("/Observation.rs")]
    [InlineData("patient.Observation/rs")]
    [InlineData("OPENID")]
    [InlineData("launch/encounter")]
    [InlineData("garbage")]
    [InlineData("!@#$%")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" patient/Observation.rs")] // surrounding whitespace is not part of a scope
    [InlineData("patient/Observation.rs ")]
    [InlineData("patient/Observation.rs\tpatient/Consent.rs")]
    public void Invalid_scopes_are_rejected(string text)
    {
        Assert.False(SmartScope.TryParse(text, out var scope));
        Assert.Null(scope);
        var failure = Assert.Throws<FormatException>(() => SmartScope.Parse(text));
        Assert.Contains($"\"{text}\"", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_not_a_scope()
    {
        Assert.False(SmartScope.TryParse(null, out _));
    }

    [Fact]
    public void A_v1_scope_equals_its_v2_spelling()
    {
        Assert.Equal(SmartScope.Parse("patient/Observation.rs"), SmartScope.Parse("patient/Observation.read"));
        Assert.NotEqual(SmartScope.Parse("patient/Observation.rs"), SmartScope.Parse("user/Observation.rs"));
    }
}
