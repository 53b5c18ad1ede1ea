using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Handlers;

/// <summary>The caller's account: details, deletion, blocks, blacklist, default sort, self info and username.</summary>
/// <remarks>Deleting the account makes its credential answer 401 until <c>POST /__admin/reset</c>.</remarks>
internal sealed class AccountHandler : WorldHandler
{
    protected override IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal) { "getAccount", "getSelf", "checkUsername" };

    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["getAccount"] = Account,
        ["deleteAccount"] = DeleteAccount,
        ["block"] = Block,
        ["unblock"] = Unblock,
        ["addBlacklistWord"] = AddBlacklistWord,
        ["removeBlacklistWord"] = RemoveBlacklistWord,
        ["setDefaultSort"] = SetDefaultSort,
        ["getSelf"] = Self,
        ["changeUsername"] = ChangeUsername,
        ["checkUsername"] = CheckUsername,
    };

    private static Reply Account(OperationContext context, World world)
    {
        return Reply.Ok(new Account
        {
            Username = world.Caller.Username,
            Credits = context.QueryBool("tokens") ?? true ? world.Credits : null,
            BlockedUsers = [.. world.BlockedUsers],
            BlockedTags = [.. world.BlockedTags],
            Blacklist = [.. world.Blacklist],
            DefaultSort = world.DefaultSort,
        });
    }

    private static Reply DeleteAccount(OperationContext context, World world)
    {
        world.MarkDeleted();
        return Reply.Success("Account deleted.");
    }

    private static Reply Block(OperationContext context, World world)
    {
        var name = context.Path("name");
        WorldList<string> list;
        if (context.Path("block_type") == "user")
        {
            if (world.FindUser(name) is not { } user)
            {
                return Reply.NotFound($"User '{name}' not found.");
            }

            if (user.Id == world.Caller.Id)
            {
                return Reply.Invalid(["path", "name"], "You cannot block yourself");
            }

            name = user.Username;
            list = world.BlockedUsers;
        }
        else
        {
            list = world.BlockedTags;
        }

        if (list.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return Reply.Success("Already blocked.");
        }

        list.Add(name);
        return Reply.Success("Blocked.");
    }

    private static Reply Unblock(OperationContext context, World world)
    {
        var name = context.Path("name");
        var list = context.Path("block_type") == "user" ? world.BlockedUsers : world.BlockedTags;
        return list.RemoveAll(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) > 0
            ? Reply.Success("Unblocked.")
            : Reply.NotFound($"{context.Path("block_type")} '{name}' is not blocked.");
    }

    private static Reply AddBlacklistWord(OperationContext context, World world)
    {
        var word = context.Body<BlacklistWord>().Word;
        if (world.Blacklist.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return Reply.Success("Already blacklisted.");
        }

        world.Blacklist.Add(word);
        return Reply.Success("Blacklisted.");
    }

    private static Reply RemoveBlacklistWord(OperationContext context, World world)
    {
        var word = context.Body<BlacklistWord>().Word;
        return world.Blacklist.RemoveAll(w => string.Equals(w, word, StringComparison.OrdinalIgnoreCase)) > 0
            ? Reply.Success("Removed from the blacklist.")
            : Reply.NotFound($"'{word}' is not blacklisted.");
    }

    private static Reply SetDefaultSort(OperationContext context, World world)
    {
        world.SetDefaultSort(context.Path("order"));
        return Reply.Success("Default sort set.");
    }

    private static Reply Self(OperationContext context, World world) => Reply.Ok(new SelfInfo
    {
        Id = world.Caller.Id,
        Username = world.Caller.Username,
        AvatarUrl = world.Caller.AvatarUrl,
    });

    private static Reply ChangeUsername(OperationContext context, World world)
    {
        var wanted = context.Body<NewUsername>().NewUsernameValue;
        if (TakenBySomeoneElse(world, wanted))
        {
            // The spec: "A name already taken answers 403."
            return Reply.Forbidden($"Username '{wanted}' is already taken.", ErrorCodes.UsernameTaken);
        }

        world.Users.Replace(world.Caller, world.Caller with { Username = wanted });
        return Reply.Ok(new UsernameChange { Success = true, Username = wanted });
    }

    private static Reply CheckUsername(OperationContext context, World world)
    {
        var wanted = context.Body<NewUsername>().NewUsernameValue;
        var taken = string.Equals(wanted, "You", StringComparison.OrdinalIgnoreCase) ||
            world.Users.Any(u => string.Equals(u.Username, wanted, StringComparison.OrdinalIgnoreCase));
        return Reply.Ok(new UsernameAvailability { Username = wanted, Available = !taken });
    }

    // "You" names the caller in every path, so only the caller may take it (back): a renamed caller can put its name back.
    private static bool TakenBySomeoneElse(World world, string wanted) =>
        world.Users.Any(u => u.Id != world.Caller.Id && string.Equals(u.Username, wanted, StringComparison.OrdinalIgnoreCase));
}
