using CareChain.Grains.Ledger.Shards;
using CareChain.Grains.Ledger.Storage;
using CareChain.Ledger.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CareChain.Grains.Ledger.Checkpoints;

/// <summary>
/// Signs checkpoints over every shard's head, chained to the previous checkpoint. A grain timer
/// signs at the configured interval while the grain is active; a reminder brings it back after a
/// silo failure. Not reentrant: a timer tick and an on-demand request never sign concurrently.
/// </summary>
public sealed class CheckpointGrain(
    ILedgerStore store,
    CheckpointSigner signer,
    TimeProvider time,
    IOptions<LedgerOptions> options,
    LedgerMetrics metrics,
    ILogger<CheckpointGrain> logger) : Grain, ICheckpointGrain, IRemindable
{
    private const string KeepAliveReminder = "checkpoint-keep-alive";
    private SignedCheckpointView? _latest;
    private SignedCheckpoint? _latestSigned;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _latest = await store.ReadLatestCheckpointAsync(cancellationToken);
        _latestSigned = _latest is null ? null : Parse(_latest);

        var interval = options.Value.CheckpointInterval;
        this.RegisterGrainTimer(SignOnScheduleAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), cancellationToken);
    }

    public async Task<SignedCheckpointView> CheckpointAsync()
    {
        var shards = options.Value.Shards;
        var heads = await Task.WhenAll(Enumerable.Range(0, shards)
            .Select(shard => GrainFactory.GetGrain<ILedgerShardGrain>(shard).GetHeadAsync()));

        var shardHeads = heads
            .OrderBy(head => head.Shard)
            .Select(head => new ShardHead(head.Shard, head.Size, head.Root, head.Head))
            .ToList();

        if (_latest is not null && _latestSigned is not null && shardHeads.SequenceEqual(_latestSigned.Checkpoint.Shards))
        {
            return _latest;
        }

        var checkpoint = new Checkpoint(
            _latestSigned is null ? 0 : _latestSigned.Checkpoint.Number + 1,
            LedgerTime.Now(time),
            _latestSigned?.Hash() ?? Checkpoint.GenesisPrevious,
            shardHeads);

        var signed = signer.Sign(checkpoint);
        var view = new SignedCheckpointView(
            checkpoint.Number, signed.Body, signed.Signature, signed.KeyId, signer.PublicKey.SubjectPublicKeyInfo);
        await store.AppendCheckpointAsync(view, CancellationToken.None);

        _latest = view;
        _latestSigned = signed;
        metrics.CheckpointSigned();
        logger.CheckpointSigned(checkpoint.Number, shardHeads.Sum(head => head.Size), signed.KeyId);
        return view;
    }

    public Task<SignedCheckpointView?> GetLatestAsync() => Task.FromResult(_latest);

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private async Task SignOnScheduleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CheckpointAsync();
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // The next tick tries again; a missed checkpoint delays proofs, it loses nothing.
            logger.CheckpointFailed(failure);
        }
    }

    private static SignedCheckpoint Parse(SignedCheckpointView view) =>
        SignedCheckpoint.Parse(view.Body, view.Signature, view.KeyId);
}
