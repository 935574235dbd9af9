using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace CareChain.Server.Auth;

/// <summary>
/// <c>POST /auth/dev-token</c>: hands out a token for any subject and scopes, so the API can be tried
/// without an authorization server. It exists only in the Development environment.
/// </summary>
public static class DevTokenEndpoint
{
    public const string Path = "/auth/dev-token";

    /// <summary>Maps the endpoint in Development; anywhere else it maps nothing, whoever calls it.</summary>
    public static IEndpointRouteBuilder MapDevTokenEndpoint(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return app;
        }

        if (app.ServiceProvider.GetService<TokenIssuer>() is null)
        {
            throw new InvalidOperationException($"The development token endpoint needs {nameof(AuthServiceCollectionExtensions.AddCareChainAuth)}() on the builder.");
        }

        app.MapPost(Path, IssueAsync).WithTags("Auth").ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<JsonHttpResult<DevTokenResponse>, JsonHttpResult<OAuthError>>> IssueAsync(
        HttpRequest request, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        // Token responses, errors included, must never be cached (RFC 6749 §5.1).
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        request.HttpContext.Response.Headers.Pragma = "no-cache";

        var (body, problem) = await ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return BadRequest(problem!);
        }

        if (string.IsNullOrWhiteSpace(body.Sub) || !Caller.TryParseReference(body.Sub, out _, out _))
        {
            return BadRequest("The sub field must be a Patient, Practitioner or Organization reference such as \"Patient/123\".");
        }

        SmartScopeSet scopes;
        try
        {
            scopes = SmartScopeSet.Parse(body.Scope);
        }
        catch (FormatException invalid)
        {
            return BadRequest($"The scope field is invalid: {invalid.Message}");
        }

        if (scopes.IsEmpty)
        {
            return BadRequest("The scope field must list at least one scope, such as \"patient/*.rs\".");
        }

        var token = issuer.Issue(body.Sub, scopes.ToString());
        return TypedResults.Json(
            new DevTokenResponse(token.AccessToken, "Bearer", token.ExpiresIn, scopes.ToString()), AuthJsonContext.Default.DevTokenResponse);
    }

    private static async Task<(DevTokenRequest? Body, string? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return (new DevTokenRequest(Single(form["sub"]), Single(form["scope"])), null);
        }

        if (!request.HasJsonContentType())
        {
            return (null, "The request body must be application/json or application/x-www-form-urlencoded with the fields sub and scope.");
        }

        try
        {
            var body = await request.ReadFromJsonAsync(AuthJsonContext.Default.DevTokenRequest, cancellationToken);
            return body is null ? (null, "The request body must be a JSON object with the fields sub and scope.") : (body, null);
        }
        catch (JsonException)
        {
            return (null, "The request body is not valid JSON: send an object with the string fields sub and scope.");
        }
    }

    // A field given twice is ambiguous; reading it as missing gives a clear error instead of a guess.
    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    private static JsonHttpResult<OAuthError> BadRequest(string description) =>
        TypedResults.Json(OAuthError.InvalidRequest(description), AuthJsonContext.Default.OAuthError, statusCode: StatusCodes.Status400BadRequest);
}
