using System.Numerics;
using CareChain.Crypto.Encoding;
using CareChain.Crypto.Encryption;
using CareChain.Crypto.Evaluation;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Tests.Fixtures;

/// <summary>
/// One parameter set with everything a test needs built once: the context, a key generator, public, relinearization
/// and Galois keys, encoder, encryptors, decryptor and evaluator. Relinearization and Galois keys are created on first
/// use, so tests that never multiply or rotate do not pay for them. Every member is safe to share between tests
/// running in parallel: the library's objects are thread-safe and the helpers allocate fresh buffers.
/// </summary>
public sealed class CkksSetup
{
    private readonly Lazy<RelinearizationKeys> _relinearizationKeys;
    private readonly Lazy<GaloisKeys> _galoisKeys;

    public CkksSetup(EncryptionParameters parameters, double scale)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Context = new CkksContext(parameters);
        KeyGenerator = new KeyGenerator(Context);
        PublicKey = KeyGenerator.CreatePublicKey();
        Encoder = new CkksEncoder(Context);
        Encryptor = new Encryptor(Context, PublicKey);
        SymmetricEncryptor = new Encryptor(Context, KeyGenerator.SecretKey);
        Decryptor = new Decryptor(Context, KeyGenerator.SecretKey);
        Evaluator = new Evaluator(Context);
        Scale = scale;
        RotationSteps = StepsWithKeys(Context.SlotCount);
        _relinearizationKeys = new Lazy<RelinearizationKeys>(KeyGenerator.CreateRelinearizationKeys);
        _galoisKeys = new Lazy<GaloisKeys>(() => KeyGenerator.CreateGaloisKeys(RotationSteps, includeConjugation: true));
    }

    public CkksContext Context { get; }

    public KeyGenerator KeyGenerator { get; }

    public PublicKey PublicKey { get; }

    public CkksEncoder Encoder { get; }

    /// <summary>Public-key encryptor.</summary>
    public Encryptor Encryptor { get; }

    /// <summary>Secret-key encryptor, for symmetric and seeded encryption.</summary>
    public Encryptor SymmetricEncryptor { get; }

    public Decryptor Decryptor { get; }

    public Evaluator Evaluator { get; }

    /// <summary>The scale fresh plaintexts are encoded at.</summary>
    public double Scale { get; }

    public int N => Context.PolyModulusDegree;

    public int SlotCount => Context.SlotCount;

    public int MaxLevel => Context.MaxLevel;

    public RelinearizationKeys RelinearizationKeys => _relinearizationKeys.Value;

    /// <summary>Keys for every step in <see cref="RotationSteps"/> and for conjugation.</summary>
    public GaloisKeys GaloisKeys => _galoisKeys.Value;

    /// <summary>
    /// Left rotations by every power of two below the slot count, right rotations by 1, 2 and 16, and the arbitrary
    /// steps 3, 7, 100 and slots − 1 (which is the same Galois element as −1).
    /// </summary>
    public IReadOnlyList<int> RotationSteps { get; }

    /// <summary>A step no key was made for: 5 is neither a power of two nor one of the listed steps.</summary>
    public static int StepWithoutKey => 5;

    public static IReadOnlyList<int> PowersOfTwoBelow(int slots) =>
        [.. Enumerable.Range(0, BitOperations.Log2((uint)slots)).Select(k => 1 << k)];

    public double[] RandomReals(Random random, double bound = 1.0) =>
        [.. Enumerable.Range(0, SlotCount).Select(_ => bound * ((2 * random.NextDouble()) - 1))];

    public Complex[] RandomComplex(Random random, double bound = 1.0) =>
        [.. Enumerable.Range(0, SlotCount).Select(_ => new Complex(bound * ((2 * random.NextDouble()) - 1), bound * ((2 * random.NextDouble()) - 1)))];

    public Plaintext Encode(double[] values) => Encode(values, MaxLevel, Scale);

    public Plaintext Encode(double[] values, int level, double scale)
    {
        var plaintext = new Plaintext();
        Encoder.Encode(values, level, scale, plaintext);
        return plaintext;
    }

    public Plaintext Encode(Complex[] values)
    {
        var plaintext = new Plaintext();
        Encoder.Encode(values, Scale, plaintext);
        return plaintext;
    }

    /// <summary>A constant in every slot, at exactly the given level and scale.</summary>
    public Plaintext EncodeConstant(double value, int level, double scale)
    {
        var plaintext = new Plaintext();
        Encoder.Encode(value, level, scale, plaintext);
        return plaintext;
    }

    public Ciphertext Encrypt(double[] values) => Encryptor.Encrypt(Encode(values));

    public Ciphertext Encrypt(Complex[] values) => Encryptor.Encrypt(Encode(values));

    public double[] Decode(Plaintext plaintext)
    {
        var values = new double[SlotCount];
        Encoder.Decode(plaintext, values);
        return values;
    }

    public Complex[] DecodeComplex(Plaintext plaintext)
    {
        var values = new Complex[SlotCount];
        Encoder.Decode(plaintext, values);
        return values;
    }

    public double[] Decrypt(Ciphertext ciphertext) => Decode(Decryptor.Decrypt(ciphertext));

    public Complex[] DecryptComplex(Ciphertext ciphertext) => DecodeComplex(Decryptor.Decrypt(ciphertext));

    private static int[] StepsWithKeys(int slots) =>
        [.. PowersOfTwoBelow(slots), -1, -2, -16, 3, 7, 100, slots - 1];
}
