using System.Diagnostics;
using System.Globalization;
using System.Net;
using BenchmarkDotNet.Attributes;
using CareChain.Benchmarks.Hosting;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Storage;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Benchmarks.Fhir;

/// <summary>
/// Consented Observation reads end to end on one silo: <c>GET /fhir/Observation/{id}</c> over HTTP with
/// a practitioner's bearer token, through authentication, the owner lookup, the resource grain, the
/// patient's consent decision and the durable ledger append, on SQLite and on PostgreSQL, from
/// <see cref="Clients"/> concurrent HTTP clients that each await every response before sending the next.
/// One invocation is <see cref="RequestsPerInvocation"/> reads, so Mean is the time per read and
/// reads/s = 1 s / Mean. Every response must be 200 with an <c>X-Ledger-Entry</c>, or the benchmark fails.
/// </summary>
/// <remarks>
/// The HTTP clients run in the benchmark process, on the same two cores as the server, so their
/// cost is included. Reads go round-robin over <see cref="Patients"/>
/// patients, so every ledger shard and many consents grains are used.
/// </remarks>
[MemoryDiagnoser]
[GcServer(true)]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ConsentedReadBenchmarks
{
    public const int Patients = 64;
    public const int ObservationsPerPatient = 4;

    /// <summary>Reads per invocation, split evenly over the clients (1, 16 and 64 all divide it).</summary>
    public const int RequestsPerInvocation = 2048;

    // Set-up reads this many invocations' worth from 64 clients, so the JIT has tiered up the whole path.
    private const int WarmUpInvocations = 6;
    private const int WarmUpClients = 64;

    private BenchmarkServerHost? _host;
    private HttpClient _reader = null!;
    private Uri[] _reads = [];
    private long _completed;
    private TimeSpan _cpuAtStart;

    [Params(StorageProvider.Sqlite, StorageProvider.Postgres)]
    public StorageProvider Provider { get; set; }

    [Params(1, 16, 64)]
    public int Clients { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchmarkServerHost.StartAsync(Provider);
        using (var feed = _host.Client(_host.Token(BenchmarkServerHost.FeedSubject, BenchmarkServerHost.FeedScope)))
        {
            // Patients are seeded eight at a time; each patient's own writes stay in order.
            await Parallel.ForEachAsync(Enumerable.Range(0, Patients), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, _) =>
            {
                var patientId = ClinicalResources.Id("p", p);
                await BenchmarkServerHost.PutAsync(feed, ClinicalResources.Patient(patientId));
                await BenchmarkServerHost.PutAsync(feed, ClinicalResources.TreatmentConsent(patientId, ClinicalResources.Id("consent-", p)));
                for (var o = 0; o < ObservationsPerPatient; o++)
                {
                    await BenchmarkServerHost.PutAsync(feed, ClinicalResources.Observation(patientId, ObservationId(p, o), ClinicalResources.Glucose, o));
                }
            });
        }

        // Consecutive reads go to consecutive patients, so concurrent clients spread over patients and shards.
        _reads = [.. Enumerable.Range(0, RequestsPerInvocation)
            .Select(i => new Uri("Observation/" + ObservationId(i % Patients, i / Patients % ObservationsPerPatient), UriKind.Relative))];
        _reader = _host.Client(_host.Token(ClinicalResources.PractitionerReference, ClinicalResources.PractitionerScope));

        for (var i = 0; i < WarmUpInvocations; i++)
        {
            await ReadAllAsync(WarmUpClients);
        }

        _completed = 0;
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        // CPU per read is steadier than reads/s when other processes share the machine. It covers this whole
        // process (server, silo, SQLite, the HTTP clients, BenchmarkDotNet), not a PostgreSQL server's backends.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {Provider}, {Clients} clients: {_completed} consented reads answered 200 with X-Ledger-Entry; process CPU {cpu.TotalMicroseconds / Math.Max(1, _completed):F0} us per read."));
        _reader.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    [Benchmark(OperationsPerInvoke = RequestsPerInvocation)]
    public Task ReadConsented() => ReadAllAsync(Clients);

    private static string ObservationId(int patient, int observation) => $"obs-{patient}-{observation}";

    private async Task ReadAllAsync(int clients)
    {
        var perClient = RequestsPerInvocation / clients;
        var readers = new Task[clients];
        for (var c = 0; c < clients; c++)
        {
            readers[c] = ReadAsync(c * perClient, perClient);
        }

        await Task.WhenAll(readers);
        Interlocked.Add(ref _completed, RequestsPerInvocation);
    }

    private async Task ReadAsync(int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            using var response = await _reader.GetAsync(_reads[i]);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK || !response.Headers.TryGetValues(AccessLedger.HeaderName, out var entry) || !entry.Any())
            {
                // A denied, failed or unledgered read is not a consented read: stop the run rather than count it.
                throw new InvalidOperationException(
                    $"GET {_reads[i]} answered {(int)response.StatusCode} without the expected ledger receipt: {System.Text.Encoding.UTF8.GetString(body)}");
            }
        }
    }
}
