namespace CareChain.Cli.Tests.Infrastructure;

/// <summary>One in-process run of the CLI with its output captured.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string[] OutLines => Lines(Out);

    public string[] ErrorLines => Lines(Error);

    public static async Task<CliRun> InvokeAsync(params string[] args) => await InvokeAsync(args, configure: null);

    /// <summary>Runs with <paramref name="variables"/> as the whole environment the CLI reads (e.g. <c>CARECHAIN_TOKEN</c>).</summary>
    public static async Task<CliRun> InvokeAsync(IReadOnlyDictionary<string, string> variables, params string[] args) =>
        await InvokeAsync(args, environment => environment with { Variables = name => variables.GetValueOrDefault(name) });

    public static async Task<CliRun> InvokeAsync(string[] args, Func<CliEnvironment, CliEnvironment>? configure)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // No variables unless a test gives some: the test process's own CARECHAIN_TOKEN must not leak in.
        var environment = new CliEnvironment(output, error) { Variables = _ => null };
        environment = configure?.Invoke(environment) ?? environment;
        var exitCode = await CliApplication.RunAsync(args, environment, TestContext.Current.CancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Out}\nstderr: {Error}";

    private static string[] Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
