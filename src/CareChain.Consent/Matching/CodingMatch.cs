using Hl7.Fhir.Model;

namespace CareChain.Consent.Matching;

/// <summary>
/// Coding comparison by system and code only: display text and versions vary between systems
/// that mean the same concept, so they must not change a privacy decision.
/// </summary>
internal static class CodingMatch
{
    /// <summary>Same system (ordinal, both may be absent) and same code (ordinal).</summary>
    public static bool Same(Coding left, Coding right) =>
        !string.IsNullOrEmpty(left.Code)
        && string.Equals(left.System, right.System, StringComparison.Ordinal)
        && string.Equals(left.Code, right.Code, StringComparison.Ordinal);

    /// <summary>True when any coding of <paramref name="wanted"/> equals any coding of <paramref name="offered"/>.</summary>
    public static bool Any(IEnumerable<Coding> wanted, IEnumerable<Coding> offered) =>
        wanted.Any(w => offered.Any(o => Same(w, o)));

    /// <summary>Flattens concepts to their codings, skipping nulls that a partial resource may contain.</summary>
    public static IEnumerable<Coding> Codings(IEnumerable<CodeableConcept?> concepts) =>
        concepts.Where(c => c is not null).SelectMany(c => c!.Coding).Where(c => c is not null);
}
