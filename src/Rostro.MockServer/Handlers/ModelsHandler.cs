using System.Text.Json;
using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.Spec;

namespace Rostro.MockServer.Handlers;

/// <summary>The mimic's model lists: the spec's <c>ModelId</c> values, serialized once (this is the benchmarked hot path); a path that names a model lists only it, as the spec says.</summary>
internal sealed class ModelsHandler : IOperationHandler
{
    /// <summary>When the mock's models were "created" (fixed, for determinism).</summary>
    public const long Created = 1700000000;

    private readonly byte[] _body;
    private readonly Dictionary<string, byte[]> _single = new(StringComparer.Ordinal);

    public ModelsHandler(RostroSpec spec)
    {
        var ids = spec.Schema("ModelId").Enum.Select(e => e?.GetValue<string>() ?? string.Empty).ToList();
        _body = List(ids);
        foreach (var id in ids)
        {
            _single[id] = List([id]);
        }
    }

    public IEnumerable<string> OperationIds => ["listModels", "listModelsForModel", "listChubModels"];

    // Validation has already refused a path model outside ModelId.
    public Task HandleAsync(OperationContext context) =>
        context.WriteJsonAsync(StatusCodes.Status200OK, context.PathValues.TryGetValue("model", out var model) && _single.TryGetValue(model, out var one) ? one : _body);

    private static byte[] List(IEnumerable<string> ids) => JsonSerializer.SerializeToUtf8Bytes(
        new ModelList
        {
            Object = ModelListObject.List,
            Data = [.. ids.Select(id => new Model { Id = id, Object = ModelObject.Model, Created = Created, OwnedBy = "rostro" })],
        },
        RostroJson.ServerOptions);
}
