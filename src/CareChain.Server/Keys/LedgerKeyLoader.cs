using System.Security.Cryptography;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Pseudonyms;

namespace CareChain.Server.Keys;

/// <summary>
/// Loads the checkpoint signing key and the pseudonym key, generating them in the data folder
/// when allowed (embedded mode) and absent. Generated files are readable by the owner only.
/// </summary>
public sealed class LedgerKeyLoader(LedgerKeysOptions options, string? generatedKeysFolder)
{
    private const string SigningKeyFileName = "checkpoint-signing-key.pem";
    private const string PseudonymKeyFileName = "pseudonym-key.b64";
    private const int PseudonymKeyBytes = 32;

    public CheckpointSigner LoadCheckpointSigner()
    {
        var pem = options.CheckpointSigningKey
            ?? ReadConfiguredFile(options.CheckpointSigningKeyFile, "Ledger:Keys:CheckpointSigningKeyFile")
            ?? ReadOrGenerate(SigningKeyFileName, "Ledger:Keys:CheckpointSigningKey", () =>
            {
                using var generated = CheckpointSigner.Generate();
                return generated.ExportPkcs8Pem();
            });

        try
        {
            return CheckpointSigner.FromPkcs8Pem(pem);
        }
        catch (Exception invalid) when (invalid is CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException("The checkpoint signing key is not a PKCS#8 PEM ECDSA P-256 private key.", invalid);
        }
    }

    public Pseudonymizer LoadPseudonymizer()
    {
        var encoded = options.PseudonymKey
            ?? ReadConfiguredFile(options.PseudonymKeyFile, "Ledger:Keys:PseudonymKeyFile")
            ?? ReadOrGenerate(PseudonymKeyFileName, "Ledger:Keys:PseudonymKey",
                () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(PseudonymKeyBytes)));

        byte[] key;
        try
        {
            key = Convert.FromBase64String(encoded.Trim());
        }
        catch (FormatException invalid)
        {
            throw new InvalidOperationException("The pseudonym key is not valid base64.", invalid);
        }

        if (key.Length < PseudonymKeyBytes)
        {
            throw new InvalidOperationException($"The pseudonym key must be at least {PseudonymKeyBytes} bytes.");
        }

        return new Pseudonymizer(key);
    }

    private static string? ReadConfiguredFile(string? path, string setting)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{setting} names '{path}', which does not exist.");
    }

    private string ReadOrGenerate(string fileName, string setting, Func<string> generate)
    {
        if (generatedKeysFolder is null)
        {
            throw new InvalidOperationException(
                $"{setting} (or its File variant) must be configured: a cluster needs the same key on every silo.");
        }

        var path = Path.Combine(generatedKeysFolder, fileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        var folder = Directory.CreateDirectory(generatedKeysFolder);
        if (!OperatingSystem.IsWindows())
        {
            folder.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        var secret = generate();
        var temporary = path + ".tmp";
        using (var stream = OperatingSystem.IsWindows()
            ? new FileStream(temporary, FileMode.Create, FileAccess.Write)
            : new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(secret);
        }

        // Rename so a crash mid-write never leaves a half key that a restart would load.
        File.Move(temporary, path, overwrite: false);
        return secret;
    }
}
