using System.Text.Json;
using CareChain.Cli.Tests.Infrastructure;
using CareChain.Cli.Tests.Samples;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Cli.Tests.Commands.Load;

/// <summary>
/// <c>carechain load</c> against <see cref="FhirTestServer"/>, a recording stand-in for the FHIR
/// endpoint. These tests check only the client's behaviour (what it sends, with which token, what
/// it prints and when it stops); loading into the real server is tested end to end elsewhere.
/// </summary>
[Trait("Category", "Cli")]
public sealed class LoadServerTests : IAsyncLifetime
{
    private const string Token = "secret-token-that-must-not-be-printed";

    private readonly TemporaryDirectory _folder = new("carechain-load");
    private FhirTestServer _server = null!;

    private string Url => _server.Address.ToString();

    private string Endpoint => Url.TrimEnd('/') + "/fhir";

    public async ValueTask InitializeAsync() => _server = await FhirTestServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Samples_load_one_transaction_per_file_in_name_order_with_the_token()
    {
        var run = await CliRun.InvokeAsync("load", SampleFolder.Path, "--server", Url, "--token", Token);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Error);
        var files = SampleFolder.BundlePaths;
        var requests = _server.Requests;
        Assert.Equal(files.Count, requests.Count);
        for (var index = 0; index < files.Count; index++)
        {
            var request = requests[index];
            Assert.Equal(("POST", "/fhir"), (request.Method, request.Path));
            Assert.Equal($"Bearer {Token}", request.Authorization);
            Assert.StartsWith("application/fhir+json", request.ContentType, StringComparison.Ordinal);

            // What arrives is what the file holds: same entries, same order, same PUT urls.
            var sent = Assert.IsType<Bundle>(new FhirJsonDeserializer().DeserializeResource(request.Body));
            var onDisk = SampleFolder.ReadBundle(files[index]);
            Assert.Equal(Bundle.BundleType.Transaction, sent.Type);
            Assert.Equal(onDisk.Entry.Select(entry => entry.Request!.Url), sent.Entry.Select(entry => entry.Request!.Url));
            Assert.True(onDisk.IsExactly(sent), $"{Path.GetFileName(files[index])} was changed on the way");
        }
    }

    [Fact]
    public async Task Each_file_gets_a_line_with_its_entries_and_ledger_entries_then_a_summary()
    {
        var bundles = SampleFolder.ReadAll();

        var run = await LoadRun.InvokeAsync(SampleFolder.Path, "--server", Url, "--token", Token);

        Assert.True(run.ExitCode == 0, run.ToString());
        var expected = bundles.Select((pair, index) =>
            $"{pair.Key}: {pair.Value.Entry.Count} entries applied, ledger 0/{(index + 1) * 10},1/{(index + 1) * 10 + 1}").ToList();
        expected.Add($"loaded {bundles.Count} files, {bundles.Values.Sum(bundle => bundle.Entry.Count)} entries, into {Endpoint}");
        Assert.Equal(expected, run.OutLines);
        Assert.DoesNotContain(Token, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_from_the_environment_variable_is_used_when_no_token_option_is_given()
    {
        var run = await LoadRun.InvokeAsync(
            new Dictionary<string, string> { ["CARECHAIN_TOKEN"] = "from-the-environment" }, SampleFolder.Path, "--server", Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(_server.Requests, request => Assert.Equal("Bearer from-the-environment", request.Authorization));
    }

    [Fact]
    public async Task Token_option_wins_over_the_environment_variable()
    {
        var run = await LoadRun.InvokeAsync(
            new Dictionary<string, string> { ["CARECHAIN_TOKEN"] = "from-the-environment" }, SampleFolder.Path, "--server", Url, "--token", Token);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(_server.Requests, request => Assert.Equal($"Bearer {Token}", request.Authorization));
    }

    [Fact]
    public async Task Dev_token_subject_asks_the_server_for_a_loader_token_first()
    {
        var run = await LoadRun.InvokeAsync(SampleFolder.Path, "--server", Url, "--dev-token-subject", "Organization/loader");

        Assert.True(run.ExitCode == 0, run.ToString());
        var requests = _server.Requests;
        var tokenRequest = requests[0];
        Assert.Equal(("POST", "/auth/dev-token", null), (tokenRequest.Method, tokenRequest.Path, tokenRequest.Authorization));
        using var body = JsonDocument.Parse(tokenRequest.Body);
        Assert.Equal("Organization/loader", body.RootElement.GetProperty("sub").GetString());
        Assert.Equal("system/*.cruds", body.RootElement.GetProperty("scope").GetString());
        Assert.Equal(SampleFolder.BundlePaths.Count, requests.Count - 1);
        Assert.All(requests.Skip(1), request => Assert.Equal($"Bearer {FhirTestServer.DevToken}", request.Authorization));
        Assert.DoesNotContain(FhirTestServer.DevToken, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_without_a_dev_token_endpoint_exits_two_and_loads_nothing()
    {
        _server.OffersDevToken = false;

        var run = await LoadRun.InvokeAsync(SampleFolder.Path, "--server", Url, "--dev-token-subject", "Organization/loader");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Out);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"error: the dev-token request to {Url.TrimEnd('/')} was answered 404", line, StringComparison.Ordinal);
        Assert.Contains("only on a server running in Development", line, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, request => request.Path == "/fhir");
    }

    [Fact]
    public async Task Rejected_file_stops_the_load_and_says_what_stays_loaded()
    {
        _server.RejectTransaction = 2;
        var names = SampleFolder.BundlePaths.Select(Path.GetFileName).ToList();

        var run = await LoadRun.InvokeAsync(SampleFolder.Path, "--server", Url, "--token", Token);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"{names[0]}: ", Assert.Single(run.OutLines), StringComparison.Ordinal);
        Assert.Equal(
            $"error: {names[1]}: rejected with 422 UnprocessableEntity: Observation.subject must reference a Patient in the same transaction; the 1 file before it stays loaded, none after it was sent",
            Assert.Single(run.ErrorLines));
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Rejected_first_file_says_nothing_was_loaded()
    {
        _server.RejectTransaction = 1;
        _server.RejectStatus = 403;
        _server.RejectDiagnostics = "scope system/*.cruds is required";

        var run = await LoadRun.InvokeAsync(SampleFolder.Path, "--server", Url, "--token", Token);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Out);
        Assert.EndsWith(
            "rejected with 403 Forbidden: scope system/*.cruds is required; nothing was loaded", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Error_page_without_an_operation_outcome_still_gives_one_line()
    {
        _server.RejectTransaction = 1;
        _server.RejectStatus = 502;
        _server.RejectHtml = "<html><body><h1>502 Bad Gateway</h1>\n</body></html>";

        var run = await LoadRun.InvokeAsync(SampleFolder.Path, "--server", Url, "--token", Token);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Out);
        Assert.EndsWith(
            "rejected with 502 BadGateway: no OperationOutcome diagnostics; nothing was loaded", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_diagnostics_are_printed_on_one_line()
    {
        _server.RejectTransaction = 1;
        _server.RejectDiagnostics = "line one\nline two\u001b[2J";

        var run = await LoadRun.InvokeAsync(SampleFolder.Path, "--server", Url, "--token", Token);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("line one line two", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', line);
    }

    [Fact]
    public async Task Unreachable_server_exits_two_with_one_line()
    {
        var nobody = $"http://127.0.0.1:{FreeTcpPort.Next()}/";

        var run = await LoadRun.InvokeAsync(SampleFolder.Path, "--server", nobody, "--token", Token);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Out);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"error: {Path.GetFileName(SampleFolder.BundlePaths[0])}: cannot reach {nobody.TrimEnd('/')}: ", line, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was loaded", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lone_resources_are_wrapped_as_put_with_an_id_and_post_without()
    {
        await File.WriteAllTextAsync(
            _folder.Combine("a-patient.json"), """{"resourceType":"Patient","id":"pat-lone","gender":"other"}""", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(
            _folder.Combine("b-observation.json"),
            """{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8302-2"}]},"subject":{"reference":"Patient/pat-lone"},"valueQuantity":{"value":170,"system":"http://unitsofmeasure.org","code":"cm"}}""",
            TestContext.Current.CancellationToken);

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        Assert.True(run.ExitCode == 0, run.ToString());
        var sent = _server.Requests.Select(request => Assert.IsType<Bundle>(new FhirJsonDeserializer().DeserializeResource(request.Body))).ToList();
        Assert.Equal(2, sent.Count);
        var put = Assert.Single(sent[0].Entry);
        Assert.Equal((Bundle.HTTPVerb.PUT, "Patient/pat-lone"), (put.Request!.Method, put.Request.Url));
        var post = Assert.Single(sent[1].Entry);
        Assert.Equal((Bundle.HTTPVerb.POST, "Observation"), (post.Request!.Method, post.Request.Url));
        Assert.StartsWith("urn:uuid:", post.FullUrl, StringComparison.Ordinal);
        Assert.Equal("loaded 2 files, 2 entries, into " + Endpoint, run.OutLines[^1]);
    }

    [Fact]
    public async Task Server_with_a_base_path_gets_fhir_under_that_path()
    {
        _server.RejectTransaction = 1;

        var run = await LoadRun.InvokeAsync(SampleFolder.Path, "--server", Url + "carechain", "--token", Token);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("/carechain/fhir", Assert.Single(_server.Requests).Path);
    }
}
