namespace CareChain.Crypto.Arithmetic;

/// <summary>
/// Runs independent per-limb work (NTTs, mostly) on several cores. RNS limbs never interact until the CRT, so they
/// split cleanly; below a few thousand residues per limb the scheduling costs more than a second core saves.
/// </summary>
internal static class LimbParallel
{
    private const int MinimumDegree = 4096;

    public static bool Worthwhile(int count, int polyModulusDegree) =>
        count > 1 && polyModulusDegree >= MinimumDegree && Environment.ProcessorCount > 1;

    public static void For(int count, int polyModulusDegree, Action<int> body)
    {
        if (!Worthwhile(count, polyModulusDegree))
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, count, body);
    }
}
