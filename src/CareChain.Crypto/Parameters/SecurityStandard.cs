namespace CareChain.Crypto.Parameters;

/// <summary>
/// The HomomorphicEncryption.org standard's bound on log2(q) for 128-bit classical security with ternary secrets
/// and error of standard deviation 3.2 (Albrecht et al., Homomorphic Encryption Security Standard, 2018, table 1).
/// </summary>
public static class SecurityStandard
{
    public static int MaxCoeffModulusBits(int polyModulusDegree) => polyModulusDegree switch
    {
        4096 => 109,
        8192 => 218,
        16384 => 438,
        32768 => 881,
        _ => throw new ArgumentOutOfRangeException(nameof(polyModulusDegree), polyModulusDegree, "No 128-bit bound is defined for this degree."),
    };
}
