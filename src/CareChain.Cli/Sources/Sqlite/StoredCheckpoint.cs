using System.Globalization;
using CareChain.Ledger;
using CareChain.Ledger.Checkpoints;
using Microsoft.Data.Sqlite;

namespace CareChain.Cli.Sources.Sqlite;

/// <summary>
/// One <c>ledger_checkpoints</c> row: the signed checkpoint and the public key stored beside it.
/// Reading it enforces what the row itself promises: the number column is the body's number, and
/// the stored key is the key the row names. Either broken means the file was altered, so it is
/// reported as a <see cref="LedgerFormatException"/>, which the verifier turns into a failure.
/// </summary>
public sealed record StoredCheckpoint(SignedCheckpoint Checkpoint, CheckpointKey Key)
{
    /// <summary>Maps a row of (number, typeof(number), body, signature, typeof(key_id), key_id, public_key).</summary>
    internal static StoredCheckpoint Read(SqliteDataReader reader)
    {
        if (reader.GetString(1) != "integer")
        {
            throw new LedgerFormatException("a ledger_checkpoints row has a number that is not an integer");
        }

        var number = reader.GetInt64(0);
        var name = "checkpoint " + number.ToString(CultureInfo.InvariantCulture);
        if (reader.IsDBNull(2) || reader.IsDBNull(3) || reader.GetString(4) != "text" || reader.IsDBNull(6))
        {
            throw new LedgerFormatException($"{name} is missing its body, signature, key id or public key");
        }

        var signed = SignedCheckpoint.Parse((byte[])reader.GetValue(2), (byte[])reader.GetValue(3), reader.GetString(5));
        if (signed.Checkpoint.Number != number)
        {
            throw new LedgerFormatException($"{name} is stored under number {number} but its body says {signed.Checkpoint.Number}");
        }

        var key = ReadKey((byte[])reader.GetValue(6), name);
        if (!string.Equals(key.KeyId, signed.KeyId, StringComparison.Ordinal))
        {
            throw new LedgerFormatException($"{name} names key {signed.KeyId} but the public key stored with it has id {key.KeyId}");
        }

        return new StoredCheckpoint(signed, key);
    }

    private static CheckpointKey ReadKey(byte[] subjectPublicKeyInfo, string name)
    {
        try
        {
            return CheckpointKey.FromSubjectPublicKeyInfo(subjectPublicKeyInfo);
        }
        catch (LedgerFormatException failure)
        {
            throw new LedgerFormatException($"{name} is stored with a public key that is not P-256: {failure.Message}", failure);
        }
    }
}
