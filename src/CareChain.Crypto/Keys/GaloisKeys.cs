using System.Collections.Frozen;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Keys;

/// <summary>
/// Key-switching keys from σ_g(s) to s, one per Galois element g: 5^k mod 2N rotates slots by k, 2N − 1 conjugates.
/// Only the elements asked for exist; a rotation without its key is refused rather than composed.
/// </summary>
public sealed class GaloisKeys
{
    private readonly FrozenDictionary<int, KeySwitchingKey> _keys;

    internal GaloisKeys(CkksContext context, IDictionary<int, KeySwitchingKey> keys)
    {
        ParametersId = context.ParametersId;
        PolyModulusDegree = context.PolyModulusDegree;
        _keys = keys.ToFrozenDictionary();
    }

    public ReadOnlyMemory<byte> ParametersId { get; }

    /// <summary>N of the parameters these keys belong to, known even when the set is empty.</summary>
    internal int PolyModulusDegree { get; }

    /// <summary>The Galois elements these keys cover, ascending.</summary>
    public IReadOnlyList<int> GaloisElements => [.. _keys.Keys.Order()];

    public bool Contains(int galoisElement) => _keys.ContainsKey(galoisElement);

    internal KeySwitchingKey this[int galoisElement] =>
        _keys.TryGetValue(galoisElement, out var key)
            ? key
            : throw new ArgumentException($"No Galois key for element {galoisElement}; create keys for that rotation step.", nameof(galoisElement));
}
