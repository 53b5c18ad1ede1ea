using System.Text.Json.Nodes;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Handlers;

/// <summary>Media generation and its history. Each generation costs one credit (visible in <c>GET /api/account</c>); none left answers 403.</summary>
/// <remarks>With <c>return_immediate=true</c> a generation starts as <c>is_done: false</c> and is done by the next history read.</remarks>
internal sealed class ImagineHandler : WorldHandler
{
    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["imagine"] = Imagine,
        ["getImagineHistory"] = History,
        ["deleteImagineHistory"] = Delete,
    };

    private static Reply Imagine(OperationContext context, World world)
    {
        if (world.Credits <= 0)
        {
            return Reply.Forbidden("No credits left.", ErrorCodes.NoCredits);
        }

        var type = context.BodyString("generation_type") ?? "text_to_image";
        var uuid = world.NewUuid();
        var done = !(context.QueryBool("return_immediate") ?? false);
        var record = new GenerationRecord
        {
            Uuid = uuid,
            IsDone = done,
            PrimaryMediaUrl = done ? MediaUrl(uuid, type) : null,
            Prompt = context.BodyString("prompt") ?? string.Empty,
            GenerationType = type,
            CreatedAt = world.Now(),
        };
        world.Generations.Insert(0, record);
        world.SpendCredit();
        return Reply.Ok(Views.Generation(record));
    }

    private static Reply History(OperationContext context, World world)
    {
        foreach (var pending in world.Generations.Where(g => !g.IsDone).ToList())
        {
            world.Generations.Replace(pending, pending with { IsDone = true, PrimaryMediaUrl = MediaUrl(pending.Uuid, pending.GenerationType ?? "text_to_image") });
        }

        var first = (int)(context.BodyLong("first") ?? 10);
        var generatedOnly = context.BodyBool("generated_only") ?? false;
        var items = world.Generations.Where(g => !generatedOnly || g.IsDone).Take(first);
        return Reply.Ok(new JsonObject { ["items"] = items.ToJsonArray(Views.Generation) });
    }

    private static Reply Delete(OperationContext context, World world)
    {
        var uuids = context.Body?["uuids"] is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [];
        var successes = new List<string>();
        var failures = new List<string>();
        foreach (var uuid in uuids)
        {
            (world.Generations.RemoveAll(g => g.Uuid == uuid) > 0 ? successes : failures).Add(uuid);
        }

        return Reply.Ok(new JsonObject { ["successes"] = successes.Strings(), ["failures"] = failures.Strings() });
    }

    private static string MediaUrl(string uuid, string type) =>
        $"/media/{uuid}.{(type.Contains("video", StringComparison.OrdinalIgnoreCase) ? "mp4" : type.Contains("audio", StringComparison.OrdinalIgnoreCase) ? "mp3" : "png")}";
}
