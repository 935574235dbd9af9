namespace CareChain.Crypto.Serialization;

/// <summary>What a serialized object is; stored in its header and checked against what the caller asked to load.</summary>
public enum CkksObjectKind
{
    Parameters = 1,
    SecretKey = 2,
    PublicKey = 3,
    RelinearizationKeys = 4,
    GaloisKeys = 5,
    Plaintext = 6,
    Ciphertext = 7,
    SeededCiphertext = 8,
}
