using CareChain.Ledger.Canonicalization;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Tests.Support;

namespace CareChain.Ledger.Tests.Checkpoints;

[Trait("Category", "Unit")]
public sealed class CheckpointFuzzTests
{
    [Fact]
    public void Mutated_checkpoint_bodies_fail_only_with_format_errors_or_re_encode_identically()
    {
        using var ledger = TestLedger.Standard();
        var random = new Random(9162);
        foreach (var original in ledger.Checkpoints.Select(c => c.Body))
        {
            for (var round = 0; round < 3000; round++)
            {
                var mutated = Mutate(original, random);
                Checkpoint decoded;
                try
                {
                    decoded = CheckpointCodec.Decode(mutated);
                }
                catch (LedgerFormatException)
                {
                    continue;
                }

                Assert.Equal(mutated, CheckpointCodec.Encode(decoded));
            }
        }
    }

    [Fact]
    public void Mutated_json_fails_only_with_format_errors_and_canonical_output_is_stable()
    {
        using var ledger = TestLedger.Standard();
        var random = new Random(8785);
        var original = ledger.Checkpoints[0].Body;
        for (var round = 0; round < 5000; round++)
        {
            var mutated = Mutate(original, random);
            byte[] canonical;
            try
            {
                canonical = JsonCanonicalizer.Canonicalize(mutated);
            }
            catch (LedgerFormatException)
            {
                continue;
            }

            Assert.Equal(canonical, JsonCanonicalizer.Canonicalize(canonical));
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        const string Alphabet = "{}[]\":,\\ 0123456789abcdefTZ.-eE+nul";
        var bytes = new List<byte>(original);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, (byte)Alphabet[random.Next(Alphabet.Length)]);
                    break;
                default:
                    bytes[at] = (byte)random.Next(256);
                    break;
            }
        }

        return [.. bytes];
    }
}
