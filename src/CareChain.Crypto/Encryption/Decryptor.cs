using System.Buffers;
using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Encryption;

/// <summary>Decrypts with the secret key: m = c0 + c1·s (+ c2·s² before relinearization). Thread-safe.</summary>
public sealed class Decryptor : IDecryptor
{
    private readonly CkksContext _context;
    private readonly SecretKey _secretKey;

    public Decryptor(CkksContext context, SecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(secretKey);
        OperandGuard.SameParameters(context, secretKey.ParametersId, "secret key");
        _context = context;
        _secretKey = secretKey;
    }

    public void Decrypt(Ciphertext ciphertext, Plaintext destination)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(destination);
        OperandGuard.SameParameters(_context, ciphertext.ParametersId, "ciphertext");
        var limbs = ciphertext.LimbCount;
        destination.Reset(_context, ciphertext.Level, ciphertext.Scale);
        var result = destination.Data;
        ciphertext.Poly(0).CopyTo(result);
        var secret = _secretKey.Data.AsSpan(0, limbs * _context.PolyModulusDegree);
        RnsPolynomial.MultiplyAdd(_context, ciphertext.Poly(1), secret, result, limbs);
        if (ciphertext.Size == 3)
        {
            var rented = ArrayPool<ulong>.Shared.Rent(secret.Length);
            try
            {
                var squared = rented.AsSpan(0, secret.Length);
                RnsPolynomial.Multiply(_context, secret, secret, squared, limbs);
                RnsPolynomial.MultiplyAdd(_context, ciphertext.Poly(2), squared, result, limbs);
                squared.Clear();
            }
            finally
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    public Plaintext Decrypt(Ciphertext ciphertext)
    {
        var destination = new Plaintext();
        Decrypt(ciphertext, destination);
        return destination;
    }
}
