using System.Text;
using CareChain.Ledger.Canonicalization;

namespace CareChain.Ledger.Tests.Canonicalization;

[Trait("Category", "Unit")]
public sealed class JsonCanonicalizerTests
{
    [Theory]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("-0", "0")]
    [InlineData("0.0", "0")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("-5e-324", "-5e-324")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("-1.7976931348623157e308", "-1.7976931348623157e+308")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("123456789012345678901", "123456789012345680000")]
    [InlineData("999999999999999999999", "1e+21")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("1E-6", "0.000001")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("4.50", "4.5")]
    [InlineData("2e-3", "0.002")]
    [InlineData("100", "100")]
    [InlineData("1.0", "1")]
    [InlineData("-1.5e300", "-1.5e+300")]
    [InlineData("1.2345e-10", "1.2345e-10")]
    [InlineData("0.1", "0.1")]
    [InlineData("1e23", "1e+23")]
    [InlineData("2.2250738585072014e-308", "2.2250738585072014e-308")]
    [InlineData("295147905179352830000", "295147905179352830000")]
    public void Numbers_are_written_the_way_ecmascript_prints_them(string input, string expected)
    {
        Assert.Equal(expected, Canonical(input));
    }

    [Theory]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    public void Doubles_given_by_bit_pattern_format_exactly(ulong bits, string expected)
    {
        Assert.Equal(expected, EcmaScriptNumber.Format(BitConverter.UInt64BitsToDouble(bits)));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void Numbers_without_a_json_form_are_refused(string name)
    {
        var value = double.Parse(name, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Throws<ArgumentException>(() => EcmaScriptNumber.Format(value));
    }

    [Theory]
    [InlineData("\"\\u0000\\u001f\"", "\"\\u0000\\u001f\"")]
    [InlineData("\"\\b\\f\\n\\r\\t\"", "\"\\b\\f\\n\\r\\t\"")]
    [InlineData("\"\\u0008\\u000A\"", "\"\\b\\n\"")]
    [InlineData("\"\\\"\\\\\"", "\"\\\"\\\\\"")]
    [InlineData("\"\\/\"", "\"/\"")]
    [InlineData("\"\\u20ac\"", "\"\u20ac\"")]
    [InlineData("\"\\u007f\\u0080\\u2028\"", "\"\u007f\u0080\u2028\"")]
    [InlineData("\"\\ud83d\\ude00\"", "\"\U0001F600\"")]
    [InlineData("\"\\u0041\"", "\"A\"")]
    public void Strings_use_minimal_escaping(string input, string expected)
    {
        Assert.Equal(expected, Canonical(input));
    }

    [Fact]
    public void Members_are_sorted_by_utf16_code_units_so_non_bmp_sorts_before_high_bmp()
    {
        // By code point U+1F600 would sort last; by UTF-16 its lead surrogate D83D sorts before FB33.
        const string Input = "{\"\\u20ac\":\"euro\",\"\\r\":\"cr\",\"\\ufb33\":\"dalet\",\"1\":\"one\",\"\\ud83d\\ude00\":\"smiley\",\"\\u0080\":\"ctrl\",\"\\u00f6\":\"o\"}";
        const string Expected = "{\"\\r\":\"cr\",\"1\":\"one\",\"\u0080\":\"ctrl\",\"\u00f6\":\"o\",\"\u20ac\":\"euro\",\"\U0001F600\":\"smiley\",\"\ufb33\":\"dalet\"}";

        Assert.Equal(Expected, Canonical(Input));
    }

    [Fact]
    public void Whitespace_is_removed_nested_objects_sorted_and_array_order_kept()
    {
        const string Input = " {\n \"b\" : [ 3 , 1, {\"z\":true,\"a\":null} ],\r\n\t\"a\": { \"y\": false, \"x\": \"s\" } } ";

        Assert.Equal("{\"a\":{\"x\":\"s\",\"y\":false},\"b\":[3,1,{\"a\":null,\"z\":true}]}", Canonical(Input));
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("[1,\"x\",null,true,false,{}]")]
    [InlineData("{\"\u00e9\":[{\"b\":1e-7,\"a\":\"\\u0001\"}]}")]
    [InlineData("\"only a string\"")]
    [InlineData("42")]
    public void Canonicalizing_is_idempotent(string input)
    {
        var once = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(input));

        Assert.Equal(once, JsonCanonicalizer.Canonicalize(once));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "duplicate")]
    [InlineData("{\"a\":1,\"\\u0061\":2}", "duplicate")]
    [InlineData("{\"a\":{\"b\":1,\"b\":1}}", "duplicate")]
    [InlineData("1e400", "range")]
    [InlineData("-1e400", "range")]
    [InlineData("\"\\ud800\"", "")]
    [InlineData("\"\\udc00x\"", "")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("{\"a\":1} x", "")]
    [InlineData("{\"a\":1}{}", "")]
    [InlineData("{\"a\":1,}", "")]
    [InlineData("[1,]", "")]
    [InlineData("// c\n1", "")]
    [InlineData("NaN", "")]
    [InlineData("01", "")]
    [InlineData("'a'", "")]
    [InlineData("{a:1}", "")]
    [InlineData("\"tab\tinside\"", "")]
    public void Invalid_or_non_ijson_input_is_refused(string input, string messagePart)
    {
        var error = Assert.Throws<LedgerFormatException>(() => JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(input)));

        Assert.Contains(messagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Invalid_utf8_and_byte_order_mark_are_refused()
    {
        Assert.Throws<LedgerFormatException>(() => JsonCanonicalizer.Canonicalize([(byte)'"', 0xC3, 0x28, (byte)'"']));
        Assert.Throws<LedgerFormatException>(() => JsonCanonicalizer.Canonicalize([(byte)'"', 0xED, 0xA0, 0x80, (byte)'"']));
        Assert.Throws<LedgerFormatException>(() => JsonCanonicalizer.Canonicalize([0xEF, 0xBB, 0xBF, (byte)'1']));
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused_without_overflowing_the_stack()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        var allowed = new string('[', JsonCanonicalizer.MaxDepth) + new string(']', JsonCanonicalizer.MaxDepth);

        Assert.Throws<LedgerFormatException>(() => JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(deep)));
        Assert.Equal(allowed, Canonical(allowed));
    }

    private static string Canonical(string json) => Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(json)));
}
