using CareChain.Grains.Fhir.Index;
using CareChain.Grains.Fhir.Search;
using CareChain.Grains.Tests.Fhir.Search;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Grains.Tests.Fhir.Index;

/// <summary>
/// The index may answer too many patients but never too few: for random resources and random queries,
/// every owner of a resource the matcher accepts must be among the index's candidates.
/// </summary>
public sealed class IndexCompletenessTests(PostgresServer postgres)
{
    private const int Patients = 12;

    [Theory]
    [InlineData(FhirIndexDialect.Sqlite, 1)]
    [InlineData(FhirIndexDialect.Sqlite, 2)]
    [InlineData(FhirIndexDialect.Postgres, 1)]
    [InlineData(FhirIndexDialect.Postgres, 3)]
    public async Task The_index_never_misses_a_patient_with_a_match(FhirIndexDialect dialect, int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await IndexDatabase.CreateAsync(dialect, postgres);
        var index = database.Index;
        var random = new RandomResources(seed);
        var patientIds = Enumerable.Range(0, Patients).Select(i => $"p{i:00}").ToList();

        // Each stored resource may be held by its grain in either version: a writer that crashed
        // between AddTerms (new version) and ReplaceTerms leaves both versions' terms behind.
        var held = new List<(string Owner, Resource Resource)>();
        var next = 0;
        foreach (var owner in patientIds)
        {
            var resources = new List<Resource> { random.Patient(owner) };
            for (var i = seed % 2; i < 3; i++)
            {
                resources.Add(random.Observation($"o-{next++}", owner));
                resources.Add(random.Consent($"c-{next++}", owner));
            }

            foreach (var resource in resources)
            {
                Assert.True(await index.ClaimAsync(resource.TypeName, resource.Id!, owner, ct));
                await index.ReplaceTermsAsync(resource.TypeName, resource.Id!, owner, SearchTerms.Extract(resource), ct);
                held.Add((owner, resource));
                if (next % 3 == 0)
                {
                    var update = resource switch
                    {
                        Patient => random.Patient(owner),
                        Observation => random.Observation(resource.Id!, owner),
                        _ => random.Consent(resource.Id!, owner),
                    };
                    await index.AddTermsAsync(update.TypeName, update.Id!, owner, SearchTerms.Extract(update), ct);
                    held.Add((owner, update));
                }
            }
        }

        var narrowed = 0;
        var hits = 0;
        foreach (var resourceType in new[] { "Patient", "Observation", "Consent" })
        {
            var owners = held.Where(h => h.Resource.TypeName == resourceType).Select(h => h.Owner).ToHashSet();
            for (var q = 0; q < 150; q++)
            {
                var queryString = random.Query(resourceType, patientIds);
                var query = Queries.Parse(resourceType, queryString);
                var expected = held.Where(h => SearchMatcher.Matches(h.Resource, query)).Select(h => h.Owner).ToHashSet();

                var candidates = await index.FindPatientsAsync(query, 1000, ct);

                var missed = expected.Except(candidates).ToList();
                Assert.True(missed.Count == 0, $"{resourceType}?{queryString} missed {string.Join(", ", missed)}");
                Assert.Equal(candidates.Order(StringComparer.Ordinal), candidates);
                Assert.Equal(candidates.Count, candidates.Distinct().Count());
                Assert.Subset(owners, candidates.ToHashSet());
                narrowed += candidates.Count < owners.Count ? 1 : 0;
                hits += expected.Count > 0 ? 1 : 0;
            }
        }

        // Guards against a vacuous pass: the queries must both match things and let the index narrow.
        Assert.True(narrowed > 100, $"only {narrowed} queries were narrowed");
        Assert.True(hits > 100, $"only {hits} queries matched anything");
    }
}
