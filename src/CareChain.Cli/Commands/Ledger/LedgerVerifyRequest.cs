namespace CareChain.Cli.Commands.Ledger;

/// <summary>A validated <c>ledger verify</c> command line: exactly one of <see cref="Server"/> and <see cref="DatabasePath"/> is set.</summary>
internal sealed record LedgerVerifyRequest(Uri? Server, string? DatabasePath, string? KeyPath, int PageSize, bool ShowProgress);
