using CareChain.Grains.Fhir.Search;
using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Grains.Tests.Fhir.Search;

/// <summary>Matching the official R4 examples, parameter by parameter.</summary>
public sealed class SearchMatcherTests
{
    private static readonly Patient Chalmers = FhirExamples.Load<Patient>("Patient-example.json");
    private static readonly Observation BodyWeight = FhirExamples.Load<Observation>("Observation-example.json");
    private static readonly Observation Glucose = FhirExamples.Load<Observation>("Observation-f001.json");
    private static readonly FhirConsent Emergency = FhirExamples.Load<FhirConsent>("Consent-consent-example-Emergency.json");
    private static readonly FhirConsent Basic = FhirExamples.Load<FhirConsent>("Consent-consent-example-basic.json");
    private static readonly FhirConsent SmartOnFhir = FhirExamples.Load<FhirConsent>("Consent-consent-example-smartonfhir.json");
    private static readonly FhirConsent NotThem = FhirExamples.Load<FhirConsent>("Consent-consent-example-notThem.json");

    [Theory]
    [InlineData("", true)]
    [InlineData("_id=example", true)]
    [InlineData("_id=other", false)]
    [InlineData("_id=other,example", true)]
    [InlineData("_id:not=example", false)]
    [InlineData("identifier=urn:oid:1.2.36.146.595.217.0.1|12345", true)]
    [InlineData("identifier=12345", true)]
    [InlineData("identifier=urn:oid:1.2.36.146.595.217.0.1|", true)]
    [InlineData("identifier=|12345", false)]
    [InlineData("identifier=urn:oid:9|12345", false)]
    [InlineData("identifier=1234", false)]
    [InlineData("name=chal", true)]
    [InlineData("name=CHALMERS", true)]
    [InlineData("name=jim", true)]
    [InlineData("name=windsor", true)]
    [InlineData("name=almers", false)]
    [InlineData("name:contains=almers", true)]
    [InlineData("name:exact=Chalmers", true)]
    [InlineData("name:exact=chalmers", false)]
    [InlineData("name:exact=Chal", false)]
    [InlineData("family=chalmers", true)]
    [InlineData("family=peter", false)]
    [InlineData("given=peter", true)]
    [InlineData("given=chalmers", false)]
    [InlineData("given=nobody,jim", true)]
    [InlineData("given=peter&family=windsor", true)]
    [InlineData("given=peter&family=nobody", false)]
    [InlineData("birthdate=1974-12-25", true)]
    [InlineData("birthdate=1974-12", true)]
    [InlineData("birthdate=1974", true)]
    [InlineData("birthdate=1975", false)]
    [InlineData("birthdate=lt1975", true)]
    [InlineData("birthdate=gt1974-12-25", false)]
    [InlineData("birthdate=ge1974-12-25", true)]
    [InlineData("birthdate=ne1974-12-25", false)]
    [InlineData("birthdate=sa1974-12-24", true)]
    [InlineData("birthdate=eb1974-12-26", true)]
    [InlineData("birthdate=eb1974-12-25", false)]
    [InlineData("gender=male", true)]
    [InlineData("gender=female", false)]
    [InlineData("gender=http://hl7.org/fhir/administrative-gender|male", true)]
    [InlineData("gender=|male", false)]
    [InlineData("gender:not=female", true)]
    [InlineData("gender:not=male", false)]
    [InlineData("gender:not=female,male", false)]
    public void Patient_example(string queryString, bool expected)
    {
        Assert.Equal(expected, SearchMatcher.Matches(Chalmers, Queries.Parse("Patient", queryString)));
    }

    [Theory]
    [InlineData("patient=Patient/example", true)]
    [InlineData("patient=example", true)]
    [InlineData("patient=other", false)]
    [InlineData("subject=Patient/example", true)]
    [InlineData("subject:Patient=example", true)]
    [InlineData("subject=Group/example", false)]
    [InlineData("code=29463-7", true)]
    [InlineData("code=http://loinc.org|29463-7", true)]
    [InlineData("code=http://snomed.info/sct|29463-7", false)]
    [InlineData("code=http://snomed.info/sct|27113001", true)]
    [InlineData("code=http://acme.org/devices/clinical-codes|", true)]
    [InlineData("code=|29463-7", false)]
    [InlineData("code:not=29463-7", false)]
    [InlineData("code:not=1234-5", true)]
    [InlineData("category=vital-signs", true)]
    [InlineData("category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory", false)]
    [InlineData("status=final", true)]
    [InlineData("status=preliminary,final", true)]
    [InlineData("status=amended", false)]
    [InlineData("date=2016", true)]
    [InlineData("date=2016-03-28", true)]
    [InlineData("date=2016-03-28T10:00:00Z", false)]
    [InlineData("date=lt2016-03-28", false)]
    [InlineData("date=le2016-03-28", true)]
    [InlineData("date=gt2016-03-27", true)]
    [InlineData("date=ge2016-03-29", false)]
    [InlineData("date=ge2016-03-01&date=lt2016-04-01", true)]
    [InlineData("date=2016-03-28&code=29463-7&patient=example&status=final", true)]
    public void Observation_example(string queryString, bool expected)
    {
        Assert.Equal(expected, SearchMatcher.Matches(BodyWeight, Queries.Parse("Observation", queryString)));
    }

    [Theory]
    // effectivePeriod starts 2013-04-02T09:30:10+01:00 (08:30:10Z) and has no end.
    [InlineData("date=2013", false)]
    [InlineData("date=gt2013", true)]
    [InlineData("date=sa2013-04-01", true)]
    [InlineData("date=sa2013-04-02", false)]
    [InlineData("date=lt2013-04-02T08:30:10Z", false)]
    [InlineData("date=lt2013-04-02T08:30:11Z", true)]
    [InlineData("date=lt2013-04-02T09:30:11%2B01:00", true)]
    [InlineData("date=eb2030", false)]
    [InlineData("patient=f001", true)]
    public void Observation_with_an_open_period(string queryString, bool expected)
    {
        Assert.Equal(expected, SearchMatcher.Matches(Glucose, Queries.Parse("Observation", queryString)));
    }

    [Theory]
    [InlineData("patient=Patient/f001", true)]
    [InlineData("patient=f002", false)]
    [InlineData("status=active", true)]
    [InlineData("status=inactive", false)]
    [InlineData("category=EMRGONLY", true)]
    [InlineData("category=http://terminology.hl7.org/CodeSystem/v3-ActCode|EMRGONLY", true)]
    [InlineData("category=59284-0", false)]
    [InlineData("purpose=ETREAT", true)]
    [InlineData("purpose=http://terminology.hl7.org/CodeSystem/v3-ActReason|ETREAT", true)]
    [InlineData("purpose=TREAT", false)]
    [InlineData("actor=Organization/f001", true)]
    [InlineData("actor=f001", true)]
    [InlineData("actor:Organization=f001", true)]
    [InlineData("actor=Practitioner/f001", false)]
    [InlineData("period=2015", false)]
    public void Consent_emergency_example(string queryString, bool expected)
    {
        Assert.Equal(expected, SearchMatcher.Matches(Emergency, Queries.Parse("Consent", queryString)));
    }

    [Theory]
    // provision.period is 1964-01-01 to 2016-01-01 (the end day included).
    [InlineData("period=1964", false)]
    [InlineData("period=ge1964-01-01", true)]
    [InlineData("period=gt2016-01-01", false)]
    [InlineData("period=gt2015-12-31", true)]
    [InlineData("period=lt1964-01-01", false)]
    [InlineData("period=lt1964-01-02", true)]
    [InlineData("period=sa1963-12-31", true)]
    [InlineData("period=eb2016-01-02", true)]
    [InlineData("period=eb2016-01-01", false)]
    [InlineData("period=ne2000", true)]
    public void Consent_period_example(string queryString, bool expected)
    {
        Assert.Equal(expected, SearchMatcher.Matches(Basic, Queries.Parse("Consent", queryString)));
    }

    [Theory]
    // Period 2016-06-23T17:02:33+10:00 .. 17:32:33+10:00, i.e. 07:02:33Z .. 07:32:33Z on the 23rd.
    [InlineData("period=2016-06-23", true)]
    [InlineData("period=2016-06-23T07:00Z", false)]
    [InlineData("period=2016-06-22", false)]
    [InlineData("period=ge2016-06-23T17:00%2B10:00", true)]
    [InlineData("period=lt2016-06-23T07:02:33Z", false)]
    [InlineData("period=lt2016-06-23T07:02:34Z", true)]
    [InlineData("actor=Practitioner/f204", false)]
    public void Consent_period_with_time_zones(string queryString, bool expected)
    {
        Assert.Equal(expected, SearchMatcher.Matches(SmartOnFhir, Queries.Parse("Consent", queryString)));
    }

    [Fact]
    public void Actors_are_found_at_any_depth_of_the_provision_tree()
    {
        var consent = new FhirConsent
        {
            Patient = new ResourceReference("Patient/p1"),
            Provision = new FhirConsent.provisionComponent
            {
                Provision =
                [
                    new FhirConsent.provisionComponent
                    {
                        Provision =
                        [
                            new FhirConsent.provisionComponent
                            {
                                Actor = [new FhirConsent.provisionActorComponent { Reference = new ResourceReference("Practitioner/deep") }],
                                Purpose = [new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HRESCH")],
                            },
                        ],
                    },
                ],
            },
        };

        Assert.True(SearchMatcher.Matches(consent, Queries.Parse("Consent", "actor=Practitioner/deep&purpose=HRESCH")));
        Assert.True(SearchMatcher.Matches(NotThem, Queries.Parse("Consent", "actor=Practitioner/f204")));
        Assert.False(SearchMatcher.Matches(consent, Queries.Parse("Consent", "period=2020")));
    }

    [Fact]
    public void Last_updated_is_compared_to_meta()
    {
        var patient = new Patient { Id = "p", Meta = new Meta { LastUpdated = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero) } };

        Assert.True(SearchMatcher.Matches(patient, Queries.Parse("Patient", "_lastUpdated=2024-05-06")));
        Assert.True(SearchMatcher.Matches(patient, Queries.Parse("Patient", "_lastUpdated=2024-05-06T07:08:09Z")));
        Assert.True(SearchMatcher.Matches(patient, Queries.Parse("Patient", "_lastUpdated=gt2024-05-06T07:08:08Z")));
        Assert.False(SearchMatcher.Matches(patient, Queries.Parse("Patient", "_lastUpdated=gt2024-05-06T07:08:09Z")));
        Assert.False(SearchMatcher.Matches(new Patient { Id = "q" }, Queries.Parse("Patient", "_lastUpdated=ge2000")));
    }

    [Theory]
    [InlineData("name=zoe", true)]
    [InlineData("name=ZOË", true)]
    [InlineData("name=zoë", true)]
    [InlineData("family=munoz", true)]
    [InlineData("family=MUÑ", true)]
    [InlineData("family:exact=Muñoz", true)]
    [InlineData("family:exact=Munoz", false)]
    [InlineData("family:contains=noz", true)]
    [InlineData("name:contains=ÑO", true)]
    public void String_search_ignores_case_and_accents_unless_exact(string queryString, bool expected)
    {
        var patient = new Patient { Name = [new HumanName { Family = "Muñoz", Given = ["Zoë"] }] };

        Assert.Equal(expected, SearchMatcher.Matches(patient, Queries.Parse("Patient", queryString)));
    }

    [Fact]
    public void A_resource_of_another_type_never_matches()
    {
        Assert.False(SearchMatcher.Matches(BodyWeight, Queries.Parse("Patient", "")));
    }

    [Fact]
    public void Missing_values_match_only_not()
    {
        var empty = new Observation { Id = "o" };

        Assert.False(SearchMatcher.Matches(empty, Queries.Parse("Observation", "code=x")));
        Assert.False(SearchMatcher.Matches(empty, Queries.Parse("Observation", "date=ne2020")));
        Assert.False(SearchMatcher.Matches(empty, Queries.Parse("Observation", "patient=p")));
        Assert.True(SearchMatcher.Matches(empty, Queries.Parse("Observation", "code:not=x")));
        Assert.True(SearchMatcher.Matches(empty, Queries.Parse("Observation", "_id=o")));
    }

    [Fact]
    public void Absolute_and_versioned_references_match_by_type_and_id()
    {
        var observation = new Observation { Subject = new ResourceReference("https://fhir.example.org/r4/Patient/p7/_history/3") };

        Assert.True(SearchMatcher.Matches(observation, Queries.Parse("Observation", "patient=p7")));
        Assert.True(SearchMatcher.Matches(observation, Queries.Parse("Observation", "subject=Patient/p7")));
        Assert.False(SearchMatcher.Matches(observation, Queries.Parse("Observation", "patient=p")));
    }

    [Fact]
    public void Effective_instants_are_dates_too()
    {
        var observation = new Observation { Effective = new Instant(new DateTimeOffset(2024, 2, 29, 23, 30, 0, TimeSpan.FromHours(-2))) };

        Assert.True(SearchMatcher.Matches(observation, Queries.Parse("Observation", "date=2024-03-01")));
        Assert.False(SearchMatcher.Matches(observation, Queries.Parse("Observation", "date=2024-02-29")));
    }
}
