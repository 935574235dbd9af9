using System.Runtime.CompilerServices;

namespace CareChain.Ledger.Verification;

/// <summary>
/// Enumerates an export so that anything it throws (bad data, broken connections, parse errors)
/// becomes a verification failure instead of escaping; only our own cancellation propagates.
/// </summary>
internal static class ExportReader
{
    public static bool IsDataError(Exception error, CancellationToken cancellationToken) =>
        error is not OutOfMemoryException && !(error is OperationCanceledException && cancellationToken.IsCancellationRequested);

    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Func<IAsyncEnumerable<T>> open,
        Func<Exception, VerificationFailedException> fail,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<T> enumerator;
        try
        {
            enumerator = open().GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception error) when (IsDataError(error, cancellationToken))
        {
            throw fail(error);
        }

        try
        {
            while (true)
            {
                bool hasItem;
                try
                {
                    hasItem = await enumerator.MoveNextAsync();
                }
                catch (Exception error) when (IsDataError(error, cancellationToken))
                {
                    throw fail(error);
                }

                if (!hasItem)
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            await DisposeQuietlyAsync(enumerator, cancellationToken);
        }
    }

    private static async ValueTask DisposeQuietlyAsync<T>(IAsyncEnumerator<T> enumerator, CancellationToken cancellationToken)
    {
        try
        {
            await enumerator.DisposeAsync();
        }
        catch (Exception error) when (IsDataError(error, cancellationToken))
        {
            // The verdict is already decided by what was read; a failing cleanup cannot change it.
        }
    }
}
