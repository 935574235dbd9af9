using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using CareChain.Grains.Fhir.Resources;

namespace CareChain.Server.Auth;

/// <summary>
/// Who is calling: a FHIR reference to a <c>Patient</c>, <c>Practitioner</c> or <c>Organization</c>,
/// with the token's scopes. The reference is the SMART <c>fhirUser</c> claim when the token has one (an
/// identity provider's <c>sub</c> is usually its own user id), and the <c>sub</c> otherwise. FHIR
/// endpoints build it with <see cref="FromPrincipal"/> and treat null as "not authenticated".
/// </summary>
public sealed record Caller
{
    public const string SubjectClaim = "sub";
    public const string ScopeClaim = "scope";

    /// <summary>SMART App Launch: the FHIR resource of the user, as a relative or absolute URL.</summary>
    public const string FhirUserClaim = "fhirUser";

    private Caller(CallerKind kind, string id, SmartScopeSet scopes)
    {
        Kind = kind;
        Id = id;
        Scopes = scopes;
    }

    /// <summary>The subject as a FHIR relative reference, e.g. <c>Patient/123</c>.</summary>
    public string Reference => $"{Kind}/{Id}";

    public CallerKind Kind { get; }

    /// <summary>The FHIR id after the slash.</summary>
    public string Id { get; }

    public SmartScopeSet Scopes { get; }

    /// <summary>
    /// The SMART context whose scopes apply to this caller: a patient acts through <c>patient/</c>
    /// scopes, a practitioner through <c>user/</c> scopes and an organization through <c>system/</c> scopes.
    /// </summary>
    public SmartContext Context => Kind switch
    {
        CallerKind.Patient => SmartContext.Patient,
        CallerKind.Practitioner => SmartContext.User,
        _ => SmartContext.System,
    };

    /// <summary>True when this caller's own context grants <paramref name="needed"/> on <paramref name="resourceType"/>.</summary>
    public bool Allows(string resourceType, FhirPermissions needed) => Scopes.Allows(Context, resourceType, needed);

    /// <summary>
    /// The caller of an authenticated principal with a valid <c>fhirUser</c> (or, without one, a valid
    /// <c>sub</c>) and <c>scope</c>; null when the principal is anonymous or a claim is invalid, which the
    /// endpoints answer like a missing token. An invalid <c>fhirUser</c> is never passed over for the
    /// <c>sub</c>: a token that names its user wrongly names nobody.
    /// </summary>
    public static Caller? FromPrincipal(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity is not { IsAuthenticated: true })
        {
            return null;
        }

        var fhirUsers = user.FindAll(FhirUserClaim).ToList();
        var subjects = user.FindAll(SubjectClaim).ToList();
        var identified = fhirUsers.Count switch
        {
            0 => subjects.Count == 1 && TryParseReference(subjects[0].Value, out var subjectKind, out var subjectId)
                ? (Kind: subjectKind, Id: subjectId)
                : default((CallerKind Kind, string Id)?),
            1 => TryParseFhirUser(fhirUsers[0].Value, out var userKind, out var userId) ? (userKind, userId) : null,
            _ => null,
        };
        if (identified is not var (kind, id))
        {
            return null;
        }

        // A token may carry scope as one string or, from some servers, as a JSON array (one claim per item).
        var scope = string.Join(' ', user.FindAll(ScopeClaim).Select(claim => claim.Value));
        return SmartScopeSet.TryParse(scope, out var scopes) ? new Caller(kind, id, scopes) : null;
    }

    /// <summary>Builds a caller from a subject reference and scopes; throws a <see cref="FormatException"/> when the subject is invalid.</summary>
    public static Caller Create(string subject, SmartScopeSet scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return TryParseReference(subject, out var kind, out var id)
            ? new Caller(kind, id, scopes)
            : throw new FormatException("The subject must be a Patient, Practitioner or Organization reference such as \"Patient/123\".");
    }

    /// <summary>
    /// Reads <c>Patient/…</c>, <c>Practitioner/…</c> or <c>Organization/…</c> with a valid FHIR id
    /// (<see cref="FhirIds.IsValid"/>). Absolute URLs and versioned references are not subjects.
    /// </summary>
    public static bool TryParseReference([NotNullWhen(true)] string? reference, out CallerKind kind, [NotNullWhen(true)] out string? id)
    {
        kind = default;
        id = null;
        var slash = reference?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash < 0 || !FhirIds.IsValid(reference![(slash + 1)..]))
        {
            return false;
        }

        CallerKind? parsed = reference[..slash] switch
        {
            nameof(CallerKind.Patient) => CallerKind.Patient,
            nameof(CallerKind.Practitioner) => CallerKind.Practitioner,
            nameof(CallerKind.Organization) => CallerKind.Organization,
            _ => null,
        };
        if (parsed is not { } known)
        {
            return false;
        }

        kind = known;
        id = reference[(slash + 1)..];
        return true;
    }

    /// <summary>
    /// Reads a <c>fhirUser</c> value: a reference <see cref="TryParseReference"/> accepts, or an absolute
    /// http(s) URL, without query or fragment, whose path ends in one (the identity provider names the
    /// user at whatever FHIR base it knows).
    /// </summary>
    public static bool TryParseFhirUser([NotNullWhen(true)] string? value, out CallerKind kind, [NotNullWhen(true)] out string? id)
    {
        if (TryParseReference(value, out kind, out id))
        {
            return true;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || url.Query.Length > 0
            || url.Fragment.Length > 0
            || url.OriginalString.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var segments = url.AbsolutePath.Split('/');
        return segments.Length >= 3 && TryParseReference(segments[^2] + "/" + segments[^1], out kind, out id);
    }
}
