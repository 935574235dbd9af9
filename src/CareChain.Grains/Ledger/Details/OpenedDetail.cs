namespace CareChain.Grains.Ledger.Details;

/// <summary>The outcome of opening one sealed detail: its state, and its text when <see cref="DetailState.Readable"/>.</summary>
public sealed record OpenedDetail(DetailState State, string? Text)
{
    // The text may hold PHI: never let a log or debugger display of the record show it.
    public override string ToString() => $"OpenedDetail {{ State = {State} }}";
}
