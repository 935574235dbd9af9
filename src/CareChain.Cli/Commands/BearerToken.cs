using System.CommandLine;
using System.CommandLine.Parsing;

namespace CareChain.Cli.Commands;

/// <summary>
/// Where a command's bearer token comes from: <c>--token</c>, else the <c>CARECHAIN_TOKEN</c>
/// environment variable. Kept in one place so every command that talks to a server finds and checks
/// its token alike. The token's value never appears in a message, only where it came from.
/// </summary>
internal static class BearerToken
{
    /// <summary>The environment variable read for a bearer token when <c>--token</c> is not given.</summary>
    public const string Variable = "CARECHAIN_TOKEN";

    /// <summary>The <c>--token</c> option; <paramref name="what"/> says which token the server expects.</summary>
    public static Option<string?> CreateOption(string what) => new("--token")
    {
        // The variable is preferred because a command line is visible to other users (ps, /proc).
        Description = $"Bearer token ({what}). Prefer {Variable}: a command line can be seen by other users.",
        HelpName = "JWT",
    };

    /// <summary>Adds an error for a blank <c>--token</c> or one that could not be sent as a single header value.</summary>
    public static void Validate(CommandResult result, Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.GetValue(option) is not { } value)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            result.AddError("--token must not be empty");
        }
        else if (!IsSingleToken(value))
        {
            result.AddError("--token must be one token, without spaces or control characters");
        }
    }

    /// <summary>
    /// The token from <paramref name="option"/>, else from <see cref="Variable"/>; null when neither
    /// gives one. A blank variable counts as unset, and surrounding white space (a newline left by
    /// <c>$(cat token-file)</c> in some shells) is dropped.
    /// </summary>
    public static string? Resolve(string? option, Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (option is not null)
        {
            return option;
        }

        var value = variables(Variable)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // Checked here as --token is in Validate: a header that cannot be sent would otherwise fail deep in HttpClient.
        return IsSingleToken(value)
            ? value
            : throw new OperationalErrorException($"{Variable} must hold one token, without spaces or control characters");
    }

    private static bool IsSingleToken(string value) => !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
}
