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
    internal SecretKey(CkksContext context, ulong[] data)
    {
        ParametersId = context.ParametersId;
        PolyModulusDegree = context.PolyModulusDegree;
        Data = data;
    }

    public ReadOnlyMemory<byte> ParametersId { get; }

    public int PolyModulusDegree { get; }

    internal ulong[] Data { get; }

    public void Dispose() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(Data.AsSpan()));
}
