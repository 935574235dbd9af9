using System.Numerics;
using BenchmarkDotNet.Attributes;
using CareChain.Crypto.Encoding;

namespace CareChain.Benchmarks.Crypto;

/// <summary>The CKKS canonical embedding in both directions at the ring degrees the library uses.</summary>
[MemoryDiagnoser]
public class SlotEmbeddingBenchmarks
{
    private SlotEmbedding _embedding = null!;
    private Complex[] _slots = [];
    private double[] _coefficients = [];
    private Complex[] _slotsOut = [];
    private double[] _coefficientsOut = [];

    [Params(4096, 16384, 32768)]
    public int Degree { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _embedding = new SlotEmbedding(Degree);
        var random = new Random(42);
        _slots = new Complex[Degree / 2];
        for (var j = 0; j < _slots.Length; j++)
        {
            _slots[j] = new Complex((2 * random.NextDouble()) - 1, (2 * random.NextDouble()) - 1);
        }

        _coefficients = new double[Degree];
        _embedding.SlotsToCoefficients(_slots, _coefficients);
        _slotsOut = new Complex[Degree / 2];
        _coefficientsOut = new double[Degree];
    }

    [Benchmark]
    public void SlotsToCoefficients() => _embedding.SlotsToCoefficients(_slots, _coefficientsOut);

    [Benchmark]
    public void CoefficientsToSlots() => _embedding.CoefficientsToSlots(_coefficients, _slotsOut);

    [Benchmark]
    public int Construct() => new SlotEmbedding(Degree).SlotCount;
}
