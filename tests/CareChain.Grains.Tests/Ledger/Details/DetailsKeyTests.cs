using System.Security.Cryptography;
using CareChain.Grains.Ledger.Details;

namespace CareChain.Grains.Tests.Ledger.Details;

public sealed class DetailsKeyTests
{
    private const string Patient = "2afe21f9695e49fad434ccdb04898ccf136239306803fe5c63e6ad4c63cda578";
    private const string Other = "b22976bea6a2b5b3df04c0db5373d5be7061e62caf10398921faabde948d5092";

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void Only_a_256_bit_key_is_accepted(int size) =>
        Assert.Throws<ArgumentException>(() => new DetailsKey(new byte[size]));

    [Fact]
    public void A_wrapped_data_key_opens_only_for_its_patient_and_key()
    {
        var key = new DetailsKey(RandomNumberGenerator.GetBytes(32));
        var wrapped = key.NewWrappedDataKey(Patient);

        Assert.NotNull(key.UnwrapDataKey(Patient, wrapped));
        Assert.Null(key.UnwrapDataKey(Other, wrapped));
        Assert.Null(new DetailsKey(RandomNumberGenerator.GetBytes(32)).UnwrapDataKey(Patient, wrapped));
        Assert.Null(key.UnwrapDataKey(Patient, wrapped[..^1]));
    }

    [Fact]
    public void Sealing_twice_gives_different_bytes_that_open_to_the_same_text()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var first = DetailsKey.Seal(dataKey, Patient, "reason");
        var second = DetailsKey.Seal(dataKey, Patient, "reason");

        Assert.NotEqual(first, second);
        Assert.Equal("reason", DetailsKey.Open(dataKey, Patient, first));
        Assert.Equal("reason", DetailsKey.Open(dataKey, Patient, second));
    }

    [Fact]
    public void A_flipped_bit_a_wrong_patient_or_a_truncation_does_not_open()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var sealedDetail = DetailsKey.Seal(dataKey, Patient, "reason");
        var flipped = (byte[])sealedDetail.Clone();
        flipped[14] ^= 1;

        Assert.Null(DetailsKey.Open(dataKey, Patient, flipped));
        Assert.Null(DetailsKey.Open(dataKey, Other, sealedDetail));
        Assert.Null(DetailsKey.Open(dataKey, Patient, sealedDetail[..20]));
        Assert.Null(DetailsKey.Open(dataKey, Patient, []));
    }
}
