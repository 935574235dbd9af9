namespace CareChain.Ledger.Entries;

/// <summary>
/// One ledger entry: who (<paramref name="Actor"/>) did what (<paramref name="Action"/>) to whose
/// data (<paramref name="Patient"/>), why (<paramref name="Purpose"/>), what was decided and by
/// which consent, and when. Field rules are in docs/ledger-format.md and enforced by
/// <see cref="LedgerEntryCodec"/>; construction itself does not validate.
/// </summary>
/// <param name="Shard">Shard the entry belongs to.</param>
/// <param name="Sequence">Position in the shard, from 0, without gaps.</param>
/// <param name="Timestamp">When it happened; UTC with whole milliseconds (the codec refuses finer values).</param>
/// <param name="Action">Lowercase dotted token, e.g. <c>read</c> or <c>consent.update</c>.</param>
/// <param name="Outcome">Lowercase token, e.g. <c>permit</c>, <c>deny</c>, <c>error</c>.</param>
/// <param name="Actor">Keyed pseudonym of the actor (64 lowercase hex), never a raw id.</param>
/// <param name="Patient">Keyed pseudonym of the patient (64 lowercase hex), never a raw id.</param>
/// <param name="ResourceType">FHIR resource type, e.g. <c>Observation</c>.</param>
/// <param name="Resources">Lowercase-hex SHA-256 hashes of the resources touched, in order.</param>
/// <param name="Purpose">Purpose of use, e.g. <c>TREAT</c>.</param>
/// <param name="Consent">The consent that decided the request.</param>
/// <param name="Provision">The provision within that consent.</param>
/// <param name="Model">Model version, for inferences and training.</param>
/// <param name="Details">Short free text without PHI; erasable details belong in the encrypted details table.</param>
public sealed record LedgerEntry(
    int Shard,
    long Sequence,
    DateTimeOffset Timestamp,
    string Action,
    string Outcome,
    string? Actor,
    string? Patient,
    string? ResourceType,
    IReadOnlyList<string> Resources,
    string? Purpose,
    string? Consent,
    string? Provision,
    string? Model,
    string? Details)
{
    /// <summary>Compares every field, and <see cref="Resources"/> element by element.</summary>
    public bool Equals(LedgerEntry? other) =>
        other is not null
        && Shard == other.Shard
        && Sequence == other.Sequence
        && Timestamp.Equals(other.Timestamp)
        && string.Equals(Action, other.Action, StringComparison.Ordinal)
        && string.Equals(Outcome, other.Outcome, StringComparison.Ordinal)
        && string.Equals(Actor, other.Actor, StringComparison.Ordinal)
        && string.Equals(Patient, other.Patient, StringComparison.Ordinal)
        && string.Equals(ResourceType, other.ResourceType, StringComparison.Ordinal)
        && ResourcesEqual(Resources, other.Resources)
        && string.Equals(Purpose, other.Purpose, StringComparison.Ordinal)
        && string.Equals(Consent, other.Consent, StringComparison.Ordinal)
        && string.Equals(Provision, other.Provision, StringComparison.Ordinal)
        && string.Equals(Model, other.Model, StringComparison.Ordinal)
        && string.Equals(Details, other.Details, StringComparison.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Shard);
        hash.Add(Sequence);
        hash.Add(Timestamp);
        hash.Add(Action, StringComparer.Ordinal);
        hash.Add(Outcome, StringComparer.Ordinal);
        hash.Add(Actor, StringComparer.Ordinal);
        hash.Add(Patient, StringComparer.Ordinal);
        hash.Add(ResourceType, StringComparer.Ordinal);
        if (Resources is not null)
        {
            foreach (var resource in Resources)
            {
                hash.Add(resource, StringComparer.Ordinal);
            }
        }

        hash.Add(Purpose, StringComparer.Ordinal);
        hash.Add(Consent, StringComparer.Ordinal);
        hash.Add(Provision, StringComparer.Ordinal);
        hash.Add(Model, StringComparer.Ordinal);
        hash.Add(Details, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    private static bool ResourcesEqual(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
