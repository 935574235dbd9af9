using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Keys;

/// <summary>Switches the s² part of a product back to s, so a size-3 ciphertext becomes size 2.</summary>
public sealed class RelinearizationKeys
{
    internal RelinearizationKeys(CkksContext context, KeySwitchingKey key)
    {
        ParametersId = context.ParametersId;
        Key = key;
    }

    public ReadOnlyMemory<byte> ParametersId { get; }

    internal KeySwitchingKey Key { get; }
}
