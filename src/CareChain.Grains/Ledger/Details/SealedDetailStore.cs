using System.Buffers;
using System.Data.Common;
using System.Security.Cryptography;
using CareChain.Grains.Ledger.Storage;
using CareChain.Grains.Storage;

namespace CareChain.Grains.Ledger.Details;

/// <summary>
/// Erasable details of ledger entries (tables <c>sealed_details</c> and <c>patient_data_keys</c>):
/// text that must be kept with an access, such as a break-the-glass justification, but may hold PHI
/// and so can never enter the ledger. Each text is sealed under its patient's data key; the entry
/// commits to the SHA-256 digest of the sealed bytes, so the ledger proves what was written without
/// holding it. <see cref="ShredAsync"/> destroys a patient's key: their details become unreadable
/// for good and every entry and proof stays valid.
/// </summary>
public sealed class SealedDetailStore(DetailsKey key, ILedgerConnectionSource connections)
{
    /// <summary>Longest text accepted, in characters.</summary>
    public const int MaxTextLength = 4096;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>
    /// Seals <paramref name="text"/> for <paramref name="patient"/> (a pseudonym) and returns the
    /// digest the ledger entry should commit to. Call it before appending the entry: a detail whose
    /// entry never commits is never shown, because only an entry's digest leads to it.
    /// </summary>
    public async Task<string> SealAsync(string patient, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(patient);
        ArgumentException.ThrowIfNullOrEmpty(text);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(text.Length, MaxTextLength, nameof(text));

        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        var dataKey = (await DataKeyAsync(connection, patient, create: true, cancellationToken)).Key
            ?? throw new CryptographicException("The patient's data key does not open with the configured details key.");
        try
        {
            var sealedDetail = DetailsKey.Seal(dataKey, patient, text);
            var digest = Digest(sealedDetail);
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO sealed_details (digest, patient, sealed) VALUES (@digest, @patient, @sealed)";
            insert.AddParameter("digest", digest);
            insert.AddParameter("patient", patient);
            insert.AddParameter("sealed", sealedDetail);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return digest;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Opens the details <paramref name="references"/> commit to; every reference gets an answer, keyed by digest.</summary>
    public async Task<IReadOnlyDictionary<string, OpenedDetail>> OpenAsync(IReadOnlyCollection<SealedDetailReference> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var opened = new Dictionary<string, OpenedDetail>(StringComparer.Ordinal);
        var wanted = references.Where(reference => IsDigest(reference.Digest)).DistinctBy(reference => reference.Digest, StringComparer.Ordinal).ToList();
        foreach (var reference in references.Where(reference => !IsDigest(reference.Digest)))
        {
            opened[reference.Digest] = new OpenedDetail(DetailState.Missing, null);
        }

        if (wanted.Count == 0)
        {
            return opened;
        }

        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        var rows = new Dictionary<string, (string Patient, byte[] Sealed)>(StringComparer.Ordinal);
        foreach (var batch in wanted.Chunk(DbCommandParameters.MaxListLength))
        {
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT digest, patient, sealed FROM sealed_details WHERE digest IN ("
                + select.AddParameterList("d", [.. batch.Select(reference => reference.Digest)]) + ")";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows[reader.GetString(0)] = (reader.GetString(1), (byte[])reader.GetValue(2));
            }
        }

        var dataKeys = new Dictionary<string, PatientDataKey>(StringComparer.Ordinal);
        try
        {
            foreach (var reference in wanted)
            {
                opened[reference.Digest] = await OpenOneAsync(connection, reference, rows, dataKeys, cancellationToken);
            }
        }
        finally
        {
            foreach (var dataKey in dataKeys.Values)
            {
                CryptographicOperations.ZeroMemory(dataKey.Key);
            }
        }

        return opened;
    }

    /// <summary>
    /// Erases every detail of <paramref name="patient"/>: destroys their data key (which alone makes
    /// the details unreadable) and deletes the sealed rows. Returns false when the patient had none.
    /// </summary>
    public async Task<bool> ShredAsync(string patient, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(patient);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int deletedKeys;
        await using (var deleteKey = connection.CreateCommand())
        {
            deleteKey.Transaction = transaction;
            deleteKey.CommandText = "DELETE FROM patient_data_keys WHERE patient = @patient";
            deleteKey.AddParameter("patient", patient);
            deletedKeys = await deleteKey.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var deleteDetails = connection.CreateCommand())
        {
            deleteDetails.Transaction = transaction;
            deleteDetails.CommandText = "DELETE FROM sealed_details WHERE patient = @patient";
            deleteDetails.AddParameter("patient", patient);
            await deleteDetails.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await ErasureCheckpoint.RunAsync(connection, connections.Dialect, cancellationToken);
        return deletedKeys > 0;
    }

    /// <summary>
    /// Wraps every data key that only a retired details key opens under the current key, and returns
    /// how many it moved. Each row changes only if it still holds what was read, so silos starting
    /// together cannot undo each other. Once it has run with the new key everywhere, the retired key
    /// can be destroyed.
    /// </summary>
    public async Task<int> RewrapRetiredKeysAsync(CancellationToken cancellationToken)
    {
        if (!key.HasRetiredKeys)
        {
            return 0;
        }

        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        var stale = new List<(string Patient, byte[] Wrapped, byte[] Rewrapped)>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT patient, wrapped FROM patient_data_keys";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var patient = reader.GetString(0);
                var wrapped = (byte[])reader.GetValue(1);
                if (key.Rewrap(patient, wrapped) is { } rewrapped)
                {
                    stale.Add((patient, wrapped, rewrapped));
                }
            }
        }

        var moved = 0;
        foreach (var (patient, wrapped, rewrapped) in stale)
        {
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE patient_data_keys SET wrapped = @rewrapped WHERE patient = @patient AND wrapped = @wrapped";
            update.AddParameter("rewrapped", rewrapped);
            update.AddParameter("patient", patient);
            update.AddParameter("wrapped", wrapped);
            moved += await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (moved > 0)
        {
            // The old wrapping must not survive in free pages or the log once the retired key is destroyed.
            await ErasureCheckpoint.RunAsync(connection, connections.Dialect, cancellationToken);
        }

        return moved;
    }

    /// <summary>True for a digest as <see cref="SealAsync"/> makes them: 64 lowercase hex characters.</summary>
    public static bool IsDigest(string? value) =>
        value is { Length: SHA256.HashSizeInBytes * 2 } && !value.AsSpan().ContainsAnyExcept(LowerHex);

    private async Task<OpenedDetail> OpenOneAsync(
        DbConnection connection,
        SealedDetailReference reference,
        Dictionary<string, (string Patient, byte[] Sealed)> rows,
        Dictionary<string, PatientDataKey> dataKeys,
        CancellationToken cancellationToken)
    {
        if (!dataKeys.TryGetValue(reference.Patient, out var dataKey))
        {
            dataKey = await DataKeyAsync(connection, reference.Patient, create: false, cancellationToken);
            dataKeys[reference.Patient] = dataKey;
        }

        if (!rows.TryGetValue(reference.Digest, out var row))
        {
            // Shredding deletes the rows with the key; without a key the detail is erased, not lost.
            return new OpenedDetail(dataKey.Stored ? DetailState.Missing : DetailState.Erased, null);
        }

        if (!string.Equals(row.Patient, reference.Patient, StringComparison.Ordinal) || Digest(row.Sealed) != reference.Digest)
        {
            return new OpenedDetail(DetailState.Altered, null);
        }

        if (!dataKey.Stored)
        {
            return new OpenedDetail(DetailState.Erased, null);
        }

        var text = dataKey.Key is null ? null : DetailsKey.Open(dataKey.Key, reference.Patient, row.Sealed);
        return text is null ? new OpenedDetail(DetailState.Altered, null) : new OpenedDetail(DetailState.Readable, text);
    }

    /// <summary>
    /// The patient's data key; with <paramref name="create"/> a missing one is made first. Its key is
    /// null when none is stored, or when the stored one does not unwrap (another details key, or tampering).
    /// </summary>
    private async Task<PatientDataKey> DataKeyAsync(DbConnection connection, string patient, bool create, CancellationToken cancellationToken)
    {
        var wrapped = await ReadWrappedKeyAsync(connection, patient, cancellationToken);
        if (wrapped is null && create)
        {
            // Two silos may create at once: the first insert wins and both use what was stored.
            await using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO patient_data_keys (patient, wrapped) VALUES (@patient, @wrapped) ON CONFLICT (patient) DO NOTHING";
                insert.AddParameter("patient", patient);
                insert.AddParameter("wrapped", key.NewWrappedDataKey(patient));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            wrapped = await ReadWrappedKeyAsync(connection, patient, cancellationToken);
        }

        return wrapped is null ? new PatientDataKey(false, null) : new PatientDataKey(true, key.UnwrapDataKey(patient, wrapped));
    }

    private static async Task<byte[]?> ReadWrappedKeyAsync(DbConnection connection, string patient, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT wrapped FROM patient_data_keys WHERE patient = @patient";
        select.AddParameter("patient", patient);
        return await select.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    private static string Digest(byte[] sealedDetail) => Convert.ToHexStringLower(SHA256.HashData(sealedDetail));

    private readonly record struct PatientDataKey(bool Stored, byte[]? Key);
}
