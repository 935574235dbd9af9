namespace CareChain.Crypto.Serialization;

/// <summary>
/// What the receiver requires of a ciphertext beyond being valid for its parameters. Each requirement also tightens
/// the size cap that loading applies before it reads anything.
/// </summary>
public sealed record CiphertextExpectation
{
    /// <summary>Only relinearized (size 2) ciphertexts; seeded ciphertexts always are.</summary>
    public bool RequireSize2 { get; init; }

    /// <summary>Exactly this level, when set.</summary>
    public int? Level { get; init; }

    /// <summary>
    /// This scale, when set, to within the relative tolerance of 1e-10 the evaluator allows between operands
    /// (scales reached by equivalent paths differ in the last bits of the double).
    /// </summary>
    public double? Scale { get; init; }
}
