using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CareChain.Server.Tests.Hosting;

/// <summary>A logger provider that keeps every entry, so tests can count events and read what was written.</summary>
internal sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public IEnumerable<LogEntry> WithEventId(int id) => Entries.Where(entry => entry.EventId.Id == id);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>
    /// One entry. <c>State</c> holds its structured values and <c>Scopes</c> the scopes it was written in, as a
    /// structured sink (JSON with scopes, OpenTelemetry) would write them beside the message.
    /// </summary>
    internal sealed record LogEntry(
        string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, string?>> State, IReadOnlyList<string> Scopes)
    {
        /// <summary>Everything the entry would put in a log file; the exception's text includes its inner exceptions and stack.</summary>
        public string Text => $"{Category} {Message} {Exception} {string.Join(' ', State.Select(pair => $"{pair.Key}={pair.Value}"))} {string.Join(' ', Scopes)}";
    }

    private static List<KeyValuePair<string, string?>> Values(object? state) =>
        state is IEnumerable<KeyValuePair<string, object?>> pairs ? [.. pairs.Select(pair => KeyValuePair.Create(pair.Key, Format(pair.Value)))] : [];

    // As the message formatter renders them: lists element by element rather than as a type name.
    private static string? Format(object? value) => value switch
    {
        null => null,
        string text => text,
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Format)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => logs._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            logs._scopes?.ForEachScope(
                (scope, all) => all.Add($"{scope} {string.Join(' ', Values(scope).Select(pair => $"{pair.Key}={pair.Value}"))}"),
                scopes);
            logs._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception, Values(state), scopes));
        }
    }
}
