using System.Security.Cryptography;
using System.Text;
using CareChain.Ledger.Chain;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Merkle;
using CareChain.Ledger.Pseudonyms;

namespace CareChain.Ledger.Tests.Docs;

/// <summary>The worked example of docs/ledger-format.md, built with the library.</summary>
internal static class LedgerFormatExample
{
    public const string PrivateKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOb7OTBm4FJ1sp6BI
        uW9xso8JboQ/HiEGcpF6t1pc9xqhRANCAARBeWu2Hf3JoPsI18KkmNiSGRG6Y6tA
        8fXqS7EFqqqs8LC/EK5lRxd6JQfy9e0D7pWxuob4Lnfk268ogTXmWbAR
        -----END PRIVATE KEY-----
        """;

    /// <summary>The pseudonym key: bytes 0x00, 0x01, ..., 0x1f.</summary>
    public static byte[] PseudonymKey => [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    public static string ResourceHash => Convert.ToHexStringLower(SHA256.HashData("Observation/obs-1"u8));

    public static LedgerEntry[] Entries()
    {
        var pseudonyms = new Pseudonymizer(PseudonymKey);
        var actor = pseudonyms.Pseudonymize("Practitioner/dr-lee");
        var patient = pseudonyms.Pseudonymize("Patient/123");
        return
        [
            new LedgerEntry(0, 0, new DateTimeOffset(2025, 1, 15, 9, 30, 0, TimeSpan.Zero), "read", "permit", actor, patient, "Observation", [ResourceHash], "TREAT", "Consent/c-1", "provision[0]", null, null),
            new LedgerEntry(0, 1, new DateTimeOffset(2025, 1, 15, 9, 30, 1, 250, TimeSpan.Zero), "inference", "deny", actor, patient, null, [], "HRESCH", "Consent/c-1", null, "sepsis-risk@1.2.0", null),
        ];
    }

    public static Checkpoint Checkpoint()
    {
        var bodies = Entries().Select(LedgerEntryCodec.Encode).ToArray();
        var head = HashChain.Genesis(0);
        foreach (var body in bodies)
        {
            head = HashChain.Next(head, body);
        }

        var root = MerkleHash.Node(MerkleHash.Leaf(bodies[0]), MerkleHash.Leaf(bodies[1]));
        return new Checkpoint(0, new DateTimeOffset(2025, 1, 15, 9, 31, 0, TimeSpan.Zero), Ledger.Checkpoints.Checkpoint.GenesisPrevious, [new ShardHead(0, 2, root, head)]);
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
