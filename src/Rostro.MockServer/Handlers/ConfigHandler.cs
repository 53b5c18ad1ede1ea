using System.Text.Json.Nodes;
using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>Per-user configuration documents: upsert (the stored document is returned) and delete.</summary>
internal sealed class ConfigHandler : WorldHandler
{
    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["upsertConfig"] = Upsert,
        ["deleteConfig"] = Delete,
    };

    private static Reply Upsert(OperationContext context, World world)
    {
        var configId = context.Path("config_id");
        var subId = context.Path("sub_id");
        var value = (JsonObject)context.Body!["value"]!.DeepClone(); // free-form in the spec: kept as JSON
        var existing = world.Configs.FirstOrDefault(c => c.ConfigId == configId && c.SubId == subId);
        var stored = new ConfigRecord { ConfigId = configId, SubId = subId, Value = value };
        if (existing is null)
        {
            world.Configs.Add(stored);
        }
        else
        {
            world.Configs.Replace(existing, stored);
        }

        return Reply.Ok(new ConfigEntry { ConfigId = configId, SubId = subId, Value = stored.Value.DeepClone() });
    }

    private static Reply Delete(OperationContext context, World world)
    {
        var configId = context.Path("config_id");
        var subId = context.Path("sub_id");
        var existing = world.Configs.FirstOrDefault(c => c.ConfigId == configId && c.SubId == subId);
        if (existing is null)
        {
            return Reply.NotFound($"No config {configId}/{subId}.");
        }

        world.Configs.Remove(existing);
        return Reply.Success();
    }
}
