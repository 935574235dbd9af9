using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;

namespace CareChain.Server.Telemetry;

/// <summary>
/// Wraps the host's logger factory so that no entry reaches a logging provider with a reference to a patient or a
/// patient's record in it. CareChain's own messages carry none, but a patient's grains are keyed <c>Patient/{id}</c>
/// and Orleans names the grain in its warnings and errors (a failed state write, a slow or timed-out call), and
/// request scopes carry the request path. An entry whose message, structured values, exception or scope holds a
/// reference is passed on with every reference replaced by <see cref="ReferenceRedactor"/>; any other entry is
/// passed on untouched.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner, ReferenceRedactor redactor) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, category => new Logger(inner.CreateLogger(category), redactor));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private static bool Mentions(IEnumerable<KeyValuePair<string, object?>> values)
    {
        foreach (var (_, value) in values)
        {
            if (ReferenceRedactor.Finds(Text(value)))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Text)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private sealed class Logger(ILogger inner, ReferenceRedactor redactor) : ILogger
    {
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        // Every request opens a scope and most providers never read it, so redaction waits until one does.
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(new RedactingScope(state, this));

        /// <summary>A scope's text and values with references replaced; values without one keep their type.</summary>
        public RedactedState RedactScope(object state)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>>;
            return new RedactedState(redactor.Redact(state.ToString() ?? string.Empty), Redact(values));
        }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var values = state as IEnumerable<KeyValuePair<string, object?>>;
            var exceptionText = exception?.ToString();
            if (!ReferenceRedactor.Finds(message) && !ReferenceRedactor.Finds(exceptionText) && (values is null || !Mentions(values)))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var redacted = exception is null ? null : new RedactedException(redactor.Redact(exception.Message), redactor.Redact(exceptionText!));
            inner.Log(logLevel, eventId, new RedactedState(redactor.Redact(message), Redact(values)), redacted, static (entry, _) => entry.Message);
        }

        // Values without a reference keep their type, so structured sinks still see numbers as numbers.
        private List<KeyValuePair<string, object?>> Redact(IEnumerable<KeyValuePair<string, object?>>? values) =>
            values is null
                ? []
                : [.. values.Select(pair => Text(pair.Value) is { } text && ReferenceRedactor.Finds(text)
                    ? KeyValuePair.Create<string, object?>(pair.Key, redactor.Redact(text))
                    : pair)];
    }

    /// <summary>A scope as providers see it: redacted on first read, not when it is opened.</summary>
    private sealed class RedactingScope(object state, Logger logger) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private RedactedState? _redacted;

        private RedactedState Redacted => _redacted ??= logger.RedactScope(state);

        public int Count => Redacted.Count;

        public KeyValuePair<string, object?> this[int index] => Redacted[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Redacted.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Redacted.Message;
    }

    /// <summary>A log entry's or scope's text and structured values, references replaced.</summary>
    private sealed class RedactedState(string message, List<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }

    /// <summary>Stands in for an exception whose text holds a reference: the same text (type, message, inner exceptions, stack), references replaced.</summary>
    private sealed class RedactedException(string message, string text) : Exception(message)
    {
        public override string? StackTrace => null;

        public override string ToString() => text;
    }
}
