using System.Numerics;
using CareChain.Crypto.Encryption;

namespace CareChain.Crypto.Encoding;

/// <summary>CKKS encoding of real and complex vectors, shaped like SEAL's CKKSEncoder.</summary>
public interface ICkksEncoder
{
    int SlotCount { get; }

    void Encode(ReadOnlySpan<double> values, int level, double scale, Plaintext destination);

    void Encode(ReadOnlySpan<Complex> values, int level, double scale, Plaintext destination);

    void Encode(double value, int level, double scale, Plaintext destination);

    void Decode(Plaintext plaintext, Span<double> destination);

    void Decode(Plaintext plaintext, Span<Complex> destination);
}
