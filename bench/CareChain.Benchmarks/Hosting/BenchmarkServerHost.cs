using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using CareChain.Grains.Ledger;
using CareChain.Grains.Ledger.Shards;
using CareChain.Ledger.Checkpoints;
using CareChain.Server.Hosting;
using CareChain.Server.Storage;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Benchmarks.Hosting;

/// <summary>
/// The full server as Program.cs composes it (Kestrel on a free loopback port, the co-hosted silo,
/// real storage with durability on, JWT bearer authentication in production mode), in a fresh
/// data folder and, for PostgreSQL, on a private server with a fresh database. It mints its own
/// HS256 tokens with the configured key, the way an authorization server would. Disposing stops
/// everything and deletes what it created.
/// </summary>
internal sealed class BenchmarkServerHost : IAsyncDisposable
{
    public const string Issuer = "https://carechain.bench/issuer";
    public const string Audience = "carechain";

    /// <summary>The hospital feed: writes patient data and consents as the custodian.</summary>
    public const string FeedSubject = "Organization/ehr-feed";
    public const string FeedScope = "system/*.cruds";

    private static readonly JsonWebTokenHandler TokenHandler = new() { SetDefaultTimesOnTokenCreation = false };
    private static readonly FhirJsonSerializer Json = new();

    private readonly WebApplication _app;
    private readonly TemporaryDirectory _folder;
    private readonly PostgresServer? _postgres;
    private readonly SigningCredentials _credentials;

    private BenchmarkServerHost(WebApplication app, TemporaryDirectory folder, PostgresServer? postgres, byte[] signingKey)
    {
        _app = app;
        _folder = folder;
        _postgres = postgres;
        _credentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        FhirBase = new Uri(address.TrimEnd('/') + "/fhir/");
    }

    /// <summary>The FHIR base URL, ending in a slash.</summary>
    public Uri FhirBase { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public LedgerWriter Writer => _app.Services.GetRequiredService<LedgerWriter>();

    public int Shards => _app.Services.GetRequiredService<IOptions<LedgerOptions>>().Value.Shards;

    public static async Task<BenchmarkServerHost> StartAsync(StorageProvider provider, int shards = 16)
    {
        var folder = new TemporaryDirectory("carechain-bench");
        PostgresServer? postgres = null;
        try
        {
            string? connectionString = null;
            if (provider == StorageProvider.Postgres)
            {
                // fsync and synchronous_commit stay on: every read is ledgered with a durable commit.
                postgres = new PostgresServer();
                await postgres.StartAsync();
                connectionString = await postgres.CreateDatabaseAsync("carechain_bench");
            }

            var signingKey = RandomNumberGenerator.GetBytes(32);
            using var signer = CheckpointSigner.Generate();
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                EnvironmentName = Environments.Production,
                ContentRootPath = folder.Path,
            });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Storage:Provider"] = provider.ToString(),
                ["Storage:DataPath"] = folder.Combine("data"),
                ["Storage:ConnectionString"] = connectionString,
                ["Ledger:Shards"] = shards.ToString(CultureInfo.InvariantCulture),
                ["Ledger:Keys:CheckpointSigningKey"] = signer.ExportPkcs8Pem(),
                ["Ledger:Keys:PseudonymKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Ledger:Keys:DetailsKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Auth:Issuer"] = Issuer,
                ["Auth:Audience"] = Audience,
                ["Auth:SigningKey"] = Convert.ToBase64String(signingKey),
                ["Orleans:SiloPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
                ["Orleans:GatewayPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
            });

            // The benchmark's console is BenchmarkDotNet's log: only problems belong there.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddCareChainServer();

            var app = builder.Build();
            app.MapCareChainEndpoints();
            await app.StartAsync();
            return new BenchmarkServerHost(app, folder, postgres, signingKey);
        }
        catch
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            folder.Dispose();
            throw;
        }
    }

    /// <summary>Sum of the committed sizes of all shards, read from the shard grains.</summary>
    public async Task<long> CommittedEntriesAsync()
    {
        var heads = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, Shards).Select(shard => Grains.GetGrain<ILedgerShardGrain>(shard).GetHeadAsync()));
        return heads.Sum(head => head.Size);
    }

    /// <summary>A bearer token for <paramref name="subject"/> with <paramref name="scope"/>, valid for two hours.</summary>
    public string Token(string subject, string scope)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        return TokenHandler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(2),
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = subject,
                ["scope"] = scope,
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
        });
    }

    /// <summary>An HTTP client on the FHIR base that sends <paramref name="token"/> on every request.</summary>
    public HttpClient Client(string token)
    {
        // One pooled handler per client; its connection pool grows to the number of concurrent requests.
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = FhirBase };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        return client;
    }

    /// <summary>Creates or replaces <paramref name="resource"/> at its id through the API (FHIR update), failing loudly.</summary>
    public static async System.Threading.Tasks.Task PutAsync(HttpClient client, Resource resource)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resource);
        using var content = new StringContent(Json.SerializeToString(resource), Encoding.UTF8, "application/fhir+json");
        using var response = await client.PutAsync(new Uri(resource.TypeName + "/" + resource.Id, UriKind.Relative), content);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"PUT {resource.TypeName}/{resource.Id} answered {(int)response.StatusCode}: {body}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
        finally
        {
            try
            {
                if (_postgres is not null)
                {
                    await _postgres.DisposeAsync();
                }
            }
            finally
            {
                _folder.Dispose();
            }
        }
    }
}
