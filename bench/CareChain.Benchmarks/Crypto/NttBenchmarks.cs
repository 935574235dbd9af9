using BenchmarkDotNet.Attributes;
using CareChain.Crypto.Arithmetic;

namespace CareChain.Benchmarks.Crypto;

/// <summary>
/// One negacyclic NTT over one 60-bit prime, the unit SEAL's figures are quoted in (N = 8192: 108 µs for native
/// SEAL 4.4 without HEXL on this machine).
/// </summary>
[MemoryDiagnoser]
public class NttBenchmarks
{
    private NttTables _tables = null!;
    private ulong[] _values = [];

    [Params(8192, 16384)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var modulus = new Modulus(Primality.NttPrimes(N, 60, 1)[0]);
        _tables = new NttTables(N, modulus);
        var random = new Random(7);
        _values = new ulong[N];
        for (var i = 0; i < N; i++)
        {
            _values[i] = (ulong)random.NextInt64() % modulus.Value;
        }
    }

    [Benchmark]
    public void Forward() => Ntt.Forward(_values, _tables);

    [Benchmark]
    public void Inverse() => Ntt.Inverse(_values, _tables);
}
