using CareChain.Server.Auth;

namespace CareChain.Server.Fhir.Access;

/// <summary>Who is asking, for what purpose, and whether they invoked break-the-glass, for one request.</summary>
/// <param name="Caller">The authenticated subject and its scopes.</param>
/// <param name="Purpose">The v3 ActReason purpose of use.</param>
/// <param name="BreakGlass">True when the caller invoked emergency access with a stated reason.</param>
/// <param name="BaseUrl">The FHIR base, e.g. <c>https://host/fhir</c>, for links and full URLs.</param>
public sealed record AccessContext(Caller Caller, string Purpose, bool BreakGlass, string BaseUrl);
