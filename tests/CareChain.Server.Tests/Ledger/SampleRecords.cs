using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CareChain.Grains.Ledger;

namespace CareChain.Server.Tests.Ledger;

/// <summary>Ledger records shaped like the FHIR layer's: pseudonyms and hashes only.</summary>
internal static class SampleRecords
{
    public static LedgerRecord Read(int patient, int resource) => new(
        "read",
        "permit",
        Hash("Practitioner/7"),
        Hash("Patient/" + patient.ToString(CultureInfo.InvariantCulture)),
        "Observation",
        [Hash("Observation/" + resource.ToString(CultureInfo.InvariantCulture))],
        "TREAT",
        "Consent/" + patient.ToString(CultureInfo.InvariantCulture),
        "0",
        null,
        null);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
