using System.Globalization;
using CareChain.Ledger.Checkpoints;
using CareChain.Server.Storage;
using CareChain.Testing;

namespace CareChain.Server.Tests.Hosting;

/// <summary>Everything that makes one server instance: storage, shard count, ports and keys.</summary>
internal sealed record ServerSettings(
    StorageProvider Provider,
    string ContentRoot,
    string? ConnectionString,
    int Shards,
    string SigningKeyPem,
    string PseudonymKey)
{
    /// <summary>Fresh settings for one test; keys are configured explicitly so both providers behave alike.</summary>
    public static async Task<ServerSettings> CreateAsync(StorageProvider provider, TemporaryDirectory folder, PostgresServer postgres, int shards = 4)
    {
        using var signer = CheckpointSigner.Generate();
        var connectionString = provider == StorageProvider.Postgres
            ? await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken)
            : null;
        return new ServerSettings(
            provider,
            folder.Path,
            connectionString,
            shards,
            signer.ExportPkcs8Pem(),
            Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>The issuer tests mint tokens as; the signing key is a fresh random one per server.</summary>
    public const string AuthIssuer = "https://carechain.test/issuer";

    /// <summary>Base64 HMAC key the server checks bearer tokens with (tests sign their own tokens with it).</summary>
    public string AuthSigningKey { get; init; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Base64 AES-256 key wrapping patients' data keys for erasable details.</summary>
    public string DetailsKey { get; init; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Earlier details keys the server re-wraps data keys from at start (key rotation).</summary>
    public IReadOnlyList<string> RetiredDetailsKeys { get; init; } = [];

    public string DataPath => System.IO.Path.Combine(ContentRoot, "data");

    public Dictionary<string, string?> ToConfiguration()
    {
        var configuration = Settings();
        for (var i = 0; i < RetiredDetailsKeys.Count; i++)
        {
            configuration[$"Ledger:Keys:RetiredDetailsKeys:{i}"] = RetiredDetailsKeys[i];
        }

        return configuration;
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Urls"] = "http://127.0.0.1:0",
        ["Storage:Provider"] = Provider.ToString(),
        ["Storage:DataPath"] = DataPath,
        ["Storage:ConnectionString"] = ConnectionString,
        ["Ledger:Shards"] = Shards.ToString(CultureInfo.InvariantCulture),
        // Checkpoints are signed on demand in tests; the timer must not race them.
        ["Ledger:CheckpointInterval"] = "01:00:00",
        ["Ledger:Keys:CheckpointSigningKey"] = SigningKeyPem,
        ["Ledger:Keys:PseudonymKey"] = PseudonymKey,
        ["Ledger:Keys:DetailsKey"] = DetailsKey,
        ["Auth:Issuer"] = AuthIssuer,
        ["Auth:SigningKey"] = AuthSigningKey,
        ["Orleans:SiloPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
        ["Orleans:GatewayPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
    };
}
