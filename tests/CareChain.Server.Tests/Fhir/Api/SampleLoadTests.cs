using CareChain.Cli;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Fhir.Support;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary><c>carechain load fhir-samples/</c> against the real server, and the samples' consents as the README states them.</summary>
public sealed class SampleLoadTests(PostgresServer postgres)
{
    [Fact]
    public async Task Carechain_load_loads_the_samples_and_their_consents_govern_access()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var samples = Path.Combine(RepositoryRoot(), "fhir-samples");
        var token = server.Token("Organization/loader", "system/*.cruds");

        var (code, output, error) = await RunAsync("load", samples, "--server", server.Host.Address.ToString(), "--token", token);
        Assert.True(code == 0, error);
        Assert.Contains("loaded 5 files", output, StringComparison.Ordinal);

        // Loading again changes nothing but versions: every entry is a PUT with a fixed id.
        (code, _, error) = await RunAsync("load", samples, "--server", server.Host.Address.ToString(), "--token", token);
        Assert.True(code == 0, error);
        var patients = await server.Feed().Client.SearchAsync<Patient>(["_count=50"], ct: ct);
        Assert.Equal(5, patients!.Total);

        var doctor = server.Practitioner("dr-lee");
        var ada = await doctor.Client.SearchAsync<Observation>(["patient=pat-ada"], ct: ct);
        Assert.True(ada!.Total > 0);
        var dev = await doctor.Client.SearchAsync<Observation>(["patient=pat-dev"], ct: ct);
        Assert.Equal(0, dev!.Total);
        var esme = await doctor.Client.SearchAsync<Observation>(["patient=pat-esme"], ct: ct);
        Assert.Equal(0, esme!.Total);
        var ben = await doctor.Client.SearchAsync<Observation>(["patient=pat-ben", "code=http://loinc.org|4548-4"], ct: ct);
        Assert.Equal(0, ben!.Total);
        var benGlucose = await doctor.Client.SearchAsync<Observation>(["patient=pat-ben", "code=http://loinc.org|2345-7"], ct: ct);
        Assert.True(benGlucose!.Total > 0);
    }

    [Fact]
    public async Task Carechain_load_without_a_valid_token_is_refused_and_loads_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);

        var (code, _, error) = await RunAsync("load", Path.Combine(RepositoryRoot(), "fhir-samples"), "--server", server.Host.Address.ToString(), "--token", "not-a-token");

        Assert.Equal((int)ExitCode.OperationalError, code);
        Assert.Contains("401", error, StringComparison.Ordinal);
        var patients = await server.Feed().Client.SearchAsync<Patient>([], ct: ct);
        Assert.Equal(0, patients!.Total);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CareChain.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (CareChain.sln) was not found above the test folder.");
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, new CliEnvironment(output, error), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
