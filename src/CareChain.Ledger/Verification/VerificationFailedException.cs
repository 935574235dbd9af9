namespace CareChain.Ledger.Verification;

/// <summary>Unwinds the verifier from the first failure to the report; never escapes it.</summary>
internal sealed class VerificationFailedException(VerificationFailure failure) : Exception(failure.ToString())
{
    public VerificationFailure Failure { get; } = failure;

    public static VerificationFailedException At(int? shard, long? sequence, string reason) => new(new VerificationFailure(shard, sequence, reason));
}
