using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Serialization;

/// <summary>
/// Offsets, fixed sizes and exact size bounds of the serialized format (described on <see cref="CkksSerializer"/>).
/// Every size is computed in 64-bit checked arithmetic from values already bounded by a pinned context, so no
/// declared field can make a computation wrap.
/// </summary>
internal static class FormatLayout
{
    public const int HeaderSize = 16;
    public const byte Version = 1;

    /// <summary>"CKKS" in ASCII, read as a little-endian 32-bit number.</summary>
    public const uint Magic = 0x534B4B43;

    public const int ParametersIdSize = 32;
    public const int SeedSize = 32;

    /// <summary>The only flag: polynomials are in NTT form. Every other bit is reserved and must be zero.</summary>
    public const uint NttFormFlag = 1;

    /// <summary>N and the parameters id, at the start of every body except the parameters' own.</summary>
    public const int ContextPrefixSize = sizeof(uint) + ParametersIdSize;

    public const int ParametersFixedSize = 2 * sizeof(uint);
    public const int MaxPrimeCount = 64;
    public const int SecretKeyFixedSize = ContextPrefixSize + (2 * sizeof(uint));
    public const int PublicKeyFixedSize = ContextPrefixSize + (2 * sizeof(uint));
    public const int KeySwitchingKeyFixedSize = 3 * sizeof(uint);
    public const int RelinearizationKeysFixedSize = ContextPrefixSize + KeySwitchingKeyFixedSize;
    public const int GaloisKeysFixedSize = ContextPrefixSize + sizeof(uint);
    public const int GaloisKeyEntryFixedSize = sizeof(uint) + KeySwitchingKeyFixedSize;
    public const int PlaintextFixedSize = ContextPrefixSize + (2 * sizeof(uint)) + sizeof(double);
    public const int CiphertextFixedSize = ContextPrefixSize + (3 * sizeof(uint)) + sizeof(double);
    public const int SeededCiphertextFixedSize = PlaintextFixedSize + SeedSize;

    /// <summary>The largest body any object may have: what one array can hold after the header.</summary>
    public static long MaxBodySize => Array.MaxLength - HeaderSize - 1024;

    /// <summary>
    /// The largest compressed payload accepted for a body of at most <paramref name="maxBody"/> bytes: above the
    /// worst-case expansion of incompressible data for both zlib (5 bytes per stored block) and Brotli.
    /// </summary>
    public static long CompressedPayloadCap(long maxBody) => checked(maxBody + (maxBody >> 8) + 64);

    /// <summary>The largest whole input accepted for a body of at most <paramref name="maxBody"/> bytes.</summary>
    public static long InputCap(long maxBody) => checked(HeaderSize + CompressedPayloadCap(maxBody));

    public static long ResidueBytes(long polynomials, long limbs, int polyModulusDegree) =>
        checked(polynomials * limbs * polyModulusDegree * sizeof(ulong));

    public static long ParametersBody(int primeCount) => checked(ParametersFixedSize + ((long)primeCount * sizeof(ulong)));

    public static long SecretKeyBody(CkksContext context) =>
        checked(SecretKeyFixedSize + ResidueBytes(1, context.KeyModulusCount, context.PolyModulusDegree));

    public static long PublicKeyBody(CkksContext context) =>
        checked(PublicKeyFixedSize + ResidueBytes(2, context.KeyModulusCount, context.PolyModulusDegree));

    public static long KeySwitchingKeyBlock(CkksContext context) =>
        checked(KeySwitchingKeyFixedSize + KeySwitchingKeyResidueBytes(context));

    public static long KeySwitchingKeyResidueBytes(CkksContext context) =>
        ResidueBytes(2L * (context.KeyModulusCount - 1), context.KeyModulusCount, context.PolyModulusDegree);

    public static long RelinearizationKeysBody(CkksContext context) =>
        checked(ContextPrefixSize + KeySwitchingKeyBlock(context));

    public static long GaloisKeysBody(CkksContext context, long keyCount) =>
        checked(GaloisKeysFixedSize + (keyCount * (sizeof(uint) + KeySwitchingKeyBlock(context))));

    public static long PlaintextBody(int level, int polyModulusDegree) =>
        checked(PlaintextFixedSize + ResidueBytes(1, level + 1L, polyModulusDegree));

    public static long CiphertextBody(int size, int level, int polyModulusDegree) =>
        checked(CiphertextFixedSize + ResidueBytes(size, level + 1L, polyModulusDegree));

    public static long SeededCiphertextBody(int level, int polyModulusDegree) =>
        checked(SeededCiphertextFixedSize + ResidueBytes(1, level + 1L, polyModulusDegree));

    public static string Describe(CkksObjectKind kind) => kind switch
    {
        CkksObjectKind.Parameters => "encryption parameters",
        CkksObjectKind.SecretKey => "secret key",
        CkksObjectKind.PublicKey => "public key",
        CkksObjectKind.RelinearizationKeys => "relinearization keys",
        CkksObjectKind.GaloisKeys => "Galois keys",
        CkksObjectKind.Plaintext => "plaintext",
        CkksObjectKind.Ciphertext => "ciphertext",
        CkksObjectKind.SeededCiphertext => "seeded ciphertext",
        _ => $"unknown object kind {(int)kind}",
    };
}
