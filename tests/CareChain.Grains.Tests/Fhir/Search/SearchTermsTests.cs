using CareChain.Grains.Fhir.Search;
using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Grains.Tests.Fhir.Search;

public sealed class SearchTermsTests
{
    [Fact]
    public void Patient_terms_cover_tokens_strings_and_dates()
    {
        var patient = FhirExamples.Load<Patient>("Patient-example.json");

        var terms = SearchTerms.Extract(patient);

        Assert.Contains(new SearchTerm("identifier", "urn:oid:1.2.36.146.595.217.0.1|12345", null, null), terms);
        Assert.Contains(new SearchTerm("identifier", "12345", null, null), terms);
        Assert.Contains(new SearchTerm("gender", "http://hl7.org/fhir/administrative-gender|male", null, null), terms);
        Assert.Contains(new SearchTerm("gender", "male", null, null), terms);
        Assert.Contains(new SearchTerm("family", "chalmers", null, null), terms);
        Assert.Contains(new SearchTerm("given", "jim", null, null), terms);
        Assert.Contains(new SearchTerm("name", "windsor", null, null), terms);
        Assert.Contains(new SearchTerm("birthdate", null,
            new DateTimeOffset(1974, 12, 25, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(),
            new DateTimeOffset(1974, 12, 26, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()), terms);
        Assert.Equal(terms.Count, terms.Distinct().Count());
        Assert.DoesNotContain(terms, t => t.Parameter is "_id" or "_lastUpdated");
    }

    [Fact]
    public void A_coding_without_system_gives_a_bar_code_term()
    {
        var observation = new Observation { Code = new CodeableConcept { Coding = [new Coding(null, "local-1")] } };

        var terms = SearchTerms.Extract(observation).Where(t => t.Parameter == "code").Select(t => t.Value);

        Assert.Equal(["local-1", "|local-1"], terms.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Strings_are_normalized_and_references_are_not_indexed()
    {
        var patient = new Patient { Name = [new HumanName { Family = "Muñoz", Given = ["ZOË"] }] };
        var consent = FhirExamples.Load<FhirConsent>("Consent-consent-example-Emergency.json");

        Assert.Contains(new SearchTerm("family", "munoz", null, null), SearchTerms.Extract(patient));
        Assert.Contains(new SearchTerm("given", "zoe", null, null), SearchTerms.Extract(patient));
        Assert.DoesNotContain(SearchTerms.Extract(consent), t => t.Parameter is "patient" or "actor");
        Assert.Contains(new SearchTerm("purpose", "ETREAT", null, null), SearchTerms.Extract(consent));
    }

    [Fact]
    public void An_open_period_is_stored_with_an_unbounded_end()
    {
        var observation = FhirExamples.Load<Observation>("Observation-f001.json");

        var date = Assert.Single(SearchTerms.Extract(observation), t => t.Parameter == "date");

        Assert.Equal(long.MaxValue, date.High);
        Assert.Equal(new DateTimeOffset(2013, 4, 2, 8, 30, 10, TimeSpan.Zero).ToUnixTimeMilliseconds(), date.Low);
    }
}
