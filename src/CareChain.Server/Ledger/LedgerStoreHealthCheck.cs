using CareChain.Grains.Ledger.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CareChain.Server.Ledger;

/// <summary>Healthy when the ledger database answers: without it no access can be recorded, so none is served.</summary>
public sealed class LedgerStoreHealthCheck(ILedgerConnectionSource connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The ledger database is unreachable.", failure);
        }
    }
}
