using System.Reflection;

namespace CareChain.Server.Storage;

/// <summary>
/// The schema scripts of deploy/sql, embedded in this assembly as "CareChain.Sql.&lt;folder&gt;.&lt;file&gt;",
/// in the order they must be applied.
/// </summary>
public static class SchemaScripts
{
    public const string ResourcePrefix = "CareChain.Sql.";

    // The order is explicit, not alphabetical: every provider's queries need the OrleansQuery table,
    // and a new script must be placed here on purpose (a test fails for an embedded script left out).
    private static readonly (string Name, SchemaTarget Target)[] SqliteOrder =
    [
        ("orleans-main.sql", SchemaTarget.Orleans),
        ("orleans-persistence.sql", SchemaTarget.Orleans),
        ("orleans-reminders.sql", SchemaTarget.Orleans),
        ("fhir-index.sql", SchemaTarget.Orleans),
        ("ledger.sql", SchemaTarget.Ledger),
    ];

    private static readonly (string Name, SchemaTarget Target)[] PostgresOrder =
    [
        ("orleans-main.sql", SchemaTarget.Orleans),
        ("orleans-persistence.sql", SchemaTarget.Orleans),
        ("orleans-clustering.sql", SchemaTarget.Orleans),
        ("orleans-reminders.sql", SchemaTarget.Orleans),
        ("fhir-index.sql", SchemaTarget.Orleans),
        ("ledger.sql", SchemaTarget.Ledger),
    ];

    /// <summary>The folder under deploy/sql that holds a provider's scripts.</summary>
    public static string Folder(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => "sqlite",
        StorageProvider.Postgres => "postgresql",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };

    public static IReadOnlyList<SchemaScript> For(StorageProvider provider)
    {
        var order = provider == StorageProvider.Postgres ? PostgresOrder : SqliteOrder;
        var assembly = typeof(SchemaScripts).Assembly;
        return [.. order.Select(script => Load(assembly, provider, script.Name, script.Target))];
    }

    /// <summary>The names of every script embedded for <paramref name="provider"/>, applied or not.</summary>
    public static IReadOnlyList<string> Embedded(StorageProvider provider)
    {
        var prefix = ResourcePrefix + Folder(provider) + ".";
        return
        [
            .. typeof(SchemaScripts).Assembly.GetManifestResourceNames()
                .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
                .Select(name => name[prefix.Length..])
                .Order(StringComparer.Ordinal),
        ];
    }

    private static SchemaScript Load(Assembly assembly, StorageProvider provider, string name, SchemaTarget target)
    {
        var resource = ResourcePrefix + Folder(provider) + "." + name;
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The schema script {resource} is not embedded in {assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new SchemaScript(name, target, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
