using CareChain.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareChain.Server.Ledger;

/// <summary>
/// Guards the ledger endpoints that return entries or proofs about them. Entries hold no PHI but do
/// hold access metadata (who, as a pseudonym, read what, when and why), so they are deny-by-default:
/// only an organization (an auditor or the custodian's own systems) whose <c>system/</c> scopes grant
/// AuditEvent read may see them, the same right that opens the FHIR AuditEvent view of the ledger.
/// Answers 401 without a valid token and 403 for any other caller, as problem details like the
/// ledger API's 400 and 404.
/// </summary>
internal sealed class LedgerReaderFilter : IEndpointFilter
{
    /// <summary>The FHIR resource whose read scope stands for "may read the ledger".</summary>
    public const string ResourceType = "AuditEvent";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var caller = Caller.FromPrincipal(http.User);
        if (caller is null)
        {
            // RFC 6750 §3.1: a token was sent and refused, or none was sent at all. The token's own
            // validation error is not echoed: it would help a forger more than a user.
            http.Response.Headers.WWWAuthenticate = http.Request.Headers.Authorization.Count > 0
                ? "Bearer error=\"invalid_token\""
                : "Bearer";
            return ValueTask.FromResult<object?>(TypedResults.Problem(
                "Reading ledger entries and proofs needs a valid bearer token.",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Authentication required"));
        }

        if (caller.Kind != CallerKind.Organization)
        {
            return ValueTask.FromResult<object?>(Forbidden(
                $"Only organizations may read ledger entries and proofs; this token's subject is a {caller.Kind}."));
        }

        if (!caller.Allows(ResourceType, FhirPermissions.Read))
        {
            return ValueTask.FromResult<object?>(Forbidden(
                $"The token has no system/{ResourceType}.r scope (for example system/{ResourceType}.rs), which reading ledger entries and proofs needs."));
        }

        return next(context);
    }

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}
