namespace CareChain.Grains.Ledger.Storage;

/// <summary>The SQL dialect of the database holding the ledger tables.</summary>
public enum LedgerDialect
{
    Sqlite,
    Postgres,
}
