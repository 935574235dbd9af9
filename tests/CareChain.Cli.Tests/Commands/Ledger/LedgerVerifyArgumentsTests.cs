using CareChain.Cli.Tests.Infrastructure;
using CareChain.Testing;

namespace CareChain.Cli.Tests.Commands.Ledger;

/// <summary>Command-line mistakes: one <c>error:</c> line and exit code 2, never a help dump or exit code 1.</summary>
[Trait("Category", "Cli")]
public sealed class LedgerVerifyArgumentsTests
{
    [Fact]
    public async Task Both_server_and_db_exit_two_with_one_error_line()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--server", "http://localhost:8080", "--db", "ledger.db");

        AssertUsageError(run, "give exactly one of --server URL and --db PATH");
    }

    [Fact]
    public async Task Neither_server_nor_db_exits_two_with_one_error_line()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify");

        AssertUsageError(run, "give exactly one of --server URL and --db PATH");
    }

    [Theory]
    [InlineData("ftp://example.org")]
    [InlineData("localhost:8080")]
    [InlineData("not a url")]
    public async Task Server_that_is_not_an_http_url_exits_two(string server)
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--server", server);

        AssertUsageError(run, "--server must be an absolute http:// or https:// URL");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5001")]
    public async Task Page_size_out_of_range_exits_two(string pageSize)
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--server", "http://localhost:8080", "--page-size", pageSize);

        AssertUsageError(run, "--page-size must be between 1 and 5000");
    }

    [Fact]
    public async Task Page_size_with_db_exits_two()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", "ledger.db", "--page-size", "10");

        AssertUsageError(run, "--page-size applies only to --server");
    }

    [Fact]
    public async Task Unknown_option_exits_two()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", "ledger.db", "--frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_command_exits_two()
    {
        var run = await CliRun.InvokeAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_key_file_exits_two()
    {
        using var folder = new TemporaryDirectory("carechain-cli");
        var key = folder.Combine("nope.pem");

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", folder.Combine("ledger.db"), "--key", key);

        LedgerVerifyDatabaseTests.AssertError(run, $"error: key file {key} does not exist");
    }

    [Fact]
    public async Task Key_file_without_a_public_key_exits_two()
    {
        using var folder = new TemporaryDirectory("carechain-cli");
        var key = folder.Combine("key.pem");
        await File.WriteAllTextAsync(key, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", folder.Combine("ledger.db"), "--key", key);

        LedgerVerifyDatabaseTests.AssertError(run, $"error: key file {key} does not hold a P-256 public key in PEM form");
    }

    [Fact]
    public async Task Token_with_db_exits_two()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", "ledger.db", "--token", "secret-token-that-must-not-be-printed");

        AssertUsageError(run, "--token applies only to --server");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Blank_token_exits_two(string token)
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--server", "http://localhost:8080", "--token", token);

        AssertUsageError(run, "--token must not be empty");
    }

    [Fact]
    public async Task Token_with_spaces_inside_exits_two_without_printing_it()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--server", "http://localhost:8080", "--token", "Bearer secret-value");

        AssertUsageError(run, "--token must be one token, without spaces or control characters");
        Assert.DoesNotContain("secret-value", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_documents_the_token_sources()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--token", run.Out, StringComparison.Ordinal);
        Assert.Contains("CARECHAIN_TOKEN", run.Out, StringComparison.Ordinal);
        Assert.Contains("system/AuditEvent.rs", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_documents_the_exit_codes()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit codes:", run.Out, StringComparison.Ordinal);
        Assert.Contains("1  the ledger is BROKEN", run.Out, StringComparison.Ordinal);
        Assert.Contains("2  the ledger could not be verified", run.Out, StringComparison.Ordinal);
    }

    private static void AssertUsageError(CliRun run, string message)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Out);
        Assert.Equal($"error: {message} (see 'carechain --help')", Assert.Single(run.ErrorLines));
    }
}
