using CareChain.Grains.Fhir.Search;

namespace CareChain.Grains.Tests.Fhir.Search;

public sealed class SearchQueryParseTests
{
    [Theory]
    [InlineData("Patient", "_id=example")]
    [InlineData("Patient", "_lastUpdated=gt2024-01-01")]
    [InlineData("Patient", "identifier=urn:oid:1.2|12345")]
    [InlineData("Patient", "identifier=12345")]
    [InlineData("Patient", "identifier=%7C12345")]
    [InlineData("Patient", "identifier=urn:oid:1.2%7C")]
    [InlineData("Patient", "name=chal")]
    [InlineData("Patient", "name:exact=Chalmers")]
    [InlineData("Patient", "name:contains=alm")]
    [InlineData("Patient", "family=Chalmers")]
    [InlineData("Patient", "given=Peter")]
    [InlineData("Patient", "birthdate=1974-12-25")]
    [InlineData("Patient", "gender=male")]
    [InlineData("Patient", "gender:not=female")]
    [InlineData("Observation", "patient=Patient/example")]
    [InlineData("Observation", "patient=example")]
    [InlineData("Observation", "subject=Patient/example")]
    [InlineData("Observation", "subject:Patient=example")]
    [InlineData("Observation", "subject=Group/g1")]
    [InlineData("Observation", "code=http://loinc.org|29463-7")]
    [InlineData("Observation", "date=ge2016-03-28T00:00:00Z")]
    [InlineData("Observation", "category=vital-signs")]
    [InlineData("Observation", "status=final")]
    [InlineData("Consent", "patient=Patient/f001")]
    [InlineData("Consent", "status=active")]
    [InlineData("Consent", "actor=Organization/f001")]
    [InlineData("Consent", "actor:Practitioner=f204")]
    [InlineData("Consent", "purpose=ETREAT")]
    [InlineData("Consent", "period=2015")]
    [InlineData("Consent", "category=http://loinc.org|59284-0")]
    public void Every_supported_parameter_becomes_one_criterion(string resourceType, string queryString)
    {
        var query = Queries.Parse(resourceType, queryString, strict: true);

        var criterion = Assert.Single(query.Criteria);
        Assert.Equal(Queries.Pairs(queryString)[0].Key, criterion.Name);
        Assert.Single(criterion.Values);
        Assert.Empty(query.Ignored);
    }

    [Fact]
    public void Defaults_are_twenty_results_from_the_start()
    {
        var query = Queries.Parse("Patient", "");

        Assert.Equal(20, query.Count);
        Assert.Equal(0, query.Offset);
        Assert.Empty(query.Criteria);
    }

    [Fact]
    public void Comma_separated_values_are_one_criterion_and_repeats_are_several()
    {
        var query = Queries.Parse("Observation", "code=a,b,c&code=d");

        Assert.Equal(2, query.Criteria.Count);
        Assert.Equal(["a", "b", "c"], query.Criteria[0].Values.Select(v => v.Code));
        Assert.Equal(["d"], query.Criteria[1].Values.Select(v => v.Code));
    }

    [Theory]
    [InlineData("code=http://loinc.org|1234", "http://loinc.org", "1234")]
    [InlineData("code=1234", null, "1234")]
    [InlineData("code=|1234", "", "1234")]
    [InlineData("code=http://loinc.org|", "http://loinc.org", null)]
    [InlineData(@"code=a\|b|c\,d", "a|b", "c,d")]
    public void Tokens_split_into_system_and_code(string queryString, string? system, string? code)
    {
        var value = Assert.Single(Queries.Parse("Observation", queryString).Criteria[0].Values);

        Assert.Equal(system, value.System);
        Assert.Equal(code, value.Code);
    }

    [Fact]
    public void An_escaped_comma_does_not_split_values()
    {
        var values = Queries.Parse("Patient", @"name=a\,b,c").Criteria[0].Values;

        Assert.Equal(["a,b", "c"], values.Select(v => v.Code));
    }

    [Theory]
    [InlineData("name=ZOË", "zoe")]
    [InlineData("name=Muñoz", "munoz")]
    [InlineData("name:exact=Muñoz", "Muñoz")]
    [InlineData("name:contains=ÉL", "el")]
    public void String_values_are_normalized_unless_exact(string queryString, string expected)
    {
        Assert.Equal(expected, Queries.Parse("Patient", queryString).Criteria[0].Values[0].Code);
    }

    [Theory]
    [InlineData("2024-03-01", SearchPrefix.Eq)]
    [InlineData("eq2024-03-01", SearchPrefix.Eq)]
    [InlineData("ne2024-03-01", SearchPrefix.Ne)]
    [InlineData("lt2024-03-01", SearchPrefix.Lt)]
    [InlineData("gt2024-03-01", SearchPrefix.Gt)]
    [InlineData("le2024-03-01", SearchPrefix.Le)]
    [InlineData("ge2024-03-01", SearchPrefix.Ge)]
    [InlineData("sa2024-03-01", SearchPrefix.Sa)]
    [InlineData("eb2024-03-01", SearchPrefix.Eb)]
    public void Date_prefixes_are_recognised(string value, SearchPrefix prefix)
    {
        var parsed = Queries.Parse("Patient", "birthdate=" + value).Criteria[0].Values[0];

        Assert.Equal(prefix, parsed.Prefix);
        Assert.Equal(DateTimeOffset.Parse("2024-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), parsed.Low);
        Assert.Equal(DateTimeOffset.Parse("2024-03-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), parsed.High);
    }

    [Theory]
    [InlineData("Observation", "patient=Patient/123", "123")]
    [InlineData("Observation", "patient=123", "123")]
    [InlineData("Observation", "subject=Patient/123", "123")]
    [InlineData("Observation", "subject:Patient=123", "123")]
    [InlineData("Observation", "subject=123", "123")]
    [InlineData("Observation", "patient=http://example.org/fhir/Patient/123", "123")]
    [InlineData("Consent", "patient=Patient/9&status=active", "9")]
    [InlineData("Patient", "_id=example", "example")]
    [InlineData("Observation", "subject=Group/1", null)]
    [InlineData("Observation", "patient=1,2", null)]
    [InlineData("Observation", "_id=1", null)]
    [InlineData("Patient", "_id:not=example", null)]
    [InlineData("Patient", "_id=a,b", null)]
    [InlineData("Consent", "actor=Patient/9", null)]
    [InlineData("Patient", "name=x", null)]
    public void A_query_pinned_to_one_patient_names_it(string resourceType, string queryString, string? patientId)
    {
        Assert.Equal(patientId, Queries.Parse(resourceType, queryString).PatientId);
    }

    [Theory]
    [InlineData("Patient", "foo=bar", "foo")]
    [InlineData("Patient", "name:text=x", "name:text")]
    [InlineData("Patient", "gender:exact=male", "gender:exact")]
    [InlineData("Patient", "birthdate:not=2020", "birthdate:not")]
    [InlineData("Patient", "_sort=link", "_sort")]
    [InlineData("Patient", "_include=Patient:organization", "_include")]
    [InlineData("Patient", "_revinclude=Observation:subject", "_revinclude")]
    [InlineData("Patient", "_summary=true", "_summary")]
    [InlineData("Patient", "_total=accurate", "_total")]
    [InlineData("Patient", "_elements=id", "_elements")]
    [InlineData("Observation", "subject:Practitioner=1", "subject:Practitioner")]
    [InlineData("Observation", "code:in=http://vs", "code:in")]
    [InlineData("Observation", "birthdate=2020", "birthdate")]
    [InlineData("Consent", "name=x", "name")]
    public void Unknown_parameters_and_modifiers_are_ignored_when_lenient_and_rejected_when_strict(string resourceType, string queryString, string name)
    {
        var lenient = Queries.Parse(resourceType, queryString + "&_count=5");
        Assert.Empty(lenient.Criteria);
        Assert.Equal([name], lenient.Ignored);
        Assert.Equal(5, lenient.Count);

        var error = Assert.Throws<FhirSearchException>(() => Queries.Parse(resourceType, queryString, strict: true));
        Assert.Equal(name, error.Parameter);
        Assert.Contains(name.Split(':')[0], error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_format=json&_pretty=true")]
    [InlineData("_format=application/fhir%2Bjson")]
    public void Formatting_parameters_are_neither_criteria_nor_ignored(string queryString)
    {
        var query = Queries.Parse("Patient", queryString, strict: true);

        Assert.Empty(query.Criteria);
        Assert.Empty(query.Ignored);
    }

    [Theory]
    [InlineData("Patient", "birthdate=yesterday", "birthdate", "unknown comparison prefix")]
    [InlineData("Patient", "birthdate=2024-1-1", "birthdate", "not a valid date")]
    [InlineData("Patient", "birthdate=ge", "birthdate", "not a valid date")]
    [InlineData("Patient", "birthdate=2024-13-01", "birthdate", "not a valid date")]
    [InlineData("Patient", "birthdate=2024-02-30", "birthdate", "not a valid date")]
    [InlineData("Patient", "birthdate=2024-01-01T25:00Z", "birthdate", "not a valid date")]
    [InlineData("Patient", "birthdate=2024-01-01T10:00+15:00", "birthdate", "not a valid date")]
    [InlineData("Patient", "birthdate=24", "birthdate", "not a valid date")]
    [InlineData("Patient", "birthdate=xx2024", "birthdate", "unknown comparison prefix")]
    [InlineData("Patient", "birthdate=ap2024", "birthdate", "unknown comparison prefix")]
    [InlineData("Patient", "name=", "name", "empty value")]
    [InlineData("Patient", "name=a,,b", "name", "empty value")]
    [InlineData("Patient", "gender=|", "gender", "neither system nor code")]
    [InlineData("Patient", "_count=0", "_count", "from 1 to 200")]
    [InlineData("Patient", "_count=201", "_count", "from 1 to 200")]
    [InlineData("Patient", "_count=ten", "_count", "from 1 to 200")]
    [InlineData("Patient", "_count=10&_count=20", "_count", "only once")]
    [InlineData("Patient", "_offset=-1", "_offset", "at least 0")]
    [InlineData("Observation", "patient=Group/1", "patient", "may only reference Patient")]
    [InlineData("Observation", "subject:Patient=Group/1", "subject:Patient", "differs from its modifier")]
    [InlineData("Observation", "subject=Practitioner/1", "subject", "may only reference Device, Group, Location, Patient")]
    [InlineData("Observation", "subject:Group=Patient/1", "subject:Group", "differs from its modifier")]
    [InlineData("Observation", "patient=Patient/", "patient", "not a valid reference")]
    [InlineData("Observation", "patient=Patient/Jane%20Doe", "patient", "not a valid reference")]
    [InlineData("Observation", "subject=Jane_Doe", "subject", "not a valid reference")]
    [InlineData("Consent", "actor=Practitioner/" + "a65-characters-long-id-is-one-character-longer-than-fhir-allows-x", "actor", "not a valid reference")]
    [InlineData("Patient", "_id=Jane%20Doe", "_id", "takes FHIR ids")]
    [InlineData("Patient", "_id=ok,bad%2Fid", "_id", "takes FHIR ids")]
    [InlineData("Patient", "_id=http://x%7Cp1", "_id", "takes FHIR ids")]
    public void Malformed_values_are_always_rejected(string resourceType, string queryString, string parameter, string problem)
    {
        foreach (var strict in new[] { false, true })
        {
            var error = Assert.Throws<FhirSearchException>(() => Queries.Parse(resourceType, queryString, strict));
            Assert.Equal(parameter, error.Parameter);
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
            Assert.Contains($"'{parameter.Split(':')[0]}", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Error_messages_do_not_repeat_the_value()
    {
        var error = Assert.Throws<FhirSearchException>(() => Queries.Parse("Patient", "birthdate=Chalmers-1974"));

        Assert.DoesNotContain("Chalmers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_on_values_parameters_and_length_are_enforced()
    {
        var tooManyValues = "code=" + string.Join(',', Enumerable.Range(0, 101));
        var tooManyParameters = string.Join('&', Enumerable.Range(0, 51).Select(i => "code=" + i));
        var tooLong = "name=" + new string('a', 1025);

        Assert.Contains("more than 100 values", Assert.Throws<FhirSearchException>(() => Queries.Parse("Observation", tooManyValues)).Message, StringComparison.Ordinal);
        Assert.Contains("at most 50 parameters", Assert.Throws<FhirSearchException>(() => Queries.Parse("Observation", tooManyParameters)).Message, StringComparison.Ordinal);
        Assert.Contains("longer than 1024", Assert.Throws<FhirSearchException>(() => Queries.Parse("Patient", tooLong)).Message, StringComparison.Ordinal);
        Assert.Equal(100, Queries.Parse("Observation", "code=" + string.Join(',', Enumerable.Range(0, 100))).Criteria[0].Values.Count);
        Assert.Equal(50, Queries.Parse("Observation", string.Join('&', Enumerable.Range(0, 50).Select(i => "code=" + i))).Criteria.Count);
    }

    [Fact]
    public void An_unsupported_resource_type_is_a_caller_error()
    {
        Assert.Throws<ArgumentException>(() => Queries.Parse("Encounter", "status=planned"));
    }

    [Theory]
    [InlineData("gender=male&family=Chalmers&_count=10", "_count=10&family=Chalmers&gender=male")]
    [InlineData("family=b&family=a", "_count=20&family=b&family=a")]
    [InlineData("name:exact=Zoë&foo=1", "_count=20&name%3Aexact=Zo%C3%AB")]
    [InlineData("identifier=http://x.org|1,2&_offset=40", "_count=20&_offset=40&identifier=http%3A%2F%2Fx.org%7C1,2")]
    [InlineData(@"name=a\,b", "_count=20&name=a%5C%2Cb")]
    [InlineData("birthdate=ge2024-01-01T10:00:00%2B02:00", "_count=20&birthdate=ge2024-01-01T10%3A00%3A00%2B02%3A00")]
    public void Query_strings_are_canonical(string input, string expected)
    {
        Assert.Equal(expected, Queries.Parse("Patient", input).ToQueryString());
    }

    [Fact]
    public void A_canonical_query_string_parses_back_to_the_same_query()
    {
        var query = Queries.Parse("Observation", @"code=http://loinc.org|1,a\,b&date=ge2024&date=lt2025-01-01T00:00+01:00&subject:Patient=p1&_count=7&_offset=14");

        var again = Queries.Parse("Observation", query.ToQueryString());

        Assert.Equal(query.ToQueryString(), again.ToQueryString());
        Assert.Equal(Shape(query), Shape(again));
        Assert.Equal((7, 14), (again.Count, again.Offset));
    }

    private static List<string> Shape(SearchQuery query) =>
        [.. query.Criteria
            .Select(c => c.Name + "=" + string.Join(",", c.Values.Select(v => $"{v.Prefix}/{v.System}/{v.Code}/{v.Low}/{v.High}")))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void WithOffset_changes_only_the_offset()
    {
        var query = Queries.Parse("Patient", "gender=male&_count=5");

        var next = query.WithOffset(5);

        Assert.Equal(5, next.Offset);
        Assert.Equal(0, query.Offset);
        Assert.Same(query.Criteria, next.Criteria);
        Assert.Equal("_count=5&_offset=5&gender=male", next.ToQueryString());
        Assert.Throws<ArgumentOutOfRangeException>(() => query.WithOffset(-1));
    }
}
