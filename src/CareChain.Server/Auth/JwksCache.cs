using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Auth;

/// <summary>
/// The signing keys the identity provider publishes at <c>Auth:JwksUri</c>: fetched at first use, kept,
/// fetched again every <see cref="AuthSettings.JwksRefreshInterval"/>, and early when a token names a key
/// we do not hold (the provider rotated its keys) — at most once per
/// <see cref="AuthSettings.JwksUnknownKeyRefreshInterval"/>, so a flood of made-up <c>kid</c>s cannot
/// become a flood of requests to the provider. When a fetch fails the keys already held stay in use.
/// </summary>
/// <remarks>
/// JwtBearerHandler hands a <see cref="BaseConfigurationManager"/> to the token handler, which fetches the
/// keys before validating and, when no key fits, calls <see cref="RequestRefresh"/> and validates once more.
/// IdentityModel's own ConfigurationManager plugs in there too, but it reads the wall clock (its TimeProvider
/// is internal) and refreshes on background threads, so neither its throttle nor its refresh could be
/// tested without sleeping. This one reads the injected <see cref="TimeProvider"/> and fetches inline.
/// </remarks>
internal sealed class JwksCache : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>, IDisposable
{
    public const string HttpClientName = "CareChain.Auth.Jwks";

    /// <summary>How long one fetch may take; the token that waits for it is refused if it takes longer.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A key set is a few kilobytes; anything much larger is not one, and is not read into memory.</summary>
    public const int MaximumDocumentBytes = 512 * 1024;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    private readonly Uri _uri;
    private readonly string _address;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _unknownKeyRefreshInterval;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private readonly Lock _sync = new();
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _nextFetch = DateTimeOffset.MinValue;
    private DateTimeOffset? _lastRequestedRefresh;
    private bool _refreshRequested;
    private int _failures;

    public JwksCache(AuthSettings settings, IHttpClientFactory http, TimeProvider time, ILogger<JwksCache> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _uri = settings.JwksUri ?? throw new ArgumentException("Auth:JwksUri is not configured.", nameof(settings));
        _address = _uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        _http = http;
        _time = time;
        _logger = logger;
        _refreshInterval = settings.JwksRefreshInterval;
        _unknownKeyRefreshInterval = settings.JwksUnknownKeyRefreshInterval;
        MetadataAddress = _address;

        // A key the provider has withdrawn must stop working at once, not live on as "last known good".
        UseLastKnownGoodConfiguration = false;
    }

    /// <summary>
    /// The keys, fetched first when none are held, when they are due for a refresh, or when a refresh was
    /// requested. Throws an <see cref="InvalidOperationException"/> when no fetch has succeeded yet; the token
    /// handler catches it and goes on with the other keys, so the request gets 401, never 500.
    /// </summary>
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var current = Volatile.Read(ref _current);
        bool refreshRequested;
        lock (_sync)
        {
            if (current is not null && !IsDue())
            {
                return current;
            }

            refreshRequested = _refreshRequested;
        }

        // While another request fetches, one that holds keys and did not ask for new ones goes on with those.
        if (!await _fetching.WaitAsync(0, cancel))
        {
            if (current is not null && !refreshRequested)
            {
                return current;
            }

            await _fetching.WaitAsync(cancel);
        }

        try
        {
            bool due;
            lock (_sync)
            {
                due = IsDue();
            }

            if (due)
            {
                await FetchAsync();
            }
        }
        finally
        {
            _fetching.Release();
        }

        return Volatile.Read(ref _current)
            ?? throw new InvalidOperationException($"The signing keys at {_address} have not been fetched yet; tokens signed with them are refused until they are.");
    }

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) => await GetConfigurationAsync(cancel);

    /// <summary>
    /// Asks for the keys to be fetched again at the next <see cref="GetConfigurationAsync"/>; ignored when the
    /// last such request was less than <see cref="AuthSettings.JwksUnknownKeyRefreshInterval"/> ago.
    /// </summary>
    public override void RequestRefresh()
    {
        var now = _time.GetUtcNow();
        lock (_sync)
        {
            if (_lastRequestedRefresh is { } last && now - last < _unknownKeyRefreshInterval)
            {
                return;
            }

            _lastRequestedRefresh = now;
            _refreshRequested = true;
        }
    }

    public void Dispose() => _fetching.Dispose();

    // Callers hold _sync.
    private bool IsDue() => _refreshRequested || _time.GetUtcNow() >= _nextFetch;

    private async Task FetchAsync()
    {
        lock (_sync)
        {
            _refreshRequested = false;
        }

        OpenIdConnectConfiguration? fetched = null;
        string? failure = null;
        Exception? error = null;
        try
        {
            // Not the caller's token: a request that gives up must not count as the provider failing.
            using var response = await _http.CreateClient(HttpClientName).GetAsync(_uri, CancellationToken.None);
            if (response.IsSuccessStatusCode)
            {
                var read = JwksReader.Read(await response.Content.ReadAsStringAsync(CancellationToken.None));
                foreach (var problem in read.Problems)
                {
                    _logger.JwksKeyLeftOut(_address, problem);
                }

                fetched = read.Keys.Count > 0 ? ToConfiguration(read.Keys) : null;
                failure = fetched is null ? "the key set holds no usable signing keys" : null;
            }
            else
            {
                failure = $"the answer was HTTP {(int)response.StatusCode}";
            }
        }
        catch (HttpRequestException unreachable)
        {
            (failure, error) = (unreachable.Message, unreachable);
        }
        catch (TaskCanceledException timedOut)
        {
            (failure, error) = ($"no answer within {FetchTimeout.TotalSeconds:0} s", timedOut);
        }
        catch (FormatException invalid)
        {
            failure = $"the document {invalid.Message}";
        }
        catch (Exception unexpected) when (unexpected is not OutOfMemoryException)
        {
            // Whatever went wrong is recorded like the rest: a failure that escaped would skip the backoff.
            (failure, error) = (unexpected.GetType().Name, unexpected);
        }

        Record(fetched, failure ?? "unknown", error);
    }

    private void Record(OpenIdConnectConfiguration? fetched, string failure, Exception? error)
    {
        var now = _time.GetUtcNow();
        bool firstFailure = false, recovered = false;
        lock (_sync)
        {
            if (fetched is null)
            {
                // Back off from one second up to the early-refresh interval while the provider is down.
                firstFailure = ++_failures == 1;
                var delay = FirstRetryDelay * Math.Pow(2, Math.Min(_failures - 1, 20));
                _nextFetch = now + (delay < _unknownKeyRefreshInterval ? delay : _unknownKeyRefreshInterval);
            }
            else
            {
                recovered = _failures > 0;
                _failures = 0;
                _nextFetch = now + _refreshInterval;
                Volatile.Write(ref _current, fetched);
            }
        }

        if (fetched is null)
        {
            // Once per outage: the first failure says the provider is down; the retries would only repeat it.
            if (firstFailure)
            {
                _logger.JwksUnavailable(_address, failure, error);
            }
        }
        else if (recovered)
        {
            _logger.JwksRecovered(_address, fetched.SigningKeys.Count);
        }
        else
        {
            _logger.JwksFetched(_address, fetched.SigningKeys.Count);
        }
    }

    private static OpenIdConnectConfiguration ToConfiguration(IReadOnlyList<SecurityKey> keys)
    {
        var configuration = new OpenIdConnectConfiguration();
        foreach (var key in keys)
        {
            configuration.SigningKeys.Add(key);
        }

        return configuration;
    }
}
