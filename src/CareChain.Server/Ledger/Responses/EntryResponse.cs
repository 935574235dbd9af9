namespace CareChain.Server.Ledger.Responses;

/// <summary>One stored entry: its canonical JSON verbatim and the entry hash as lowercase hex.</summary>
public sealed record EntryResponse(long Seq, string Hash, string Body);
