using System.CommandLine;
using CareChain.Cli.Commands.Load;
using CareChain.Cli.Tests.Infrastructure;

namespace CareChain.Cli.Tests.Commands.Load;

/// <summary>
/// Runs <c>carechain load</c> in-process with a given set of environment variables, so token
/// tests neither depend on nor change the test process's own <c>CARECHAIN_TOKEN</c>.
/// </summary>
internal static class LoadRun
{
    public static Task<CliRun> InvokeAsync(params string[] args) => InvokeAsync(new Dictionary<string, string>(), args);

    public static async Task<CliRun> InvokeAsync(IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error);
        var root = new RootCommand { LoadCommand.Create(environment, name => variables.GetValueOrDefault(name)) };
        var parseResult = root.Parse(["load", .. args]);
        Assert.Empty(parseResult.Errors);
        var exitCode = await parseResult.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false },
            TestContext.Current.CancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
