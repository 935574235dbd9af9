using System.Data.Common;
using CareChain.Grains.Fhir.Index;

namespace CareChain.Server.Storage;

/// <summary>
/// Opens connections to the FHIR search index, which lives beside the Orleans grain state (orleans.db on
/// SQLite, the one database on PostgreSQL).
/// </summary>
public sealed class FhirIndexDatabase(StorageOptions options, StorageDataSources dataSources, SchemaInstaller installer) : IFhirIndexConnectionSource
{
    public FhirIndexDialect Dialect { get; } =
        (options ?? throw new ArgumentNullException(nameof(options))).Provider == StorageProvider.Postgres ? FhirIndexDialect.Postgres : FhirIndexDialect.Sqlite;

    /// <summary>Opens a connection; the caller disposes it. The first call waits for the schema to be installed.</summary>
    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        await installer.EnsureInstalledAsync(cancellationToken);
        return await dataSources.Orleans.OpenConnectionAsync(cancellationToken);
    }
}
