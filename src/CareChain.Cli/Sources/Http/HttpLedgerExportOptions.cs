namespace CareChain.Cli.Sources.Http;

/// <summary>Limits that keep a slow, huge or hostile server from hanging the client or exhausting its memory.</summary>
public sealed record HttpLedgerExportOptions
{
    /// <summary>The server refuses pages larger than this.</summary>
    public const int MaxPageSize = 5000;

    public const int DefaultPageSize = 1000;

    /// <summary>Entries asked for per request.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>
    /// Largest response body accepted, after decompression. A normal page of a thousand entries is
    /// well under a megabyte; the cap only has to stop a response that never ends.
    /// </summary>
    public int MaxResponseBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Time allowed for one request, from sending it to the last byte of the body.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
