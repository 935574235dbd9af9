using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Verification;

namespace CareChain.Benchmarks.Ledger;

/// <summary>
/// Full offline verification of one million entries in 16 shards against a signed checkpoint:
/// canonical-form validation, chain and Merkle recomputation of every entry, the checkpoint's
/// signature. Each call takes seconds, so it is measured as a macro benchmark (one call an iteration).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LedgerVerificationBenchmarks
{
    public const int Entries = 1_000_000;

    private InMemoryLedgerExport _export = null!;
    private CheckpointKey _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var signer = CheckpointSigner.Generate();
        _key = signer.PublicKey;
        _export = SyntheticLedger.Build(shards: 16, entries: Entries, signer);
    }

    [Benchmark]
    public async Task<VerificationReport> VerifyOneMillionEntries()
    {
        var report = await new LedgerVerifier(_key).VerifyAsync(_export);
        return report.IsIntact && report.Entries == Entries
            ? report
            : throw new InvalidOperationException(report.Failure?.ToString() ?? $"verified {report.Entries} entries, expected {Entries}");
    }
}
