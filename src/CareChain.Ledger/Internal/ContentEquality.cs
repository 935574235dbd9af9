namespace CareChain.Ledger.Internal;

/// <summary>Content equality for the byte arrays and lists that records would otherwise compare by reference.</summary>
internal static class ContentEquality
{
    public static bool Bytes(byte[]? a, byte[]? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.AsSpan().SequenceEqual(b));

    public static bool HashLists(IReadOnlyList<byte[]>? a, IReadOnlyList<byte[]>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!Bytes(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool Lists<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Count; i++)
        {
            if (!comparer.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static void AddBytes(ref HashCode hash, byte[]? bytes)
    {
        if (bytes is not null)
        {
            hash.AddBytes(bytes);
        }
    }

    public static void AddHashList(ref HashCode hash, IReadOnlyList<byte[]>? list)
    {
        if (list is null)
        {
            return;
        }

        hash.Add(list.Count);
        foreach (var item in list)
        {
            AddBytes(ref hash, item);
        }
    }
}
