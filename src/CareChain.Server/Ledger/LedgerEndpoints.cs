using System.Text;
using CareChain.Grains.Ledger;
using CareChain.Grains.Ledger.Checkpoints;
using CareChain.Grains.Ledger.Shards;
using CareChain.Grains.Ledger.Storage;
using CareChain.Ledger.Checkpoints;
using CareChain.Server.Ledger.Responses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CareChain.Server.Ledger;

/// <summary>
/// The ledger's read-only HTTP face: checkpoints, the verification key, entries and proofs.
/// There is deliberately no append endpoint: entries come only from the server's own features.
/// Checkpoints and the key are public; entries and proofs need an auditor's token (<see cref="LedgerReaderFilter"/>).
/// </summary>
public static class LedgerEndpoints
{
    public const int MaxPageSize = 5000;
    private const int DefaultPageSize = 500;

    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder endpoints)
    {
        var ledger = endpoints.MapGroup("/ledger").WithTags("Ledger");

        // Public on purpose: a signed checkpoint is only shard sizes, heads and Merkle roots, and a
        // verifier (or anyone holding a proof) must be able to fetch it and the key that signs it.
        ledger.MapGet("/checkpoint", GetCheckpointAsync);
        ledger.MapGet("/checkpoint-key", GetCheckpointKey);

        // Entries, and proofs about them, carry access metadata: auditors only (LedgerReaderFilter).
        var shards = ledger.MapGroup("/shards/{shard}").AddEndpointFilter(new LedgerReaderFilter());
        shards.MapGet("/entries", GetEntriesAsync);
        shards.MapGet("/proofs/inclusion", GetInclusionProofAsync);
        shards.MapGet("/proofs/consistency", GetConsistencyProofAsync);
        return endpoints;
    }

    /// <summary>The latest signed checkpoint; the first request on a new ledger has one signed.</summary>
    private static async Task<Ok<CheckpointResponse>> GetCheckpointAsync(IGrainFactory grains)
    {
        var checkpoints = grains.GetGrain<ICheckpointGrain>(0);
        var latest = await checkpoints.GetLatestAsync() ?? await checkpoints.CheckpointAsync();
        return TypedResults.Ok(new CheckpointResponse(
            latest.Number, latest.KeyId, Encoding.UTF8.GetString(latest.Body), Convert.ToBase64String(latest.Signature)));
    }

    private static Ok<CheckpointKeyResponse> GetCheckpointKey(CheckpointSigner signer)
    {
        var key = signer.PublicKey;
        return TypedResults.Ok(new CheckpointKeyResponse(
            key.KeyId, "ES256", Convert.ToBase64String(key.SubjectPublicKeyInfo), key.ToPem()));
    }

    private static async Task<Results<Ok<EntryPageResponse>, ProblemHttpResult>> GetEntriesAsync(
        string shard, string? from, string? count, ILedgerStore store, IOptions<LedgerOptions> options, CancellationToken cancellationToken)
    {
        if (ReadShard(shard, options.Value) is { } shardProblem)
        {
            return shardProblem;
        }

        if (!QueryParameter.TryRead(from, "from", 0, long.MaxValue, 0, out var start, out var error)
            || !QueryParameter.TryRead(count, "count", 1, MaxPageSize, DefaultPageSize, out var take, out error))
        {
            return BadRequest(error);
        }

        var shardNumber = int.Parse(shard, System.Globalization.CultureInfo.InvariantCulture);
        var entries = new List<EntryResponse>((int)take);
        await foreach (var entry in store.ReadShardAsync(shardNumber, start, (int)take, cancellationToken))
        {
            entries.Add(new EntryResponse(
                entry.Sequence, Convert.ToHexStringLower(entry.EntryHash ?? []), Encoding.UTF8.GetString(entry.Body)));
        }

        long? next = entries.Count == take ? entries[^1].Seq + 1 : null;
        return TypedResults.Ok(new EntryPageResponse(shardNumber, start, entries, next));
    }

    private static async Task<Results<Ok<InclusionProofResponse>, ProblemHttpResult>> GetInclusionProofAsync(
        string shard, string? seq, string? size, IGrainFactory grains, IOptions<LedgerOptions> options)
    {
        if (ReadShard(shard, options.Value) is { } shardProblem)
        {
            return shardProblem;
        }

        if (!QueryParameter.TryRead(seq, "seq", 0, long.MaxValue - 1, null, out var sequence, out var error))
        {
            return BadRequest(error);
        }

        var grain = grains.GetGrain<ILedgerShardGrain>(int.Parse(shard, System.Globalization.CultureInfo.InvariantCulture));
        var head = await grain.GetHeadAsync();
        if (head.Size == 0)
        {
            return BadRequest($"Shard {head.Shard} is empty: no entry to prove yet.");
        }

        if (!QueryParameter.TryRead(size, "size", 1, long.MaxValue, head.Size, out var treeSize, out error))
        {
            return BadRequest(error);
        }

        if (treeSize > head.Size || sequence >= treeSize)
        {
            return BadRequest($"Need seq < size <= {head.Size} (the shard's size); got seq={sequence}, size={treeSize}.");
        }

        var proof = await grain.ProveInclusionAsync(sequence, treeSize);
        return TypedResults.Ok(new InclusionProofResponse(
            proof.Shard, proof.LeafIndex, proof.TreeSize, Hex(proof.LeafHash), Hex(proof.Root), proof.Path.Select(Hex).ToList()));
    }

    private static async Task<Results<Ok<ConsistencyProofResponse>, ProblemHttpResult>> GetConsistencyProofAsync(
        string shard, string? from, string? to, IGrainFactory grains, IOptions<LedgerOptions> options)
    {
        if (ReadShard(shard, options.Value) is { } shardProblem)
        {
            return shardProblem;
        }

        if (!QueryParameter.TryRead(from, "from", 1, long.MaxValue, null, out var fromSize, out var error)
            || !QueryParameter.TryRead(to, "to", 1, long.MaxValue, null, out var toSize, out error))
        {
            return BadRequest(error);
        }

        var grain = grains.GetGrain<ILedgerShardGrain>(int.Parse(shard, System.Globalization.CultureInfo.InvariantCulture));
        var head = await grain.GetHeadAsync();
        if (fromSize > toSize || toSize > head.Size)
        {
            return BadRequest($"Need 1 <= from <= to <= {head.Size} (the shard's size); got from={fromSize}, to={toSize}.");
        }

        var proof = await grain.ProveConsistencyAsync(fromSize, toSize);
        return TypedResults.Ok(new ConsistencyProofResponse(
            proof.Shard, proof.FromSize, proof.ToSize, Hex(proof.FromRoot), Hex(proof.ToRoot), proof.Path.Select(Hex).ToList()));
    }

    private static ProblemHttpResult? ReadShard(string raw, LedgerOptions options)
    {
        if (!QueryParameter.TryRead(raw, "shard", 0, long.MaxValue, null, out var shard, out var error))
        {
            return BadRequest(error);
        }

        return shard < options.Shards
            ? null
            : TypedResults.Problem(
                $"Shard {shard} does not exist; this ledger has shards 0 to {options.Shards - 1}.",
                statusCode: StatusCodes.Status404NotFound,
                title: "No such shard");
    }

    private static ProblemHttpResult BadRequest(string? detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    private static string Hex(byte[] value) => Convert.ToHexStringLower(value);
}
