namespace CareChain.Grains.Fhir.Index;

/// <summary>The SQL dialect of the database holding the FHIR search index.</summary>
public enum FhirIndexDialect
{
    Sqlite,
    Postgres,
}
