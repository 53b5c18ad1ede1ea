using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>Following users and tags; who a user follows, who follows them, and the caller's timeline (updates of followed users, newest first).</summary>
internal sealed class FollowsHandler : WorldHandler
{
    protected override IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal) { "getFollows", "getFollowsPost", "getFollowers", "getTimeline" };

    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["followTag"] = FollowTag,
        ["unfollowTag"] = UnfollowTag,
        ["followUser"] = FollowUser,
        ["unfollowUser"] = UnfollowUser,
        ["getFollows"] = (context, world) => Relations(context, world, following: true),
        ["getFollowsPost"] = (context, world) => Relations(context, world, following: true),
        ["getFollowers"] = (context, world) => Relations(context, world, following: false),
        ["getTimeline"] = Timeline,
    };

    private static Reply FollowTag(OperationContext context, World world)
    {
        var tag = context.Path("tagname");
        if (world.FollowedTags.Contains(tag, StringComparer.OrdinalIgnoreCase))
        {
            return Reply.Success("Already following.");
        }

        world.FollowedTags.Add(tag);
        return Reply.Success("Following.");
    }

    private static Reply UnfollowTag(OperationContext context, World world)
    {
        var tag = context.Path("tagname");
        return world.FollowedTags.RemoveAll(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase)) > 0
            ? Reply.Success("Unfollowed.")
            : Reply.NotFound($"You do not follow tag '{tag}'.");
    }

    private static Reply FollowUser(OperationContext context, World world)
    {
        var name = context.Path("username");
        if (world.FindUser(name) is not { } user)
        {
            return Reply.NotFound($"User '{name}' not found.");
        }

        if (user.Id == world.Caller.Id)
        {
            return Reply.Invalid(["path", "username"], "You cannot follow yourself");
        }

        var edge = new FollowEdge(world.Caller.Id, user.Id);
        if (world.Follows.Contains(edge))
        {
            return Reply.Success("Already following.");
        }

        world.Follows.Add(edge);
        return Reply.Success("Following.");
    }

    private static Reply UnfollowUser(OperationContext context, World world)
    {
        var name = context.Path("username");
        if (world.FindUser(name) is not { } user)
        {
            return Reply.NotFound($"User '{name}' not found.");
        }

        return world.Follows.Remove(new FollowEdge(world.Caller.Id, user.Id))
            ? Reply.Success("Unfollowed.")
            : Reply.NotFound($"You do not follow '{user.Username}'.");
    }

    private static Reply Relations(OperationContext context, World world, bool following)
    {
        var name = context.Path("username");
        if (world.FindUser(name) is not { } user)
        {
            return Reply.NotFound($"User '{name}' not found.");
        }

        var related = world.Follows
            .Where(e => (following ? e.FollowerId : e.FolloweeId) == user.Id)
            .Select(e => world.UserById(following ? e.FolloweeId : e.FollowerId))
            .OfType<UserRecord>()
            .OrderBy(u => u.Username, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return Reply.Ok(new FollowList { Count = related.Count, Users = [.. related.PageOf(context.Page()).Select(Views.UserSummary)] });
    }

    private static Reply Timeline(OperationContext context, World world)
    {
        var followed = world.Follows.Where(e => e.FollowerId == world.Caller.Id).Select(e => e.FolloweeId).ToHashSet();
        var page = context.Page();
        var items = world.Timeline
            .Where(e => followed.Contains(e.UserId))
            .OrderByDescending(e => e.At)
            .PageOf(page)
            .Select(e => new TimelineEntry
            {
                Type = e.Type,
                Username = world.UserById(e.UserId)?.Username ?? "unknown",
                CreatedAt = ContextValues.Second(e.At),
                Project = world.FindProject(e.ProjectId) is { } project ? Views.ProjectSummary(world, project) : null,
            });
        return Reply.Ok(new Timeline { Items = [.. items], Page = page });
    }
}
