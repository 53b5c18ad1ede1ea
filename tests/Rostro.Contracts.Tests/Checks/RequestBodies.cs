using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>A request's body as evidence shows it and as runtime expressions read it: JSON as it is; a multipart form field by field.</summary>
public static class RequestBodies
{
    private const int MaxFieldText = 4096;

    /// <summary>The body as text for evidence: JSON as sent; multipart as one line per part (text fields with their value, files with name, size and type).</summary>
    public static async Task<string?> DescribeAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return null;
        }

        if (content is not MultipartFormDataContent form)
        {
            return await content.ReadAsStringAsync(cancellationToken);
        }

        var text = new StringBuilder("(multipart/form-data)");
        foreach (var part in form)
        {
            var name = part.Headers.ContentDisposition?.Name?.Trim('"') ?? "(unnamed)";
            var file = part.Headers.ContentDisposition?.FileName?.Trim('"');
            var bytes = await part.ReadAsByteArrayAsync(cancellationToken);
            text.AppendLine().Append(name).Append(": ");
            if (file is not null || part is ByteArrayContent and not StringContent)
            {
                text.Append(CultureInfo.InvariantCulture, $"file {file ?? "(no file name)"}, {bytes.Length} bytes, {part.Headers.ContentType?.MediaType ?? "no content type"}");
            }
            else
            {
                var value = Encoding.UTF8.GetString(bytes);
                text.Append(value.Length <= MaxFieldText ? value : value[..MaxFieldText] + $"… ({value.Length} characters)");
            }
        }

        return text.ToString();
    }

    /// <summary>The body as JSON, for <c>$request.body#/…</c>: a JSON body parsed; a multipart form as an object of its text fields (a field holding JSON text parsed, so <c>/metadata/owner_id</c> reaches into it).</summary>
    public static async Task<JsonNode?> ReadJsonAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return null;
        }

        if (content is MultipartFormDataContent form)
        {
            var fields = new JsonObject();
            foreach (var part in form.Where(p => p.Headers.ContentDisposition?.FileName is null && p is StringContent))
            {
                var value = await part.ReadAsStringAsync(cancellationToken);
                fields[part.Headers.ContentDisposition?.Name?.Trim('"') ?? string.Empty] = Parse(value) ?? JsonValue.Create(value);
            }

            return fields;
        }

        return Parse(await content.ReadAsStringAsync(cancellationToken));
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
