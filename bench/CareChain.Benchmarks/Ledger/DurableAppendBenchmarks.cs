using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using CareChain.Benchmarks.Hosting;
using CareChain.Grains.Ledger;
using CareChain.Server.Storage;

namespace CareChain.Benchmarks.Ledger;

/// <summary>
/// Durable ledger appends through <see cref="LedgerWriter"/> on one silo of the full server, on
/// SQLite (WAL, synchronous=FULL) and on PostgreSQL (fsync and synchronous_commit on). Each
/// invocation runs <see cref="Writers"/> concurrent writers that together append
/// <see cref="AppendsPerInvocation"/> records, each writer awaiting every append before its next
/// one (an append completes only after its group commit), so the reported time is per append and
/// appends/s = 1 s / Mean. Allocated is per append and process-wide (server, silo and store included).
/// </summary>
/// <remarks>
/// One process per case: GlobalSetup starts a fresh server (and, for PostgreSQL, a fresh private
/// PostgreSQL server) and warms it up with 131,072 appends from 256 writers; GlobalCleanup checks
/// that every awaited append is in a shard's committed head before stopping it. Server GC, as the
/// Web SDK gives CareChain.Server.
/// </remarks>
[MemoryDiagnoser]
[GcServer(true)]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class DurableAppendBenchmarks
{
    /// <summary>Appends per invocation, split evenly over the writers (1, 16 and 256 all divide it).</summary>
    public const int AppendsPerInvocation = 4096;

    // Set-up drives this many invocations' worth of appends through the server before measuring.
    private const int WarmUpInvocations = 32;
    private const int WarmUpWriters = 256;

    private BenchmarkServerHost? _host;
    private LedgerWriter _writer = null!;
    private LedgerRecord[] _records = [];
    private long _issued;

    [Params(StorageProvider.Sqlite, StorageProvider.Postgres)]
    public StorageProvider Provider { get; set; }

    [Params(1, 16, 256)]
    public int Writers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _records = Enumerable.Range(0, AppendsPerInvocation).Select(Read).ToArray();
        _host = await BenchmarkServerHost.StartAsync(Provider);
        _writer = _host.Writer;

        // BenchmarkDotNet's warm-up (two invocations, under a second at 256 writers) ends long before
        // the JIT has tiered up the grain call path: the first ~100,000 appends of a fresh server
        // run at about half the steady rate. Warm up to steady state here, on every shard.
        var warmUp = new Task[WarmUpWriters];
        for (var w = 0; w < WarmUpWriters; w++)
        {
            warmUp[w] = WriteAsync(w * (AppendsPerInvocation / WarmUpWriters), AppendsPerInvocation / WarmUpWriters, repeat: WarmUpInvocations);
        }

        await Task.WhenAll(warmUp);
        _issued = (long)WarmUpInvocations * AppendsPerInvocation;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_host is null)
        {
            return;
        }

        try
        {
            // Every append the benchmark awaited must be in a shard's committed head.
            var committed = await _host.CommittedEntriesAsync();
            if (committed != _issued)
            {
                throw new InvalidOperationException($"{_issued} appends completed but the shards hold {committed} entries.");
            }

            Console.WriteLine(FormattableString.Invariant($"// {Provider}, {Writers} writers: {committed} entries committed and accounted for."));
        }
        finally
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    [Benchmark(OperationsPerInvoke = AppendsPerInvocation)]
    public async Task AppendDurably()
    {
        var perWriter = AppendsPerInvocation / Writers;
        var writers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            writers[w] = WriteAsync(w * perWriter, perWriter);
        }

        await Task.WhenAll(writers);
        _issued += AppendsPerInvocation;
    }

    private async Task WriteAsync(int first, int count, int repeat = 1)
    {
        for (var r = 0; r < repeat; r++)
        {
            for (var i = first; i < first + count; i++)
            {
                await _writer.AppendAsync(_records[i]);
            }
        }
    }

    /// <summary>A clinician's read of one Observation under a treatment consent, as the FHIR layer ledgers it.</summary>
    private static LedgerRecord Read(int index) => new(
        "read",
        "permit",
        Pseudonym("Practitioner/" + (index % 64).ToString(CultureInfo.InvariantCulture)),
        Pseudonym("Patient/" + index.ToString(CultureInfo.InvariantCulture)),
        "Observation",
        [Pseudonym("Observation/" + index.ToString(CultureInfo.InvariantCulture))],
        "TREAT",
        "Consent/123",
        null,
        null,
        null);

    // 64 lowercase hex characters, the shape of the server's keyed pseudonyms and resource hashes.
    private static string Pseudonym(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
