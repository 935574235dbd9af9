using System.Security.Cryptography;
using CareChain.Ledger;
using CareChain.Ledger.Checkpoints;

namespace CareChain.Cli.Keys;

/// <summary>Reads the checkpoint key a user pins with <c>--key</c>: a PEM SubjectPublicKeyInfo file.</summary>
internal static class PinnedKeyFile
{
    // A P-256 public key in PEM is under 200 bytes; anything far larger is not one.
    private const int MaxBytes = 64 * 1024;

    public static async Task<CheckpointKey> LoadAsync(string path, CancellationToken cancellationToken)
    {
        string pem;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new OperationalErrorException($"key file {path} does not exist");
            }

            if (file.Length > MaxBytes)
            {
                throw new OperationalErrorException($"key file {path} is too large to be a PEM public key");
            }

            pem = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new OperationalErrorException($"cannot read key file {path}: {failure.Message}", failure);
        }

        try
        {
            return CheckpointKey.FromPem(pem);
        }
        catch (Exception failure) when (failure is LedgerFormatException or CryptographicException or ArgumentException or FormatException)
        {
            throw new OperationalErrorException($"key file {path} does not hold a P-256 public key in PEM form", failure);
        }
    }
}
