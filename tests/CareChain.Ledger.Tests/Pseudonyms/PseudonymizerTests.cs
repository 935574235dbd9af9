using System.Security.Cryptography;
using System.Text;
using CareChain.Ledger.Pseudonyms;

namespace CareChain.Ledger.Tests.Pseudonyms;

[Trait("Category", "Unit")]
public sealed class PseudonymizerTests
{
    private static readonly byte[] Key = SHA256.HashData("pseudonym test key"u8);

    [Fact]
    public void Pseudonym_is_the_hex_hmac_of_the_tagged_reference()
    {
        var sut = new Pseudonymizer(Key);
        byte[] message = [.. Encoding.ASCII.GetBytes("carechain.pseudonym.v1"), 0x00, .. Encoding.UTF8.GetBytes("Patient/123")];

        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Key, message)), sut.Pseudonymize("Patient/123"));
    }

    [Fact]
    public void Same_key_and_reference_give_the_same_pseudonym()
    {
        Assert.Equal(new Pseudonymizer(Key).Pseudonymize("Patient/1"), new Pseudonymizer((byte[])Key.Clone()).Pseudonymize("Patient/1"));
    }

    [Fact]
    public void Different_keys_or_references_give_different_pseudonyms()
    {
        var sut = new Pseudonymizer(Key);
        var other = new Pseudonymizer(SHA256.HashData("another key"u8));

        Assert.NotEqual(sut.Pseudonymize("Patient/1"), sut.Pseudonymize("Patient/2"));
        Assert.NotEqual(sut.Pseudonymize("Patient/1"), other.Pseudonymize("Patient/1"));
        Assert.NotEqual(sut.Pseudonymize("Patient/1"), sut.Pseudonymize("Practitioner/1"));
    }

    [Fact]
    public void Key_is_copied_so_clearing_the_callers_array_changes_nothing()
    {
        var key = (byte[])Key.Clone();
        var sut = new Pseudonymizer(key);
        var before = sut.Pseudonymize("Patient/1");

        Array.Clear(key);

        Assert.Equal(before, sut.Pseudonymize("Patient/1"));
    }

    [Fact]
    public void Short_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Pseudonymizer(new byte[31]));
        Assert.Throws<ArgumentNullException>(() => new Pseudonymizer(null!));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" Patient/123")]
    [InlineData("Patient/123\n")]
    public void Malformed_reference_is_refused_without_echoing_it(string reference)
    {
        var error = Assert.Throws<ArgumentException>(() => new Pseudonymizer(Key).Pseudonymize(reference));

        Assert.DoesNotContain("123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_with_an_unpaired_surrogate_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Pseudonymizer(Key).Pseudonymize("Patient/\ud800123"));
    }
}
