using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.MockServer.Responses;

/// <summary>The one set of System.Text.Json options every response uses: names exactly as the attributes (the spec's) write them.</summary>
public static class MockJson
{
    /// <summary>No naming policy (the spec's names are snake_case and camelCase mixed, so types carry <see cref="JsonPropertyNameAttribute"/>); nulls written; compact.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>Options for reading request bodies: strict JSON (no comments, no trailing commas), as FastAPI reads it.</summary>
    public static readonly JsonDocumentOptions StrictDocument = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,

        // A repeated name is ambiguous (which one counts?): refused as malformed rather than guessed.
        AllowDuplicateProperties = false,
    };
}
