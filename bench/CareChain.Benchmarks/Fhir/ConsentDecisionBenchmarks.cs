using BenchmarkDotNet.Attributes;
using CareChain.Benchmarks.Hosting;
using CareChain.Consent.Decisions;
using CareChain.Consent;
using CareChain.Grains.Consents;
using CareChain.Grains.Patients;
using CareChain.Server.Auth;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Storage;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Benchmarks.Fhir;

/// <summary>
/// One consent decision for a practitioner's treatment read of a glucose result, against a patient with
/// five consents (nested exceptions, a deny for someone else, a revoked one, a research consent, a deny
/// of old data): the pure <see cref="ConsentEngine.Decide"/> next to
/// <see cref="IPatientConsentsGrain.DecideAsync"/> called from the server's co-hosted client, the way
/// the FHIR layer calls it. The difference is the grain call: request conversion, Orleans dispatch
/// and the activation's scheduler.
/// </summary>
/// <remarks>
/// The grain case hosts the full server on SQLite and seeds the consents through the FHIR API.
/// Its clean-up also times every single call of a sample run (sequential, then 16 concurrent callers)
/// and prints the per-call percentiles, because the P95/P99 columns are percentiles of iteration means.
/// </remarks>
[Config(typeof(LatencyColumnsConfig))]
[MemoryDiagnoser]
[GcServer(true)]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 30)]
public class ConsentDecisionBenchmarks
{
    private const string PatientId = "p1";
    private const int WarmUpCalls = 100_000;
    private const int SampleCalls = 200_000;

    private BenchmarkServerHost? _host;
    private IPatientConsentsGrain _grain = null!;
    private AccessRequest _accessRequest = null!;
    private ConsentRequest _consentRequest = null!;
    private Hl7.Fhir.Model.Consent[] _consents = [];

    [GlobalSetup(Target = nameof(EngineDecide))]
    public void SetupEngine()
    {
        _consents = [.. ClinicalResources.MixedConsents(PatientId)];
        _accessRequest = ReadRequest();

        // The same conversion the grain makes (PatientConsentsGrain.ToConsentRequest), done once here.
        _consentRequest = new ConsentRequest(
            _accessRequest.Actor,
            [.. _accessRequest.ActorRoles.Select(ToCoding)],
            new Coding(ConsentCodeSystems.ActReason, _accessRequest.Purpose),
            new Coding(ConsentCodeSystems.ConsentAction, _accessRequest.Action),
            _accessRequest.ResourceType,
            [.. _accessRequest.Codes.Select(ToCoding)],
            [.. _accessRequest.SecurityLabels.Select(ToCoding)],
            _accessRequest.DataTime,
            TimeProvider.System.GetUtcNow());
        var decision = ConsentEngine.Decide(_consentRequest, _consents);
        Check(decision.Outcome == ConsentOutcome.Permit, decision.ConsentId, decision.Reason);
    }

    [GlobalCleanup(Target = nameof(EngineDecide))]
    public async Task CleanupEngineAsync()
    {
        Console.WriteLine(await LatencySample.MeasureAsync("ConsentEngine.Decide", 1, SampleCalls * 5, () =>
        {
            ConsentEngine.Decide(_consentRequest, _consents);
            return ValueTask.CompletedTask;
        }));
    }

    [GlobalSetup(Target = nameof(GrainDecide))]
    public async Task SetupGrainAsync()
    {
        _host = await BenchmarkServerHost.StartAsync(StorageProvider.Sqlite);
        using (var feed = _host.Client(_host.Token(BenchmarkServerHost.FeedSubject, BenchmarkServerHost.FeedScope)))
        {
            await BenchmarkServerHost.PutAsync(feed, ClinicalResources.Patient(PatientId));
            foreach (var consent in ClinicalResources.MixedConsents(PatientId))
            {
                await BenchmarkServerHost.PutAsync(feed, consent);
            }
        }

        _grain = _host.Grains.GetGrain<IPatientConsentsGrain>(PatientKey.For(PatientId));
        _accessRequest = ReadRequest();
        var decision = await _grain.DecideAsync(_accessRequest);
        Check(decision.Permitted, decision.ConsentId, decision.Reason);

        // Tier up the call path before BenchmarkDotNet's own (short) warm-up.
        for (var i = 0; i < WarmUpCalls; i++)
        {
            await _grain.DecideAsync(_accessRequest);
        }
    }

    [GlobalCleanup(Target = nameof(GrainDecide))]
    public async Task CleanupGrainAsync()
    {
        if (_host is null)
        {
            return;
        }

        try
        {
            Console.WriteLine(await LatencySample.MeasureAsync("IPatientConsentsGrain.DecideAsync", 1, SampleCalls, async () => await _grain.DecideAsync(_accessRequest)));
            Console.WriteLine(await LatencySample.MeasureAsync("IPatientConsentsGrain.DecideAsync", 16, SampleCalls / 16, async () => await _grain.DecideAsync(_accessRequest)));
        }
        finally
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    [Benchmark(Baseline = true)]
    public ConsentDecision EngineDecide() => ConsentEngine.Decide(_consentRequest, _consents);

    [Benchmark]
    public Task<AccessDecision> GrainDecide() => _grain.DecideAsync(_accessRequest);

    /// <summary>The request the FHIR layer makes for dr-lee's treatment read of a recent glucose result.</summary>
    private static AccessRequest ReadRequest()
    {
        var caller = Caller.Create(ClinicalResources.PractitionerReference, SmartScopeSet.Parse(ClinicalResources.PractitionerScope));
        var context = new AccessContext(caller, PurposeOfUse.Treatment, BreakGlassReason: null, "http://127.0.0.1/fhir");
        return ConsentRequests.For(context, ClinicalResources.Observation(PatientId, "obs-1", ClinicalResources.Glucose, 0));
    }

    // A decision benchmark that denies would measure a different path than the one the read benchmark takes.
    private static void Check(bool permitted, string? consentId, string reason)
    {
        if (!permitted || consentId != "treat-dr-lee")
        {
            throw new InvalidOperationException($"Expected a permit by treat-dr-lee, got permitted={permitted} by {consentId ?? "none"}: {reason}");
        }
    }

    private static Coding ToCoding(string systemAndCode)
    {
        var bar = systemAndCode.IndexOf('|', StringComparison.Ordinal);
        return bar < 0
            ? new Coding(null, systemAndCode)
            : new Coding(bar == 0 ? null : systemAndCode[..bar], systemAndCode[(bar + 1)..]);
    }
}
