using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>Project metadata and project tags (<c>/api/project/{id}/metadata</c>, <c>/api/tags/{id}/{tag}</c>) and tag counts (<c>POST /tags</c>).</summary>
internal sealed class ProjectsHandler : WorldHandler
{
    protected override IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal) { "getTags" };

    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["updateProjectMetadata"] = UpdateMetadata,
        ["addProjectTag"] = AddTag,
        ["removeProjectTag"] = RemoveTag,
        ["getTags"] = TagCounts,
    };

    /// <summary>The caller's own project, or the reply that refuses (404 unknown, 403 someone else's).</summary>
    internal static ProjectRecord? OwnProject(OperationContext context, World world, out Reply? refusal)
    {
        var id = context.PathLong("project_id");
        var project = world.FindProject(id);
        refusal = project is null ? Reply.NotFound($"Project {id} not found.")
            : project.OwnerId != world.Caller.Id ? Reply.Forbidden($"Project {id} belongs to another user.")
            : null;
        return refusal is null ? project : null;
    }

    private static Reply UpdateMetadata(OperationContext context, World world)
    {
        if (OwnProject(context, world, out var refusal) is not { } project)
        {
            return refusal!;
        }

        var update = context.Body<ProjectMetadataUpdate>();
        var updated = project with
        {
            Name = update.Title ?? project.Name,
            Description = update.Description ?? project.Description,
        };
        world.Projects.Replace(project, updated);

        if (update.Tags is { } tags)
        {
            updated.Tags.RemoveAll(_ => true);
            foreach (var tag in tags.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                updated.Tags.Add(tag);
            }
        }

        return Reply.Success("Metadata updated.");
    }

    private static Reply AddTag(OperationContext context, World world)
    {
        if (OwnProject(context, world, out var refusal) is not { } project)
        {
            return refusal!;
        }

        var tag = context.Path("tagname");
        if (project.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
        {
            return Reply.Success("Tag already present.");
        }

        project.Tags.Add(tag);
        return Reply.Success("Tag added.");
    }

    private static Reply RemoveTag(OperationContext context, World world)
    {
        if (OwnProject(context, world, out var refusal) is not { } project)
        {
            return refusal!;
        }

        var tag = context.Path("tagname");
        var index = project.Tags.FindIndex(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return Reply.NotFound($"Project {project.Id} has no tag '{tag}'.");
        }

        project.Tags.RemoveAt(index);
        return Reply.Success("Tag removed.");
    }

    private static Reply TagCounts(OperationContext context, World world)
    {
        var query = context.Body<TagsQuery>();
        var ns = query.Namespace;
        var limit = query.Limit ?? int.MaxValue;
        var counts = world.Projects
            .SelectMany(p => p.Tags.Distinct(StringComparer.OrdinalIgnoreCase))
            .GroupBy(t => t.ToLowerInvariant())
            .Where(g => ns is null || (State.Fixtures.TagNamespaces.TryGetValue(g.Key, out var n) && string.Equals(n, ns, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(limit);
        return Reply.Ok(new TagsResponse { Tags = [.. counts.Select(g => new TagCount { Name = g.Key, Count = g.Count() })] });
    }
}
