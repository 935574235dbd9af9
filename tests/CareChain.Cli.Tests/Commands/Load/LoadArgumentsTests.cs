using CareChain.Cli.Tests.Infrastructure;
using CareChain.Cli.Tests.Samples;
using CareChain.Testing;

namespace CareChain.Cli.Tests.Commands.Load;

/// <summary>
/// Command-line, file and token mistakes: one <c>error:</c> line, exit code 2, and not a single
/// request to the (listening, counting) server.
/// </summary>
[Trait("Category", "Cli")]
public sealed class LoadArgumentsTests : IAsyncLifetime
{
    private const string Token = "secret-token-that-must-not-be-printed";
    private const string ValidPatient = """{"resourceType":"Patient","id":"pat-ok","gender":"female"}""";

    private readonly TemporaryDirectory _folder = new("carechain-load");
    private FhirTestServer _server = null!;

    private string Url => _server.Address.ToString();

    public async ValueTask InitializeAsync() => _server = await FhirTestServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Missing_server_exits_two_with_one_error_line()
    {
        var run = await CliRun.InvokeAsync("load", _folder.Path, "--token", Token);

        AssertUsageError(run, "Option '--server' is required.");
    }

    [Theory]
    [InlineData("ftp://example.org")]
    [InlineData("localhost:8080")]
    [InlineData("http://localhost:8080/?x=1")]
    public async Task Server_that_is_not_an_http_url_exits_two(string server)
    {
        var run = await CliRun.InvokeAsync("load", _folder.Path, "--server", server, "--token", Token);

        AssertUsageError(run, "--server must be an absolute http:// or https:// URL");
    }

    [Fact]
    public async Task Missing_folder_argument_exits_two()
    {
        var run = await CliRun.InvokeAsync("load", "--server", Url, "--token", Token);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Folder_that_does_not_exist_exits_two_and_sends_nothing()
    {
        var folder = _folder.Combine("nope");

        var run = await LoadRun.InvokeAsync(folder, "--server", Url, "--token", Token);

        AssertFileError(run, $"error: folder {folder} does not exist");
    }

    [Fact]
    public async Task Folder_that_is_a_file_exits_two_and_sends_nothing()
    {
        var file = await WriteAsync("patient.json", ValidPatient);

        var run = await LoadRun.InvokeAsync(file, "--server", Url, "--token", Token);

        AssertFileError(run, $"error: {file} is a file, not a folder");
    }

    [Fact]
    public async Task Folder_without_json_files_exits_two_and_sends_nothing()
    {
        await WriteAsync("notes.txt", ValidPatient);
        Directory.CreateDirectory(_folder.Combine("nested"));
        await File.WriteAllTextAsync(_folder.Combine("nested", "patient.json"), ValidPatient, TestContext.Current.CancellationToken);

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, $"error: folder {_folder.Path} holds no *.json files");
    }

    [Fact]
    public async Task Invalid_json_after_a_valid_file_exits_two_naming_the_file_and_sends_nothing()
    {
        await WriteAsync("01-good.json", ValidPatient);
        await WriteAsync("02-broken.json", """{"resourceType":"Patient","id":""");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, "error: 02-broken.json: not valid JSON: ");
    }

    [Fact]
    public async Task Unknown_element_fails_the_strict_parse()
    {
        await WriteAsync("patient.json", """{"resourceType":"Patient","id":"p1","favouriteColour":"blue"}""");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, "error: patient.json: not valid FHIR R4: Found unknown element 'favouriteColour'");
    }

    [Fact]
    public async Task Invalid_code_fails_the_strict_parse()
    {
        await WriteAsync("patient.json", """{"resourceType":"Patient","id":"p1","gender":"sometimes"}""");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, "error: patient.json: not valid FHIR R4: Value 'sometimes' is not a correct code");
    }

    [Fact]
    public async Task Observation_without_its_required_elements_fails_the_strict_parse()
    {
        await WriteAsync("observation.json", """{"resourceType":"Observation","id":"o1"}""");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, "error: observation.json: not valid FHIR R4: Element '$this.status' with minimum cardinality 1 must be present");
    }

    [Fact]
    public async Task Empty_file_exits_two()
    {
        await WriteAsync("empty.json", "  \n");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, "error: empty.json: the file is empty");
    }

    [Fact]
    public async Task Json_array_is_not_a_resource()
    {
        await WriteAsync("list.json", "[]");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, "error: list.json: not a FHIR resource: ");
    }

    [Fact]
    public async Task Resource_of_another_type_exits_two()
    {
        await WriteAsync("practitioner.json", """{"resourceType":"Practitioner","id":"dr-lee"}""");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, "error: practitioner.json: a Practitioner; expected a transaction Bundle or a Patient, Observation or Consent");
    }

    [Fact]
    public async Task Bundle_that_is_not_a_transaction_exits_two()
    {
        await WriteAsync("collection.json", """{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p1"}}]}""");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, "error: collection.json: a Bundle of type collection; only transaction Bundles can be loaded");
    }

    [Fact]
    public async Task Transaction_entry_without_a_request_exits_two()
    {
        await WriteAsync("bundle.json", """{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient","id":"p1"}}]}""");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, "error: bundle.json: entry 0 has no request method and url");
    }

    [Fact]
    public async Task Transaction_without_entries_exits_two()
    {
        await WriteAsync("bundle.json", """{"resourceType":"Bundle","type":"transaction"}""");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--token", Token);

        AssertFileError(run, "error: bundle.json: the transaction Bundle has no entries");
    }

    [Fact]
    public async Task No_token_anywhere_exits_two_and_sends_nothing()
    {
        var run = await LoadRun.InvokeAsync(SampleFolder.Path, "--server", Url);

        AssertFileError(
            run,
            "error: no token: give --token, set CARECHAIN_TOKEN, or use --dev-token-subject with a server running in Development");
    }

    [Fact]
    public async Task Blank_token_variable_counts_as_no_token()
    {
        var run = await LoadRun.InvokeAsync(new Dictionary<string, string> { ["CARECHAIN_TOKEN"] = "  " }, SampleFolder.Path, "--server", Url);

        AssertFileError(run, "error: no token: ");
    }

    [Fact]
    public async Task Invalid_file_stops_the_load_before_a_dev_token_is_requested()
    {
        await WriteAsync("practitioner.json", """{"resourceType":"Practitioner","id":"dr-lee"}""");

        var run = await LoadRun.InvokeAsync(_folder.Path, "--server", Url, "--dev-token-subject", "Organization/loader");

        AssertFileError(run, "error: practitioner.json: a Practitioner");
    }

    [Fact]
    public async Task Help_documents_the_exit_codes_and_the_token_sources()
    {
        var run = await CliRun.InvokeAsync("load", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit codes:", run.Out, StringComparison.Ordinal);
        Assert.Contains("CARECHAIN_TOKEN", run.Out, StringComparison.Ordinal);
        Assert.Contains("--dev-token-subject", run.Out, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = _folder.Combine(name);
        await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
        return path;
    }

    private void AssertFileError(CliRun run, string expectedStart)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Out);
        Assert.StartsWith(expectedStart, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, run.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    private void AssertUsageError(CliRun run, string message)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Out);
        Assert.Equal($"error: {message} (see 'carechain --help')", Assert.Single(run.ErrorLines));
        Assert.Empty(_server.Requests);
    }
}
