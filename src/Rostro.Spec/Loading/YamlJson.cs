using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rostro.Spec.Loading;

/// <summary>Converts a YAML document to JSON text, typing plain scalars by the YAML 1.2 core schema.</summary>
/// <remarks>
/// Why not NSwag.Core.Yaml: its converter turns every scalar into a string, so an example such as
/// <c>count: 5</c> would reach the validator as <c>"5"</c> and fail its own schema. Spectral and Redocly
/// (js-yaml / yaml) type scalars by the core schema, and so do we, so all tools read the same document.
/// </remarks>
internal static partial class YamlJson
{
    public static string ToJson(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"The spec is not valid YAML: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // YamlDotNet reports duplicate mapping keys this way; a spec with them is ambiguous.
            throw new FormatException($"The spec is not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new FormatException("The spec is empty.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, stream.Documents[0].RootNode);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(key is YamlScalarNode scalarKey ? scalarKey.Value ?? string.Empty : key.ToString());
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new FormatException($"Unsupported YAML node at {node.Start}.");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;

        // Quoted and block scalars, and explicit !!str, are always strings.
        if (scalar.Style is not ScalarStyle.Plain and not ScalarStyle.Any || tag is "tag:yaml.org,2002:str")
        {
            writer.WriteStringValue(text);
            return;
        }

        if (tag is null or "?" or "tag:yaml.org,2002:null" && NullPattern().IsMatch(text))
        {
            writer.WriteNullValue();
        }
        else if (BooleanPattern().IsMatch(text))
        {
            writer.WriteBooleanValue(text.Equals("true", StringComparison.OrdinalIgnoreCase));
        }
        else if (JsonIntegerPattern().IsMatch(text) || JsonFloatPattern().IsMatch(text))
        {
            writer.WriteRawValue(text);
        }
        else if (YamlIntegerPattern().IsMatch(text))
        {
            writer.WriteRawValue(ParseYamlInteger(text).ToString(CultureInfo.InvariantCulture));
        }
        else if (YamlFloatPattern().IsMatch(text))
        {
            writer.WriteNumberValue(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    private static BigInteger ParseYamlInteger(string text)
    {
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('+', '-');
        var value = digits.StartsWith("0x", StringComparison.Ordinal)
            ? BigInteger.Parse("0" + digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : digits.StartsWith("0o", StringComparison.Ordinal)
                ? digits[2..].Aggregate(BigInteger.Zero, (acc, c) => (acc * 8) + (c - '0'))
                : BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    [GeneratedRegex("^(~|null|Null|NULL|)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex BooleanPattern();

    [GeneratedRegex("^-?(0|[1-9][0-9]*)$")]
    private static partial Regex JsonIntegerPattern();

    [GeneratedRegex("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonFloatPattern();

    [GeneratedRegex("^([-+]?[0-9]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+)$")]
    private static partial Regex YamlIntegerPattern();

    [GeneratedRegex("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlFloatPattern();
}
