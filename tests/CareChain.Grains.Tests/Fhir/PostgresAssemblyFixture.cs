using CareChain.Testing;

// One PostgreSQL server for the whole test assembly; each test class makes its own database.
[assembly: AssemblyFixture(typeof(PostgresServer))]
