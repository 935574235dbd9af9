using System.CommandLine;
using System.CommandLine.Invocation;
using CareChain.Cli.Commands.Ledger;
using CareChain.Cli.Terminal;

namespace CareChain.Cli;

/// <summary>
/// Builds the <c>carechain</c> command tree and runs one command line. Parse errors are reported
/// here, as one <c>error:</c> line and exit code 2, rather than by System.CommandLine's default
/// (a help dump and exit code 1), because 1 means "the ledger is broken" to every script.
/// </summary>
public static class CliApplication
{
    public static RootCommand CreateRootCommand(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = new RootCommand("carechain: the CareChain command-line client.");
        root.Subcommands.Add(LedgerCommand.Create(environment));
        root.Subcommands.Add(Commands.Load.LoadCommand.Create(environment));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var parseResult = CreateRootCommand(environment).Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            var message = parseResult.Errors.Count > 0 ? parseResult.Errors[0].Message : "invalid command line";
            await environment.Error.WriteLineAsync($"error: {OneLine.Sanitize(message)} (see 'carechain --help')");
            return (int)ExitCode.OperationalError;
        }

        var configuration = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,

            // Commands turn every failure into one line themselves; a stack trace is never output.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = environment.HandleTermination ? TimeSpan.FromSeconds(2) : null,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
