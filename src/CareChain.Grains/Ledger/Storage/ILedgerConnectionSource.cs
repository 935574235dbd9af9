using System.Data.Common;

namespace CareChain.Grains.Ledger.Storage;

/// <summary>Opens connections to the database that holds the ledger tables.</summary>
public interface ILedgerConnectionSource
{
    LedgerDialect Dialect { get; }

    /// <summary>Opens a connection ready for use (pragmas applied); the caller disposes it.</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
}
