using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Handlers;

/// <summary>Ratings: list with average, rate (one per user, updatable), disable/enable by the owner; a disabled project refuses ratings with 403.</summary>
internal sealed class RatingsHandler : WorldHandler
{
    protected override IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal) { "getProjectRatings" };

    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["getProjectRatings"] = List,
        ["rateProject"] = Rate,
        ["disableProjectRatings"] = (context, world) => Toggle(context, world, enabled: false),
        ["enableProjectRatings"] = (context, world) => Toggle(context, world, enabled: true),
    };

    private static Reply List(OperationContext context, World world)
    {
        var id = context.PathLong("project_id");
        if (world.FindProject(id) is not { } project)
        {
            return Reply.NotFound($"Project {id} not found.");
        }

        return Reply.Ok(new ProjectRatings
        {
            Ratings = [.. project.Ratings.Select(r => new Rating
            {
                Username = world.UserById(r.UserId)?.Username ?? "unknown",
                Rating1 = r.Rating,
                Comment = r.Comment,
            })],
            Average = project.Ratings.Count == 0 ? null : Math.Round(project.Ratings.Average(r => r.Rating), 2),
            Enabled = project.RatingsEnabled,
        });
    }

    private static Reply Rate(OperationContext context, World world)
    {
        var id = context.PathLong("project_id");
        if (world.FindProject(id) is not { } project)
        {
            return Reply.NotFound($"Project {id} not found.");
        }

        if (!project.RatingsEnabled)
        {
            return Reply.Forbidden($"Ratings are disabled for project {id}.", ErrorCodes.RatingsDisabled);
        }

        var request = context.Body<RatingRequest>();
        var (rating, comment) = (request.Rating, request.Comment);
        if (project.Ratings.FirstOrDefault(r => r.UserId == world.Caller.Id) is { } existing)
        {
            project.Ratings.Replace(existing, existing with { Rating = rating, Comment = comment });
            return Reply.Success("Rating updated.");
        }

        project.Ratings.Add(new RatingRecord { UserId = world.Caller.Id, Rating = rating, Comment = comment });
        return Reply.Success("Rating saved.");
    }

    private static Reply Toggle(OperationContext context, World world, bool enabled)
    {
        if (ProjectsHandler.OwnProject(context, world, out var refusal) is not { } project)
        {
            return refusal!;
        }

        project.RatingsEnabled = enabled;
        return Reply.Success(enabled ? "Ratings enabled." : "Ratings disabled.");
    }
}
