using System.Security.Cryptography;
using CareChain.Ledger.Chain;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Merkle;
using CareChain.Ledger.Tests.Support;

namespace CareChain.Ledger.Tests.Checkpoints;

[Trait("Category", "Unit")]
public sealed class CheckpointSigningTests : IDisposable
{
    private readonly CheckpointSigner _signer = CheckpointSigner.Generate();

    private static Checkpoint Sample => new(0, SampleEntries.Epoch, Checkpoint.GenesisPrevious, [new ShardHead(0, 0, MerkleHash.EmptyRoot, HashChain.Genesis(0))]);

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void Signed_checkpoint_verifies_with_the_signers_public_key()
    {
        var signed = _signer.Sign(Sample);

        Assert.True(_signer.PublicKey.Verify(signed));
        Assert.Equal(SignedCheckpoint.SignatureSize, signed.Signature.Length);
        Assert.Equal(_signer.PublicKey.KeyId, signed.KeyId);
        Assert.Equal(Sample, signed.Checkpoint);
    }

    [Fact]
    public void Signature_is_p1363_ecdsa_sha256_over_the_tagged_body()
    {
        var signed = _signer.Sign(Sample);
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_signer.PublicKey.SubjectPublicKeyInfo, out _);
        byte[] input = [.. "carechain.ledger.checkpoint.sig.v1"u8, 0x00, .. signed.Body];

        Assert.True(key.VerifyData(input, signed.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_signer.PublicKey.SubjectPublicKeyInfo)), _signer.PublicKey.KeyId);
    }

    [Fact]
    public void Tampered_body_or_signature_does_not_verify()
    {
        var signed = _signer.Sign(Sample);
        var body = (byte[])signed.Body.Clone();
        body[^5] ^= 1;
        var signature = (byte[])signed.Signature.Clone();
        signature[10] ^= 0x80;

        Assert.False(_signer.PublicKey.Verify(signed with { Body = body }));
        Assert.False(_signer.PublicKey.Verify(signed with { Signature = signature }));
        Assert.False(_signer.PublicKey.Verify(signed with { Signature = signed.Signature[..63] }));
        Assert.False(_signer.PublicKey.Verify(signed with { Signature = new byte[64] }));
        Assert.False(_signer.PublicKey.Verify(signed with { Signature = [.. Enumerable.Repeat((byte)0xFF, 64)] }));
    }

    [Fact]
    public void Checkpoint_signed_by_another_key_or_naming_another_key_does_not_verify()
    {
        using var other = CheckpointSigner.Generate();
        var signed = other.Sign(Sample);

        Assert.False(_signer.PublicKey.Verify(signed));
        Assert.False(_signer.PublicKey.Verify(signed with { KeyId = _signer.PublicKey.KeyId }));
        Assert.False(other.PublicKey.Verify(signed with { KeyId = _signer.PublicKey.KeyId }));
        Assert.False((other.PublicKey with { KeyId = _signer.PublicKey.KeyId }).Verify(signed with { KeyId = _signer.PublicKey.KeyId }));
    }

    [Fact]
    public void Hash_covers_body_and_signature_with_a_domain_tag()
    {
        var signed = _signer.Sign(Sample);
        byte[] expected = SHA256.HashData([.. "carechain.ledger.checkpoint.v1"u8, 0x00, .. signed.Body, .. signed.Signature]);

        Assert.Equal(expected, signed.Hash());
        Assert.NotEqual(signed.Hash(), _signer.Sign(Sample).Hash());
    }

    [Fact]
    public void Public_key_round_trips_through_pem_and_der()
    {
        var key = _signer.PublicKey;

        Assert.Equal(key, CheckpointKey.FromPem(key.ToPem()));
        Assert.Equal(key, CheckpointKey.FromSubjectPublicKeyInfo(key.SubjectPublicKeyInfo));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key.ToPem(), StringComparison.Ordinal);
    }

    [Fact]
    public void Private_key_round_trips_through_pkcs8_pem()
    {
        using var restored = CheckpointSigner.FromPkcs8Pem(_signer.ExportPkcs8Pem());

        Assert.Equal(_signer.PublicKey, restored.PublicKey);
        Assert.True(_signer.PublicKey.Verify(restored.Sign(Sample)));
    }

    public static TheoryData<string, byte[]> GarbageKeys()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = p256.ExportSubjectPublicKeyInfo();
        return new()
        {
            { "empty", [] },
            { "random bytes", RandomNumberGenerator.GetBytes(91) },
            { "P-384 key", p384.ExportSubjectPublicKeyInfo() },
            { "RSA key", rsa.ExportSubjectPublicKeyInfo() },
            { "trailing byte", [.. spki, 0] },
            { "truncated", spki[..^1] },
            { "flipped point", [.. spki[..^1], (byte)(spki[^1] ^ 1)] },
        };
    }

    [Theory]
    [MemberData(nameof(GarbageKeys))]
    public void Garbage_public_key_is_refused_with_a_format_error(string problem, byte[] spki)
    {
        var error = Assert.Throws<LedgerFormatException>(() => CheckpointKey.FromSubjectPublicKeyInfo(spki));

        Assert.Contains("P-256", error.Message, StringComparison.Ordinal);
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not pem")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    public void Garbage_pem_is_refused_with_a_format_error(string pem)
    {
        Assert.Throws<LedgerFormatException>(() => CheckpointKey.FromPem(pem));
        Assert.Throws<LedgerFormatException>(() => CheckpointSigner.FromPkcs8Pem(pem.Replace("PUBLIC", "PRIVATE", StringComparison.Ordinal)));
    }

    [Fact]
    public void Key_with_garbage_der_verifies_nothing_instead_of_throwing()
    {
        var signed = _signer.Sign(Sample);
        var broken = new CheckpointKey(signed.KeyId, [1, 2, 3]);

        Assert.False(broken.Verify(signed));
    }

    [Fact]
    public void Signer_refuses_keys_not_on_p256()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);

        Assert.Throws<ArgumentException>(() => new CheckpointSigner(p384));
        Assert.Throws<ArgumentException>(() => new CheckpointSigner(p521));
        Assert.Throws<LedgerFormatException>(() => CheckpointSigner.FromPkcs8Pem(PemPrivate(p384)));
    }

    [Fact]
    public void Parse_checks_shape_eagerly_and_with_resets_the_decoded_body()
    {
        var signed = _signer.Sign(Sample);
        var later = _signer.Sign(Sample with { Number = 1, Previous = signed.Hash() });

        Assert.Equal(signed, SignedCheckpoint.Parse(signed.Body, signed.Signature, signed.KeyId));
        Assert.Throws<LedgerFormatException>(() => SignedCheckpoint.Parse("{}"u8.ToArray(), signed.Signature, signed.KeyId));
        Assert.Throws<LedgerFormatException>(() => SignedCheckpoint.Parse(signed.Body, signed.Signature[..10], signed.KeyId));
        Assert.Throws<LedgerFormatException>(() => SignedCheckpoint.Parse(signed.Body, signed.Signature, "KEY"));
        Assert.Equal(0, signed.Checkpoint.Number);
        Assert.Equal(1, (signed with { Body = later.Body }).Checkpoint.Number);
    }

    [Fact]
    public void Disposed_signer_refuses_to_sign()
    {
        var signer = CheckpointSigner.Generate();
        signer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => signer.Sign(Sample));
    }

    private static string PemPrivate(ECDsa key) => new(PemEncoding.Write("PRIVATE KEY", key.ExportPkcs8PrivateKey()));
}
