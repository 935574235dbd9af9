namespace CareChain.Cli.Commands.Ledger;

/// <summary>
/// A validated <c>ledger verify</c> command line: exactly one of <see cref="Server"/> and
/// <see cref="DatabasePath"/> is set; <see cref="Token"/> is the <c>--token</c> value, if given.
/// </summary>
internal sealed record LedgerVerifyRequest(Uri? Server, string? DatabasePath, string? KeyPath, int PageSize, bool ShowProgress, string? Token)
{
    /// <summary>Everything but the token, which must never reach a message or a log.</summary>
    public override string ToString() =>
        $"{nameof(LedgerVerifyRequest)} {{ Server = {Server}, DatabasePath = {DatabasePath}, KeyPath = {KeyPath}, PageSize = {PageSize}, ShowProgress = {ShowProgress}, Token = {(Token is null ? "none" : "(hidden)")} }}";
}
