using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.MockServer.Operations;
using Rostro.MockServer.Responses;
using Rostro.Spec;

namespace Rostro.MockServer.Handlers;

/// <summary>The mimic's model lists: the spec's <c>ModelId</c> values, serialized once (this is the benchmarked hot path).</summary>
internal sealed class ModelsHandler : IOperationHandler
{
    /// <summary>When the mock's models were "created" (fixed, for determinism).</summary>
    public const long Created = 1700000000;

    private readonly byte[] _body;

    public ModelsHandler(RostroSpec spec)
    {
        var ids = spec.Schema("ModelId").Enum.Select(e => e?.GetValue<string>() ?? string.Empty);
        var list = new JsonObject
        {
            ["object"] = "list",
            ["data"] = ids.ToJsonArray(id => new JsonObject { ["id"] = id, ["object"] = "model", ["created"] = Created, ["owned_by"] = "rostro" }),
        };
        _body = JsonSerializer.SerializeToUtf8Bytes(list, MockJson.Options);
    }

    public IEnumerable<string> OperationIds => ["listModels", "listModelsForModel", "listChubModels"];

    public Task HandleAsync(OperationContext context) => context.WriteJsonAsync(StatusCodes.Status200OK, _body);
}
