using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Auth;

/// <summary>
/// Turns a JSON Web Key Set (RFC 7517) into verification keys: RSA keys of at least
/// <see cref="MinimumRsaKeyBits"/> bits and EC keys on P-256, P-384 or P-521, public parts only.
/// Keys meant for encryption (<c>use</c> other than <c>sig</c>, <c>key_ops</c> without <c>verify</c>)
/// are skipped without comment; every other key that cannot be used is reported.
/// </summary>
/// <remarks>
/// <see cref="JsonWebKeySet"/> parses the document; the conversion is ours, so that each rule is
/// explicit and a refused key is explained, and so that each key is built (and its numbers checked)
/// once, when it is read, rather than at its first token.
/// </remarks>
internal static class JwksReader
{
    /// <summary>NIST SP 800-131A: RSA keys below 2048 bits are no longer acceptable for signatures.</summary>
    public const int MinimumRsaKeyBits = 2048;

    private const string VerifyOperation = "verify";

    /// <summary>
    /// Reads <paramref name="json"/>. Throws a <see cref="FormatException"/> whose message completes the
    /// sentence "the document …" when it is not JSON or not a key set; otherwise returns the usable keys
    /// and a line for each key that was refused.
    /// </summary>
    public static JwksReadResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var syntax = JsonDocument.Parse(json);
        }
        catch (JsonException invalid)
        {
            // Position only: the parser's own message may quote the text, and the text may be a private key.
            throw new FormatException($"is not valid JSON (line {invalid.LineNumber + 1}, byte {invalid.BytePositionInLine + 1})");
        }

        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (ArgumentException)
        {
            throw new FormatException("is not a JSON Web Key Set: expected an object with a \"keys\" array (RFC 7517)");
        }

        var read = new List<(int Index, SecurityKey Key)>();
        var problems = new List<string>();
        for (var index = 0; index < set.Keys.Count; index++)
        {
            var jwk = set.Keys[index];
            if (!IsForVerifying(jwk))
            {
                continue;
            }

            if (TryConvert(jwk, out var key, out var problem))
            {
                read.Add((index, key));
            }
            else
            {
                problems.Add($"{Describe(index, jwk.Kid)} {problem}");
            }
        }

        // With several keys, the token's kid is what picks one; a key without a kid could never be picked.
        if (read.Count > 1)
        {
            foreach (var (index, key) in read.Where(entry => string.IsNullOrEmpty(entry.Key.KeyId)))
            {
                problems.Add($"{Describe(index, kid: null)} has no kid; in a set of several keys every key needs one, so that tokens can name theirs");
            }

            read.RemoveAll(entry => string.IsNullOrEmpty(entry.Key.KeyId));
        }

        var keys = read.Select(entry => entry.Key).ToList();
        return new JwksReadResult(keys.AsReadOnly(), problems.AsReadOnly());
    }

    private static bool IsForVerifying(JsonWebKey jwk) =>
        (string.IsNullOrEmpty(jwk.Use) || string.Equals(jwk.Use, JsonWebKeyUseNames.Sig, StringComparison.Ordinal))
        && (jwk.KeyOps.Count == 0 || jwk.KeyOps.Contains(VerifyOperation, StringComparer.Ordinal));

    private static bool TryConvert(JsonWebKey jwk, [NotNullWhen(true)] out SecurityKey? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        problem = jwk.Kty switch
        {
            JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve => null,
            JsonWebAlgorithmsKeyTypes.Octet => "has kty \"oct\", a shared secret: a key set holds public keys only (the shared secret is Auth:SigningKey)",
            null or "" => "has no kty",
            _ => $"has kty \"{jwk.Kty}\", which is not supported: use RSA or EC",
        };
        if (problem is not null)
        {
            return false;
        }

        if (HasPrivateParts(jwk))
        {
            problem = "holds private key material: a key set must hold public keys only (and this private key should be treated as disclosed)";
            return false;
        }

        key = jwk.Kty == JsonWebAlgorithmsKeyTypes.RSA ? ToRsa(jwk, out problem) : ToEcdsa(jwk, out problem);
        if (key is null)
        {
            problem ??= "is not a valid public key";
            return false;
        }

        if (!string.IsNullOrEmpty(jwk.Alg) && !SigningAlgorithms.IsAllowed(jwk.Alg, key))
        {
            problem = $"declares alg \"{jwk.Alg}\", which an {KindOf(key)} key cannot verify";
            Release(key);
            key = null;
            return false;
        }

        key.KeyId = string.IsNullOrEmpty(jwk.Kid) ? null : jwk.Kid;
        problem = null;
        return true;
    }

    private static bool HasPrivateParts(JsonWebKey jwk) =>
        new[] { jwk.D, jwk.P, jwk.Q, jwk.DP, jwk.DQ, jwk.QI, jwk.K, jwk.Priv }.Any(part => !string.IsNullOrEmpty(part)) || jwk.Oth.Count > 0;

    private static RsaSecurityKey? ToRsa(JsonWebKey jwk, out string? problem)
    {
        if (!TryDecode(jwk.N, out var modulus) || !TryDecode(jwk.E, out var exponent))
        {
            problem = "needs n and e, both base64url";
            return null;
        }

        var bits = BitLength(modulus);
        if (bits < MinimumRsaKeyBits)
        {
            problem = $"is an RSA key of {bits} bits; at least {MinimumRsaKeyBits} are required";
            return null;
        }

        try
        {
            problem = null;
            return new RsaSecurityKey(RSA.Create(new RSAParameters { Modulus = modulus, Exponent = exponent }));
        }
        catch (Exception invalid) when (invalid is CryptographicException or ArgumentException)
        {
            problem = "is not a valid RSA public key";
            return null;
        }
    }

    private static ECDsaSecurityKey? ToEcdsa(JsonWebKey jwk, out string? problem)
    {
        (ECCurve curve, int bits)? named = jwk.Crv switch
        {
            JsonWebKeyECTypes.P256 => (ECCurve.NamedCurves.nistP256, 256),
            JsonWebKeyECTypes.P384 => (ECCurve.NamedCurves.nistP384, 384),
            JsonWebKeyECTypes.P521 => (ECCurve.NamedCurves.nistP521, 521),
            _ => null,
        };
        if (named is not { } found)
        {
            problem = string.IsNullOrEmpty(jwk.Crv)
                ? "is an EC key without crv"
                : $"has crv \"{jwk.Crv}\", which is not supported: use P-256, P-384 or P-521";
            return null;
        }

        var size = (found.bits + 7) / 8;
        if (!TryDecode(jwk.X, out var x) || !TryDecode(jwk.Y, out var y) || x.Length != size || y.Length != size)
        {
            problem = $"needs x and y, each {size} bytes of base64url for {jwk.Crv}";
            return null;
        }

        try
        {
            problem = null;
            return new ECDsaSecurityKey(ECDsa.Create(new ECParameters { Curve = found.curve, Q = new ECPoint { X = x, Y = y } }));
        }
        catch (Exception invalid) when (invalid is CryptographicException or ArgumentException)
        {
            problem = $"is not a point on {jwk.Crv}";
            return null;
        }
    }

    private static bool TryDecode(string? base64Url, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (string.IsNullOrEmpty(base64Url))
        {
            return false;
        }

        try
        {
            bytes = Base64UrlEncoder.DecodeBytes(base64Url);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // The modulus's size in bits, not counting leading zero bits: 2048 for a 2048-bit key however it is padded.
    private static int BitLength(byte[] bigEndian)
    {
        var first = Array.FindIndex(bigEndian, value => value != 0);
        return first < 0 ? 0 : ((bigEndian.Length - first - 1) * 8) + (32 - int.LeadingZeroCount(bigEndian[first]));
    }

    private static void Release(SecurityKey key)
    {
        switch (key)
        {
            case RsaSecurityKey { Rsa: { } rsa }:
                rsa.Dispose();
                break;
            case ECDsaSecurityKey { ECDsa: { } ecdsa }:
                ecdsa.Dispose();
                break;
        }
    }

    private static string KindOf(SecurityKey key) => key switch
    {
        RsaSecurityKey => "RSA",
        ECDsaSecurityKey { ECDsa: { } ecdsa } => $"EC P-{ecdsa.KeySize}",
        _ => key.GetType().Name,
    };

    private static string Describe(int index, string? kid) => string.IsNullOrEmpty(kid) ? $"key {index + 1}" : $"key {index + 1} (kid \"{kid}\")";
}
