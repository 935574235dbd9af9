namespace CareChain.Crypto.Serialization;

/// <summary>How the body of a serialized object is compressed; the header records which, so loading needs no hint.</summary>
public enum CkksCompression
{
    /// <summary>The body as is.</summary>
    None = 0,

    /// <summary>ZLib (RFC 1950: deflate with an Adler-32 checksum); fast, about 75% of the size for 40-bit primes.</summary>
    ZLib = 1,

    /// <summary>
    /// Brotli (RFC 7932) at quality 5; slower to write, about 70% of the size for 40-bit primes. Brotli streams
    /// carry no checksum, so a corrupted stream can decode to a different body (which is then validated as usual).
    /// </summary>
    Brotli = 2,
}
