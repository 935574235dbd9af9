using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CareChain.Cli.Terminal;

namespace CareChain.Cli.Sources.Http;

/// <summary>
/// GETs JSON from the ledger API and treats every response as hostile: the whole exchange has a
/// deadline, the body is read through a size cap (Content-Length is not trusted), the media type
/// must be JSON, and anything that fails becomes an <see cref="OperationalErrorException"/> whose
/// message names the request. The bearer token, when there is one, goes only into the
/// <c>Authorization</c> header, never into a message.
/// </summary>
internal sealed class LedgerHttpClient
{
    private const int MaxProblemBytes = 16 * 1024;
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly string _displayAddress;
    private readonly HttpLedgerExportOptions _options;
    private readonly string? _bearerToken;

    public LedgerHttpClient(HttpClient http, Uri server, HttpLedgerExportOptions options, string? bearerToken)
    {
        _http = http;
        _options = options;
        _bearerToken = bearerToken;

        _baseAddress = ServerAddress.WithTrailingSlash(server);

        // Messages name the server without any user:password@ part of the URL.
        _displayAddress = _baseAddress.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    public async Task<T> GetAsync<T>(string relativePath, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var uri = new Uri(_baseAddress, relativePath);
        var what = "GET " + uri.PathAndQuery;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_bearerToken is not null)
            {
                // Per request rather than on the HttpClient, which the caller may own and share.
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearerToken);
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new OperationalErrorException(await DescribeRefusalAsync(response, what, deadline.Token));
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new OperationalErrorException(await DescribeFailureAsync(response, what, deadline.Token));
            }

            if (!IsJson(response.Content.Headers.ContentType))
            {
                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
                throw new OperationalErrorException(
                    $"{what} answered {OneLine.Sanitize(mediaType, 80)}, not JSON; is {_displayAddress} a CareChain server?");
            }

            var body = await ReadCappedAsync(response.Content, _options.MaxResponseBytes, what, deadline.Token);
            return Deserialize(body, typeInfo, what);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new OperationalErrorException(
                $"{what} timed out after {_options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException failure)
        {
            throw new OperationalErrorException($"cannot reach {_displayAddress}: {Describe(failure)}", failure);
        }
        catch (IOException failure)
        {
            // A connection dropped while the body was being read.
            throw new OperationalErrorException($"{what} failed while reading the response: {failure.Message}", failure);
        }
    }

    private static bool IsJson(MediaTypeHeaderValue? contentType)
    {
        var mediaType = contentType?.MediaType;
        return mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                    && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
    }

    private static T Deserialize<T>(byte[] body, JsonTypeInfo<T> typeInfo, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw new OperationalErrorException($"{what} answered JSON null instead of a {Noun<T>()}");
        }
        catch (JsonException failure)
        {
            var where = string.IsNullOrEmpty(failure.Path) ? string.Empty : $" at {failure.Path}";
            throw new OperationalErrorException(
                $"{what} answered JSON that is not a valid {Noun<T>()}{where}", failure);
        }
    }

    private static string Noun<T>() => typeof(T).Name switch
    {
        nameof(CheckpointResponse) => "checkpoint",
        nameof(CheckpointKeyResponse) => "checkpoint key",
        nameof(EntryPageResponse) => "page of entries",
        _ => "response",
    };

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, int maxBytes, string what, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw new OperationalErrorException(TooLarge(what, maxBytes));
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream(declared is { } length ? (int)length : 64 * 1024);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new OperationalErrorException(TooLarge(what, maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string TooLarge(string what, int maxBytes) =>
        $"{what} answered more than {maxBytes / (1024 * 1024.0):0.##} MiB; refusing it (try a smaller --page-size)";

    private static async Task<string> DescribeFailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = $"{what} failed: HTTP {(int)response.StatusCode} {OneLine.Sanitize(response.ReasonPhrase, 60)}".TrimEnd();
        var problem = await TryReadProblemAsync(response.Content, cancellationToken);
        return problem is null ? status : $"{status}: {problem}";
    }

    /// <summary>
    /// A 401 or 403 is about the token, not the ledger, so the message leads with that and says
    /// what to do; the server's problem text (never the token) says why.
    /// </summary>
    private async Task<string> DescribeRefusalAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = $"HTTP {(int)response.StatusCode} {OneLine.Sanitize(response.ReasonPhrase, 60)}".TrimEnd();
        var problem = await TryReadProblemAsync(response.Content, cancellationToken);
        var answer = problem is null ? $"{what} answered {status}" : $"{what} answered {status}: {problem}";
        return _bearerToken is null
            ? $"the server needs a bearer token (give --token or set {Commands.BearerToken.Variable}): {answer}"
            : $"the server refused the token: {answer}";
    }

    /// <summary>The problem document's title and detail, if the error response has a readable one.</summary>
    private static async Task<string?> TryReadProblemAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (!IsJson(content.Headers.ContentType))
        {
            return null;
        }

        try
        {
            var body = await ReadCappedAsync(content, MaxProblemBytes, "problem", cancellationToken);
            var problem = JsonSerializer.Deserialize(body, LedgerWireJsonContext.Default.ProblemResponse);
            var text = string.Join(": ", new[] { problem?.Title, problem?.Detail }.Where(part => !string.IsNullOrWhiteSpace(part)));
            return text.Length == 0 ? null : OneLine.Sanitize(text, 200);
        }
        catch (Exception failure) when (failure is JsonException or OperationalErrorException or IOException or HttpRequestException)
        {
            // The status line already says what went wrong; an unreadable explanation adds nothing.
            return null;
        }
    }

    private static string Describe(HttpRequestException failure) =>
        failure.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name does not resolve",
            HttpRequestError.ConnectionError => "connection refused or unreachable",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.InvalidResponse => "the response is not valid HTTP",
            HttpRequestError.ResponseEnded => "the server closed the connection early",
            _ => OneLine.Sanitize(failure.Message),
        };
}
