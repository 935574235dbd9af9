using System.Net;
using System.Net.Http.Json;
using System.Text;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Merkle;
using CareChain.Server.Ledger.Responses;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Hosting;
using CareChain.Testing;
using Microsoft.AspNetCore.Mvc;

namespace CareChain.Server.Tests.Ledger;

public sealed class LedgerApiTests(PostgresServer postgres)
{
    [Fact]
    public async Task Published_entries_and_proofs_verify_against_the_signed_checkpoint()
    {
        using var folder = new TemporaryDirectory();
        var settings = await ServerSettings.CreateAsync(StorageProvider.Sqlite, folder, postgres, shards: 1);
        await using var host = await ServerHost.StartAsync(settings);
        var ct = TestContext.Current.CancellationToken;
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(i, i))));
        await host.CheckpointAsync();
        await Task.WhenAll(Enumerable.Range(40, 25).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(i, i))));
        await host.CheckpointAsync();
        using var auditor = ServerTokens.Client(host, ServerTokens.ForAuditor(settings));

        // The checkpoint and its key are public; entries and proofs need the auditor's token.
        var key = await host.Http.GetFromJsonAsync<CheckpointKeyResponse>("/ledger/checkpoint-key", ct);
        var published = await host.Http.GetFromJsonAsync<CheckpointResponse>("/ledger/checkpoint", ct);
        var page = await auditor.GetFromJsonAsync<EntryPageResponse>("/ledger/shards/0/entries?from=30&count=20", ct);
        var inclusion = await auditor.GetFromJsonAsync<InclusionProofResponse>("/ledger/shards/0/proofs/inclusion?seq=33&size=65", ct);
        var consistency = await auditor.GetFromJsonAsync<ConsistencyProofResponse>("/ledger/shards/0/proofs/consistency?from=40&to=65", ct);

        var checkpointKey = CheckpointKey.FromSubjectPublicKeyInfo(Convert.FromBase64String(key!.PublicKey));
        var signed = SignedCheckpoint.Parse(Encoding.UTF8.GetBytes(published!.Body), Convert.FromBase64String(published.Signature), published.KeyId);
        Assert.True(checkpointKey.Verify(signed));
        Assert.Equal(1, signed.Checkpoint.Number);
        var root = signed.Checkpoint.Shards.Single().Root;

        Assert.Equal(20, page!.Entries.Count);
        Assert.Equal(50, page.Next);
        var entry = page.Entries.Single(e => e.Seq == 33);
        var leaf = MerkleHash.Leaf(Encoding.UTF8.GetBytes(entry.Body));
        Assert.Equal(Convert.ToHexStringLower(leaf), inclusion!.LeafHash);
        Assert.True(new InclusionProof(33, 65, inclusion.Path.Select(Convert.FromHexString).ToList()).Verify(leaf, root));
        Assert.True(new ConsistencyProof(40, 65, consistency!.Path.Select(Convert.FromHexString).ToList())
            .Verify(Convert.FromHexString(consistency.FromRoot), root));
    }

    [Theory]
    [InlineData("/ledger/shards/0/entries?from=-1", "from")]
    [InlineData("/ledger/shards/0/entries?from=abc", "from")]
    [InlineData("/ledger/shards/0/entries?count=0", "count")]
    [InlineData("/ledger/shards/0/entries?count=100000", "count")]
    [InlineData("/ledger/shards/x/entries", "shard")]
    [InlineData("/ledger/shards/0/proofs/inclusion", "seq")]
    [InlineData("/ledger/shards/0/proofs/inclusion?seq=2&size=99", "size")]
    [InlineData("/ledger/shards/0/proofs/inclusion?seq=5&size=5", "seq")]
    [InlineData("/ledger/shards/0/proofs/consistency?from=4", "to")]
    [InlineData("/ledger/shards/0/proofs/consistency?from=5&to=3", "from")]
    [InlineData("/ledger/shards/0/proofs/consistency?from=1&to=99", "to")]
    public async Task Malformed_query_parameters_get_400_naming_the_parameter(string url, string parameter)
    {
        using var folder = new TemporaryDirectory();
        var started = await StartWithEntriesAsync(folder, 10);
        await using var host = started.Host;
        using var auditor = ServerTokens.Client(host, ServerTokens.ForAuditor(started.Settings));

        var response = await auditor.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(parameter, problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_shard_is_404_and_there_is_no_append_endpoint()
    {
        using var folder = new TemporaryDirectory();
        var started = await StartWithEntriesAsync(folder, 1);
        await using var host = started.Host;
        using var auditor = ServerTokens.Client(host, ServerTokens.ForAuditor(started.Settings));
        var ct = TestContext.Current.CancellationToken;

        var missing = await auditor.GetAsync(new Uri("/ledger/shards/7/entries", UriKind.Relative), ct);
        using var body = new StringContent("{}", Encoding.UTF8, "application/json");
        var append = await auditor.PostAsync(new Uri("/ledger/shards/0/entries", UriKind.Relative), body, ct);
        var health = await host.Http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, append.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private async Task<(ServerHost Host, ServerSettings Settings)> StartWithEntriesAsync(TemporaryDirectory folder, int entries)
    {
        var settings = await ServerSettings.CreateAsync(StorageProvider.Sqlite, folder, postgres, shards: 1);
        var host = await ServerHost.StartAsync(settings);
        await Task.WhenAll(Enumerable.Range(0, entries).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(1, i))));
        return (host, settings);
    }
}
