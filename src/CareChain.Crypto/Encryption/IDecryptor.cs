namespace CareChain.Crypto.Encryption;

/// <summary>Decryption to an encoded plaintext, shaped like SEAL's Decryptor.</summary>
public interface IDecryptor
{
    void Decrypt(Ciphertext ciphertext, Plaintext destination);
}
