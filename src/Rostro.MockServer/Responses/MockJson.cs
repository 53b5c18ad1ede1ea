using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.MockServer.Responses;

/// <summary>The one set of System.Text.Json options every response uses: names exactly as the attributes (the spec's) write them.</summary>
internal static class MockJson
{
    /// <summary>No naming policy (the spec's names are snake_case and camelCase mixed, so types carry <see cref="JsonPropertyNameAttribute"/>); nulls written; compact.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>How a validated request body is read into its wire model (Rostro.Wire): as the client writes it, with every
    /// whole number the spec's validation accepted taken by the model's integer fields (see <see cref="WholeNumberConverter"/>).</summary>
    public static readonly JsonSerializerOptions Requests = new(Rostro.Client.RostroJson.ServerOptions)
    {
        Converters = { new WholeNumberConverter.Int32(), new WholeNumberConverter.Int64() },
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
