using CareChain.Testing;

namespace CareChain.Grains.Tests.Ledger.Audit;

/// <summary>One PostgreSQL server for the audit tests (a collection fixture, so no assembly-wide fixture is imposed).</summary>
[CollectionDefinition(Name)]
public sealed class AuditPostgres : ICollectionFixture<PostgresServer>
{
    public const string Name = "audit-postgres";
}
