using System.Net;
using System.Net.Http.Json;
using CareChain.Server.Ledger.Responses;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Hosting;
using CareChain.Testing;
using Microsoft.AspNetCore.Mvc;

namespace CareChain.Server.Tests.Ledger;

/// <summary>
/// Who may read the ledger over HTTP: entries and proofs only an organization with AuditEvent read
/// (deny by default), the checkpoint and its key anyone.
/// </summary>
public sealed class LedgerApiAccessTests(PostgresServer postgres)
{
    private static readonly string[] GuardedUrls =
    [
        "/ledger/shards/0/entries",
        "/ledger/shards/0/proofs/inclusion?seq=0",
        "/ledger/shards/0/proofs/consistency?from=1&to=2",
    ];

    [Fact]
    public async Task Entries_and_proofs_without_a_token_get_401_with_a_bearer_challenge()
    {
        using var folder = new TemporaryDirectory();
        var started = await StartAsync(folder);
        await using var host = started.Host;

        foreach (var url in GuardedUrls.Append("/ledger/shards/7/entries"))
        {
            var response = await host.Http.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{url}: {response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            var problem = await ReadProblemAsync(response);
            Assert.Equal(401, problem.Status);
            Assert.Equal("Authentication required", problem.Title);
        }
    }

    [Fact]
    public async Task A_token_the_server_did_not_sign_gets_401_invalid_token()
    {
        using var folder = new TemporaryDirectory();
        var started = await StartAsync(folder);
        await using var host = started.Host;
        var stranger = started.Settings with { AuthSigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) };
        using var forger = ServerTokens.Client(host, ServerTokens.ForAuditor(stranger));

        var response = await forger.GetAsync(new Uri(GuardedUrls[0], UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Authentication required", (await ReadProblemAsync(response)).Title);
    }

    [Theory]
    [InlineData("Patient/pat-ada", "patient/*.rs", "Only organizations")]
    [InlineData("Patient/pat-ada", "patient/AuditEvent.rs", "Only organizations")]
    [InlineData("Practitioner/dr-lee", "user/AuditEvent.rs", "Only organizations")]
    [InlineData("Organization/loader", "system/Observation.cruds system/Patient.cruds", "system/AuditEvent.r")]
    [InlineData("Organization/regulator", "system/AuditEvent.c", "system/AuditEvent.r")]
    public async Task Other_callers_get_403_saying_why(string subject, string scope, string reason)
    {
        using var folder = new TemporaryDirectory();
        var started = await StartAsync(folder);
        await using var host = started.Host;
        using var caller = ServerTokens.Client(host, ServerTokens.Issue(started.Settings, subject, scope));

        foreach (var url in GuardedUrls)
        {
            var response = await caller.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url}: {response.StatusCode}");
            var problem = await ReadProblemAsync(response);
            Assert.Equal("Forbidden", problem.Title);
            Assert.Contains(reason, problem.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(ServerTokens.AuditorSubject, ServerTokens.AuditorScope)]
    [InlineData("Organization/regulator", "system/*.rs")]
    public async Task An_organization_with_audit_event_read_gets_entries_and_proofs(string subject, string scope)
    {
        using var folder = new TemporaryDirectory();
        var started = await StartAsync(folder);
        await using var host = started.Host;
        using var auditor = ServerTokens.Client(host, ServerTokens.Issue(started.Settings, subject, scope));

        foreach (var url in GuardedUrls)
        {
            var response = await auditor.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        }

        var page = await auditor.GetFromJsonAsync<EntryPageResponse>(GuardedUrls[0], TestContext.Current.CancellationToken);
        Assert.Equal(3, page!.Entries.Count);
    }

    [Fact]
    public async Task Checkpoint_and_checkpoint_key_stay_public()
    {
        using var folder = new TemporaryDirectory();
        var started = await StartAsync(folder);
        await using var host = started.Host;
        var ct = TestContext.Current.CancellationToken;
        using var patient = ServerTokens.Client(host, ServerTokens.Issue(started.Settings, "Patient/pat-ada", "patient/*.rs"));

        var checkpoint = await host.Http.GetAsync(new Uri("/ledger/checkpoint", UriKind.Relative), ct);
        var key = await host.Http.GetAsync(new Uri("/ledger/checkpoint-key", UriKind.Relative), ct);
        var keyForAPatient = await patient.GetAsync(new Uri("/ledger/checkpoint-key", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, checkpoint.StatusCode);
        Assert.Equal(HttpStatusCode.OK, key.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keyForAPatient.StatusCode);
        Assert.NotNull(await checkpoint.Content.ReadFromJsonAsync<CheckpointResponse>(ct));
        Assert.NotNull(await key.Content.ReadFromJsonAsync<CheckpointKeyResponse>(ct));
    }

    private static async Task<ProblemDetails> ReadProblemAsync(HttpResponseMessage response)
    {
        // The same problem-details shape as the ledger API's 400 and 404.
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);
        Assert.NotNull(problem);
        return problem;
    }

    private async Task<(ServerHost Host, ServerSettings Settings)> StartAsync(TemporaryDirectory folder)
    {
        var settings = await ServerSettings.CreateAsync(StorageProvider.Sqlite, folder, postgres, shards: 1);
        var host = await ServerHost.StartAsync(settings);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => host.Ledger.AppendAsync(SampleRecords.Read(1, i))));
        return (host, settings);
    }
}
