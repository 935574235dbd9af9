using CareChain.Ledger.Tests.Support;
using CareChain.Ledger.Verification;

namespace CareChain.Ledger.Tests.Verification;

[Trait("Category", "Unit")]
public sealed class LedgerVerifierFuzzTests
{
    [Fact]
    public async Task Any_single_byte_change_in_checkpointed_data_is_reported_never_thrown()
    {
        var random = new Random(4242);
        for (var round = 0; round < 60; round++)
        {
            using var ledger = TestLedger.Standard();
            var where = ChangeOneByte(ledger, random);

            var report = await new LedgerVerifier(ledger.Signer.PublicKey).VerifyAsync(ledger.Export(), cancellationToken: TestContext.Current.CancellationToken);

            Assert.False(report.IsIntact, where);
            Assert.NotNull(report.Failure);
        }
    }

    private static string ChangeOneByte(TestLedger ledger, Random random)
    {
        if (random.Next(4) == 0)
        {
            var index = random.Next(ledger.Checkpoints.Count);
            var checkpoint = ledger.Checkpoints[index];
            var useSignature = random.Next(2) == 0;
            var bytes = (byte[])(useSignature ? checkpoint.Signature : checkpoint.Body).Clone();
            bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            ledger.Checkpoints[index] = useSignature ? checkpoint with { Signature = bytes } : checkpoint with { Body = bytes };
            return $"checkpoint {index} {(useSignature ? "signature" : "body")}";
        }

        // Only checkpointed rows: later ones are legitimately unprotected against consistent rewrites.
        int[] checkpointed = [35, 22, 0, 30];
        var shard = random.Next(2) == 0 ? 0 : random.Next(2) == 0 ? 1 : 3;
        var sequence = random.Next(checkpointed[shard]);
        var row = ledger.Rows[shard][sequence];
        var body = (byte[])row.Body.Clone();
        body[random.Next(body.Length)] ^= (byte)random.Next(1, 256);
        var dropHash = random.Next(2) == 0;
        ledger.Rows[shard][sequence] = row with { Body = body, EntryHash = dropHash ? null : row.EntryHash };
        return $"shard {shard} sequence {sequence} (stored hash {(dropHash ? "dropped" : "kept")})";
    }
}
