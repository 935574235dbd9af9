using BenchmarkDotNet.Attributes;
using CareChain.Crypto.Encryption;

namespace CareChain.Benchmarks.Crypto;

/// <summary>
/// One CKKS operation per benchmark, at the top level, with the inputs bench/seal-compare gives SEAL: features
/// ciphertext, weights plaintext (and ciphertext for multiply_relinearize), scale 2^40.
/// </summary>
[MemoryDiagnoser]
public class CkksOperationBenchmarks
{
    private CkksWorkload _workload = null!;
    private double[] _featureValues = [];
    private double[] _decoded = [];
    private readonly Plaintext _features = new();
    private readonly Plaintext _weights = new();
    private readonly Plaintext _scratchPlain = new();
    private Ciphertext _featuresCipher = null!;
    private Ciphertext _weightsCipher = null!;
    private readonly Ciphertext _product = new();
    private readonly Ciphertext _destination = new();

    [Params(8192, 16384)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = CkksWorkload.Create(N);
        _featureValues = _workload.RealFeatureSlots();
        _decoded = new double[_workload.SlotCount];
        _workload.Encoder.Encode(_featureValues, CkksWorkload.Scale, _features);
        _workload.Encoder.Encode(_workload.WeightSlots(), CkksWorkload.Scale, _weights);
        _featuresCipher = _workload.Encryptor.Encrypt(_features);
        _weightsCipher = _workload.Encryptor.Encrypt(_weights);
        _workload.Evaluator.MultiplyPlain(_featuresCipher, _weights, _product);
    }

    [Benchmark]
    public void Encode() => _workload.Encoder.Encode(_featureValues, CkksWorkload.Scale, _scratchPlain);

    [Benchmark]
    public void Encrypt() => _workload.Encryptor.Encrypt(_features, _destination);

    [Benchmark]
    public void MultiplyPlain() => _workload.Evaluator.MultiplyPlain(_featuresCipher, _weights, _destination);

    [Benchmark]
    public void MultiplyRelinearize()
    {
        _workload.Evaluator.Multiply(_featuresCipher, _weightsCipher, _destination);
        _workload.Evaluator.Relinearize(_destination, _workload.RelinearizationKeys, _destination);
    }

    [Benchmark]
    public void Rescale() => _workload.Evaluator.RescaleToNext(_product, _destination);

    [Benchmark]
    public void Rotate() => _workload.Evaluator.RotateVector(_featuresCipher, 1, _workload.GaloisKeys, _destination);

    [Benchmark]
    public void DecryptDecode()
    {
        _workload.Decryptor.Decrypt(_featuresCipher, _scratchPlain);
        _workload.Encoder.Decode(_scratchPlain, _decoded);
    }

    [Benchmark]
    public void DotProduct() => _workload.DotProduct(_featuresCipher, _weights, _destination);
}
