using CareChain.Cli.Terminal;

namespace CareChain.Cli.Tests.Terminal;

[Trait("Category", "Cli")]
public sealed class OneLineTests
{
    [Fact]
    public void Newlines_and_control_characters_collapse_to_single_spaces()
    {
        Assert.Equal("bad thing happened [31m here", OneLine.Sanitize("bad\r\nthing\thappened \u001b[31m\n here\n"));
    }

    [Fact]
    public void Bidirectional_overrides_are_removed()
    {
        Assert.Equal("abc def", OneLine.Sanitize("abc\u202Edef"));
    }

    [Fact]
    public void Long_text_is_cut_with_an_ellipsis()
    {
        Assert.Equal("abcde…", OneLine.Sanitize("abcdefghij", maxLength: 5));
    }
}
