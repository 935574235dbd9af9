using System.Globalization;
using System.Runtime.CompilerServices;
using CareChain.Ledger;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Verification;

namespace CareChain.Cli.Sources.Http;

/// <summary>
/// Reads a ledger from a CareChain server's HTTP API, one page at a time, so a shard of any size
/// streams through in bounded memory. Everything the server says is checked against the protocol
/// before it reaches the verifier: a page must be for the shard and position asked for, its
/// sequence numbers must rise, and <c>next</c> must move forward, so a broken or hostile server
/// cannot make the client loop or buffer without end. Whether the entries are genuine is the
/// verifier's business, not this class's.
/// </summary>
public sealed class HttpLedgerExport : ILedgerExport
{
    private readonly LedgerHttpClient _client;
    private readonly HttpLedgerExportOptions _options;
    private SignedCheckpoint? _checkpoint;
    private CheckpointKey? _publishedKey;

    /// <param name="http">The caller owns it (and its handler's connect timeout, proxy, TLS settings).</param>
    /// <param name="server">The server's base address, e.g. <c>http://localhost:8080</c>.</param>
    /// <param name="options">Page size, response cap and request deadline; the defaults when null.</param>
    /// <param name="bearerToken">
    /// Sent as <c>Authorization: Bearer</c> on every request when set (a CareChain server serves
    /// entries only to an auditor's token). Kept apart from <paramref name="options"/>, a record whose
    /// printed form must never hold it.
    /// </param>
    public HttpLedgerExport(HttpClient http, Uri server, HttpLedgerExportOptions? options = null, string? bearerToken = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(server);
        _options = options ?? new HttpLedgerExportOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.PageSize, HttpLedgerExportOptions.MaxPageSize);
        _client = new LedgerHttpClient(http, server, _options, bearerToken);
    }

    /// <summary>
    /// The key the server says it signs with. Trusting it proves only that the server's ledger is
    /// consistent with itself; pin a key obtained some other way to prove more.
    /// </summary>
    public async Task<CheckpointKey> ReadPublishedKeyAsync(CancellationToken cancellationToken)
    {
        if (_publishedKey is not null)
        {
            return _publishedKey;
        }

        var published = await _client.GetAsync("ledger/checkpoint-key", LedgerWireJsonContext.Default.CheckpointKeyResponse, cancellationToken);
        if (!string.Equals(published.Algorithm, "ES256", StringComparison.Ordinal))
        {
            throw new OperationalErrorException(
                $"the server's checkpoint key uses algorithm '{Terminal.OneLine.Sanitize(published.Algorithm, 40)}'; only ES256 is supported");
        }

        var spki = DecodeBase64(published.PublicKey, "checkpoint key's publicKey");
        CheckpointKey key;
        try
        {
            key = CheckpointKey.FromSubjectPublicKeyInfo(spki);
        }
        catch (Exception failure) when (failure is LedgerFormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new OperationalErrorException("the server's checkpoint key is not a valid P-256 public key", failure);
        }

        if (!string.Equals(key.KeyId, published.KeyId, StringComparison.Ordinal))
        {
            throw new OperationalErrorException(
                $"the server publishes key id {Terminal.OneLine.Sanitize(published.KeyId, 80)} for a key whose id is {key.KeyId}");
        }

        _publishedKey = key;
        return key;
    }

    /// <summary>The export's key is the published one; the verifier asks only when no key is pinned.</summary>
    public async ValueTask<CheckpointKey?> ReadCheckpointKeyAsync(CancellationToken cancellationToken) =>
        await ReadPublishedKeyAsync(cancellationToken);

    /// <summary>
    /// The server's latest checkpoint, fetched once. Callers fetch it before any entries so that
    /// entries appended during a long verification count as "after the checkpoint" rather than
    /// as a checkpoint covering entries that were never read.
    /// </summary>
    public async Task<SignedCheckpoint> ReadLatestCheckpointAsync(CancellationToken cancellationToken)
    {
        if (_checkpoint is not null)
        {
            return _checkpoint;
        }

        var response = await _client.GetAsync("ledger/checkpoint", LedgerWireJsonContext.Default.CheckpointResponse, cancellationToken);
        var body = StrictUtf8.TryGetBytes(response.Body)
            ?? throw new OperationalErrorException("the server's checkpoint body is not valid Unicode text");
        var signature = DecodeBase64(response.Signature, "checkpoint signature");

        // The body is the signed statement; a malformed one is a broken ledger, so its format
        // exception is left for the command to report as such.
        var signed = SignedCheckpoint.Parse(body, signature, response.KeyId);
        if (signed.Checkpoint.Number != response.Number)
        {
            throw new OperationalErrorException(
                $"the server labels its checkpoint number {response.Number} but the signed body says {signed.Checkpoint.Number}");
        }

        _checkpoint = signed;
        return signed;
    }

    public async IAsyncEnumerable<SignedCheckpoint> ReadCheckpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The API serves only the latest checkpoint; the verifier is content with that.
        yield return await ReadLatestCheckpointAsync(cancellationToken);
    }

    public async IAsyncEnumerable<StoredEntry> ReadShardAsync(int shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        long? from = 0;
        var previous = -1L;
        while (from is { } start)
        {
            var path = string.Create(
                CultureInfo.InvariantCulture, $"ledger/shards/{shard}/entries?from={start}&count={_options.PageSize}");
            var page = await _client.GetAsync(path, LedgerWireJsonContext.Default.EntryPageResponse, cancellationToken);
            CheckPage(page, shard, start);
            foreach (var entry in page.Entries)
            {
                if (entry.Seq < start || entry.Seq <= previous)
                {
                    throw Protocol(shard, $"sent sequence {entry.Seq} after {Math.Max(previous, start - 1)}; sequences must rise");
                }

                previous = entry.Seq;
                yield return ToStoredEntry(shard, entry);
            }

            from = NextStart(page, shard, start, previous);
        }
    }

    private void CheckPage(EntryPageResponse page, int shard, long start)
    {
        if (page.Shard != shard || page.From != start)
        {
            throw Protocol(shard, $"answered a request for entries from {start} with shard {page.Shard} from {page.From}");
        }

        if (page.Entries.Count > _options.PageSize)
        {
            throw Protocol(shard, $"sent {page.Entries.Count} entries when at most {_options.PageSize} were asked for");
        }
    }

    private static long? NextStart(EntryPageResponse page, int shard, long start, long previous)
    {
        if (page.Next is not { } next)
        {
            return null;
        }

        // An empty page that promises more, or a next that does not pass what was just read,
        // would have the client ask for the same entries forever.
        if (page.Entries.Count == 0)
        {
            throw Protocol(shard, $"sent an empty page from {start} that claims more follow at {next}");
        }

        if (next <= previous || next <= start || next > LedgerLimits.MaxSequence + 1)
        {
            throw Protocol(shard, $"sent next = {next} after sequence {previous}; it must advance");
        }

        return next;
    }

    private static StoredEntry ToStoredEntry(int shard, EntryResponse entry)
    {
        var body = StrictUtf8.TryGetBytes(entry.Body)
            ?? throw Protocol(shard, $"sent a body for sequence {entry.Seq} that is not valid Unicode text");

        // An empty hash is how the server spells "no hash stored"; the verifier reports it.
        byte[]? hash = null;
        if (entry.Hash.Length > 0)
        {
            try
            {
                hash = Convert.FromHexString(entry.Hash);
            }
            catch (FormatException)
            {
                throw Protocol(shard, $"sent a hash for sequence {entry.Seq} that is not hex");
            }
        }

        return new StoredEntry(shard, entry.Seq, body, hash);
    }

    private static byte[] DecodeBase64(string text, string what)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException failure)
        {
            throw new OperationalErrorException($"the server's {what} is not valid base64", failure);
        }
    }

    private static OperationalErrorException Protocol(int shard, string problem) =>
        new($"the server broke the entries protocol: shard {shard.ToString(CultureInfo.InvariantCulture)} {problem}");
}
