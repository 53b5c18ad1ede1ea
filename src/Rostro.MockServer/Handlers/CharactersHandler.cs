using System.Text;
using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>Characters: create (slug from the name), update, link and unlink lorebooks. Only the owner may change a character (403 otherwise).</summary>
internal sealed class CharactersHandler : WorldHandler
{
    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["createCharacter"] = Create,
        ["updateCharacter"] = Update,
        ["linkCharacterLorebook"] = (context, world) => Link(context, world, link: true),
        ["unlinkCharacterLorebook"] = (context, world) => Link(context, world, link: false),
    };

    private static Reply Create(OperationContext context, World world)
    {
        var create = context.Body<CharacterCreate>();
        var name = create.Name;
        var slug = Slug(name);
        var pathname = slug;
        for (var n = 2; world.Characters.Any(c => c.OwnerId == world.Caller.Id && c.Pathname == pathname); n++)
        {
            pathname = $"{slug}-{n}";
        }

        var character = new CharacterRecord { OwnerId = world.Caller.Id, Pathname = pathname, Name = name, Description = create.Description };
        world.Characters.Add(character);
        return Reply.Ok(Views.Character(world, character));
    }

    private static Reply Update(OperationContext context, World world)
    {
        if (Own(context, world, out var refusal) is not { } character)
        {
            return refusal!;
        }

        if (context.Body<CharacterUpdate>().Name is { } name)
        {
            var renamed = character with { Name = name };
            world.Characters.Replace(character, renamed);
            character = renamed;
        }

        return Reply.Ok(Views.Character(world, character));
    }

    private static Reply Link(OperationContext context, World world, bool link)
    {
        if (Own(context, world, out var refusal) is not { } character)
        {
            return refusal!;
        }

        var lorebook = context.PathLong("project_id");
        if (world.FindProject(lorebook) is null)
        {
            return Reply.NotFound($"Lorebook project {lorebook} not found.");
        }

        var linked = character.LinkedLorebooks.Contains(lorebook);
        if (link && !linked)
        {
            character.LinkedLorebooks.Add(lorebook);
        }
        else if (!link)
        {
            if (!linked)
            {
                return Reply.NotFound($"Lorebook {lorebook} is not linked to {character.Pathname}.");
            }

            character.LinkedLorebooks.Remove(lorebook);
        }

        return Reply.Ok(Views.Character(world, character));
    }

    private static CharacterRecord? Own(OperationContext context, World world, out Reply? refusal)
    {
        var username = context.Path("username");
        var pathname = context.Path("pathname");
        var owner = world.FindUser(username);
        var character = owner is null ? null : world.Characters.FirstOrDefault(c => c.OwnerId == owner.Id && c.Pathname == pathname);
        refusal = character is null ? Reply.NotFound($"Character {username}/{pathname} not found.")
            : character.OwnerId != world.Caller.Id ? Reply.Forbidden($"Character {username}/{pathname} belongs to another user.")
            : null;
        return refusal is null ? character : null;
    }

    internal static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? "character" : result[..Math.Min(result.Length, 100)];
    }
}
