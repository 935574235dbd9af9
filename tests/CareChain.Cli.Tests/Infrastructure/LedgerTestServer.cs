using System.Globalization;
using System.Net;
using System.Text;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CareChain.Cli.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port that serves a <see cref="TestLedger"/> in
/// the CareChain server's ledger API shapes, and can be told to misbehave. Like the real server it
/// serves entries only to an auditor's bearer token (<see cref="AuditorToken"/>) and keeps the
/// checkpoint and its key public.
/// </summary>
internal sealed class LedgerTestServer : IAsyncDisposable
{
    /// <summary>The token the entries endpoint accepts.</summary>
    public const string AuditorToken = "auditor-token-that-must-not-be-printed";

    /// <summary>A token the server knows but that may not read entries: answered 403, as a patient's is.</summary>
    public const string PatientToken = "patient-token-that-must-not-be-printed";

    private const int DefaultPageSize = 500;
    private const int MaxPageSize = 5000;

    private readonly WebApplication _app;
    private readonly List<StoredEntry>[] _shards;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _entryAuthorizations = new();
    private int _entryRequests;

    private LedgerTestServer(WebApplication app, TestLedger ledger)
    {
        _app = app;
        _shards = ledger.Shards.Select(shard => shard.ToList()).ToArray();
        Checkpoint = ledger.LatestCheckpoint;
        PublishedKey = ledger.PublicKey;
    }

    public Uri Address { get; private set; } = null!;

    public ServerFault Fault { get; set; }

    /// <summary>When set, <see cref="Fault"/> applies to this shard only.</summary>
    public int? FaultyShard { get; set; }

    public SignedCheckpoint Checkpoint { get; set; }

    public CheckpointKey PublishedKey { get; set; }

    public int EntryRequests => Volatile.Read(ref _entryRequests);

    /// <summary>False serves entries to anyone, as a server behind an authenticating proxy might.</summary>
    public bool RequiresToken { get; set; } = true;

    /// <summary>The <c>Authorization</c> header of every entries request (empty when none was sent).</summary>
    public IReadOnlyCollection<string> EntryAuthorizations => _entryAuthorizations;

    public static async Task<LedgerTestServer> StartAsync(TestLedger ledger)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LedgerTestServer(app, ledger);
        app.MapGet("/ledger/checkpoint", () => Results.Json(new
        {
            number = server.Checkpoint.Checkpoint.Number,
            keyId = server.Checkpoint.KeyId,
            body = Encoding.UTF8.GetString(server.Checkpoint.Body),
            signature = Convert.ToBase64String(server.Checkpoint.Signature),
        }));
        app.MapGet("/ledger/checkpoint-key", () => Results.Json(new
        {
            keyId = server.PublishedKey.KeyId,
            algorithm = "ES256",
            publicKey = Convert.ToBase64String(server.PublishedKey.SubjectPublicKeyInfo),
            pem = server.PublishedKey.ToPem(),
        }));
        app.MapGet("/ledger/shards/{shard:int}/entries", server.ServeEntriesAsync);
        await app.StartAsync();
        var address = app.Urls.Single();
        server.Address = new Uri(address);
        return server;
    }

    /// <summary>Serves <paramref name="replacement"/> in place of the stored row.</summary>
    public void ReplaceEntry(StoredEntry replacement) => _shards[replacement.Shard][(int)replacement.Sequence] = replacement;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeEntriesAsync(HttpContext context, int shard, long? from, int? count)
    {
        Interlocked.Increment(ref _entryRequests);
        var authorization = context.Request.Headers.Authorization.ToString();
        _entryAuthorizations.Enqueue(authorization);
        if (RequiresToken && authorization != $"Bearer {AuditorToken}")
        {
            await RefuseAsync(context, authorization);
            return;
        }

        var start = from ?? 0;
        var take = Math.Clamp(count ?? DefaultPageSize, 1, MaxPageSize);
        var fault = FaultyShard is null || FaultyShard == shard ? Fault : ServerFault.None;
        switch (fault)
        {
            case ServerFault.InternalError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await WriteAsync(context, "application/problem+json", """{"title":"Storage unavailable","status":500}""");
                return;
            case ServerFault.GarbageJson:
                await WriteAsync(context, "application/json", """{"shard":0,"from":0,"entries":[{"seq":""");
                return;
            case ServerFault.HtmlInsteadOfJson:
                await WriteAsync(context, "text/html", "<html><body>Welcome to nginx!</body></html>");
                return;
            case ServerFault.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            case ServerFault.EndlessBody:
                await WriteEndlessAsync(context);
                return;
            default:
                break;
        }

        var rows = shard < _shards.Length ? _shards[shard].Where(row => row.Sequence >= start).Take(take).ToList() : [];
        long? next = rows.Count == take ? rows[^1].Sequence + 1 : null;
        var entries = rows.Select(row => EntryJson(row.Sequence, Convert.ToHexStringLower(row.EntryHash!), JsonString(row.Body))).ToList();
        var pageShard = shard;
        switch (fault)
        {
            case ServerFault.NonAdvancingNext:
                next = start;
                break;
            case ServerFault.EmptyPageWithNext:
                entries.Clear();
                next = start + 1;
                break;
            case ServerFault.WrongShard:
                pageShard = shard + 1;
                break;
            case ServerFault.LoneSurrogateInBody:
                entries = [EntryJson(start, string.Empty, "\"\\ud800\"")];
                next = null;
                break;
            default:
                break;
        }

        var json = string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"shard":{{pageShard}},"from":{{start}},"entries":[{{string.Join(',', entries)}}],"next":{{(next is { } n ? n.ToString(CultureInfo.InvariantCulture) : "null")}}}""");
        var bytes = Encoding.UTF8.GetBytes(json);
        if (fault == ServerFault.InvalidUtf8)
        {
            bytes = [.. Encoding.UTF8.GetBytes("""{"shard":0,"from":0,"entries":[{"seq":0,"hash":"","body":"bad """), 0xC3, 0x28, .. "\"}],\"next\":null}"u8];
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>The real server's answers: 401 with a challenge for no or an unknown token, 403 for a known one that may not read.</summary>
    private static async Task RefuseAsync(HttpContext context, string authorization)
    {
        if (authorization == $"Bearer {PatientToken}")
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await WriteAsync(
                context,
                "application/problem+json",
                """{"title":"Forbidden","status":403,"detail":"Only organizations may read ledger entries and proofs; this token's subject is a Patient."}""");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = authorization.Length > 0 ? "Bearer error=\"invalid_token\"" : "Bearer";
        await WriteAsync(
            context,
            "application/problem+json",
            """{"title":"Authentication required","status":401,"detail":"Reading ledger entries and proofs needs a valid bearer token."}""");
    }

    private static string EntryJson(long sequence, string hash, string bodyJson) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{sequence}},"hash":"{{hash}}","body":{{bodyJson}}}""");

    private static string JsonString(byte[] utf8) => System.Text.Json.JsonSerializer.Serialize(Encoding.UTF8.GetString(utf8));

    private static async Task WriteAsync(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static async Task WriteEndlessAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        var chunk = Encoding.UTF8.GetBytes(new string(' ', 64 * 1024));
        await context.Response.Body.WriteAsync("["u8.ToArray(), context.RequestAborted);
        while (!context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        }
    }
}
