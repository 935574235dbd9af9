using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Keys;

/// <summary>
/// The ternary secret s in NTT form modulo every prime of the key level. Only the party that decrypts holds it;
/// disposing wipes it from memory.
/// </summary>
public sealed class SecretKey : IDisposable
{
    private readonly ulong[] _data;
    private bool _disposed;

    internal SecretKey(CkksContext context, ulong[] data)
    {
        ParametersId = context.ParametersId;
        PolyModulusDegree = context.PolyModulusDegree;
        _data = data;
    }

    public ReadOnlyMemory<byte> ParametersId { get; }

    public int PolyModulusDegree { get; }

    /// <summary>The residues; a disposed key refuses to be used rather than silently acting as zero.</summary>
    internal ulong[] Data
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _data;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_data.AsSpan()));
    }
}
