using System.Text.RegularExpressions;

namespace Rostro.MockServer.Auth;

/// <summary>Credentials of the form <c>shared:&lt;world&gt;:&lt;username&gt;</c>: users of one world, who see each other's projects, images, lore, ratings and follows.</summary>
/// <remarks>
/// Every other credential is a user with a world of its own. A shared credential names the world and who the caller is
/// in it: a fixture user (<c>You</c>, <c>User1</c>, <c>TopUser</c>, ...) or, on first use, a new user of that name. So
/// <c>shared:team:You</c> and <c>shared:team:User1</c> are two users of one world, and each is refused what belongs to the
/// other. A credential stays the user it first named, renamed or not. What an account holds for itself (blocks, blacklist, default sort, credits, configuration documents,
/// generations, assets, scenes, followed tags) belongs to the world, shared by its users; deleting the account deletes it
/// for all. A world too full to take a new user refuses its credential (403, <c>code</c> 1303).
/// </remarks>
internal static partial class SharedWorld
{
    /// <summary>How a shared credential begins.</summary>
    public const string Prefix = "shared:";

    /// <summary>The world's key and the caller's username, when <paramref name="credential"/> is a shared credential.</summary>
    /// <remarks>The key holds a NUL, which no credential can (the mock refuses control characters): a plain credential <c>shared:team</c> is a world of its own.</remarks>
    public static bool TryParse(string credential, out string worldKey, out string username)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var match = Shape().Match(credential);
        worldKey = match.Success ? "\0" + Prefix + match.Groups["world"].Value : string.Empty;
        username = match.Success ? match.Groups["user"].Value : string.Empty;
        return match.Success;
    }

    [GeneratedRegex("^shared:(?<world>[A-Za-z0-9_-]{1,64}):(?<user>[A-Za-z0-9_-]{1,64})$")]
    private static partial Regex Shape();
}
