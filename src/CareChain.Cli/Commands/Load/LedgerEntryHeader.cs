namespace CareChain.Cli.Commands.Load;

/// <summary>The response header in which the server names the ledger entries a request wrote, as <c>{shard}/{seq}</c>, comma separated.</summary>
internal static class LedgerEntryHeader
{
    public const string Name = "X-Ledger-Entry";

    public static string? Read(HttpResponseMessage response) =>
        response.Headers.TryGetValues(Name, out var values) ? string.Join(",", values) : null;
}
