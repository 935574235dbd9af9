namespace CareChain.Ledger.Verification;

/// <summary>
/// Where verification stopped and why. <see cref="Shard"/> and <see cref="Sequence"/> are null when
/// the problem is not in one shard or entry (for example a checkpoint signature).
/// </summary>
public sealed record VerificationFailure(int? Shard, long? Sequence, string Reason)
{
    /// <summary>E.g. "shard 3, sequence 17: entry hash does not match the chain".</summary>
    public override string ToString() => (Shard, Sequence) switch
    {
        ({ } shard, { } sequence) => $"shard {shard}, sequence {sequence}: {Reason}",
        ({ } shard, null) => $"shard {shard}: {Reason}",
        _ => Reason,
    };
}
