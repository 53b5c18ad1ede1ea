using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using Rostro.MockServer.Errors;
using Rostro.MockServer.Operations;
using Rostro.MockServer.Responses;
using Rostro.MockServer.Settings;
using Rostro.MockServer.State;
using Rostro.MockServer.Validation;
using Rostro.Spec;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Pipeline;

/// <summary>The pipeline's reading step: the body within its limit, parsed and validated against the spec (JSON or multipart), into an <see cref="OperationContext"/>.</summary>
internal sealed partial class OperationPipeline
{
    private async Task<OperationContext?> ReadAndValidateAsync(
        HttpContext http,
        SpecOperation operation,
        IReadOnlyDictionary<string, string> pathValues,
        World world,
        MockSettings settings,
        RequestOverrides overrides,
        bool takesMultipart,
        long limit)
    {
        var request = http.Request;
        JsonNode? body = null;
        string? bodyText = null;
        IFormCollection? form = null;
        var details = new List<ValidationDetail>();

        if (takesMultipart)
        {
            if (request.HasFormContentType && request.ContentType?.StartsWith(MultipartFormData, StringComparison.OrdinalIgnoreCase) == true)
            {
                var read = await RequestBodies.ReadFormAsync(request, limit, http.RequestAborted);
                if (read.Refusal is { } refusal)
                {
                    await RefuseAsync(http, operation, refusal);
                    return null;
                }

                form = read.Value;
            }

            details.AddRange(MultipartParts(operation, form));
        }
        else if (HasBody(request) && !(operation.RequestBody is null && request.ContentLength > limit))
        {
            // An operation that takes no body ignores one that is too large (as a server that never reads it would);
            // one within the limit is read for the GET-with-JSON-body fallback below.
            var read = await RequestBodies.ReadAllAsync(request, limit, http.RequestAborted);
            if (read.Refusal is { } refusal)
            {
                if (operation.RequestBody is not null || refusal.Status != StatusCodes.Status413PayloadTooLarge)
                {
                    await RefuseAsync(http, operation, refusal);
                    return null;
                }
            }

            bodyText = read.Value is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
            if (!string.IsNullOrWhiteSpace(bodyText))
            {
                try
                {
                    body = JsonNode.Parse(bodyText, documentOptions: MockJson.StrictDocument);
                }
                catch (JsonException e) when (operation.RequestBody is not null)
                {
                    await _writer.WriteErrorAsync(http, operation, StatusCodes.Status400BadRequest, MalformedMessage(e), ErrorCodes.MalformedJson);
                    return null;
                }
                catch (JsonException)
                {
                    // The operation takes no body: whatever was sent is ignored, as a server that never reads it would.
                    bodyText = null;
                }
            }
            else
            {
                bodyText = null;
            }
        }

        // The documentation's GET-with-JSON-body (GET /lore/items): for an operation that takes no body, a JSON object stands in for missing query parameters.
        var fallback = operation.RequestBody is null ? body as JsonObject : null;
        details.InsertRange(0, RequestValidator.ValidateParameters(operation, pathValues, request.Query, fallback, out var queryValues));

        if (operation.RequestBody is { } requestBody && !takesMultipart)
        {
            if (bodyText is null)
            {
                if (requestBody.Required)
                {
                    details.Add(new ValidationDetail(["body"], "Field required", "missing"));
                }
            }
            else if (requestBody.Content.GetValueOrDefault(ApplicationJson)?.Schema is { } schema)
            {
                details.AddRange(RequestValidator.ValidateBody(schema, body));
            }
        }

        if (details.Count > 0)
        {
            await _writer.WriteValidationErrorAsync(http, operation, details);
            return null;
        }

        var decoded = pathValues;
        return new OperationContext(http, operation, operation.RequestBody is null ? null : body, decoded, queryValues, world, settings, overrides, _writer)
        {
            Form = form,
            Worlds = _worlds,
            Caller = http.Items.TryGetValue(CallerItem, out var caller) ? caller as string : null,
        };
    }

    // Required parts of a multipart schema must be present.
    private static IEnumerable<ValidationDetail> MultipartParts(SpecOperation operation, IFormCollection? form)
    {
        var schema = operation.RequestBody!.Content[MultipartFormData].Schema?.Definition;
        if (schema is null)
        {
            yield break;
        }

        foreach (var name in schema.Required ?? new HashSet<string>())
        {
            // A binary part may come as a file or, as curl -F "file=text" sends it, as a plain field ("the file or text content").
            var isFile = schema.Properties?.TryGetValue(name, out var property) == true && property.Format == "binary";
            var present = form is not null && (form.ContainsKey(name) || (isFile && form.Files.GetFile(name) is not null));
            if (!present)
            {
                yield return new ValidationDetail(["body", name], isFile ? "Field required (a file part)" : "Field required", "missing");
            }
        }
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.ContainsKey(HeaderNames.TransferEncoding));

    private Task TooLargeAsync(HttpContext http, SpecOperation operation, long limit) =>
        _writer.WriteErrorAsync(http, operation, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes (settings maxBodyBytes / maxMultipartBodyBytes, header X-Mock-Max-Body-Bytes / X-Mock-Max-Multipart-Body-Bytes).", ErrorCodes.BodyTooLarge);

    // A body that could not be read. Written as the operation's answer where the operation documents that status (400 and
    // 413 where it takes a body); otherwise (408, or a broken body sent to an operation that takes none) as the server's.
    private Task RefuseAsync(HttpContext http, SpecOperation? operation, BodyRefusal refusal)
    {
        if (refusal.ClientLeft)
        {
            // Nobody is listening: no answer, and nothing to log.
            http.Abort();
            return Task.CompletedTask;
        }

        var documented = operation?.RequestBody is not null && _examples.Find(operation.OperationId, refusal.Status) is not null;
        return _writer.WriteErrorAsync(http, documented ? operation : null, refusal.Status, refusal.Message, refusal.Code);
    }

    private static string MalformedMessage(JsonException e)
    {
        var reason = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
        return $"Malformed JSON body: {reason} (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}).";
    }
}
