using System.Text.Json.Nodes;

namespace Rostro.MockServer.State;

/// <summary>What every world starts with: enough for each example of the documentation to work as written.</summary>
/// <remarks>The README's "Fixtures" table lists the same data for people.</remarks>
internal static class Fixtures
{
    public const long CallerId = 1001;
    public const long User1Id = 1002;
    public const long BadGuyId = 1003;
    public const long TopUserId = 1004;
    public const long AliceId = 1005;
    public const long BobId = 1006;

    /// <summary>The caller's project of the examples.</summary>
    public const long CallerProjectId = 172700;

    /// <summary>The caller's lorebook (also the lore owner of the examples).</summary>
    public const long LorebookId = 123;

    /// <summary>A project of another user: every write to it answers 403.</summary>
    public const long ForeignProjectId = 172701;

    /// <summary>The gallery image of the examples (<c>3e41a43b-...</c>).</summary>
    public const string CallerImageUuid = "3e41a43b-9f1c-4d7e-a8b2-5c6d7e8f9a01";

    /// <summary>Another user's gallery image.</summary>
    public const string ForeignImageUuid = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    /// <summary>Tag namespaces (<c>POST /tags</c> with <c>namespace</c>); tags not listed have none.</summary>
    public static readonly IReadOnlyDictionary<string, string> TagNamespaces = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["dragon"] = "creatures",
        ["elf"] = "creatures",
        ["wizard"] = "creatures",
        ["fantasy"] = "genre",
        ["rpg"] = "genre",
        ["villain"] = "roles",
        ["lorebook"] = "types",
    };

    /// <summary>Seeds a new world (inside the change its constructor opens).</summary>
    public static void Seed(World world)
    {
        AddAll(world.Users,
        [
            new UserRecord { Id = CallerId, Username = "You", Bio = "...", AvatarUrl = "/avatars/you.png", Score = 300, AtprotoEnabled = true },
            new UserRecord { Id = User1Id, Username = "User1", Bio = "Writes about dragons.", AvatarUrl = "/avatars/user1.png", Score = 1200 },
            new UserRecord { Id = BadGuyId, Username = "BadGuy", Bio = null, AvatarUrl = null, Score = 10 },
            new UserRecord { Id = TopUserId, Username = "TopUser", Bio = "Top of the board.", AvatarUrl = "/avatars/topuser.png", Score = 9000 },
            new UserRecord { Id = AliceId, Username = "Alice", Bio = null, AvatarUrl = "/avatars/alice.png", Score = 450 },
            new UserRecord { Id = BobId, Username = "Bob", Bio = null, AvatarUrl = null, Score = 200 },
        ]);

        AddAll(world.Projects,
        [
            new ProjectRecord
            {
                Id = CallerProjectId, Name = "RPG Adventure", Slug = "rpg-adventure", OwnerId = CallerId,
                Description = "A classic fantasy role-playing adventure.", Tags = { "rpg", "fantasy" }, DownloadCount = 1200,
                Ratings = { new RatingRecord { UserId = AliceId, Rating = 5, Comment = "Good!" }, new RatingRecord { UserId = BobId, Rating = 4, Comment = null } },
            },
            new ProjectRecord { Id = LorebookId, Name = "World Lorebook", Slug = "world-lorebook", OwnerId = CallerId, Description = "History of the world.", Tags = { "lorebook", "fantasy" }, DownloadCount = 40 },
            new ProjectRecord { Id = ForeignProjectId, Name = "Dragon Tales", Slug = "dragon-tales", OwnerId = User1Id, Description = "Tales of dragons.", Tags = { "dragon", "fantasy" }, DownloadCount = 800 },
            new ProjectRecord { Id = 172702, Name = "Elf Kingdom", Slug = "elf-kingdom", OwnerId = TopUserId, Description = "The court of the elves.", Tags = { "elf", "fantasy" }, DownloadCount = 950 },
            new ProjectRecord { Id = 172703, Name = "Dragon Riders", Slug = "dragon-riders", OwnerId = TopUserId, Description = "Not for everyone.", Tags = { "dragon" }, Nsfw = true, DownloadCount = 300 },
            new ProjectRecord { Id = 172704, Name = "The Lair", Slug = "the-lair", OwnerId = BadGuyId, Description = "A villain's den.", Tags = { "villain" }, DownloadCount = 5 },
            new ProjectRecord { Id = 1, Name = "Gandalf", Slug = "gandalf", OwnerId = TopUserId, Description = "A wizard is never late.", Tags = { "wizard", "fantasy" }, DownloadCount = 5000 },
        ]);

        AddAll(world.Gallery,
        [
            new GalleryImageRecord { Uuid = CallerImageUuid, Path = $"/images/{CallerImageUuid}.png", OwnerId = CallerId, ProjectIds = { CallerProjectId }, Caption = "Title card" },
            new GalleryImageRecord { Uuid = "img-1", Path = "/path/img.png", OwnerId = CallerId, ProjectIds = { CallerProjectId }, Caption = null },
            new GalleryImageRecord { Uuid = ForeignImageUuid, Path = $"/images/{ForeignImageUuid}.png", OwnerId = User1Id, ProjectIds = { ForeignProjectId }, Caption = "A dragon" },
            new GalleryImageRecord { Uuid = "b4c1d9e2-5f6a-4b7c-8d9e-0f1a2b3c4d5e", Path = "/images/b4c1d9e2-5f6a-4b7c-8d9e-0f1a2b3c4d5e.png", OwnerId = TopUserId, ProjectIds = { 172703 }, Caption = null, Nsfw = true },
        ]);

        AddAll(world.Follows,
        [
            new FollowEdge(CallerId, TopUserId),
            new FollowEdge(User1Id, CallerId),
            new FollowEdge(AliceId, CallerId),
            new FollowEdge(TopUserId, User1Id),
        ]);
        world.FollowedTags.Add("fantasy");

        AddAll(world.Timeline,
        [
            new TimelineEvent("project_updated", User1Id, ForeignProjectId, new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero)),
            new TimelineEvent("project_created", TopUserId, 172702, new DateTimeOffset(2026, 1, 14, 9, 0, 0, TimeSpan.Zero)),
            new TimelineEvent("project_created", BadGuyId, 172704, new DateTimeOffset(2026, 1, 13, 8, 0, 0, TimeSpan.Zero)),
            new TimelineEvent("project_created", TopUserId, 1, new DateTimeOffset(2026, 1, 12, 7, 0, 0, TimeSpan.Zero)),
        ]);

        world.Configs.Add(new ConfigRecord { ConfigId = "user", SubId = "settings", Value = new JsonObject { ["theme"] = "light" } });

        AddAll(world.LoreItems,
        [
            new LoreItemRecord
            {
                Uuid = "uuid-456", OwnerId = LorebookId, Filename = "history.txt", Metadata = null, CreatedAt = World.Epoch.AddDays(-2),
                Content = "The history of the world begins in the first age, when dragons ruled the skies and the elves kept the old forests.",
            },
            new LoreItemRecord
            {
                Uuid = "uuid-789", OwnerId = ForeignProjectId, Filename = "dragons.txt", Metadata = null, CreatedAt = World.Epoch.AddDays(-1),
                Content = "Dragons hoard gold and sleep for a hundred years.",
            },
        ]);

        AddAll(world.Characters,
        [
            new CharacterRecord { OwnerId = CallerId, Pathname = "char1", Name = "Hero", Description = "A brave adventurer." },
            new CharacterRecord { OwnerId = User1Id, Pathname = "elf-queen", Name = "Elf Queen", Description = null, LinkedLorebooks = { ForeignProjectId } },
        ]);

        // Two of each listing a limit cuts (history, assets), so that a limit of 1 is seen to cut something.
        AddAll(world.Generations,
        [
            new GenerationRecord
            {
                Uuid = "uuid-1", IsDone = true, PrimaryMediaUrl = "/media/uuid-1.png", Prompt = "cyberpunk city", GenerationType = "text_to_image", CreatedAt = World.Epoch.AddHours(-1),
            },
            new GenerationRecord
            {
                Uuid = "uuid-2", IsDone = true, PrimaryMediaUrl = "/media/uuid-2.png", Prompt = "a harbour at dawn", GenerationType = "text_to_image", CreatedAt = World.Epoch.AddHours(-2),
            },
        ]);

        world.Scenes.Add("scene-123", new SceneRecord { Id = "scene-123" });
        world.EngineFiles.Add("file:///projects/test/main.js", new EngineFileRecord("file:///projects/test/main.js", "text/javascript", "console.log('hello');\n"));
        world.EngineFiles.Add("file:///projects/test/index.html", new EngineFileRecord("file:///projects/test/index.html", "text/html", "<!doctype html>\n<script src=\"main.js\"></script>\n"));
        AddAll(world.Assets,
        [
            new AssetRecord { Uuid = "asset-1", Filename = "image.png", ContentType = "image/png", Size = 2048 },
            new AssetRecord { Uuid = "asset-2", Filename = "theme.mp3", ContentType = "audio/mpeg", Size = 48_000 },
        ]);
    }

    private static void AddAll<T>(WorldList<T> collection, IEnumerable<T> items)
        where T : notnull
    {
        foreach (var item in items)
        {
            collection.Add(item);
        }
    }

    private static void AddAll<T>(WorldSet<T> collection, IEnumerable<T> items)
        where T : notnull
    {
        foreach (var item in items)
        {
            collection.Add(item);
        }
    }
}
