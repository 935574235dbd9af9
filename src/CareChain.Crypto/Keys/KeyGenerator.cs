using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Parameters;
using CareChain.Crypto.Sampling;

namespace CareChain.Crypto.Keys;

/// <summary>
/// Creates a fresh ternary secret key (or adopts one) and the public, relinearization and Galois keys derived from
/// it. All randomness comes from AES-CTR generators seeded by the operating system.
/// </summary>
public sealed class KeyGenerator : IKeyGenerator
{
    private readonly CkksContext _context;

    public KeyGenerator(CkksContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var data = new ulong[context.KeyModulusCount * context.PolyModulusDegree];
        using var random = Csprng.FromOperatingSystem();
        RlweSampler.Ternary(context, random, context.KeyModulusCount, data);
        SecretKey = new SecretKey(context, data);
    }

    public KeyGenerator(CkksContext context, SecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(secretKey);
        OperandGuard.SameParameters(context, secretKey.ParametersId, "secret key");
        _context = context;
        SecretKey = secretKey;
    }

    public SecretKey SecretKey { get; }

    public PublicKey CreatePublicKey()
    {
        var length = _context.KeyModulusCount * _context.PolyModulusDegree;
        var data = new ulong[2 * length];
        using var uniform = Csprng.FromOperatingSystem();
        using var noise = Csprng.FromOperatingSystem();
        RlweSampler.SymmetricZero(_context, SecretKey.Data, _context.KeyModulusCount, uniform, noise, data.AsSpan(0, length), data.AsSpan(length));
        return new PublicKey(_context, data);
    }

    public RelinearizationKeys CreateRelinearizationKeys()
    {
        var n = _context.PolyModulusDegree;
        var squared = new ulong[_context.KeyModulusCount * n];
        RnsPolynomial.Multiply(_context, SecretKey.Data, SecretKey.Data, squared, _context.KeyModulusCount);
        return new RelinearizationKeys(_context, CreateKeySwitchingKey(squared));
    }

    /// <summary>Galois keys for rotating slots by each of <paramref name="steps"/>, and conjugation if asked.</summary>
    public GaloisKeys CreateGaloisKeys(IEnumerable<int> steps, bool includeConjugation = false)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var elements = steps.Select(_context.GaloisElementForStep).Where(g => g != 1).ToList();
        if (includeConjugation)
        {
            elements.Add(_context.ConjugationElement);
        }

        return CreateGaloisKeysForElements(elements);
    }

    public GaloisKeys CreateGaloisKeysForElements(IEnumerable<int> galoisElements)
    {
        ArgumentNullException.ThrowIfNull(galoisElements);
        var n = _context.PolyModulusDegree;
        var keys = new Dictionary<int, KeySwitchingKey>();
        foreach (var g in galoisElements.Distinct())
        {
            var permuted = new ulong[_context.KeyModulusCount * n];
            var permutation = _context.GaloisPermutationFor(g);
            for (var i = 0; i < _context.KeyModulusCount; i++)
            {
                PolyArithmetic.Permute(SecretKey.Data.AsSpan(i * n, n), permutation, permuted.AsSpan(i * n, n));
            }

            keys.Add(g, CreateKeySwitchingKey(permuted));
        }

        return new GaloisKeys(_context, keys);
    }

    private KeySwitchingKey CreateKeySwitchingKey(ulong[] newSecret)
    {
        var n = _context.PolyModulusDegree;
        var limbs = _context.KeyModulusCount;
        var components = limbs - 1;
        var special = _context.Moduli[limbs - 1].Value;
        var data = new ulong[components * 2 * limbs * n];
        var key = new KeySwitchingKey(_context, data);
        using var uniform = Csprng.FromOperatingSystem();
        using var noise = Csprng.FromOperatingSystem();
        for (var j = 0; j < components; j++)
        {
            var b = key.Poly(j, 0);
            RlweSampler.SymmetricZero(_context, SecretKey.Data, limbs, uniform, noise, b, key.Poly(j, 1));

            // Add P·s' on limb j only: that is P·g_j·s' in RNS form.
            var q = _context.Moduli[j];
            var factor = q.Reduce(special);
            var factorShoup = q.ShoupFactor(factor);
            var limb = b.Slice(j * n, n);
            var source = newSecret.AsSpan(j * n, n);
            for (var t = 0; t < n; t++)
            {
                limb[t] = q.Add(limb[t], q.MultiplyShoup(source[t], factor, factorShoup));
            }
        }

        Array.Clear(newSecret);
        return key;
    }
}
