using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>Project search (<c>GET/POST /search</c>) and the quick name search (<c>POST /minisearch</c>).</summary>
/// <remarks>Projects of blocked users and projects carrying a blocked tag are left out; the caller's default sort applies when no <c>sort</c> is given.</remarks>
internal sealed class SearchHandler : WorldHandler
{
    private const int MiniSearchLimit = 10;

    protected override IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal) { "search", "searchPost", "miniSearch" };

    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["search"] = Search,
        ["searchPost"] = Search,
        ["miniSearch"] = MiniSearch,
    };

    private static Reply Search(OperationContext context, World world)
    {
        var text = context.QueryString("search");
        var tags = (context.QueryString("tags") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var includeNsfw = context.QueryBool("nsfw") ?? true;
        var matches = Visible(world)
            .Where(p => includeNsfw || !p.Nsfw)
            .Where(p => text is null || Contains(p.Name, text) || Contains(p.Description, text) || p.Tags.Any(t => Contains(t, text)))
            .Where(p => tags.All(t => p.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)));
        var sorted = (context.QueryString("sort") ?? world.DefaultSort ?? "download_count").ToLowerInvariant() switch
        {
            "newest" or "created_at" or "id" => matches.OrderByDescending(p => p.Id),
            "name" => matches.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase),
            "rating" => matches.OrderByDescending(p => p.Ratings.Count == 0 ? 0 : p.Ratings.Average(r => r.Rating)),
            _ => matches.OrderByDescending(p => p.DownloadCount),
        };
        var all = sorted.ThenBy(p => p.Id).ToList();
        return Reply.Ok(new SearchResults { Results = [.. all.PageOf(context.Page()).Select(p => Views.ProjectSummary(world, p))], Count = all.Count });
    }

    private static Reply MiniSearch(OperationContext context, World world)
    {
        var name = context.Body<MiniSearchRequest>().Name;
        var found = Visible(world)
            .Where(p => Contains(p.Name, name))
            .OrderBy(p => p.Name.Length)
            .ThenBy(p => p.Id)
            .Take(MiniSearchLimit);
        return Reply.Ok(new MiniSearchResults { Results = [.. found.Select(p => new MiniSearchResult { Name = p.Name, Id = p.Id })] });
    }

    private static IEnumerable<ProjectRecord> Visible(World world) => world.Projects.Where(p =>
        !(world.UserById(p.OwnerId) is { } owner && world.BlockedUsers.Contains(owner.Username, StringComparer.OrdinalIgnoreCase)) &&
        !p.Tags.Any(t => world.BlockedTags.Contains(t, StringComparer.OrdinalIgnoreCase)));

    private static bool Contains(string? haystack, string needle) => haystack?.Contains(needle, StringComparison.OrdinalIgnoreCase) == true;
}
