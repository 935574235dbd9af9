using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace CareChain.Cli.Tests.Samples;

/// <summary>
/// The files in <c>fhir-samples</c> are valid FHIR R4, load idempotently, and say what
/// <c>fhir-samples/README.md</c> says they say.
/// </summary>
[Trait("Category", "Samples")]
public sealed class SampleBundleTests
{
    private const string Loinc = "http://loinc.org";
    private const string Ucum = "http://unitsofmeasure.org";
    private const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    /// <summary>Units and categories fixed by the brief; a code not listed here is not one we are sure of.</summary>
    private static readonly Dictionary<string, (string Unit, string Category)> KnownLoinc = new(StringComparer.Ordinal)
    {
        ["2345-7"] = ("mg/dL", "laboratory"),
        ["4548-4"] = ("%", "laboratory"),
        ["20448-7"] = ("u[IU]/mL", "laboratory"),
        ["39156-5"] = ("kg/m2", "vital-signs"),
        ["8480-6"] = ("mm[Hg]", "vital-signs"),
        ["8462-4"] = ("mm[Hg]", "vital-signs"),
        ["29463-7"] = ("kg", "vital-signs"),
        ["8302-2"] = ("cm", "vital-signs"),
    };

    private static readonly string[] LoadableTypes = ["Patient", "Observation", "Consent"];

    public static TheoryData<string> Files => new(SampleFolder.BundlePaths.Select(Path.GetFileName).Select(name => name!));

    [Fact]
    public void There_are_four_to_six_samples_one_patient_each()
    {
        var bundles = SampleFolder.ReadAll();

        Assert.InRange(bundles.Count, 4, 6);
        Assert.All(bundles.Values, bundle => Assert.Single(bundle.Entry, entry => entry.Resource is Patient));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Sample_parses_strictly_and_validates_recursively(string file)
    {
        var resource = SampleFolder.ParseStrictly(Path.Combine(SampleFolder.Path, file));

        Assert.Empty(resource.Validate().Select(problem => problem.Message));
        var bundle = Assert.IsType<Bundle>(resource);
        Assert.All(bundle.Entry, entry => Assert.Empty(entry.Resource!.Validate().Select(problem => problem.Message)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Sample_is_a_transaction_of_puts_with_stable_ids(string file)
    {
        var bundle = Read(file);

        Assert.Equal(Bundle.BundleType.Transaction, bundle.Type);
        Assert.NotEmpty(bundle.Entry);
        Assert.All(bundle.Entry, entry =>
        {
            var resource = Assert.IsAssignableFrom<Resource>(entry.Resource);
            Assert.Equal(Bundle.HTTPVerb.PUT, entry.Request!.Method);
            Assert.Matches("^[A-Za-z0-9\\-.]{1,64}$", resource.Id);
            Assert.Equal($"{resource.TypeName}/{resource.Id}", entry.Request.Url);
            Assert.Contains(resource.TypeName, LoadableTypes);
        });
        var urls = bundle.Entry.Select(entry => entry.Request!.Url).ToList();
        Assert.Equal(urls.Count, urls.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Patient_has_an_identifier_name_gender_and_birth_date(string file)
    {
        var patient = PatientOf(Read(file));

        var identifier = Assert.Single(patient.Identifier);
        Assert.Equal("https://carechain.example/mrn", identifier.System);
        Assert.Matches("^CC-1[0-9]{5}$", identifier.Value);
        var name = Assert.Single(patient.Name);
        Assert.False(string.IsNullOrWhiteSpace(name.Family));
        Assert.NotEmpty(name.Given);
        Assert.NotNull(patient.Gender);
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", patient.BirthDate);
    }

    [Fact]
    public void Patients_match_the_readme_table()
    {
        var bundles = SampleFolder.ReadAll();
        var rows = ReadmeTables.Rows("## Patients and consents");

        Assert.Equal(bundles.Keys.Order(StringComparer.Ordinal), rows.Select(row => row[0]).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var bundle = bundles[row[0]];
            var patient = PatientOf(bundle);
            Assert.Equal(row[1], patient.Id);
            Assert.Equal(row[2], patient.Identifier[0].Value);
            Assert.Equal(row[3], $"{string.Join(' ', patient.Name[0].Given)} {patient.Name[0].Family}");
            Assert.Equal(row[4], patient.Gender!.Value.ToString().ToLowerInvariant());
            Assert.Equal(row[5], patient.BirthDate);

            var consents = bundle.Entry.Select(entry => entry.Resource).OfType<Hl7.Fhir.Model.Consent>().ToList();
            if (row[6] == "none")
            {
                Assert.Empty(consents);
            }
            else
            {
                var consent = Assert.Single(consents);
                var status = consent.Status!.Value.ToString().ToLowerInvariant();
                Assert.Equal(row[6], $"{consent.Id} ({status})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Observations_are_final_loinc_coded_ucum_valued_and_about_the_bundle_patient(string file)
    {
        var bundle = Read(file);
        var patient = PatientOf(bundle);
        var observations = ObservationsOf(bundle);

        Assert.NotEmpty(observations);
        Assert.All(observations, observation =>
        {
            Assert.Equal(ObservationStatus.Final, observation.Status);
            Assert.Equal($"Patient/{patient.Id}", observation.Subject!.Reference);
            var coding = Assert.Single(observation.Code!.Coding);
            Assert.Equal(Loinc, coding.System);
            Assert.True(KnownLoinc.TryGetValue(coding.Code!, out var expected), $"LOINC {coding.Code} is not one of the known codes");
            var quantity = Assert.IsType<Quantity>(observation.Value);
            Assert.Equal(Ucum, quantity.System);
            Assert.Equal(expected.Unit, quantity.Code);
            Assert.NotNull(quantity.Value);
            var category = Assert.Single(Assert.Single(observation.Category).Coding);
            Assert.Equal(ObservationCategory, category.System);
            Assert.Equal(expected.Category, category.Code);
            Assert.IsType<FhirDateTime>(observation.Effective);
        });
        var codes = observations.Select(observation => observation.Code.Coding[0].Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Observations_match_the_readme_table_one_to_one()
    {
        var observations = SampleFolder.ReadAll().Values
            .SelectMany(ObservationsOf)
            .ToDictionary(observation => observation.Id!, StringComparer.Ordinal);
        var rows = ReadmeTables.Rows("## Observations");

        Assert.Equal(observations.Keys.Order(StringComparer.Ordinal), rows.Select(row => row[1]).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var observation = observations[row[1]];
            var quantity = Assert.IsType<Quantity>(observation.Value);
            Assert.Equal($"Patient/{row[0]}", observation.Subject!.Reference);
            Assert.Equal(row[2], observation.Code!.Coding[0].Code);
            Assert.Equal(row[3], observation.Code.Coding[0].Display);
            Assert.Equal(decimal.Parse(row[4], CultureInfo.InvariantCulture), quantity.Value);
            Assert.Equal(row[5], quantity.Code);
            Assert.Equal(row[6], observation.Category[0].Coding[0].Code);
            Assert.Equal(row[7], Assert.IsType<FhirDateTime>(observation.Effective).Value);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Vital_signs_are_in_realistic_ranges_and_bmi_follows_from_weight_and_height(string file)
    {
        var values = ObservationsOf(Read(file)).ToDictionary(
            observation => observation.Code!.Coding[0].Code!, observation => ((Quantity)observation.Value!).Value!.Value, StringComparer.Ordinal);

        var height = values["8302-2"] / 100m;
        Assert.InRange(values["29463-7"], 40m, 150m);
        Assert.InRange(height, 1.45m, 2.05m);
        Assert.Equal(Math.Round(values["29463-7"] / (height * height), 1, MidpointRounding.AwayFromZero), values["39156-5"]);
        Assert.InRange(values["8480-6"], 90m, 180m);
        Assert.InRange(values["8462-4"], 55m, 110m);
        Assert.True(values["8480-6"] > values["8462-4"], "systolic must exceed diastolic");
        Assert.InRange(values["2345-7"], 60m, 300m);
        if (values.TryGetValue("4548-4", out var hba1c))
        {
            Assert.InRange(hba1c, 4m, 12m);
        }

        if (values.TryGetValue("20448-7", out var insulin))
        {
            Assert.InRange(insulin, 1m, 60m);
        }
    }

    private static Bundle Read(string file) => SampleFolder.ReadBundle(Path.Combine(SampleFolder.Path, file));

    private static Patient PatientOf(Bundle bundle) => bundle.Entry.Select(entry => entry.Resource).OfType<Patient>().Single();

    private static List<Observation> ObservationsOf(Bundle bundle) =>
        bundle.Entry.Select(entry => entry.Resource).OfType<Observation>().ToList();
}
