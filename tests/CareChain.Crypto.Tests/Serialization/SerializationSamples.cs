using System.Collections.Concurrent;
using CareChain.Crypto.Encryption;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Serialization;

/// <summary>
/// One object of every serializable kind for a shared <see cref="CkksSetup"/>, built once per degree: the
/// serialization tests only read them.
/// </summary>
public sealed class SerializationSamples
{
    private static readonly ConcurrentDictionary<int, Lazy<SerializationSamples>> Cache = new();

    private SerializationSamples(CkksSetup setup)
    {
        Setup = setup;
        var random = new Random(setup.N);
        Values = setup.RandomReals(random);
        Plaintext = setup.Encode(Values);
        Ciphertext = setup.Encrypt(Values);
        Product = new Ciphertext();
        setup.Evaluator.Multiply(Ciphertext, Ciphertext, Product);
        Seeded = setup.SymmetricEncryptor.EncryptSymmetric(Plaintext);
        var conjugation = setup.Context.ConjugationElement;
        GaloisElements = [setup.Context.GaloisElementForStep(1), setup.Context.GaloisElementForStep(-1), conjugation];
        GaloisKeys = setup.KeyGenerator.CreateGaloisKeysForElements(GaloisElements);
    }

    public CkksSetup Setup { get; }

    public double[] Values { get; }

    public Plaintext Plaintext { get; }

    /// <summary>A fresh size-2 ciphertext at the top level.</summary>
    public Ciphertext Ciphertext { get; }

    /// <summary>The ciphertext squared and not relinearized: size 3, at the squared scale.</summary>
    public Ciphertext Product { get; }

    public SeededCiphertext Seeded { get; }

    /// <summary>Rotation by one left, one right, and conjugation.</summary>
    public IReadOnlyList<int> GaloisElements { get; }

    public GaloisKeys GaloisKeys { get; }

    public SecretKey SecretKey => Setup.KeyGenerator.SecretKey;

    public static SerializationSamples For(CkksSetups setups, int n)
    {
        ArgumentNullException.ThrowIfNull(setups);
        return Cache.GetOrAdd(n, degree => new Lazy<SerializationSamples>(() => new SerializationSamples(setups.For(degree)))).Value;
    }
}
