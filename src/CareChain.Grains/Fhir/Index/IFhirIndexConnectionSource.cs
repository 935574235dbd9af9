using System.Data.Common;

namespace CareChain.Grains.Fhir.Index;

/// <summary>Opens connections to the database that holds the FHIR index tables (deploy/sql/*/fhir-index.sql).</summary>
public interface IFhirIndexConnectionSource
{
    FhirIndexDialect Dialect { get; }

    /// <summary>Opens a connection ready for use (pragmas applied); the caller disposes it.</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
}
