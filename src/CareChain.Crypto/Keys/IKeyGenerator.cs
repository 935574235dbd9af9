namespace CareChain.Crypto.Keys;

/// <summary>Key generation, shaped like SEAL's KeyGenerator so another scheme implementation can stand behind it.</summary>
public interface IKeyGenerator
{
    SecretKey SecretKey { get; }

    PublicKey CreatePublicKey();

    RelinearizationKeys CreateRelinearizationKeys();

    GaloisKeys CreateGaloisKeys(IEnumerable<int> steps, bool includeConjugation = false);
}
