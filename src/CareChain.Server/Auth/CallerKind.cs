namespace CareChain.Server.Auth;

/// <summary>The FHIR resource type a token's subject refers to.</summary>
public enum CallerKind
{
    Patient,
    Practitioner,
    Organization,
}
