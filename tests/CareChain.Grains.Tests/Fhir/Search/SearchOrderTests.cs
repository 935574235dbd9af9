using CareChain.Grains.Fhir.Search;
using Hl7.Fhir.Model;

namespace CareChain.Grains.Tests.Fhir.Search;

public sealed class SearchOrderTests
{
    private static readonly DateTimeOffset Updated = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sort_keys_keep_their_order_and_direction()
    {
        var query = Queries.Parse("Observation", "_sort=-date,code,_id", strict: true);

        Assert.Equal([new SearchSortKey("date", true), new SearchSortKey("code", false), new SearchSortKey("_id", false)], query.Sort);
        Assert.Empty(query.Criteria);
        Assert.Equal("_count=20&_sort=-date,code,_id", query.ToQueryString());
    }

    [Theory]
    [InlineData("_sort=")]
    [InlineData("_sort=-")]
    [InlineData("_sort=date,")]
    [InlineData("_sort=date,-date")]
    [InlineData("_sort=date&_sort=code")]
    [InlineData("_sort:desc=date")]
    [InlineData("_sort=date,code,status,_id,_lastUpdated,category")]
    public void A_malformed_sort_is_rejected_naming_the_parameter(string queryString)
    {
        var error = Assert.Throws<FhirSearchException>(() => Queries.Parse("Observation", queryString));

        Assert.StartsWith("_sort", error.Parameter, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_sort=subject")]
    [InlineData("_sort=nonsense")]
    public void A_parameter_that_cannot_sort_is_ignored_or_under_strict_rejected(string queryString)
    {
        var lenient = Queries.Parse("Observation", queryString + ",-date");
        var error = Assert.Throws<FhirSearchException>(() => Queries.Parse("Observation", queryString, strict: true));

        Assert.Equal([new SearchSortKey("date", true)], lenient.Sort);
        Assert.Equal(["_sort"], lenient.Ignored);
        Assert.DoesNotContain(queryString["_sort=".Length..], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_sort_ascending_on_the_earliest_and_descending_on_the_latest_value()
    {
        var early = Observation("early", new FhirDateTime("2024-01-01T08:00:00Z"));
        var period = Observation("period", new Period(new FhirDateTime("2024-01-01T09:00:00Z"), new FhirDateTime("2024-12-31T00:00:00Z")));
        var late = Observation("late", new FhirDateTime("2024-06-01T00:00:00Z"));
        var none = Observation("none", null);

        Assert.Equal(["early", "period", "late", "none"], Sorted("_sort=date", early, period, late, none));
        Assert.Equal(["period", "late", "early", "none"], Sorted("_sort=-date", early, period, late, none));
    }

    [Fact]
    public void Strings_sort_on_their_normalized_text_and_later_keys_break_ties()
    {
        var zoe = Patient("1", "Zoë", "Adams");
        var eve = Patient("2", "eve", "Adams");
        var bob = Patient("3", "Bob", "Zeller");
        var nameless = Patient("4", null, null);

        Assert.Equal(["2", "1", "3", "4"], Sorted("Patient", "_sort=family,given", zoe, eve, bob, nameless));
        Assert.Equal(["3", "1", "2", "4"], Sorted("Patient", "_sort=-family,-given", zoe, eve, bob, nameless));
    }

    [Fact]
    public void Without_sort_the_most_recently_updated_come_first_then_by_id()
    {
        var older = Observation("b", null);
        older.Meta!.LastUpdated = Updated.AddDays(-1);
        var newerB = Observation("b2", null);
        var newerA = Observation("a2", null);

        Assert.Equal(["a2", "b2", "b"], Sorted("", older, newerB, newerA));
    }

    private static List<string> Sorted(string queryString, params Resource[] resources) => Sorted("Observation", queryString, resources);

    private static List<string> Sorted(string resourceType, string queryString, params Resource[] resources)
    {
        var query = Queries.Parse(resourceType, queryString, strict: true);
        var keyed = resources.Select(resource => (resource.Id, Values: SearchOrder.ValuesOf(query, resource))).ToList();
        keyed.Sort((x, y) => SearchOrder.Compare(query, x.Values, y.Values));
        return [.. keyed.Select(item => item.Id!)];
    }

    private static Observation Observation(string id, DataType? effective) => new()
    {
        Id = id,
        Meta = new Meta { LastUpdated = Updated },
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "2345-7"),
        Effective = effective,
    };

    private static Patient Patient(string id, string? given, string? family) => new()
    {
        Id = id,
        Meta = new Meta { LastUpdated = Updated },
        Name = given is null ? [] : [new HumanName { Given = [given], Family = family }],
    };
}
