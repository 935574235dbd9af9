using BenchmarkDotNet.Attributes;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Verification;

namespace CareChain.Benchmarks.Ledger;

/// <summary>Full offline verification of one million entries in 16 shards against a signed checkpoint.</summary>
[MemoryDiagnoser]
public class LedgerVerificationBenchmarks
{
    private InMemoryLedgerExport _export = null!;
    private CheckpointKey _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var signer = CheckpointSigner.Generate();
        _key = signer.PublicKey;
        _export = SyntheticLedger.Build(shards: 16, entries: 1_000_000, signer);
    }

    [Benchmark(OperationsPerInvoke = 1)]
    public async Task<VerificationReport> VerifyOneMillionEntries()
    {
        var report = await new LedgerVerifier(_key).VerifyAsync(_export);
        return report.IsIntact ? report : throw new InvalidOperationException(report.Failure?.ToString());
    }
}
