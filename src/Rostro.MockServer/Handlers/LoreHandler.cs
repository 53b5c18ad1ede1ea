using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>Lore: unstructured items (multipart upload, list by owner, delete) and the RAG query over them.</summary>
/// <remarks>
/// An owner is a user id or a project id. The caller controls its own user id and its projects' ids (the lorebook 123
/// among them); items of owners someone else controls answer 403. An upload goes to the <c>owner_id</c> named in its
/// JSON <c>metadata</c>, else to the caller's user id. Only the first <see cref="MaxStoredChars"/> characters are kept.
/// </remarks>
internal sealed class LoreHandler : WorldHandler
{
    /// <summary>Characters of an uploaded file kept for queries (the mock is bounded in memory).</summary>
    public const int MaxStoredChars = 64 * 1024;

    private const int MaxResults = 10;
    private const int ExcerptChars = 300;

    protected override IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal) { "queryLore", "getLoreItems" };

    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["queryLore"] = Query,
        ["getLoreItems"] = List,
        ["deleteLoreItem"] = Delete,
        ["addLoreItem"] = (_, _) => throw new InvalidOperationException("addLoreItem reads its file first; see HandleAsync."),
    };

    public override async Task HandleAsync(OperationContext context)
    {
        if (context.Operation.OperationId != "addLoreItem")
        {
            await base.HandleAsync(context);
            return;
        }

        var file = context.Form!.Files.GetFile("file");
        string content;
        if (file is null)
        {
            // Sent as a text field (curl -F "file=some text").
            content = context.Form["file"].ToString();
            content = content[..Math.Min(content.Length, MaxStoredChars)];
        }
        else
        {
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            var buffer = new char[MaxStoredChars];
            var read = await reader.ReadBlockAsync(buffer, context.Aborted);
            content = new string(buffer, 0, read);
        }

        var metadata = context.Form["metadata"].ToString();
        await DecideAsync(context, (_, world) => Add(world, file?.FileName, metadata.Length == 0 ? null : metadata, content));
    }

    internal static bool Controls(World world, long ownerId) =>
        ownerId == world.Caller.Id || world.Projects.Any(p => p.Id == ownerId && p.OwnerId == world.Caller.Id);

    private static bool Foreign(World world, long ownerId) =>
        !Controls(world, ownerId) && (world.UserById(ownerId) is not null || world.FindProject(ownerId) is not null || world.LoreItems.Any(i => i.OwnerId == ownerId));

    private static Reply Add(World world, string? filename, string? metadata, string content)
    {
        var ownerId = world.Caller.Id;
        if (metadata is not null && OwnerFromMetadata(metadata) is { } named)
        {
            if (Foreign(world, named))
            {
                return Reply.Forbidden($"Owner {named} belongs to another user.");
            }

            if (!Controls(world, named))
            {
                return Reply.Invalid(["body", "metadata"], $"owner_id {named} is neither your user id ({world.Caller.Id}) nor one of your projects");
            }

            ownerId = named;
        }

        var uuid = world.NewUuid();
        world.LoreItems.Add(new LoreItemRecord
        {
            Uuid = uuid,
            OwnerId = ownerId,
            Filename = string.IsNullOrEmpty(filename) ? "item.txt" : System.IO.Path.GetFileName(filename),
            Metadata = metadata,
            Content = content,
            CreatedAt = world.Now(),
        });
        return Reply.Ok(new LoreItemCreated { Uuid = uuid, Status = "indexed" });
    }

    private static long? OwnerFromMetadata(string metadata)
    {
        try
        {
            return JsonNode.Parse(metadata) is JsonObject o ? JsonRead.Integer(o["owner_id"]) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Reply List(OperationContext context, World world)
    {
        var owners = context.QueryLongs("owner_ids");
        if (owners.FirstOrDefault(o => Foreign(world, o)) is var foreign and not 0)
        {
            return Reply.Forbidden($"Owner {foreign} belongs to another user.");
        }

        var items = world.LoreItems.Where(i => owners.Contains(i.OwnerId));
        return Reply.Ok(new LoreItemList
        {
            Items = [.. items.Select(i => new LoreItem
            {
                Uuid = i.Uuid,
                OwnerId = i.OwnerId,
                Filename = i.Filename,
                Metadata = i.Metadata,
                CreatedAt = ContextValues.Second(i.CreatedAt),
            })],
        });
    }

    private static Reply Delete(OperationContext context, World world)
    {
        var ownerId = context.PathLong("owner_id");
        var uuid = context.Path("uuid");
        var item = world.LoreItems.FirstOrDefault(i => i.OwnerId == ownerId && i.Uuid == uuid);
        if (item is null)
        {
            return Reply.NotFound($"Owner {ownerId} has no lore item {uuid}.");
        }

        if (!Controls(world, ownerId))
        {
            return Reply.Forbidden($"Owner {ownerId} belongs to another user.");
        }

        world.LoreItems.Remove(item);
        return Reply.Success();
    }

    // Relevance: the share of the query's words that the item contains. Crude, deterministic, and enough to build a UI on.
    private static Reply Query(OperationContext context, World world)
    {
        var query = context.Body<LoreQuery>();
        var words = Words(query.Query);
        var owners = query.Filters?.OwnerIds?.ToHashSet();
        var results = world.LoreItems
            .Where(i => Controls(world, i.OwnerId) && (owners is null || owners.Contains(i.OwnerId)))
            .Select(i => (Item: i, Score: Score(words, i.Content)))
            .Where(r => r.Score > 0)
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Item.CreatedAt)
            .Take(MaxResults);
        return Reply.Ok(new LoreResults
        {
            Results = [.. results.Select(r => new LoreResult
            {
                Text = Excerpt(r.Item.Content, words),
                Score = Math.Round(r.Score, 3),
                Uuid = r.Item.Uuid,
                OwnerId = r.Item.OwnerId,
            })],
        });
    }

    private static string[] Words(string text) =>
        text.ToLowerInvariant().Split([' ', '\t', '\n', '\r', '.', ',', '!', '?', ';', ':', '"', '\'', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();

    private static double Score(string[] query, string content)
    {
        if (query.Length == 0)
        {
            return 0;
        }

        var have = Words(content).ToHashSet(StringComparer.Ordinal);
        return (double)query.Count(have.Contains) / query.Length;
    }

    private static string Excerpt(string content, string[] words)
    {
        var at = words.Select(w => content.IndexOf(w, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, Math.Min(at, content.Length - ExcerptChars));
        return content.Substring(start, Math.Min(ExcerptChars, content.Length - start));
    }
}
