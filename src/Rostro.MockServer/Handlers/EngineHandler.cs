using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>The engine editor: scene events, opened and tips (acknowledged, counted per scene), project files from the world, assets.</summary>
/// <remarks>Files come only from the in-memory world: any other URL, <c>file:///etc/passwd</c> included, answers 404 without touching the disk or the network.</remarks>
internal sealed class EngineHandler : WorldHandler
{
    protected override IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal) { "getEngineFile", "listAssets" };

    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["postSceneEvent"] = (context, world) => Scene(context, world, s => s.Events++),
        ["postSceneOpened"] = (context, world) => Scene(context, world, s => s.Opened++),
        ["postSceneTip"] = (context, world) => Scene(context, world, s => s.TipsSeen.Add(context.Path("tip"))),
        ["getEngineFile"] = File,
        ["listAssets"] = ListAssets,
        ["createAsset"] = (_, _) => throw new InvalidOperationException("createAsset reads its file first; see HandleAsync."),
    };

    public override async Task HandleAsync(OperationContext context)
    {
        if (context.Operation.OperationId != "createAsset")
        {
            await base.HandleAsync(context);
            return;
        }

        var file = context.Form!.Files.GetFile("file");
        var text = file is null ? context.Form["file"].ToString() : null;
        var metadata = context.Form["metadata"].ToString();
        await DecideAsync(context, (_, world) =>
        {
            var asset = new AssetRecord
            {
                Uuid = world.NewUuid(),
                Filename = string.IsNullOrEmpty(file?.FileName) ? (file is null ? "asset.txt" : "asset.bin") : Path.GetFileName(file.FileName),
                ContentType = file is null ? "text/plain" : string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType,
                Size = file?.Length ?? System.Text.Encoding.UTF8.GetByteCount(text!),
                Metadata = metadata.Length == 0 ? null : metadata,
            };
            world.Assets.Insert(0, asset);
            return Reply.Ok(Views.Asset(asset));
        });
    }

    // Scenes are created on first use (no 404 is documented for them); a tip the bounds refuse takes a new scene back with it.
    private static Reply Scene(OperationContext context, World world, Action<SceneRecord> record)
    {
        var id = context.Path("scene_id");
        if (!world.Scenes.TryGetValue(id, out var scene))
        {
            scene = new SceneRecord { Id = id };
            world.Scenes.Add(id, scene);
        }

        record(scene);
        return Reply.Ok(new EngineAck());
    }

    private static Reply File(OperationContext context, World world)
    {
        var url = context.QueryString("url")!;
        return world.EngineFiles.TryGetValue(url, out var file)
            ? Reply.Ok(new EngineFile { Url = file.Url, ContentType = file.ContentType, Content = file.Content })
            : Reply.NotFound($"No file {url} in your engine projects.");
    }

    private static Reply ListAssets(OperationContext context, World world)
    {
        var search = context.QueryString("search");
        var matches = world.Assets.Where(a => search is null || a.Filename.Contains(search, StringComparison.OrdinalIgnoreCase));
        var sorted = (context.QueryString("sort") ?? "newest").ToLowerInvariant() switch
        {
            "filename" or "name" => matches.OrderBy(a => a.Filename, StringComparer.OrdinalIgnoreCase),
            "size" => matches.OrderByDescending(a => a.Size),
            _ => matches,
        };
        var all = sorted.ToList();
        var limit = (int)(context.QueryLong("limit") ?? 50);
        return Reply.Ok(new AssetList { Assets = [.. all.Take(limit).Select(Views.Asset)], Count = all.Count });
    }
}
