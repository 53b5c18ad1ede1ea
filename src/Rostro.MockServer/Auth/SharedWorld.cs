using System.Text.RegularExpressions;

namespace Rostro.MockServer.Auth;

/// <summary>Credentials of the form <c>shared:&lt;world&gt;:&lt;username&gt;</c>: users of one world, who see each other's projects, images, lore, ratings and follows.</summary>
/// <remarks>
/// Every other credential is a user with a world of its own. A shared credential names the world and who the caller is
/// in it: a fixture user (<c>You</c>, <c>User1</c>, <c>TopUser</c>, ...) or, on first use, a new user of that name. So
/// <c>shared:team:You</c> and <c>shared:team:User1</c> are two users of one world, and each is refused what belongs to the
/// other. What an account holds for itself (blocks, blacklist, default sort, credits, configuration documents,
/// generations, assets, scenes) belongs to the world, shared by its users; deleting the account deletes it for all.
/// </remarks>
public static partial class SharedWorld
{
    /// <summary>How a shared credential begins.</summary>
    public const string Prefix = "shared:";

    /// <summary>The world's key (<c>shared:team</c>) and the caller's username, when <paramref name="credential"/> is a shared credential.</summary>
    public static bool TryParse(string credential, out string worldKey, out string username)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var match = Shape().Match(credential);
        worldKey = match.Success ? Prefix + match.Groups["world"].Value : string.Empty;
        username = match.Success ? match.Groups["user"].Value : string.Empty;
        return match.Success;
    }

    [GeneratedRegex("^shared:(?<world>[A-Za-z0-9_-]{1,64}):(?<user>[A-Za-z0-9_-]{1,64})$")]
    private static partial Regex Shape();
}
