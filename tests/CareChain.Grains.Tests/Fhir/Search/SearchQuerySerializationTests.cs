using CareChain.Grains.Fhir.Search;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace CareChain.Grains.Tests.Fhir.Search;

public sealed class SearchQuerySerializationTests
{
    [Fact]
    public void A_query_survives_the_grain_boundary()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var query = Queries.Parse("Observation", "code=http://loinc.org|1,2&date=ge2024&subject:Patient=p1&foo=1&_count=7&_offset=3&_sort=-date,code");

        var copy = serializer.Deserialize<SearchQuery>(serializer.SerializeToArray(query))!;

        Assert.Equal(query.ToQueryString(), copy.ToQueryString());
        Assert.Equal(query.Ignored, copy.Ignored);
        Assert.Equal(query.Criteria.SelectMany(c => c.Values), copy.Criteria.SelectMany(c => c.Values));
        Assert.Equal("p1", copy.PatientId);
        Assert.Equal([new SearchSortKey("date", true), new SearchSortKey("code", false)], copy.Sort);
    }
}
