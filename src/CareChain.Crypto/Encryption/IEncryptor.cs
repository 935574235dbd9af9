namespace CareChain.Crypto.Encryption;

/// <summary>Encryption of encoded plaintexts, shaped like SEAL's Encryptor.</summary>
public interface IEncryptor
{
    void Encrypt(Plaintext plaintext, Ciphertext destination);
}
