using System.CommandLine;

namespace CareChain.Cli.Commands.Ledger;

/// <summary><c>carechain ledger</c>: commands over the consent ledger.</summary>
internal static class LedgerCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var ledger = new Command("ledger", "Work with the CareChain consent ledger.");
        ledger.Subcommands.Add(LedgerVerifyCommand.Create(environment));
        return ledger;
    }
}
