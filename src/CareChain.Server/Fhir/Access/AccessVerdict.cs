namespace CareChain.Server.Fhir.Access;

/// <summary>
/// Whether one access is allowed, and the rule that said so: a scope or compartment rule, break-the-glass,
/// or the consent and provision that decided. Reasons contain no PHI; they go to the ledger and the caller.
/// </summary>
public sealed record AccessVerdict(bool Permitted, string Reason, string? ConsentId = null, string? ProvisionPath = null, bool BreakGlass = false)
{
    public static AccessVerdict Deny(string reason) => new(false, reason);

    public static AccessVerdict Permit(string reason) => new(true, reason);
}
