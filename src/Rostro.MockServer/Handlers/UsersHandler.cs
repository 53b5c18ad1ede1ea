using System.Security.Cryptography;
using System.Text;
using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>Profiles, the leaderboard and Bluesky (AT Protocol) configuration; <c>You</c> names the caller.</summary>
internal sealed class UsersHandler : WorldHandler
{
    protected override IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal) { "getUserProfile", "getLeaderboard", "getAtprotoConfig" };

    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["getUserProfile"] = Profile,
        ["getLeaderboard"] = Leaderboard,
        ["getAtprotoConfig"] = Atproto,
    };

    private static Reply Profile(OperationContext context, World world)
    {
        var name = context.Path("username");
        if (world.FindUser(name) is not { } user)
        {
            return Reply.NotFound($"User '{name}' not found.");
        }

        var profile = new UserProfile { Username = user.Username, Bio = user.Bio, AvatarUrl = user.AvatarUrl };
        if (context.QueryBool("include_projects") ?? true)
        {
            var nsfw = context.QueryBool("nsfw");
            profile.Projects = [.. world.Projects
                .Where(p => p.OwnerId == user.Id && (nsfw != false || !p.Nsfw))
                .Select(p => Views.ProjectSummary(world, p))];
        }

        return Reply.Ok(profile);
    }

    private static Reply Leaderboard(OperationContext context, World world)
    {
        var ordered = string.Equals(context.QueryString("order_by"), "username", StringComparison.OrdinalIgnoreCase)
            ? world.Users.OrderBy(u => u.Username, StringComparer.OrdinalIgnoreCase)
            : world.Users.OrderByDescending(u => u.Score).ThenBy(u => u.Id);
        return Reply.Ok(new Leaderboard { Users = [.. ordered.Select(u => new LeaderboardEntry { Username = u.Username, Score = u.Score })] });
    }

    private static Reply Atproto(OperationContext context, World world)
    {
        var name = context.Path("username");
        if (world.FindUser(name) is not { } user)
        {
            return Reply.NotFound($"User '{name}' not found.");
        }

        var did = "did:plc:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user.Username.ToLowerInvariant())))[..24];
        return Reply.Ok(new AtprotoConfig
        {
            Username = user.Username,
            Enabled = user.AtprotoEnabled,
            Handle = user.AtprotoEnabled ? $"{user.Username.ToLowerInvariant()}.bsky.social" : null,
            Did = user.AtprotoEnabled ? did : null,
        });
    }
}
