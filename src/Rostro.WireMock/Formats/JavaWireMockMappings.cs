using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using WireMock.Org.Abstractions;

namespace Rostro.WireMock;

/// <summary>Stubs in Java WireMock's mapping format (wiremock.org: what <c>--root-dir</c>'s <c>mappings/</c> and <c>POST /__admin/mappings</c> take), on WireMock.Org.Abstractions' model.</summary>
/// <remarks>
/// Written for Java WireMock itself, not for WireMock.Net's importer of this format, which ignores <c>absent</c> and JSON body
/// patterns and searches <c>urlPathPattern</c> unanchored: WireMock.Net gets <see cref="WireMockNetMappings"/> instead.
/// </remarks>
public static class JavaWireMockMappings
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // The model's ints and bools are not nullable: leave out what is 0/false/null, as WireMock writes its own files.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        WriteIndented = true,
        // A file for people to read: quotes in bodies and regexes as they are, not \u0022.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One mapping per stub.</summary>
    public static Mapping[] From(IEnumerable<RostroStub> stubs)
    {
        ArgumentNullException.ThrowIfNull(stubs);
        return [.. stubs.Select(From)];
    }

    /// <summary>The mapping of one stub.</summary>
    public static Mapping From(RostroStub stub)
    {
        ArgumentNullException.ThrowIfNull(stub);
        var request = stub.Request;
        var headers = new JsonObject();
        if (request.PreferPattern is { } prefer)
        {
            headers[PreferPattern.Header] = new JsonObject { ["matches"] = prefer };
        }

        foreach (var absent in request.AbsentHeaders)
        {
            headers[absent] = new JsonObject { ["absent"] = true };
        }

        var id = stub.Id.ToString();
        return new Mapping
        {
            Id = id,
            Uuid = id,
            Name = stub.Title,
            Priority = stub.Priority,
            Request = new MappingsRequest
            {
                Method = request.Method,
                // Java WireMock matches urlPathPattern against the whole path; the anchors say so to any other reader too.
                UrlPath = request.PathPattern is null ? request.PathTemplate : null,
                UrlPathPattern = request.PathPattern,
                Headers = headers.Count > 0 ? headers : null,
                BodyPatterns = request.StreamRequested
                    ? [new JsonObject { ["equalToJson"] = new JsonObject { ["stream"] = true }, ["ignoreExtraElements"] = true }]
                    : null,
            },
            Response = new MappingsResponse
            {
                Status = stub.Response.Status,
                Headers = new JsonObject(stub.Response.Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
                Body = stub.Response.Body,
            },
            Metadata = new JsonObject { ["rostro"] = new JsonObject { ["operationId"] = stub.OperationId, ["kind"] = stub.Kind.ToString() } },
        };
    }

    /// <summary>A mapping file holding several stubs (<c>{"mappings": [...]}</c>), as Java WireMock reads from <c>mappings/</c>.</summary>
    public static string Serialize(IEnumerable<Mapping> mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        return JsonSerializer.Serialize(new JavaMappingFile([.. mappings]), s_options);
    }

    private sealed record JavaMappingFile(Mapping[] Mappings);
}
