using System.Globalization;
using CareChain.Grains.Fhir.Search;

namespace CareChain.Grains.Tests.Fhir.Search;

public sealed class FhirDateTests
{
    [Theory]
    [InlineData("2024", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z")]
    [InlineData("2024-02", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z")]
    [InlineData("2023-02", "2023-02-01T00:00:00Z", "2023-03-01T00:00:00Z")]
    [InlineData("2024-12", "2024-12-01T00:00:00Z", "2025-01-01T00:00:00Z")]
    [InlineData("2024-02-29", "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z")]
    [InlineData("2024-12-31", "2024-12-31T00:00:00Z", "2025-01-01T00:00:00Z")]
    [InlineData("2024-03-01T10:15Z", "2024-03-01T10:15:00Z", "2024-03-01T10:16:00Z")]
    [InlineData("2024-03-01T10:15:30Z", "2024-03-01T10:15:30Z", "2024-03-01T10:15:31Z")]
    [InlineData("2024-03-01T10:15:30.5Z", "2024-03-01T10:15:30.500Z", "2024-03-01T10:15:30.600Z")]
    [InlineData("2024-03-01T10:15:30.123Z", "2024-03-01T10:15:30.123Z", "2024-03-01T10:15:30.124Z")]
    [InlineData("2024-03-01T10:15:30.123456Z", "2024-03-01T10:15:30.123Z", "2024-03-01T10:15:30.124Z")]
    [InlineData("2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00Z", "2024-02-29T23:30:01Z")]
    [InlineData("2024-12-31T23:00:00-05:00", "2025-01-01T04:00:00Z", "2025-01-01T04:00:01Z")]
    [InlineData("2024-03-01T10:15:30", "2024-03-01T10:15:30Z", "2024-03-01T10:15:31Z")]
    [InlineData("2024-03-01T10:15:30+14:00", "2024-02-29T20:15:30Z", "2024-02-29T20:15:31Z")]
    public void Each_precision_denotes_its_whole_range(string text, string low, string high)
    {
        Assert.True(FhirDate.TryParse(text, out var range));

        Assert.Equal(Millis(low), range.Low);
        Assert.Equal(Millis(high), range.High);
    }

    [Theory]
    [InlineData("")]
    [InlineData("24")]
    [InlineData("0000")]
    [InlineData("2024-1")]
    [InlineData("2024-00")]
    [InlineData("2024-13")]
    [InlineData("2023-02-29")]
    [InlineData("2024-01-01T")]
    [InlineData("2024-01-01T10")]
    [InlineData("2024-01-01T24:00Z")]
    [InlineData("2024-01-01T10:60Z")]
    [InlineData("2024-01-01T10:00:61Z")]
    [InlineData("2024-01-01T10:00+14:30")]
    [InlineData("2024-01-01T10:00+01:60")]
    [InlineData("2024-01-01 10:00Z")]
    [InlineData("2024-01-01T10:00:00.Z")]
    [InlineData("１９７４")]
    public void Malformed_dates_are_rejected(string text)
    {
        Assert.False(FhirDate.TryParse(text, out _));
    }

    [Theory]
    // Resource range [2024-03-01, 2024-03-02) against search ranges, per the FHIR R4 prefix table.
    [InlineData(SearchPrefix.Eq, "2024-03", true)]
    [InlineData(SearchPrefix.Eq, "2024-03-01", true)]
    [InlineData(SearchPrefix.Eq, "2024-03-01T12:00Z", false)]
    [InlineData(SearchPrefix.Ne, "2024-03-01T12:00Z", true)]
    [InlineData(SearchPrefix.Ne, "2024", false)]
    [InlineData(SearchPrefix.Lt, "2024-03-01", false)]
    [InlineData(SearchPrefix.Lt, "2024-03-01T12:00Z", true)]
    [InlineData(SearchPrefix.Lt, "2024-03-02", true)]
    [InlineData(SearchPrefix.Gt, "2024-03-01", false)]
    [InlineData(SearchPrefix.Gt, "2024-03-01T12:00Z", true)]
    [InlineData(SearchPrefix.Gt, "2024-02-29", true)]
    [InlineData(SearchPrefix.Le, "2024-03-01", true)]
    [InlineData(SearchPrefix.Le, "2024-02-29", false)]
    [InlineData(SearchPrefix.Ge, "2024-03-01", true)]
    [InlineData(SearchPrefix.Ge, "2024-03-02", false)]
    [InlineData(SearchPrefix.Sa, "2024-02-29", true)]
    [InlineData(SearchPrefix.Sa, "2024-03-01T00:00:00Z", false)]
    [InlineData(SearchPrefix.Sa, "2024-02-29T23:59:59Z", true)]
    [InlineData(SearchPrefix.Eb, "2024-03-02", true)]
    [InlineData(SearchPrefix.Eb, "2024-03-01T23:59:59Z", false)]
    public void Prefixes_compare_ranges(SearchPrefix prefix, string search, bool expected)
    {
        Assert.True(FhirDate.TryParse("2024-03-01", out var resource));
        Assert.True(FhirDate.TryParse(search, out var value));

        Assert.Equal(expected, resource.Satisfies(prefix, value.Low, value.High));
    }

    private static long Millis(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
}
