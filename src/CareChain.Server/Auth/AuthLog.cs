namespace CareChain.Server.Auth;

/// <summary>Auth log events. The key set's address, counts and reasons only: never a token, never key material.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(3001, LogLevel.Warning,
        "The identity provider's signing keys at {JwksUri} could not be fetched: {Reason}. Tokens signed with a key not already held are refused until a fetch succeeds; retrying with backoff")]
    public static partial void JwksUnavailable(this ILogger logger, string jwksUri, string reason, Exception? exception);

    [LoggerMessage(3002, LogLevel.Information, "The identity provider's signing keys at {JwksUri} can be fetched again: {KeyCount} keys")]
    public static partial void JwksRecovered(this ILogger logger, string jwksUri, int keyCount);

    [LoggerMessage(3003, LogLevel.Debug, "Fetched {KeyCount} signing keys from {JwksUri}")]
    public static partial void JwksFetched(this ILogger logger, string jwksUri, int keyCount);

    [LoggerMessage(3004, LogLevel.Warning, "A signing key at {JwksUri} was left out: {Problem}")]
    public static partial void JwksKeyLeftOut(this ILogger logger, string jwksUri, string problem);
}
