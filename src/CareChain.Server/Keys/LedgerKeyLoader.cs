using System.Security.Cryptography;
using CareChain.Grains.Ledger.Details;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Pseudonyms;

namespace CareChain.Server.Keys;

/// <summary>
/// Loads the checkpoint signing key, the pseudonym key and the details key, generating them in the data folder
/// when allowed (embedded mode) and absent. Generated files are readable by the owner only.
/// </summary>
public sealed class LedgerKeyLoader(LedgerKeysOptions options, string? generatedKeysFolder)
{
    private const string SigningKeyFileName = "checkpoint-signing-key.pem";
    private const string PseudonymKeyFileName = "pseudonym-key.b64";
    private const int PseudonymKeyBytes = 32;
    private const string DetailsKeyFileName = "details-key.b64";

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

        var key = DecodeBase64(encoded, "pseudonym key");
        if (key.Length < PseudonymKeyBytes)
        {
            throw new InvalidOperationException($"The pseudonym key must be at least {PseudonymKeyBytes} bytes.");
        }

        return new Pseudonymizer(key);
    }

    public DetailsKey LoadDetailsKey()
    {
        var encoded = options.DetailsKey
            ?? ReadConfiguredFile(options.DetailsKeyFile, "Ledger:Keys:DetailsKeyFile")
            ?? ReadOrGenerate(DetailsKeyFileName, "Ledger:Keys:DetailsKey",
                () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(DetailsKey.KeySize)));

        var key = DetailsKeyBytes(encoded, "details key");
        var retired = options.RetiredDetailsKeys
            .Select((old, index) => DetailsKeyBytes(old ?? string.Empty, $"retired details key {index}"))
            .ToList();
        return new DetailsKey(key, retired);
    }

    private static byte[] DetailsKeyBytes(string encoded, string name)
    {
        var key = DecodeBase64(encoded, name);
        return key.Length == DetailsKey.KeySize
            ? key
            : throw new InvalidOperationException($"The {name} must be exactly {DetailsKey.KeySize} bytes (AES-256).");
    }

    // Messages name the key, never quote it: a malformed secret is still a secret.
    private static byte[] DecodeBase64(string encoded, string name)
    {
        try
        {
            return Convert.FromBase64String(encoded.Trim());
        }
        catch (FormatException invalid)
        {
            throw new InvalidOperationException($"The {name} is not valid base64.", invalid);
        }
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
