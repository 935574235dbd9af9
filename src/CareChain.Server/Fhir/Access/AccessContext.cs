using CareChain.Server.Auth;

namespace CareChain.Server.Fhir.Access;

/// <summary>Who is asking, for what purpose, and whether they invoked break-the-glass, for one request.</summary>
/// <param name="Caller">The authenticated subject and its scopes.</param>
/// <param name="Purpose">The v3 ActReason purpose of use.</param>
/// <param name="BreakGlassReason">
/// The justification of an emergency access, as the caller stated it; null when break-the-glass was
/// not invoked. It may hold PHI, so it only ever reaches the sealed details store, never the ledger or a log.
/// </param>
/// <param name="BaseUrl">The FHIR base, e.g. <c>https://host/fhir</c>, for links and full URLs.</param>
public sealed record AccessContext(Caller Caller, string Purpose, string? BreakGlassReason, string BaseUrl)
{
    /// <summary>True when the caller invoked emergency access with a stated reason.</summary>
    public bool BreakGlass => BreakGlassReason is not null;

    public override string ToString() => $"AccessContext {{ Caller = {Caller.Reference}, Purpose = {Purpose}, BreakGlass = {BreakGlass} }}";
}
