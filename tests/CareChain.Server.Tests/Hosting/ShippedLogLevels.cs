using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CareChain.Server.Tests.Hosting;

/// <summary>
/// Log levels for a test's log capture: what an operator running the shipped configuration would see, plus
/// every CareChain category down to Trace. The levels are read from the server's appsettings.json, which the
/// build copies next to the tests, so a change to the shipped levels changes what the tests see.
/// </summary>
internal static class ShippedLogLevels
{
    public const string OwnCategories = "CareChain";

    /// <summary>The rules for <paramref name="provider"/> alone, so a console logger a developer turns on keeps its own level.</summary>
    public static IReadOnlyList<LoggerFilterRule> For(ILoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var name = provider.GetType().FullName;
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The server's appsettings.json was not copied to {AppContext.BaseDirectory}.");
        }

        var levels = new ConfigurationBuilder().AddJsonFile(path).Build().GetSection("Logging:LogLevel").GetChildren().ToList();
        if (levels.Count == 0)
        {
            throw new InvalidOperationException($"{path} sets no Logging:LogLevel.");
        }

        return
        [
            .. levels.Select(level => new LoggerFilterRule(
                name,
                level.Key.Equals("Default", StringComparison.OrdinalIgnoreCase) ? null : level.Key,
                Enum.Parse<LogLevel>(level.Value!, ignoreCase: true),
                null)),
            new LoggerFilterRule(name, OwnCategories, LogLevel.Trace, null),
        ];
    }
}
