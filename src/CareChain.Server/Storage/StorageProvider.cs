namespace CareChain.Server.Storage;

/// <summary>The database that holds the Orleans state and the ledger.</summary>
public enum StorageProvider
{
    /// <summary>Embedded: SQLite files in the data folder, one silo, localhost clustering.</summary>
    Sqlite,

    /// <summary>Cluster: one PostgreSQL database for clustering, grain state, reminders and ledger.</summary>
    Postgres,
}
