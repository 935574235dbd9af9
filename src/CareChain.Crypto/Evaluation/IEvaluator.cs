using CareChain.Crypto.Encryption;
using CareChain.Crypto.Keys;

namespace CareChain.Crypto.Evaluation;

/// <summary>Homomorphic operations, shaped like SEAL's Evaluator so another implementation can stand behind it.</summary>
public interface IEvaluator
{
    void Negate(Ciphertext ciphertext, Ciphertext destination);

    void Add(Ciphertext left, Ciphertext right, Ciphertext destination);

    void Subtract(Ciphertext left, Ciphertext right, Ciphertext destination);

    void AddPlain(Ciphertext ciphertext, Plaintext plaintext, Ciphertext destination);

    void SubtractPlain(Ciphertext ciphertext, Plaintext plaintext, Ciphertext destination);

    void MultiplyPlain(Ciphertext ciphertext, Plaintext plaintext, Ciphertext destination);

    void Multiply(Ciphertext left, Ciphertext right, Ciphertext destination);

    void Square(Ciphertext ciphertext, Ciphertext destination);

    void Relinearize(Ciphertext ciphertext, RelinearizationKeys keys, Ciphertext destination);

    void RescaleToNext(Ciphertext ciphertext, Ciphertext destination);

    void ModSwitchToNext(Ciphertext ciphertext, Ciphertext destination);

    void ModSwitchToNext(Plaintext plaintext);

    void RotateVector(Ciphertext ciphertext, int steps, GaloisKeys keys, Ciphertext destination);

    void ComplexConjugate(Ciphertext ciphertext, GaloisKeys keys, Ciphertext destination);
}
