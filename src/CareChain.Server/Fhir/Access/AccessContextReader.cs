using System.Diagnostics.CodeAnalysis;
using CareChain.Server.Auth;
using CareChain.Server.Fhir.Formatting;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Access;

/// <summary>
/// Builds the <see cref="AccessContext"/> of a request from its bearer token and headers, or the
/// error to answer instead: 401 without a valid token, 400 for a malformed purpose or break-the-glass.
/// </summary>
public static class AccessContextReader
{
    public const string BreakGlassHeader = "X-Break-Glass-Reason";
    public const int MaxBreakGlassReasonLength = 500;

    /// <summary>
    /// False when the request cannot proceed: then <paramref name="context"/> is null for an
    /// unauthenticated request (answer 401), or a context with the default purpose for an authenticated
    /// caller whose headers are malformed (answer 400 with <paramref name="problem"/>, and ledger it).
    /// </summary>
    public static bool TryRead(HttpContext http, [NotNullWhen(true)] out AccessContext? context, out OperationOutcome? problem)
    {
        ArgumentNullException.ThrowIfNull(http);
        context = null;
        problem = null;
        var caller = Caller.FromPrincipal(http.User);
        if (caller is null)
        {
            return false;
        }

        var request = http.Request;
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";
        context = new AccessContext(caller, PurposeOfUse.DefaultFor(caller.Kind), null, baseUrl);

        var purpose = PurposeOfUse.DefaultFor(caller.Kind);
        var purposeHeader = http.Request.Headers[PurposeOfUse.HeaderName];
        if (purposeHeader.Count > 0)
        {
            if (purposeHeader.Count > 1 || PurposeOfUse.Parse(purposeHeader[0] ?? string.Empty) is not { } stated)
            {
                problem = Invalid($"{PurposeOfUse.HeaderName} must be one v3 ActReason code such as TREAT or ETREAT.");
                return false;
            }

            purpose = stated;
        }

        string? breakGlassReason = null;
        var reasonHeader = http.Request.Headers[BreakGlassHeader];
        if (reasonHeader.Count > 0)
        {
            if (BreakGlassProblem(caller, purpose, reasonHeader) is { } breakGlassProblem)
            {
                problem = Invalid(breakGlassProblem);
                return false;
            }

            breakGlassReason = reasonHeader[0]!.Trim();
        }

        context = new AccessContext(caller, purpose, breakGlassReason, baseUrl);
        return true;
    }

    private static string? BreakGlassProblem(Caller caller, string purpose, Microsoft.Extensions.Primitives.StringValues reason)
    {
        if (caller.Kind != CallerKind.Practitioner)
        {
            return "Break-the-glass is for practitioners only.";
        }

        if (purpose != PurposeOfUse.EmergencyTreatment)
        {
            return $"{BreakGlassHeader} requires {PurposeOfUse.HeaderName}: {PurposeOfUse.EmergencyTreatment}.";
        }

        var text = reason.Count == 1 ? reason[0] : null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxBreakGlassReasonLength || text.Any(char.IsControl))
        {
            return $"{BreakGlassHeader} must state the reason in 1 to {MaxBreakGlassReasonLength} characters on one line.";
        }

        return null;
    }

    private static OperationOutcome Invalid(string diagnostics) => FhirOutcomes.Error(OperationOutcome.IssueType.Invalid, diagnostics);
}
