using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CareChain.Server.Tests.Auth;

/// <summary>
/// A stand-in identity provider: a real Kestrel listener on a loopback port of the system's choosing
/// that serves a JWKS document at <see cref="JwksUri"/> and counts how often it is asked for it.
/// </summary>
internal sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile string _document = """{"keys":[]}""";
    private volatile int _status = StatusCodes.Status200OK;
    private int _fetches;
    private bool _stopped;

    private JwksServer(WebApplication app) => _app = app;

    public Uri JwksUri { get; private set; } = null!;

    /// <summary>How many times the key set was requested.</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    public static async Task<JwksServer> StartAsync(string document)
    {
        // The empty builder reads no appsettings.json from the test's folder and logs nothing.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new JwksServer(app);
        server.Serve(document);
        app.Run(server.AnswerAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        server.JwksUri = new Uri(new Uri(app.Urls.Single()), "/jwks");
        return server;
    }

    public static Task<JwksServer> StartAsync(params TestSigningKey[] keys) => StartAsync(TestSigningKey.Jwks(keys));

    /// <summary>From now on, answers 200 with <paramref name="document"/>.</summary>
    public void Serve(string document)
    {
        _document = document;
        _status = StatusCodes.Status200OK;
    }

    public void Serve(params TestSigningKey[] keys) => Serve(TestSigningKey.Jwks(keys));

    /// <summary>From now on, answers <paramref name="status"/> with a short text body.</summary>
    public void Fail(int status)
    {
        _document = "unavailable";
        _status = status;
    }

    /// <summary>Closes the listener: from now on connections to <see cref="JwksUri"/> are refused.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _fetches);
        context.Response.StatusCode = _status;
        context.Response.ContentType = "application/jwk-set+json";
        await context.Response.WriteAsync(_document, context.RequestAborted);
    }
}
