using System.Security.Cryptography;

namespace CareChain.Ledger.Checkpoints;

internal static class PemBlock
{
    /// <summary>Decodes the first PEM block, which must carry <paramref name="label"/>.</summary>
    public static byte[] Read(string pem, string label)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new LedgerFormatException($"No PEM block found; expected \"{label}\".");
        }

        if (!pem.AsSpan(fields.Label).SequenceEqual(label))
        {
            throw new LedgerFormatException($"PEM block has the wrong label; expected \"{label}\".");
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan(fields.Base64Data), der, out var written) || written != der.Length)
        {
            throw new LedgerFormatException("PEM block is not valid base64.");
        }

        return der;
    }
}
