using System.Numerics;
using CareChain.Crypto.Encryption;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Evaluation;

public sealed class RotationTests(CkksSetups setups)
{
    public static TheoryData<int> Degrees => CkksSetups.AllDegrees();

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Rotation_by_every_power_of_two_moves_slots_left(int n)
    {
        var setup = setups.For(n);
        var x = setup.RandomReals(new Random(n));
        var cx = setup.Encrypt(x);
        var rotated = new Ciphertext();

        foreach (var step in CkksSetup.PowersOfTwoBelow(setup.SlotCount))
        {
            setup.Evaluator.RotateVector(cx, step, setup.GaloisKeys, rotated);
            Assert.Equal(cx.Level, rotated.Level);
            Assert.Equal(cx.Scale, rotated.Scale);
            Precision.Within($"rotate {step}, N={n}", Rotate(x, step), setup.Decrypt(rotated), Bound(setup, cx.Level));
        }
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Negative_steps_move_slots_right(int n)
    {
        var setup = setups.For(n);
        var x = setup.RandomReals(new Random(n + 1));
        var cx = setup.Encrypt(x);
        var rotated = new Ciphertext();

        foreach (var step in new[] { -1, -2, -16 })
        {
            setup.Evaluator.RotateVector(cx, step, setup.GaloisKeys, rotated);
            Precision.Within($"rotate {step}, N={n}", Rotate(x, step), setup.Decrypt(rotated), Bound(setup, cx.Level));
        }

        // Left by slots − 1 is right by one: the same Galois element and so the same key.
        Assert.Equal(setup.Context.GaloisElementForStep(-1), setup.Context.GaloisElementForStep(setup.SlotCount - 1));
        setup.Evaluator.RotateVector(cx, setup.SlotCount - 1, setup.GaloisKeys, rotated);
        Precision.Within($"rotate slots-1, N={n}", Rotate(x, -1), setup.Decrypt(rotated), Bound(setup, cx.Level));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Arbitrary_steps_with_their_own_keys_move_slots_left(int n)
    {
        var setup = setups.For(n);
        var x = setup.RandomReals(new Random(n + 2));
        var cx = setup.Encrypt(x);
        var rotated = new Ciphertext();

        foreach (var step in new[] { 3, 7, 100 })
        {
            setup.Evaluator.RotateVector(cx, step, setup.GaloisKeys, rotated);
            Precision.Within($"rotate {step}, N={n}", Rotate(x, step), setup.Decrypt(rotated), Bound(setup, cx.Level));
        }

        // Steps are taken modulo the slot count, so a whole turn plus 3 is 3.
        setup.Evaluator.RotateVector(cx, setup.SlotCount + 3, setup.GaloisKeys, rotated);
        Precision.Within($"rotate slots+3, N={n}", Rotate(x, 3), setup.Decrypt(rotated), Bound(setup, cx.Level));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Rotations_compose_and_work_below_the_top_level(int n)
    {
        var setup = setups.For(n);
        var x = setup.RandomReals(new Random(n + 3));
        var cx = setup.Encrypt(x);
        setup.Evaluator.ModSwitchToNext(cx, cx);
        var rotated = new Ciphertext();

        setup.Evaluator.RotateVector(cx, 1, setup.GaloisKeys, rotated);
        setup.Evaluator.RotateVector(rotated, 2, setup.GaloisKeys, rotated);
        setup.Evaluator.RotateVector(rotated, -16, setup.GaloisKeys, rotated);

        Assert.Equal(setup.MaxLevel - 1, rotated.Level);
        var bound = NoiseModel.PublicEncrypt(n, setup.Scale) + (3 * NoiseModel.KeySwitch(setup.Context, cx.Level, setup.Scale));
        Precision.Within($"rotate 1, 2, -16 below the top level, N={n}", Rotate(x, -13), setup.Decrypt(rotated), bound);

        // At level 0 a single digit is switched.
        while (rotated.Level > 0)
        {
            setup.Evaluator.ModSwitchToNext(rotated, rotated);
        }

        setup.Evaluator.RotateVector(rotated, 3, setup.GaloisKeys, rotated);
        bound += NoiseModel.KeySwitch(setup.Context, 0, setup.Scale);
        Precision.Within($"rotate 1, 2, -16, then 3 at level 0, N={n}", Rotate(x, -10), setup.Decrypt(rotated), bound);
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Conjugation_conjugates_complex_slots(int n)
    {
        var setup = setups.For(n);
        var x = setup.RandomComplex(new Random(n + 4));
        var cx = setup.Encrypt(x);
        var conjugated = new Ciphertext();

        setup.Evaluator.ComplexConjugate(cx, setup.GaloisKeys, conjugated);

        Precision.Within($"conjugate, N={n}", [.. x.Select(Complex.Conjugate)], setup.DecryptComplex(conjugated), Bound(setup, cx.Level));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Apply_galois_with_rotation_and_conjugation_elements_matches_the_named_operations(int n)
    {
        var setup = setups.For(n);
        var context = setup.Context;
        var x = setup.RandomComplex(new Random(n + 5));
        var cx = setup.Encrypt(x);
        var result = new Ciphertext();

        // 5^7 mod 2N rotates by 7.
        setup.Evaluator.ApplyGalois(cx, context.GaloisElementForStep(7), setup.GaloisKeys, result);
        Precision.Within($"apply_galois 5^7, N={n}", Rotate(x, 7), setup.DecryptComplex(result), Bound(setup, cx.Level));

        // 2N − 1 conjugates.
        setup.Evaluator.ApplyGalois(cx, context.ConjugationElement, setup.GaloisKeys, result);
        Precision.Within($"apply_galois 2N-1, N={n}", [.. x.Select(Complex.Conjugate)], setup.DecryptComplex(result), Bound(setup, cx.Level));

        // 1 is the identity and needs no key.
        setup.Evaluator.ApplyGalois(cx, 1, setup.GaloisKeys, result);
        Assert.Equal(cx.Data.ToArray(), result.Data.ToArray());

        // Every element the keys cover does what its rotation step says.
        Assert.Equal(
            setup.RotationSteps.Select(context.GaloisElementForStep).Append(context.ConjugationElement).Distinct().Order(),
            setup.GaloisKeys.GaloisElements);
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Apply_galois_with_an_element_outside_the_rotation_group_conjugates_and_rotates(int n)
    {
        // 3 ≡ −5^k (mod 2N) for some k, so X → X^3 is conjugation composed with a rotation by k.
        var setup = setups.For(n);
        var context = setup.Context;
        var twoN = 2 * n;
        var k = Enumerable.Range(0, setup.SlotCount).Single(j => context.GaloisElementForStep(j) == twoN - 3);
        var keys = setup.KeyGenerator.CreateGaloisKeysForElements([3]);
        Assert.Equal([3], keys.GaloisElements);
        var x = setup.RandomComplex(new Random(n + 6));
        var cx = setup.Encrypt(x);
        var result = new Ciphertext();

        setup.Evaluator.ApplyGalois(cx, 3, keys, result);

        Precision.Within($"apply_galois 3, N={n}", [.. Rotate(x, k).Select(Complex.Conjugate)], setup.DecryptComplex(result), Bound(setup, cx.Level));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(8192)]
    public void Galois_keys_for_elements_that_are_not_odd_and_below_2N_are_refused(int element)
    {
        var setup = setups.For(4096);
        Assert.Throws<ArgumentOutOfRangeException>(() => setup.KeyGenerator.CreateGaloisKeysForElements([element]));
    }

    [Fact]
    public void Rotating_a_product_before_relinearization_is_refused()
    {
        var setup = setups.For(8192);
        var cx = setup.Encrypt(setup.RandomReals(new Random(9)));
        var product = new Ciphertext();
        setup.Evaluator.Multiply(cx, cx, product);

        var exception = Assert.Throws<ArgumentException>(() => setup.Evaluator.RotateVector(product, 1, setup.GaloisKeys, new Ciphertext()));
        Assert.Contains("relinearize it first", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => setup.Evaluator.ComplexConjugate(product, setup.GaloisKeys, new Ciphertext()));
    }

    /// <summary>Left rotation: slot i receives slot i + step (right for negative steps).</summary>
    private static T[] Rotate<T>(T[] values, int step)
    {
        var count = values.Length;
        return [.. Enumerable.Range(0, count).Select(i => values[(((i + step) % count) + count) % count])];
    }

    /// <summary>Fresh public-key noise, moved to other slots, plus the key switch.</summary>
    private static double Bound(CkksSetup setup, int level) =>
        NoiseModel.PublicEncrypt(setup.N, setup.Scale) + NoiseModel.KeySwitch(setup.Context, level, setup.Scale);
}
