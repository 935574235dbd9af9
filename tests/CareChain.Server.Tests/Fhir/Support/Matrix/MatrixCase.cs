using System.Net;

namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>
/// One cell of the matrix: caller × endpoint, the exact status expected and why, whether the answer must name
/// its ledger entry, an optional further check of the answer, and the skip reason of a known server bug.
/// </summary>
internal sealed record MatrixCase(
    MatrixCaller Caller,
    MatrixEndpoint Endpoint,
    HttpStatusCode Status,
    string Why,
    Func<MatrixServer, MatrixResponse, CancellationToken, Task>? Check = null,
    bool Ledgered = true,
    string? Skip = null)
{
    public string Name => $"{Caller.Label} | {Endpoint.Label} → {(int)Status} ({Why})";

    public override string ToString() => Name;
}
