namespace CareChain.Server.Tests.Ledger;

/// <summary>What an attacker with write access to the database does to the ledger tables.</summary>
public enum Tampering
{
    OneByteOfAnEntryChanged,
    RowDeleted,
    TwoRowsSwapped,
    TailTruncatedAfterCheckpoint,
    CheckpointSignatureAltered,
}
