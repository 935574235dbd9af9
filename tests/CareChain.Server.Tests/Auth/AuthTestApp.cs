using CareChain.Server.Auth;
using CareChain.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CareChain.Server.Tests.Auth;

/// <summary>
/// A minimal in-process app wired the way Program.cs wires auth, plus <c>GET /whoami</c>, which
/// answers the <see cref="Caller"/> the request's token makes, or 401 like the FHIR endpoints.
/// </summary>
internal sealed class AuthTestApp : IAsyncDisposable
{
    public const string WhoAmIPath = "/whoami";

    private readonly TemporaryDirectory _contentRoot;
    private readonly WebApplication _app;

    private AuthTestApp(TemporaryDirectory contentRoot, WebApplication app)
    {
        _contentRoot = contentRoot;
        _app = app;
        Http = app.GetTestClient();
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the app; throws what <see cref="AuthServiceCollectionExtensions.AddCareChainAuth"/> throws.</summary>
    public static async Task<AuthTestApp> StartAsync(
        string environment, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        // An empty content root, so no appsettings.json from the build output leaks into the test.
        var contentRoot = new TemporaryDirectory("carechain-auth");
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = contentRoot.Path });
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
            }

            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            builder.AddCareChainAuth();

            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapDevTokenEndpoint();
            app.MapGet(WhoAmIPath, (HttpContext http) => Caller.FromPrincipal(http.User) is { } caller
                ? Results.Text($"{caller.Reference} {caller.Scopes}")
                : Results.Unauthorized());
            await app.StartAsync(TestContext.Current.CancellationToken);
            return new AuthTestApp(contentRoot, app);
        }
        catch
        {
            contentRoot.Dispose();
            throw;
        }
    }

    public async Task<HttpResponseMessage> WhoAmIAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WhoAmIPath);
        request.Headers.Authorization = new("Bearer", accessToken);
        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _contentRoot.Dispose();
    }
}
