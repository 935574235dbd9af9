using System.Collections.Concurrent;
using CareChain.Crypto.Parameters;
using CareChain.Crypto.Tests.Fixtures;

[assembly: AssemblyFixture(typeof(CkksSetups))]

namespace CareChain.Crypto.Tests.Fixtures;

/// <summary>
/// Contexts and keys shared by the whole test assembly, built on first use and once per parameter set: key
/// generation at N = 32768 is the expensive part of the suite, so no test builds its own keys unless keys are what
/// it tests. Injected through the constructor of any test class that asks for it.
/// </summary>
public sealed class CkksSetups
{
    /// <summary>Every ring degree the library supports.</summary>
    public static IReadOnlyList<int> Degrees { get; } = EncryptionParameters.SupportedDegrees;

    /// <summary>Bit sizes of the multiplication-chain set: six 40-bit levels between 60-bit primes (360 of 438 bits).</summary>
    public static IReadOnlyList<int> ChainBitSizes { get; } = [60, 40, 40, 40, 40, 40, 40, 60];

    private readonly ConcurrentDictionary<int, Lazy<CkksSetup>> _standard = new();
    private readonly Lazy<CkksSetup> _chain = new(() => new CkksSetup(
        EncryptionParameters.Create(16384, [.. ChainBitSizes]), Math.Pow(2, 40)));

    /// <summary>
    /// The everyday set for degree <paramref name="n"/>: 60, 40, 40, 60 bits at scale 2^40 (two levels, so depth
    /// two), except N = 4096, whose 109-bit budget only fits 40, 29, 40 bits at scale 2^29 (depth one).
    /// </summary>
    public CkksSetup For(int n) =>
        _standard.GetOrAdd(n, static degree => new Lazy<CkksSetup>(() => Build(degree))).Value;

    /// <summary>N = 16384 with <see cref="ChainBitSizes"/>: enough levels for six multiplications in a row.</summary>
    public CkksSetup Chain => _chain.Value;

    public static TheoryData<int> AllDegrees() => [.. Degrees];

    private static CkksSetup Build(int n) => n == 4096
        ? new CkksSetup(EncryptionParameters.Create(n, 40, 29, 40), Math.Pow(2, 29))
        : new CkksSetup(EncryptionParameters.Create(n, 60, 40, 40, 60), Math.Pow(2, 40));
}
