using CareChain.Cli.Tests.Infrastructure;
using CareChain.Ledger.Checkpoints;
using CareChain.Testing;

namespace CareChain.Cli.Tests.Commands.Ledger;

/// <summary><c>carechain ledger verify --server</c> against a real local HTTP server.</summary>
[Trait("Category", "Cli")]
public sealed class LedgerVerifyServerTests : IAsyncLifetime
{
    private readonly TestLedger _ledger = TestLedger.Create(shards: 3, rounds: 2, perRound: 5, trailing: 3);
    private readonly TemporaryDirectory _folder = new("carechain-cli");
    private LedgerTestServer _server = null!;

    private string Url => _server.Address.ToString();

    public async ValueTask InitializeAsync() => _server = await LedgerTestServer.StartAsync(_ledger);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _ledger.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Intact_server_ledger_exits_zero_and_says_the_key_was_not_pinned()
    {
        var run = await VerifyAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            $"ledger intact: {_ledger.EntryCount} entries in 3 shards, checkpoint 1 (key {_ledger.PublicKey.KeyId[..8]}…, published by {Url.TrimEnd('/')}, not pinned), 3 entries after the checkpoint",
            Assert.Single(run.OutLines));
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Small_pages_stream_every_shard_in_several_requests()
    {
        var run = await VerifyAsync("--page-size", "4");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(_server.EntryRequests >= _ledger.EntryCount / 4, $"{_server.EntryRequests} requests");
    }

    [Fact]
    public async Task Pinned_key_that_signed_the_ledger_is_reported_as_pinned()
    {
        var run = await VerifyAsync("--key", await WriteKeyAsync(_ledger.PublicKey));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("…, pinned)", Assert.Single(run.OutLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pinned_key_the_server_does_not_sign_with_exits_one()
    {
        using var other = CheckpointSigner.Generate();

        var run = await VerifyAsync("--key", await WriteKeyAsync(other.PublicKey));

        LedgerVerifyDatabaseTests.AssertBroken(run, "ledger BROKEN: checkpoint 1 is signed by another key");
    }

    [Fact]
    public async Task Server_publishing_a_key_other_than_the_signing_key_exits_one()
    {
        using var other = CheckpointSigner.Generate();
        _server.PublishedKey = other.PublicKey;

        var run = await VerifyAsync();

        LedgerVerifyDatabaseTests.AssertBroken(run, "ledger BROKEN: checkpoint 1 is signed by another key");
    }

    [Fact]
    public async Task Tampered_entry_served_by_the_server_exits_one_naming_shard_and_sequence()
    {
        var original = _ledger.Shards[2][4];
        var body = (byte[])original.Body.Clone();
        body[body.AsSpan().IndexOf("synthetic"u8)] = (byte)'S';
        _server.ReplaceEntry(original with { Body = body });

        var run = await VerifyAsync();

        LedgerVerifyDatabaseTests.AssertBroken(run, "ledger BROKEN at shard 2, sequence 4: ");
    }

    [Fact]
    public async Task Server_error_exits_two_with_the_problem_title()
    {
        _server.Fault = ServerFault.InternalError;

        var run = await VerifyAsync();

        LedgerVerifyDatabaseTests.AssertError(
            run, "error: GET /ledger/shards/0/entries?from=0&count=1000 failed: HTTP 500 Internal Server Error: Storage unavailable");
    }

    [Fact]
    public async Task Failing_shard_after_an_intact_one_exits_two_not_one()
    {
        _server.Fault = ServerFault.InternalError;
        _server.FaultyShard = 2;

        var run = await VerifyAsync();

        LedgerVerifyDatabaseTests.AssertError(
            run, "error: GET /ledger/shards/2/entries?from=0&count=1000 failed: HTTP 500 Internal Server Error: Storage unavailable");
    }

    [Fact]
    public async Task Tampering_in_a_lower_shard_outranks_a_read_error_in_a_higher_one()
    {
        var original = _ledger.Shards[0][1];
        _server.ReplaceEntry(original with { EntryHash = new byte[32] });
        _server.Fault = ServerFault.InternalError;
        _server.FaultyShard = 1;

        var run = await VerifyAsync();

        LedgerVerifyDatabaseTests.AssertBroken(run, "ledger BROKEN at shard 0, sequence 1: ");
    }

    [Fact]
    public async Task Garbage_json_exits_two()
    {
        _server.Fault = ServerFault.GarbageJson;

        var run = await VerifyAsync();

        LedgerVerifyDatabaseTests.AssertError(
            run, "error: GET /ledger/shards/0/entries?from=0&count=1000 answered JSON that is not a valid page of entries at $.entries[0].seq");
    }

    [Fact]
    public async Task Next_that_does_not_advance_exits_two_instead_of_looping()
    {
        _server.Fault = ServerFault.NonAdvancingNext;

        var run = await VerifyAsync("--page-size", "2");

        LedgerVerifyDatabaseTests.AssertError(
            run, "error: the server broke the entries protocol: shard 0 sent next = 0 after sequence 1; it must advance");
        // At most one request per shard (shards are read in parallel): nothing looped.
        Assert.InRange(_server.EntryRequests, 1, 3);
    }

    [Fact]
    public async Task Unreachable_server_exits_two()
    {
        var url = $"http://127.0.0.1:{FreeTcpPort.Next()}";

        var run = await CliRun.InvokeAsync("ledger", "verify", "--server", url);

        LedgerVerifyDatabaseTests.AssertError(run, $"error: cannot reach {url}/: connection refused or unreachable");
    }

    [Fact]
    public async Task Token_option_is_sent_as_a_bearer_header_on_every_entries_request()
    {
        var run = await VerifyAsync("--page-size", "4");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(_server.EntryAuthorizations, header => Assert.Equal($"Bearer {LedgerTestServer.AuditorToken}", header));
        Assert.DoesNotContain(LedgerTestServer.AuditorToken, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_comes_from_carechain_token_without_the_option()
    {
        var run = await CliRun.InvokeAsync(
            new Dictionary<string, string> { ["CARECHAIN_TOKEN"] = LedgerTestServer.AuditorToken + "\n" }, "ledger", "verify", "--server", Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(_server.EntryAuthorizations, header => Assert.Equal($"Bearer {LedgerTestServer.AuditorToken}", header));
    }

    [Fact]
    public async Task Token_option_wins_over_carechain_token()
    {
        var run = await CliRun.InvokeAsync(
            new Dictionary<string, string> { ["CARECHAIN_TOKEN"] = "from-the-environment" },
            "ledger", "verify", "--server", Url, "--token", LedgerTestServer.AuditorToken);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(_server.EntryAuthorizations, header => Assert.Equal($"Bearer {LedgerTestServer.AuditorToken}", header));
    }

    [Fact]
    public async Task No_token_exits_two_with_one_line_saying_how_to_give_one()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--server", Url);

        LedgerVerifyDatabaseTests.AssertError(
            run,
            "error: the server needs a bearer token (give --token or set CARECHAIN_TOKEN): GET /ledger/shards/0/entries?from=0&count=1000 answered HTTP 401 Unauthorized: Authentication required: Reading ledger entries and proofs needs a valid bearer token.");
        Assert.All(_server.EntryAuthorizations, header => Assert.Empty(header));
    }

    [Fact]
    public async Task Unknown_token_exits_two_saying_the_server_refused_it_without_printing_it()
    {
        const string token = "a-token-the-server-does-not-know";

        var run = await CliRun.InvokeAsync("ledger", "verify", "--server", Url, "--token", token);

        LedgerVerifyDatabaseTests.AssertError(
            run, "error: the server refused the token: GET /ledger/shards/0/entries?from=0&count=1000 answered HTTP 401 Unauthorized: Authentication required: Reading ledger entries and proofs needs a valid bearer token.");
        Assert.DoesNotContain(token, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forbidden_token_exits_two_with_the_servers_reason_without_printing_it()
    {
        var run = await CliRun.InvokeAsync(
            new Dictionary<string, string> { ["CARECHAIN_TOKEN"] = LedgerTestServer.PatientToken }, "ledger", "verify", "--server", Url);

        LedgerVerifyDatabaseTests.AssertError(
            run, "error: the server refused the token: GET /ledger/shards/0/entries?from=0&count=1000 answered HTTP 403 Forbidden: Forbidden: Only organizations may read ledger entries and proofs; this token's subject is a Patient.");
        Assert.DoesNotContain(LedgerTestServer.PatientToken, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carechain_token_with_spaces_inside_exits_two_without_printing_it()
    {
        var run = await CliRun.InvokeAsync(
            new Dictionary<string, string> { ["CARECHAIN_TOKEN"] = "Bearer secret-value" }, "ledger", "verify", "--server", Url);

        LedgerVerifyDatabaseTests.AssertError(run, "error: CARECHAIN_TOKEN must hold one token, without spaces or control characters");
        Assert.DoesNotContain("secret-value", run.Out + run.Error, StringComparison.Ordinal);
        Assert.Equal(0, _server.EntryRequests);
    }

    [Fact]
    public async Task Server_that_serves_entries_to_anyone_needs_no_token()
    {
        _server.RequiresToken = false;

        var run = await CliRun.InvokeAsync("ledger", "verify", "--server", Url);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    /// <summary><c>ledger verify --server</c> with the auditor's token, then <paramref name="options"/>.</summary>
    private Task<CliRun> VerifyAsync(params string[] options) =>
        CliRun.InvokeAsync(["ledger", "verify", "--server", Url, "--token", LedgerTestServer.AuditorToken, .. options]);

    private async Task<string> WriteKeyAsync(CheckpointKey key)
    {
        var path = _folder.Combine($"key-{key.KeyId[..8]}.pem");
        await File.WriteAllTextAsync(path, key.ToPem(), TestContext.Current.CancellationToken);
        return path;
    }
}
