using CareChain.Cli.Sources.Http;
using CareChain.Cli.Tests.Infrastructure;

namespace CareChain.Cli.Tests.Sources.Http;

/// <summary><see cref="HttpLedgerExport"/> over a real local HTTP server that behaves, and then does not.</summary>
[Trait("Category", "Cli")]
public sealed class HttpLedgerExportTests : IAsyncLifetime
{
    private readonly TestLedger _ledger = TestLedger.Create(shards: 2, rounds: 2, perRound: 5, trailing: 1);
    private readonly HttpClient _http = new();
    private LedgerTestServer _server = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await LedgerTestServer.StartAsync(_ledger);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _ledger.Dispose();
    }

    [Fact]
    public async Task Shard_is_read_page_by_page_exactly_as_stored()
    {
        var export = CreateExport(new HttpLedgerExportOptions { PageSize = 3 });

        var rows = await ReadAllAsync(export.ReadShardAsync(1, Cancellation));

        Assert.Equal(_ledger.Shards[1], rows);

        // 12 rows in pages of 3: four full pages, then an empty one that ends the shard.
        Assert.Equal(5, _server.EntryRequests);
    }

    [Fact]
    public async Task Checkpoint_and_published_key_are_read_and_checked()
    {
        var export = CreateExport();

        var checkpoint = Assert.Single(await ReadAllAsync(export.ReadCheckpointsAsync(Cancellation)));
        var key = await export.ReadCheckpointKeyAsync(Cancellation);

        Assert.Equal(_ledger.LatestCheckpoint, checkpoint);
        Assert.Equal(_ledger.PublicKey, key);
    }

    [Fact]
    public async Task Published_key_whose_id_does_not_match_its_bytes_is_refused()
    {
        _server.PublishedKey = _ledger.PublicKey with { KeyId = new string('0', 64) };
        var export = CreateExport();

        var failure = await Assert.ThrowsAsync<OperationalErrorException>(() => export.ReadPublishedKeyAsync(Cancellation));

        Assert.Contains("publishes key id 0000", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ServerFault.InternalError, "HTTP 500")]
    [InlineData(ServerFault.GarbageJson, "not a valid page of entries")]
    [InlineData(ServerFault.HtmlInsteadOfJson, "answered text/html, not JSON")]
    [InlineData(ServerFault.NonAdvancingNext, "it must advance")]
    [InlineData(ServerFault.EmptyPageWithNext, "empty page from 0 that claims more follow")]
    [InlineData(ServerFault.WrongShard, "with shard 1 from 0")]
    [InlineData(ServerFault.LoneSurrogateInBody, "not a valid page of entries")]
    [InlineData(ServerFault.InvalidUtf8, "not a valid page of entries")]
    public async Task Misbehaving_server_becomes_one_operational_error(ServerFault fault, string expected)
    {
        _server.Fault = fault;
        var export = CreateExport(new HttpLedgerExportOptions { PageSize = 2 });

        var failure = await Assert.ThrowsAsync<OperationalErrorException>(() => ReadAllAsync(export.ReadShardAsync(0, Cancellation)));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task Response_larger_than_the_cap_is_refused_without_reading_it_all()
    {
        _server.Fault = ServerFault.EndlessBody;
        var export = CreateExport(new HttpLedgerExportOptions { MaxResponseBytes = 256 * 1024 });

        var failure = await Assert.ThrowsAsync<OperationalErrorException>(() => ReadAllAsync(export.ReadShardAsync(0, Cancellation)));

        Assert.Contains("answered more than 0.25 MiB", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_that_never_answers_times_out()
    {
        _server.Fault = ServerFault.Hang;
        var export = CreateExport(new HttpLedgerExportOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) });

        var failure = await Assert.ThrowsAsync<OperationalErrorException>(() => ReadAllAsync(export.ReadShardAsync(0, Cancellation)));

        Assert.Contains("timed out after 0.2 s", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "the server needs a bearer token (give --token or set CARECHAIN_TOKEN): GET /ledger/shards/0/entries?from=0&count=1000 answered HTTP 401")]
    [InlineData("unknown-token", "the server refused the token: GET /ledger/shards/0/entries?from=0&count=1000 answered HTTP 401")]
    [InlineData(LedgerTestServer.PatientToken, "the server refused the token: GET /ledger/shards/0/entries?from=0&count=1000 answered HTTP 403")]
    public async Task Refused_token_becomes_one_operational_error_about_the_token(string? token, string expected)
    {
        var export = new HttpLedgerExport(_http, _server.Address, bearerToken: token);

        var failure = await Assert.ThrowsAsync<OperationalErrorException>(() => ReadAllAsync(export.ReadShardAsync(0, Cancellation)));

        Assert.StartsWith(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        if (token is not null)
        {
            Assert.DoesNotContain(token, failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Checkpoint_and_key_are_read_without_a_token()
    {
        var export = new HttpLedgerExport(_http, _server.Address);

        Assert.Equal(_ledger.LatestCheckpoint, await export.ReadLatestCheckpointAsync(Cancellation));
        Assert.Equal(_ledger.PublicKey, await export.ReadPublishedKeyAsync(Cancellation));
    }

    [Fact]
    public async Task Server_path_prefix_is_kept()
    {
        var export = new HttpLedgerExport(_http, new Uri(_server.Address, "/nested"));

        var failure = await Assert.ThrowsAsync<OperationalErrorException>(() => export.ReadLatestCheckpointAsync(Cancellation));

        Assert.Contains("GET /nested/ledger/checkpoint failed: HTTP 404", failure.Message, StringComparison.Ordinal);
    }

    private HttpLedgerExport CreateExport(HttpLedgerExportOptions? options = null) =>
        new(_http, _server.Address, options, LedgerTestServer.AuditorToken);

    private static async Task<List<T>> ReadAllAsync<T>(IAsyncEnumerable<T> source)
    {
        var items = new List<T>();
        await foreach (var item in source)
        {
            items.Add(item);
        }

        return items;
    }
}
