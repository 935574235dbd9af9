namespace CareChain.Grains.Ledger.Audit;

/// <summary>
/// A search of the ledger's audit index. Every filter that is set must match (they are ANDed);
/// results come newest first. Patient, actor and resource are keyed pseudonyms, never raw ids.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The largest page a query may ask for.</summary>
    public const int MaxCount = 1000;

    /// <summary>Pseudonym of the patient whose data was accessed.</summary>
    public string? Patient { get; init; }

    /// <summary>Pseudonym of the actor who accessed it.</summary>
    public string? Actor { get; init; }

    /// <summary>Pseudonym of one of the resources the entry touched.</summary>
    public string? Resource { get; init; }

    /// <summary>Entries at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Entries strictly before this time.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Purpose of use, e.g. <c>TREAT</c>.</summary>
    public string? Purpose { get; init; }

    /// <summary>Ledger action, e.g. <c>read</c>.</summary>
    public string? Action { get; init; }

    /// <summary>Ledger outcome: <c>permit</c>, <c>deny</c> or <c>error</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>How many matching entries to skip, from 0.</summary>
    public int Offset { get; init; }

    /// <summary>Page size, 1 to <see cref="MaxCount"/>.</summary>
    public int Count { get; init; } = 50;

    /// <exception cref="ArgumentOutOfRangeException">Offset or count is out of range.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(Count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Count, MaxCount);
    }
}
