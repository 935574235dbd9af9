using CareChain.Ledger.Chain;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Merkle;
using CareChain.Ledger.Verification;

namespace CareChain.Ledger.Tests.Docs;

/// <summary>
/// Pins every value of the worked example in docs/ledger-format.md and checks the document still
/// shows them, so the specification and the code cannot drift apart.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LedgerFormatDocTests
{
    private const string Actor = "b22976bea6a2b5b3df04c0db5373d5be7061e62caf10398921faabde948d5092";
    private const string Patient = "2afe21f9695e49fad434ccdb04898ccf136239306803fe5c63e6ad4c63cda578";
    private const string Resource = "516ce42cc245ef8ac2c83b5fa39a121874ff9b88c466dc197bcda2b51b22b652";
    private const string Entry0 = "{\"action\":\"read\",\"actor\":\"" + Actor + "\",\"consent\":\"Consent/c-1\",\"outcome\":\"permit\",\"patient\":\"" + Patient + "\",\"provision\":\"provision[0]\",\"purpose\":\"TREAT\",\"resourceType\":\"Observation\",\"resources\":[\"" + Resource + "\"],\"seq\":0,\"shard\":0,\"time\":\"2025-01-15T09:30:00.000Z\",\"v\":1}";
    private const string Entry1 = "{\"action\":\"inference\",\"actor\":\"" + Actor + "\",\"consent\":\"Consent/c-1\",\"model\":\"sepsis-risk@1.2.0\",\"outcome\":\"deny\",\"patient\":\"" + Patient + "\",\"purpose\":\"HRESCH\",\"resources\":[],\"seq\":1,\"shard\":0,\"time\":\"2025-01-15T09:30:01.250Z\",\"v\":1}";
    private const string Genesis0 = "39f17f4945b9764a79235330176c7d757777c5e8aaf041456f69050e8611a165";
    private const string Genesis1 = "0aa2875423f556330e9c2299e465f4e6f7e6a6bdfb9c57767f9ee7fc3a19335f";
    private const string EntryHash0 = "6b8e485a37b000131b546576363d04bf32a006bc3b8e66e15acb4de11fe71526";
    private const string EntryHash1 = "022e55527c2b80e88fe03852d8d7ef68cb7cbfdc7b8c0e797164763db38ab496";
    private const string Leaf0 = "cbaeda1216da7c52145a1d3a6fbcdde0b75677c61182bb7db7f2c28ab8f20fad";
    private const string Leaf1 = "cb1c3d0b1fdfd3de5000578e82a927a9de42ec1eebc778cb8848fda614a315ce";
    private const string Root = "2f594e8bd5889689f1d27b2fa9c56f4e6d9e1090302e2a46056ea0833f1a3410";
    private const string CheckpointBody = "{\"number\":0,\"previous\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"shards\":[{\"head\":\"" + EntryHash1 + "\",\"root\":\"" + Root + "\",\"shard\":0,\"size\":2}],\"time\":\"2025-01-15T09:31:00.000Z\",\"v\":1}";
    private const string KeyId = "91a17be315e4ccba348525b4c58044a89bb4069b3e234e70ebc6400bac80064a";
    private const string PublicKeyPem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQXlrth39yaD7CNfCpJjYkhkRumOr\nQPH16kuxBaqqrPCwvxCuZUcXeiUH8vXtA+6VsbqG+C535NuvKIE15lmwEQ==\n-----END PUBLIC KEY-----";
    private const string Signature = "7d0831b480e51ce6f5e2698642d2f8e7239f773f9712f44510ecf07feba4b731ddeadf39fef41a63d582eec04ed09ab8f23b626b84e3258a9458b1da8c673d8a";
    private const string CheckpointHash = "bd528723acdbc93eb94b4673bf7c3f109ae6294e3f00b9e210e26f826091a8c3";

    private static readonly string[] DocumentedValues =
        [Actor, Patient, Resource, Entry0, Entry1, Genesis0, Genesis1, EntryHash0, EntryHash1, Leaf0, Leaf1, Root, CheckpointBody, KeyId, PublicKeyPem, Signature, CheckpointHash];

    [Fact]
    public void Worked_example_entries_pseudonyms_and_hashes_match_the_library()
    {
        var entries = LedgerFormatExample.Entries();
        var bodies = entries.Select(LedgerEntryCodec.Encode).ToArray();

        Assert.Equal(Actor, entries[0].Actor);
        Assert.Equal(Patient, entries[0].Patient);
        Assert.Equal(Resource, LedgerFormatExample.ResourceHash);
        Assert.Equal(Entry0, LedgerFormatExample.Utf8(bodies[0]));
        Assert.Equal(Entry1, LedgerFormatExample.Utf8(bodies[1]));
        Assert.Equal(Genesis0, Hex(HashChain.Genesis(0)));
        Assert.Equal(Genesis1, Hex(HashChain.Genesis(1)));
        Assert.Equal(EntryHash0, Hex(HashChain.Next(HashChain.Genesis(0), bodies[0])));
        Assert.Equal(EntryHash1, Hex(HashChain.Next(Convert.FromHexString(EntryHash0), bodies[1])));
        Assert.Equal(Leaf0, Hex(MerkleHash.Leaf(bodies[0])));
        Assert.Equal(Leaf1, Hex(MerkleHash.Leaf(bodies[1])));
        Assert.Equal(Root, Hex(MerkleHash.Node(Convert.FromHexString(Leaf0), Convert.FromHexString(Leaf1))));
    }

    [Fact]
    public void Worked_example_checkpoint_key_and_signature_match_the_library()
    {
        using var signer = CheckpointSigner.FromPkcs8Pem(LedgerFormatExample.PrivateKeyPem);
        var documented = new SignedCheckpoint(CheckpointCodec.Encode(LedgerFormatExample.Checkpoint()), Convert.FromHexString(Signature), KeyId);

        Assert.Equal(CheckpointBody, LedgerFormatExample.Utf8(documented.Body));
        Assert.Equal(KeyId, signer.PublicKey.KeyId);
        Assert.Equal(PublicKeyPem, signer.PublicKey.ToPem());
        Assert.True(CheckpointKey.FromPem(PublicKeyPem).Verify(documented));
        Assert.Equal(CheckpointHash, Hex(documented.Hash()));
        Assert.True(signer.PublicKey.Verify(signer.Sign(LedgerFormatExample.Checkpoint())));
    }

    [Fact]
    public async Task Worked_example_export_verifies_end_to_end()
    {
        var bodies = LedgerFormatExample.Entries().Select(LedgerEntryCodec.Encode).ToArray();
        var rows = new StoredEntry[]
        {
            new(0, 0, bodies[0], Convert.FromHexString(EntryHash0)),
            new(0, 1, bodies[1], Convert.FromHexString(EntryHash1)),
        };
        var checkpoint = SignedCheckpoint.Parse(CheckpointCodec.Encode(LedgerFormatExample.Checkpoint()), Convert.FromHexString(Signature), KeyId);
        var export = new InMemoryLedgerExport(new Dictionary<int, IReadOnlyList<StoredEntry>> { [0] = rows }, [checkpoint]);

        var report = await new LedgerVerifier(CheckpointKey.FromPem(PublicKeyPem)).VerifyAsync(export, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new VerificationReport(true, 2, 1, 0, KeyId, 0, null), report);
    }

    [Fact]
    public void Format_document_shows_every_worked_example_value()
    {
        var document = File.ReadAllText(FindDocument()).ReplaceLineEndings("\n");

        foreach (var value in DocumentedValues)
        {
            Assert.Contains(value, document, StringComparison.Ordinal);
        }
    }

    private static string FindDocument()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "ledger-format.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/ledger-format.md was not found above the test output folder.");
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
