namespace CareChain.Server.Fhir.Access;

/// <summary>The ledger's outcome tokens for FHIR accesses.</summary>
public static class AccessOutcomes
{
    public const string Permit = "permit";
    public const string Deny = "deny";
    public const string NotFound = "not-found";
    public const string Gone = "gone";
    public const string Error = "error";

    public static string Of(AccessVerdict verdict) => verdict.Permitted ? Permit : Deny;
}
