namespace CareChain.Cli.Tests.Samples;

/// <summary>
/// The Markdown tables of <c>fhir-samples/README.md</c>, read as rows of cells so the tests check
/// the data against what the README promises a human reader.
/// </summary>
internal static class ReadmeTables
{
    /// <summary>The body rows of the table that follows the heading <paramref name="heading"/> (e.g. <c>## Observations</c>).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(string heading)
    {
        var lines = File.ReadAllLines(SampleFolder.ReadmePath);
        var start = Array.FindIndex(lines, line => line.Trim() == heading);
        Assert.True(start >= 0, $"README has no heading {heading}");

        var rows = new List<IReadOnlyList<string>>();
        var seenHeader = false;
        for (var index = start + 1; index < lines.Length && !lines[index].StartsWith("## ", StringComparison.Ordinal); index++)
        {
            var line = lines[index].Trim();
            if (!line.StartsWith('|'))
            {
                if (seenHeader && rows.Count > 0)
                {
                    break;
                }

                continue;
            }

            var cells = line.Trim('|').Split('|').Select(Unquote).ToList();
            if (!seenHeader)
            {
                seenHeader = true;
                continue;
            }

            if (cells.All(cell => cell.Trim('-', ' ').Length == 0))
            {
                continue;
            }

            rows.Add(cells);
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static string Unquote(string cell) => cell.Trim().Replace("`", string.Empty, StringComparison.Ordinal).Replace("**", string.Empty, StringComparison.Ordinal);
}
