using CareChain.Consent.Matching;
using Hl7.Fhir.Model;

namespace CareChain.Consent.Tests.Matching;

[Trait("Category", "Unit")]
public sealed class FhirPeriodRangeTests
{
    [Theory]
    [InlineData("2016-01-01", "2016-01-01", "2016-01-01T23:59:59Z", true)]
    [InlineData("2016-01-01", "2016-01-01", "2016-01-02T00:00:00Z", false)]
    [InlineData("2016-01-01", "2016-01-01", "2015-12-31T23:59:59Z", false)]
    [InlineData("2016", "2016", "2016-12-31T12:00:00Z", true)]
    [InlineData("2016-02", "2016-02", "2016-02-29T12:00:00Z", true)]
    [InlineData("2016-02", "2016-02", "2016-03-01T00:00:00Z", false)]
    [InlineData(null, "2016-01-01", "1900-01-01T00:00:00Z", true)]
    [InlineData("2016-01-01", null, "2999-01-01T00:00:00Z", true)]
    [InlineData("2016-01-01T10:00:00+02:00", "2016-01-01T12:00:00+02:00", "2016-01-01T08:00:00Z", true)]
    [InlineData("2016-01-01T10:00:00+02:00", "2016-01-01T12:00:00+02:00", "2016-01-01T10:00:01Z", false)]
    [InlineData("not-a-date", null, "2016-01-01T00:00:00Z", false)]
    public void Contains_PartialAndFullBounds_CoverTheirWholePrecision(string? start, string? end, string instant, bool expected)
    {
        var period = new Period { Start = start, End = end };

        var actual = FhirPeriodRange.Contains(period, DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, actual);
    }
}
