using System.Runtime.CompilerServices;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Verification;

namespace CareChain.Grains.Ledger.Storage;

/// <summary>
/// The ledger tables as an <see cref="ILedgerExport"/>, so the offline verifier can check a live
/// store. The rows are handed over as stored; the verifier trusts none of them.
/// </summary>
public sealed class LedgerStoreExport(ILedgerStore store) : ILedgerExport
{
    public IAsyncEnumerable<StoredEntry> ReadShardAsync(int shard, CancellationToken cancellationToken) =>
        store.ReadShardAsync(shard, 0, null, cancellationToken);

    public async IAsyncEnumerable<SignedCheckpoint> ReadCheckpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var view in store.ReadCheckpointsAsync(cancellationToken))
        {
            // Not parsed here: a damaged checkpoint must reach the verifier, which reports it.
            yield return new SignedCheckpoint(view.Body, view.Signature, view.KeyId);
        }
    }

    /// <summary>The key stored with the latest checkpoint; a verifier that pins its own key ignores it.</summary>
    public async ValueTask<CheckpointKey?> ReadCheckpointKeyAsync(CancellationToken cancellationToken)
    {
        var latest = await store.ReadLatestCheckpointAsync(cancellationToken);
        return latest is null ? null : CheckpointKey.FromSubjectPublicKeyInfo(latest.PublicKey);
    }
}
