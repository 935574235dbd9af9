namespace CareChain.Server.Auth;

/// <summary>The SMART v2 permissions <c>c r u d s</c> on a FHIR resource type.</summary>
[Flags]
public enum FhirPermissions
{
    None = 0,
    Create = 1,
    Read = 2,
    Update = 4,
    Delete = 8,
    Search = 16,
    All = Create | Read | Update | Delete | Search,
}
