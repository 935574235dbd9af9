namespace CareChain.Server.Storage;

/// <summary>The database a schema script is applied to (on PostgreSQL both are the same one).</summary>
public enum SchemaTarget
{
    Orleans,
    Ledger,
}
