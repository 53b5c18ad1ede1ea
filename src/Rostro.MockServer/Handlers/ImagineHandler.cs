using Rostro.Client;
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

        var request = context.Body<ImagineRequest>();
        var type = request.GenerationType ?? "text_to_image";
        var uuid = world.NewUuid();
        var done = !(context.QueryBool("return_immediate") ?? false);
        var record = new GenerationRecord
        {
            Uuid = uuid,
            IsDone = done,
            PrimaryMediaUrl = done ? MediaUrl(uuid, type) : null,
            Prompt = request.Prompt ?? string.Empty,
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

        var request = context.Body<ImagineHistoryRequest>();
        var first = request.First ?? 10;
        var generatedOnly = request.GeneratedOnly ?? false;
        var items = world.Generations.Where(g => !generatedOnly || g.IsDone).Take(first);
        return Reply.Ok(new ImagineHistory { Items = [.. items.Select(Views.Generation)] });
    }

    private static Reply Delete(OperationContext context, World world)
    {
        var uuids = context.Body<ImagineDeleteRequest>().Uuids ?? [];
        var successes = new List<string>();
        var failures = new List<string>();
        foreach (var uuid in uuids)
        {
            (world.Generations.RemoveAll(g => g.Uuid == uuid) > 0 ? successes : failures).Add(uuid);
        }

        return Reply.Ok(new ImagineDeleteResult { Successes = successes, Failures = failures });
    }

    private static string MediaUrl(string uuid, string type) =>
        $"/media/{uuid}.{(type.Contains("video", StringComparison.OrdinalIgnoreCase) ? "mp4" : type.Contains("audio", StringComparison.OrdinalIgnoreCase) ? "mp3" : "png")}";
}
