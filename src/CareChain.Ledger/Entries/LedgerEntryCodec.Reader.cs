using System.Buffers;
using System.Text;
using System.Text.Unicode;
using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Entries;

/// <summary>
/// The decoding half: a strict reader for the one byte sequence <see cref="Encode"/> can produce
/// for an entry. It walks the bytes once, so whitespace, member order, duplicates, escapes and
/// number spelling are all checked in passing, without building a DOM or re-encoding.
/// </summary>
public static partial class LedgerEntryCodec
{
    // Members in canonical (RFC 8785) order; a member's index must exceed the previous one's.
    private const int ActionField = 0;
    private const int ActorField = 1;
    private const int ConsentField = 2;
    private const int DetailsField = 3;
    private const int ModelField = 4;
    private const int OutcomeField = 5;
    private const int PatientField = 6;
    private const int ProvisionField = 7;
    private const int PurposeField = 8;
    private const int ResourceTypeField = 9;
    private const int ResourcesField = 10;
    private const int SequenceField = 11;
    private const int ShardField = 12;
    private const int TimeField = 13;
    private const int VersionField = 14;

    private const int RequiredFields =
        (1 << ActionField) | (1 << OutcomeField) | (1 << ResourcesField) | (1 << SequenceField)
        | (1 << ShardField) | (1 << TimeField) | (1 << VersionField);

    /// <summary>Bytes of a resource array item: quote, 64 hex digits, quote, comma.</summary>
    private const int ResourceStride = LedgerEntryRules.ResourceHashLength + 3;

    private static readonly string[] FieldNames =
    [
        "action", "actor", "consent", "details", "model", "outcome", "patient", "provision",
        "purpose", "resourceType", "resources", "seq", "shard", "time", "v",
    ];

    private static readonly SearchValues<byte> StringSpecials = SearchValues.Create(
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
         0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
         (byte)'"', (byte)'\\']);

    private static EntryFields Parse(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            throw new LedgerFormatException("Entry is empty.");
        }

        if (json.Length > LedgerLimits.MaxEntryBytes)
        {
            throw new LedgerFormatException($"Entry is larger than {LedgerLimits.MaxEntryBytes} bytes.");
        }

        if (!Utf8.IsValid(json))
        {
            throw new LedgerFormatException("Entry is not valid UTF-8.");
        }

        var reader = new EntryReader(json);
        return reader.ReadEntry();
    }

    private static LedgerEntry Materialize(ReadOnlySpan<byte> json, in EntryFields fields)
    {
        var resources = new string[fields.ResourceCount];
        for (var i = 0; i < resources.Length; i++)
        {
            resources[i] = Encoding.ASCII.GetString(json.Slice(fields.ResourcesStart + 2 + (i * ResourceStride), LedgerEntryRules.ResourceHashLength));
        }

        return new LedgerEntry(
            fields.Shard,
            fields.Sequence,
            fields.Time,
            Text(json, fields.Action)!,
            Text(json, fields.Outcome)!,
            Text(json, fields.Actor),
            Text(json, fields.Patient),
            Text(json, fields.ResourceType),
            resources,
            Text(json, fields.Purpose),
            Text(json, fields.Consent),
            Text(json, fields.Provision),
            Text(json, fields.Model),
            fields.Details);
    }

    private static string? Text(ReadOnlySpan<byte> json, Segment segment) =>
        segment.IsPresent ? Encoding.ASCII.GetString(json.Slice(segment.Start, segment.Length)) : null;

    private static LedgerFormatException Invalid(string rule) => new($"Invalid ledger entry: {rule}.");

    private readonly record struct Segment(int Start, int Length)
    {
        public static readonly Segment Absent = new(-1, 0);

        public bool IsPresent => Start >= 0;
    }

    private struct EntryFields
    {
        public int Shard;
        public long Sequence;
        public DateTimeOffset Time;
        public Segment Action;
        public Segment Outcome;
        public Segment Actor;
        public Segment Patient;
        public Segment ResourceType;
        public Segment Purpose;
        public Segment Consent;
        public Segment Provision;
        public Segment Model;
        public string? Details;
        public int ResourcesStart;
        public int ResourceCount;
    }

    private ref struct EntryReader(ReadOnlySpan<byte> json)
    {
        private readonly ReadOnlySpan<byte> _json = json;
        private int _position;

        public EntryFields ReadEntry()
        {
            var fields = new EntryFields
            {
                Action = Segment.Absent,
                Outcome = Segment.Absent,
                Actor = Segment.Absent,
                Patient = Segment.Absent,
                ResourceType = Segment.Absent,
                Purpose = Segment.Absent,
                Consent = Segment.Absent,
                Provision = Segment.Absent,
                Model = Segment.Absent,
            };

            Expect((byte)'{', "the entry must be a JSON object");
            var seen = 0;
            var last = -1;
            if (Peek() != '}')
            {
                while (true)
                {
                    var field = ReadMemberName(last);
                    if ((seen & (1 << field)) != 0)
                    {
                        throw new LedgerFormatException($"Entry has a duplicate member \"{FieldNames[field]}\".");
                    }

                    if (field < last)
                    {
                        throw new LedgerFormatException("Entry members are not in canonical (sorted) order.");
                    }

                    seen |= 1 << field;
                    last = field;
                    ReadValue(field, ref fields);
                    if (Peek() != ',')
                    {
                        break;
                    }

                    _position++;
                }
            }

            Expect((byte)'}', "expected ',' or '}'");
            if (_position != _json.Length)
            {
                throw new LedgerFormatException($"Entry has content after its closing brace at offset {_position}.");
            }

            var missing = RequiredFields & ~seen;
            if (missing != 0)
            {
                throw new LedgerFormatException($"Entry is missing \"{FieldNames[int.TrailingZeroCount(missing)]}\".");
            }

            return fields;
        }

        private void ReadValue(int field, ref EntryFields fields)
        {
            switch (field)
            {
                case ActionField:
                    fields.Action = ReadToken(field, static v => LedgerEntryRules.IsDottedToken(v, LedgerLimits.MaxActionLength), LedgerEntryRules.ActionRule);
                    break;
                case OutcomeField:
                    fields.Outcome = ReadToken(field, static v => LedgerEntryRules.IsDottedToken(v, LedgerLimits.MaxOutcomeLength), LedgerEntryRules.OutcomeRule);
                    break;
                case ActorField:
                    fields.Actor = ReadToken(field, static v => LowerHex.IsLowerHex(v, LedgerEntryRules.PseudonymLength), LedgerEntryRules.ActorRule);
                    break;
                case PatientField:
                    fields.Patient = ReadToken(field, static v => LowerHex.IsLowerHex(v, LedgerEntryRules.PseudonymLength), LedgerEntryRules.PatientRule);
                    break;
                case ResourceTypeField:
                    fields.ResourceType = ReadToken(field, static v => LedgerEntryRules.IsResourceType(v), LedgerEntryRules.ResourceTypeRule);
                    break;
                case PurposeField:
                    fields.Purpose = ReadToken(field, static v => LedgerEntryRules.IsIdentifier(v), LedgerEntryRules.PurposeRule);
                    break;
                case ConsentField:
                    fields.Consent = ReadToken(field, static v => LedgerEntryRules.IsIdentifier(v), LedgerEntryRules.ConsentRule);
                    break;
                case ProvisionField:
                    fields.Provision = ReadToken(field, static v => LedgerEntryRules.IsIdentifier(v), LedgerEntryRules.ProvisionRule);
                    break;
                case ModelField:
                    fields.Model = ReadToken(field, static v => LedgerEntryRules.IsIdentifier(v), LedgerEntryRules.ModelRule);
                    break;
                case DetailsField:
                    fields.Details = ReadDetails();
                    break;
                case ResourcesField:
                    ReadResources(ref fields);
                    break;
                case SequenceField:
                    fields.Sequence = ReadInteger(field, LedgerLimits.MaxSequence, LedgerEntryRules.SequenceRule);
                    break;
                case ShardField:
                    fields.Shard = (int)ReadInteger(field, LedgerLimits.MaxShards - 1, LedgerEntryRules.ShardRule);
                    break;
                case TimeField:
                    var time = ReadString(field, out _);
                    if (!UtcTimestamp.TryParse(_json.Slice(time.Start, time.Length), out fields.Time))
                    {
                        throw Invalid(LedgerEntryRules.TimeRule);
                    }

                    break;
                default:
                    if (ReadInteger(field, long.MaxValue, "v must be 1") != LedgerLimits.FormatVersion)
                    {
                        throw new LedgerFormatException($"Entry format version is not supported (expected {LedgerLimits.FormatVersion}).");
                    }

                    break;
            }
        }

        /// <summary>
        /// Identifies the member; canonical order means it is usually the one right after
        /// <paramref name="last"/>, so the search starts there.
        /// </summary>
        private int ReadMemberName(int last)
        {
            Expect((byte)'"', "expected a member name");
            var rest = _json[_position..];
            var end = rest.IndexOf((byte)'"');
            if (end < 0)
            {
                throw NotCanonical("unterminated member name");
            }

            var name = rest[..end];
            _position += end + 1;
            Expect((byte)':', "expected ':'");
            for (var i = 0; i < FieldNames.Length; i++)
            {
                var candidate = (last + 1 + i) % FieldNames.Length;
                if (Ascii.Equals(name, FieldNames[candidate]))
                {
                    return candidate;
                }
            }

            // Names never need escaping, so an escaped spelling of a known name is also unknown here.
            throw new LedgerFormatException("Entry has an unknown member.");
        }

        /// <summary>A string whose rule admits only characters that never need escaping, checked on its raw bytes.</summary>
        private Segment ReadToken(int field, ByteRule rule, string ruleText)
        {
            var segment = ReadString(field, out var escaped);
            if (escaped || !rule(_json.Slice(segment.Start, segment.Length)))
            {
                throw Invalid(ruleText);
            }

            return segment;
        }

        private string ReadDetails()
        {
            var segment = ReadString(DetailsField, out var escaped);
            var raw = _json.Slice(segment.Start, segment.Length);
            string details;
            if (!escaped)
            {
                details = Encoding.UTF8.GetString(raw);
            }
            else
            {
                // ReadString admitted only \" and \\, so unescaping is dropping each backslash
                // and keeping the byte after it.
                var buffer = ArrayPool<byte>.Shared.Rent(raw.Length);
                try
                {
                    var length = 0;
                    for (var i = 0; i < raw.Length; i++)
                    {
                        if (raw[i] == '\\')
                        {
                            i++;
                        }

                        buffer[length++] = raw[i];
                    }

                    details = Encoding.UTF8.GetString(buffer, 0, length);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            if (!LedgerEntryRules.IsDetails(details))
            {
                throw Invalid(LedgerEntryRules.DetailsRule);
            }

            return details;
        }

        private void ReadResources(ref EntryFields fields)
        {
            fields.ResourcesStart = _position;
            Expect((byte)'[', "resources must be an array");
            if (Peek() == ']')
            {
                _position++;
                return;
            }

            while (true)
            {
                if (fields.ResourceCount == LedgerLimits.MaxResources)
                {
                    throw Invalid(LedgerEntryRules.ResourcesCountRule);
                }

                ReadToken(ResourcesField, static v => LowerHex.IsLowerHex(v, LedgerEntryRules.ResourceHashLength), LedgerEntryRules.ResourceRule);
                fields.ResourceCount++;
                if (Peek() != ',')
                {
                    break;
                }

                _position++;
            }

            Expect((byte)']', "expected ',' or ']' in resources");
        }

        /// <summary>
        /// Reads a string's raw extent. Raw control bytes are invalid JSON; the only escapes a
        /// canonical entry can contain are \" and \\ (every other escape stands for a control
        /// character, which no field allows, or is not the canonical spelling).
        /// </summary>
        private Segment ReadString(int field, out bool escaped)
        {
            escaped = false;
            if (Peek() != '"')
            {
                throw new LedgerFormatException($"Entry member \"{FieldNames[field]}\" must be a string.");
            }

            _position++;
            var start = _position;
            while (true)
            {
                var next = _json[_position..].IndexOfAny(StringSpecials);
                if (next < 0)
                {
                    throw NotCanonical("unterminated string");
                }

                _position += next;
                var b = _json[_position];
                if (b == '"')
                {
                    _position++;
                    return new Segment(start, _position - 1 - start);
                }

                if (b != '\\')
                {
                    throw NotCanonical("unescaped control character in a string");
                }

                if (_position + 1 >= _json.Length || _json[_position + 1] is not ((byte)'"' or (byte)'\\'))
                {
                    throw new LedgerFormatException($"Entry member \"{FieldNames[field]}\" has an escape sequence that is not allowed or not canonical.");
                }

                escaped = true;
                _position += 2;
            }
        }

        /// <summary>A non-negative integer in canonical form: no sign, no leading zeros, no fraction or exponent.</summary>
        private long ReadInteger(int field, long max, string rule)
        {
            var start = _position;
            long value = 0;
            while (_position < _json.Length && _json[_position] is >= (byte)'0' and <= (byte)'9')
            {
                if (_position - start == 16)
                {
                    throw Invalid(rule);
                }

                value = (value * 10) + (_json[_position] - '0');
                _position++;
            }

            var digits = _position - start;
            if (digits == 0)
            {
                throw Peek() == '-'
                    ? Invalid(rule)
                    : new LedgerFormatException($"Entry member \"{FieldNames[field]}\" must be an integer.");
            }

            if (digits > 1 && _json[start] == '0')
            {
                throw NotCanonical("number with a leading zero");
            }

            if (Peek() is '.' or 'e' or 'E')
            {
                throw NotCanonical("integer written with a fraction or exponent");
            }

            if (value > max)
            {
                throw Invalid(rule);
            }

            return value;
        }

        private readonly int Peek() => _position < _json.Length ? _json[_position] : -1;

        private void Expect(byte expected, string problem)
        {
            if (Peek() != expected)
            {
                throw NotCanonical(problem);
            }

            _position++;
        }

        private readonly LedgerFormatException NotCanonical(string problem) =>
            new($"Entry is not canonical JSON at offset {_position}: {problem}.");
    }

    private delegate bool ByteRule(ReadOnlySpan<byte> value);
}
