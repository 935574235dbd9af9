namespace CareChain.Cli.Sources.Http;

/// <summary>One entry on a page: the canonical JSON as a string and the stored entry hash as hex.</summary>
internal sealed record EntryResponse(long Seq, string Hash, string Body);
