using System.Security.Cryptography;
using System.Text;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Pseudonyms;

namespace CareChain.Ledger.Tests.Support;

/// <summary>Realistic entries for tests: pseudonymous actor and patient, resource hashes, consent references.</summary>
internal static class SampleEntries
{
    public static readonly DateTimeOffset Epoch = new(2025, 3, 1, 8, 30, 0, TimeSpan.Zero);

    private static readonly Pseudonymizer Pseudonyms = new(SHA256.HashData("test pseudonym key"u8));

    private static readonly string[] Actions = ["read", "search", "create", "consent.update", "model.train", "inference"];

    public static string Pseudonym(string reference) => Pseudonyms.Pseudonymize(reference);

    public static string ResourceHash(string resource) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resource)));

    public static LedgerEntry Create(int shard, long sequence) => new(
        shard,
        sequence,
        Epoch.AddMilliseconds(sequence * 1234),
        Actions[sequence % Actions.Length],
        sequence % 7 == 3 ? "deny" : "permit",
        Pseudonym($"Practitioner/{sequence % 5}"),
        Pseudonym($"Patient/{shard}-{sequence % 11}"),
        "Observation",
        [.. Enumerable.Range(0, (int)(sequence % 3)).Select(i => ResourceHash($"Observation/{sequence}-{i}"))],
        sequence % 4 == 0 ? "HRESCH" : "TREAT",
        $"Consent/c-{sequence % 13}",
        "provision[0].provision[1]",
        sequence % 6 == 4 ? "sepsis-risk@1.2.0" : null,
        sequence % 9 == 2 ? "break-the-glass \"ER\" \\ override" : null);

    public static LedgerEntry Minimal(int shard = 0, long sequence = 0) =>
        new(shard, sequence, Epoch, "read", "permit", null, null, null, [], null, null, null, null, null);
}
