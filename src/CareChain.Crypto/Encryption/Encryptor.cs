using System.Buffers;
using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;
using CareChain.Crypto.Sampling;

namespace CareChain.Crypto.Encryption;

/// <summary>
/// Encrypts plaintexts with the public key, or symmetrically with the secret key. Thread-safe: each call draws
/// fresh randomness from the operating system.
/// </summary>
public sealed class Encryptor : IEncryptor
{
    private readonly CkksContext _context;
    private readonly PublicKey? _publicKey;
    private readonly SecretKey? _secretKey;

    public Encryptor(CkksContext context, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(publicKey);
        OperandGuard.SameParameters(context, publicKey.ParametersId, "public key");
        _context = context;
        _publicKey = publicKey;
    }

    public Encryptor(CkksContext context, SecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(secretKey);
        OperandGuard.SameParameters(context, secretKey.ParametersId, "secret key");
        _context = context;
        _secretKey = secretKey;
    }

    /// <summary>Encrypts with the public key when this encryptor has one, otherwise symmetrically.</summary>
    public void Encrypt(Plaintext plaintext, Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(destination);
        OperandGuard.SameParameters(_context, plaintext.ParametersId, "plaintext");
        if (_publicKey is not null)
        {
            EncryptWithPublicKey(plaintext, destination);
        }
        else
        {
            using var seeded = new SeedScope();
            EncryptSymmetric(plaintext, destination, seeded.Seed);
        }
    }

    public Ciphertext Encrypt(Plaintext plaintext)
    {
        var destination = new Ciphertext();
        Encrypt(plaintext, destination);
        return destination;
    }

    /// <summary>Symmetric encryption in its compact form: the seed of c1 and the polynomial c0.</summary>
    public SeededCiphertext EncryptSymmetric(Plaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        OperandGuard.SameParameters(_context, plaintext.ParametersId, "plaintext");
        var seed = Csprng.NewSeed();
        var full = new Ciphertext();
        EncryptSymmetric(plaintext, full, seed);
        return new SeededCiphertext(_context, seed, full.Level, full.Scale, full.Poly(0).ToArray());
    }

    private void EncryptSymmetric(Plaintext plaintext, Ciphertext destination, byte[] seed)
    {
        var secret = _secretKey ?? throw new InvalidOperationException("Symmetric encryption needs the secret key.");
        var level = plaintext.Level;
        destination.Reset(_context, 2, level, plaintext.Scale);
        using var uniform = Csprng.FromSeed(seed);
        using var noise = Csprng.FromOperatingSystem();
        RlweSampler.SymmetricZero(_context, secret.Data, level + 1, uniform, noise, destination.Poly(0), destination.Poly(1));
        RnsPolynomial.Add(_context, destination.Poly(0), plaintext.Data, destination.Poly(0), level + 1);
    }

    private void EncryptWithPublicKey(Plaintext plaintext, Ciphertext destination)
    {
        var publicKey = _publicKey!;
        var n = _context.PolyModulusDegree;
        var level = plaintext.Level;

        // Encrypt zero one prime above the target level, then divide that prime away, as SEAL does: it shrinks the
        // u·e noise of public-key encryption from about 2^9 to below 1, which is worth the extra NTTs on the client.
        var limbs = level + 2;
        var length = limbs * n;
        var rented = ArrayPool<ulong>.Shared.Rent(3 * length);
        try
        {
            var u = rented.AsSpan(0, length);
            var c0 = rented.AsSpan(length, length);
            var c1 = rented.AsSpan(2 * length, length);
            using (var random = Csprng.FromOperatingSystem())
            {
                RlweSampler.Ternary(_context, random, limbs, u);
                RlweSampler.Error(_context, random, limbs, c0);
                RlweSampler.Error(_context, random, limbs, c1);
            }

            RnsPolynomial.MultiplyAdd(_context, publicKey.Poly(0), u, c0, limbs);
            RnsPolynomial.MultiplyAdd(_context, publicKey.Poly(1), u, c1, limbs);
            RnsPolynomial.DivideRoundByLast(_context, rented.AsSpan(length, 2 * length), 2, limbs, level + 1);

            destination.Reset(_context, 2, level, plaintext.Scale);
            RnsPolynomial.Add(_context, c0, plaintext.Data, destination.Poly(0), level + 1);
            c1[..((level + 1) * n)].CopyTo(destination.Poly(1));
        }
        finally
        {
            rented.AsSpan(0, 3 * length).Clear();
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    /// <summary>A one-off seed that is wiped once the ciphertext no longer needs it.</summary>
    private readonly struct SeedScope : IDisposable
    {
        public SeedScope() => Seed = Csprng.NewSeed();

        public byte[] Seed { get; }

        public void Dispose() => System.Security.Cryptography.CryptographicOperations.ZeroMemory(Seed);
    }
}
