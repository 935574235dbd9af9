namespace CareChain.Cli;

/// <summary>
/// Everything a command touches outside its arguments. The real console supplies it in
/// <c>Program.cs</c>; tests supply writers they can read back, so every command runs in-process.
/// </summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// False when stderr is a terminal: progress is then shown in place. Defaults to true, the
    /// right answer for anything that captures output.
    /// </summary>
    public bool IsErrorRedirected { get; init; } = true;

    /// <summary>Used for server requests when set (the caller keeps ownership); otherwise a client is made per command.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>
    /// Reads an environment variable (for <c>CARECHAIN_TOKEN</c>). Tests replace it so they neither
    /// depend on nor change the test process's own environment.
    /// </summary>
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Whether Ctrl+C and SIGTERM cancel the running command; off in-process, where the host owns signals.</summary>
    public bool HandleTermination { get; init; }

    public static CliEnvironment FromConsole() => new(Console.Out, Console.Error)
    {
        IsErrorRedirected = Console.IsErrorRedirected,
        HandleTermination = true,
    };
}
