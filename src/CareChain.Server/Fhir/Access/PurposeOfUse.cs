using System.Text.RegularExpressions;

namespace CareChain.Server.Fhir.Access;

/// <summary>
/// The purpose a caller states in <c>X-Purpose-Of-Use</c>: a v3 ActReason code (TREAT, ETREAT, HRESCH, ...),
/// bare or as <c>system|code</c> with the ActReason system.
/// </summary>
public static partial class PurposeOfUse
{
    public const string HeaderName = "X-Purpose-Of-Use";
    public const string Treatment = "TREAT";
    public const string EmergencyTreatment = "ETREAT";
    public const string PatientRequested = "PATRQT";
    public const string Operations = "HOPERAT";

    /// <summary>Parses the header value; null when it is not an ActReason code.</summary>
    public static string? Parse(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        if (bar >= 0)
        {
            if (!string.Equals(value[..bar], Consent.ConsentCodeSystems.ActReason, StringComparison.Ordinal))
            {
                return null;
            }

            value = value[(bar + 1)..];
        }

        return CodePattern().IsMatch(value) ? value : null;
    }

    /// <summary>The purpose assumed when none is stated, by who is asking.</summary>
    public static string DefaultFor(CareChain.Server.Auth.CallerKind kind) => kind switch
    {
        CareChain.Server.Auth.CallerKind.Patient => PatientRequested,
        CareChain.Server.Auth.CallerKind.Organization => Operations,
        _ => Treatment,
    };

    [GeneratedRegex(@"\A[A-Z][A-Z0-9_]{1,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
