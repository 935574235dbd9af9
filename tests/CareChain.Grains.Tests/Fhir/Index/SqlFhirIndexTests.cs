using CareChain.Grains.Fhir.Index;
using CareChain.Grains.Fhir.Search;
using CareChain.Grains.Tests.Fhir.Search;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.DependencyInjection;

namespace CareChain.Grains.Tests.Fhir.Index;

public sealed class SqlFhirIndexTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(FhirIndexDialect.Sqlite)]
    [InlineData(FhirIndexDialect.Postgres)]
    public async Task The_first_claim_wins_and_later_claims_by_others_fail(FhirIndexDialect dialect)
    {
        await using var database = await IndexDatabase.CreateAsync(dialect, postgres);
        var index = database.Index;

        Assert.Null(await index.FindOwnerAsync("Observation", "o1", Ct));
        Assert.True(await index.ClaimAsync("Observation", "o1", "p1", Ct));
        Assert.True(await index.ClaimAsync("Observation", "o1", "p1", Ct));
        Assert.False(await index.ClaimAsync("Observation", "o1", "p2", Ct));
        Assert.True(await index.ClaimAsync("Consent", "o1", "p2", Ct));
        Assert.Equal("p1", await index.FindOwnerAsync("Observation", "o1", Ct));
        Assert.Equal("p2", await index.FindOwnerAsync("Consent", "o1", Ct));
    }

    [Theory]
    [InlineData(FhirIndexDialect.Sqlite)]
    [InlineData(FhirIndexDialect.Postgres)]
    public async Task Racing_claims_agree_on_one_owner(FhirIndexDialect dialect)
    {
        await using var database = await IndexDatabase.CreateAsync(dialect, postgres);
        var index = database.Index;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => index.ClaimAsync("Observation", "contested", $"p{i}", Ct), Ct)));

        var winner = Assert.Single(Enumerable.Range(0, 8), i => results[i]);
        Assert.Equal($"p{winner}", await index.FindOwnerAsync("Observation", "contested", Ct));
    }

    [Theory]
    [InlineData(FhirIndexDialect.Sqlite)]
    [InlineData(FhirIndexDialect.Postgres)]
    public async Task Adding_terms_unions_and_replacing_makes_them_exact(FhirIndexDialect dialect)
    {
        await using var database = await IndexDatabase.CreateAsync(dialect, postgres);
        var index = database.Index;
        var before = Observation("o1", "p1", "http://loinc.org", "a1");
        var after = Observation("o1", "p1", "http://loinc.org", "b2");

        await index.ReplaceTermsAsync("Observation", "o1", "p1", SearchTerms.Extract(before), Ct);
        await index.AddTermsAsync("Observation", "o1", "p1", SearchTerms.Extract(after), Ct);
        await index.AddTermsAsync("Observation", "o1", "p1", SearchTerms.Extract(after), Ct);

        Assert.Equal(["p1"], await FindAsync(index, "Observation", "code=a1"));
        Assert.Equal(["p1"], await FindAsync(index, "Observation", "code=http://loinc.org|b2"));
        Assert.Equal(SearchTerms.Extract(before).Union(SearchTerms.Extract(after)).Count(), await TermCountAsync(database, "o1"));

        await index.ReplaceTermsAsync("Observation", "o1", "p1", SearchTerms.Extract(after), Ct);

        Assert.Empty(await FindAsync(index, "Observation", "code=a1"));
        Assert.Equal(["p1"], await FindAsync(index, "Observation", "code=b2"));
        Assert.Equal(SearchTerms.Extract(after).Count, await TermCountAsync(database, "o1"));

        await index.ReplaceTermsAsync("Observation", "o1", "p1", [], Ct);

        Assert.Empty(await FindAsync(index, "Observation", "code=b2"));
        Assert.Equal(["p1"], await FindAsync(index, "Observation", ""));
    }

    [Theory]
    [InlineData(FhirIndexDialect.Sqlite)]
    [InlineData(FhirIndexDialect.Postgres)]
    public async Task Terms_for_a_resource_owned_by_another_patient_are_refused(FhirIndexDialect dialect)
    {
        await using var database = await IndexDatabase.CreateAsync(dialect, postgres);
        var index = database.Index;
        var observation = Observation("o1", "p1", "http://loinc.org", "a1");
        Assert.True(await index.ClaimAsync("Observation", "o1", "p1", Ct));

        await Assert.ThrowsAsync<InvalidOperationException>(() => index.AddTermsAsync("Observation", "o1", "p2", SearchTerms.Extract(observation), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => index.ReplaceTermsAsync("Observation", "o1", "p2", SearchTerms.Extract(observation), Ct));

        Assert.Equal(0, await TermCountAsync(database, "o1"));
        Assert.Equal("p1", await index.FindOwnerAsync("Observation", "o1", Ct));
    }

    [Theory]
    [InlineData(FhirIndexDialect.Sqlite)]
    [InlineData(FhirIndexDialect.Postgres)]
    public async Task Criteria_narrow_the_candidates(FhirIndexDialect dialect)
    {
        await using var database = await IndexDatabase.CreateAsync(dialect, postgres);
        var index = database.Index;
        await StoreAsync(index, "p1", Patient("p1", "Muñoz", "female", "1980-05-01"));
        await StoreAsync(index, "p2", Patient("p2", "Munro", "male", "1990"));
        await StoreAsync(index, "p3", Patient("p3", "Ñuñez", "male", "2001-12-31"));
        await StoreAsync(index, "p1", Observation("o1", "p1", "http://loinc.org", "a1"));
        await StoreAsync(index, "p2", Observation("o2", "p2", null, "a1"));

        Assert.Equal(["p1", "p2", "p3"], await FindAsync(index, "Patient", ""));
        Assert.Equal(["p1", "p2"], await FindAsync(index, "Patient", "family=MUN"));
        Assert.Equal(["p1"], await FindAsync(index, "Patient", "family=muñ&gender=female"));
        Assert.Equal(["p3"], await FindAsync(index, "Patient", "family=n"));
        Assert.Equal(["p1"], await FindAsync(index, "Patient", "family:exact=Muñoz"));
        Assert.Equal(["p1", "p2", "p3"], await FindAsync(index, "Patient", "family:contains=z"));
        Assert.Equal(["p2", "p3"], await FindAsync(index, "Patient", "gender=http://hl7.org/fhir/administrative-gender|male"));
        Assert.Equal(["p1", "p2", "p3"], await FindAsync(index, "Patient", "gender:not=male"));
        Assert.Equal(["p2", "p3"], await FindAsync(index, "Patient", "birthdate=ge1990"));
        Assert.Equal(["p1"], await FindAsync(index, "Patient", "birthdate=1980"));
        Assert.Equal(["p3"], await FindAsync(index, "Patient", "birthdate=sa1990"));
        Assert.Equal(["p1", "p3"], await FindAsync(index, "Patient", "_id=p3,p1"));
        Assert.Equal(["p1"], await FindAsync(index, "Observation", "code=http://loinc.org|"));
        Assert.Equal(["p2"], await FindAsync(index, "Observation", "code=|a1"));
        Assert.Equal(["p1", "p2"], await FindAsync(index, "Observation", "code=a1"));
        Assert.Equal(["p2"], await FindAsync(index, "Observation", "patient=Patient/p2"));
        Assert.Equal(["p1", "p2"], await FindAsync(index, "Observation", "subject=Group/g"));
        Assert.Empty(await FindAsync(index, "Observation", "patient=p3"));
        Assert.Empty(await FindAsync(index, "Consent", ""));
        Assert.Equal(["p1", "p2"], await index.FindPatientsAsync(Queries.Parse("Patient", ""), 2, Ct));
        Assert.Equal(["p2", "p3"], await index.ListPatientsAsync(1, 10, Ct));
        Assert.Equal(["p1"], await index.ListPatientsAsync(0, 1, Ct));
    }

    [Theory]
    [InlineData(FhirIndexDialect.Sqlite)]
    [InlineData(FhirIndexDialect.Postgres)]
    public async Task Prefix_ranges_hold_at_the_edges_of_the_alphabet(FhirIndexDialect dialect)
    {
        await using var database = await IndexDatabase.CreateAsync(dialect, postgres);
        var index = database.Index;
        string[] families = ["zz", "z\uffff", "ÿÿ", "a\U0001F600", "李四", "a"];
        for (var i = 0; i < families.Length; i++)
        {
            await StoreAsync(index, $"p{i}", Patient($"p{i}", families[i], "other", "2000"));
        }

        foreach (var family in families)
        {
            var query = Queries.Parse("Patient", "family=" + Uri.EscapeDataString(family[..1]));
            var expected = families.Select((f, i) => (f, i)).Where(x => SearchMatcher.Matches(Patient("x", x.f, "other", "2000"), query)).Select(x => $"p{x.i}");

            Assert.Subset((await index.FindPatientsAsync(query, 100, Ct)).ToHashSet(), expected.ToHashSet());
        }

        Assert.Equal(["p4"], await FindAsync(index, "Patient", "family=%E6%9D%8E"));
        Assert.Equal(["p3", "p5"], await FindAsync(index, "Patient", "family=a"));
    }

    [Fact]
    public void The_index_is_registered_as_a_singleton()
    {
        var services = new ServiceCollection().AddCareChainFhirIndex();
        services.AddSingleton<IFhirIndexConnectionSource>(new UnusedConnections());
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<SqlFhirIndex>(), provider.GetRequiredService<IFhirIndex>());
    }

    private static async Task<IReadOnlyList<string>> FindAsync(SqlFhirIndex index, string resourceType, string queryString) =>
        await index.FindPatientsAsync(Queries.Parse(resourceType, queryString), 100, Ct);

    private static async Task StoreAsync(SqlFhirIndex index, string owner, Resource resource)
    {
        Assert.True(await index.ClaimAsync(resource.TypeName, resource.Id!, owner, Ct));
        await index.ReplaceTermsAsync(resource.TypeName, resource.Id!, owner, SearchTerms.Extract(resource), Ct);
    }

    private static async Task<long> TermCountAsync(IndexDatabase database, string id)
    {
        await using var connection = await database.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM fhir_search_terms WHERE resource_id = '{id}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Patient Patient(string id, string family, string gender, string birthDate) => new()
    {
        Id = id,
        Name = [new HumanName { Family = family }],
        Gender = Hl7.Fhir.Utility.EnumUtility.ParseLiteral<AdministrativeGender>(gender),
        BirthDate = birthDate,
    };

    private static Observation Observation(string id, string owner, string? system, string code) => new()
    {
        Id = id,
        Subject = new ResourceReference("Patient/" + owner),
        Code = new CodeableConcept { Coding = [new Coding(system, code)] },
    };

    private sealed class UnusedConnections : IFhirIndexConnectionSource
    {
        public FhirIndexDialect Dialect => FhirIndexDialect.Sqlite;

        public ValueTask<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
