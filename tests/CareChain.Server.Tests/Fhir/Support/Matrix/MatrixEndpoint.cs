namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>
/// One endpoint of the matrix, as a label and a way to build its request. Building may first store what the
/// request acts on (through the feed) or make an access as the caller, so each row stands on its own.
/// </summary>
internal sealed record MatrixEndpoint(string Label, Func<MatrixServer, MatrixCaller, CancellationToken, Task<MatrixRequest>> Prepare)
{
    public override string ToString() => Label;
}
