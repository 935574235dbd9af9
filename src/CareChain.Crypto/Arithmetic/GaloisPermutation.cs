namespace CareChain.Crypto.Arithmetic;

/// <summary>
/// The ring automorphism X → X^g (g odd, below 2N) acting on NTT-form polynomials, where it is a permutation of
/// evaluation points: slot i holds a(ψ^(2·rev(i)+1)), and σ_g(a) at that point is a at ψ^((2·rev(i)+1)·g).
/// </summary>
public static class GaloisPermutation
{
    public static int[] Create(int polyModulusDegree, int galoisElement)
    {
        var twoN = 2 * polyModulusDegree;
        if ((galoisElement & 1) == 0 || galoisElement <= 0 || galoisElement >= twoN)
        {
            throw new ArgumentOutOfRangeException(nameof(galoisElement), galoisElement, $"A Galois element must be odd and below {twoN}.");
        }

        var logN = System.Numerics.BitOperations.Log2((uint)polyModulusDegree);
        var permutation = new int[polyModulusDegree];
        for (var i = 0; i < polyModulusDegree; i++)
        {
            var exponent = (2L * NttTables.BitReverse(i, logN)) + 1;
            var mapped = (int)(exponent * galoisElement % twoN);
            permutation[i] = NttTables.BitReverse((mapped - 1) >> 1, logN);
        }

        return permutation;
    }
}
