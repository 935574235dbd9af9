using CareChain.Grains.Ledger.Details;

namespace CareChain.Server.Fhir.Access;

/// <summary>
/// The <c>details</c> of a break-the-glass ledger entry: <c>break-glass</c>, followed by
/// <c> justification:{digest}</c> when the stated reason was sealed in the erasable details store.
/// The digest commits the ledger to the sealed reason without the ledger holding it.
/// </summary>
public static class BreakGlassDetails
{
    public const string Marker = "break-glass";

    private const string JustificationPrefix = Marker + " justification:";

    /// <summary>The entry details for an emergency access; <paramref name="justificationDigest"/> is null when nothing was sealed.</summary>
    public static string Format(string? justificationDigest) =>
        justificationDigest is null ? Marker : JustificationPrefix + justificationDigest;

    /// <summary>True when <paramref name="details"/> marks an emergency access.</summary>
    public static bool IsBreakGlass(string? details) =>
        details is not null && (details == Marker || details.StartsWith(JustificationPrefix, StringComparison.Ordinal));

    /// <summary>The digest of the sealed justification an entry's details commit to, or null.</summary>
    public static string? JustificationDigest(string? details) =>
        details is not null
        && details.StartsWith(JustificationPrefix, StringComparison.Ordinal)
        && details[JustificationPrefix.Length..] is var digest
        && SealedDetailStore.IsDigest(digest)
            ? digest
            : null;
}
