using System.Text.Json.Nodes;

namespace Rostro.MockServer.State;

// The world's records, touched only inside World.Change. Text is init-only: a record whose text changes is replaced in
// its collection (WorldList.Replace), so the budget sees the change. Collections inside a record are world collections,
// attached to the budget when the record is stored. Counters and flags may change in place (they cannot grow).

internal sealed record UserRecord
{
    public required long Id { get; init; }

    public required string Username { get; init; }

    public string? Bio { get; init; }

    public string? AvatarUrl { get; init; }

    public double Score { get; init; }

    public bool AtprotoEnabled { get; init; }
}

internal sealed record ProjectRecord
{
    /// <summary>Most tags on one project (the spec's <c>ProjectMetadataUpdate.tags</c> bound).</summary>
    public const int MaxTags = 100;

    public required long Id { get; init; }

    public required string Name { get; init; }

    public required string Slug { get; init; }

    public required long OwnerId { get; init; }

    public string? Description { get; init; }

    public WorldList<string> Tags { get; init; } = new("tags per project", MaxTags);

    public bool Nsfw { get; init; }

    public long DownloadCount { get; init; }

    public bool RatingsEnabled { get; set; } = true;

    /// <summary>One rating per user, in the order they were first made.</summary>
    public WorldList<RatingRecord> Ratings { get; init; } = new("ratings per project");
}

internal sealed record RatingRecord
{
    public required long UserId { get; init; }

    public required int Rating { get; init; }

    public string? Comment { get; init; }
}

internal sealed record GalleryImageRecord
{
    public required string Uuid { get; init; }

    public required string Path { get; init; }

    public required long OwnerId { get; init; }

    public WorldList<long> ProjectIds { get; init; } = new("projects per image");

    public string? Caption { get; init; }

    public bool Nsfw { get; init; }
}

internal sealed record FollowEdge(long FollowerId, long FolloweeId);

internal sealed record TimelineEvent(string Type, long UserId, long ProjectId, DateTimeOffset At);

internal sealed record ConfigRecord
{
    public required string ConfigId { get; init; }

    public required string SubId { get; init; }

    /// <summary>Never changed once stored (answers send a copy).</summary>
    public required JsonObject Value { get; init; }
}

internal sealed record LoreItemRecord
{
    public required string Uuid { get; init; }

    public required long OwnerId { get; init; }

    public string? Filename { get; init; }

    public string? Metadata { get; init; }

    public required string Content { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

internal sealed record CharacterRecord
{
    public required long OwnerId { get; init; }

    public required string Pathname { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public WorldList<long> LinkedLorebooks { get; init; } = new("linked lorebooks per character");
}

internal sealed record GenerationRecord
{
    public required string Uuid { get; init; }

    public bool IsDone { get; init; }

    public string? PrimaryMediaUrl { get; init; }

    public string? Prompt { get; init; }

    public string? GenerationType { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

internal sealed record SceneRecord
{
    public required string Id { get; init; }

    public int Opened { get; set; }

    public int Events { get; set; }

    public WorldSet<string> TipsSeen { get; init; } = new("tips per scene", StringComparer.Ordinal);
}

internal sealed record EngineFileRecord(string Url, string ContentType, string Content);

internal sealed record AssetRecord
{
    public required string Uuid { get; init; }

    public required string Filename { get; init; }

    public required string ContentType { get; init; }

    public required long Size { get; init; }

    public string? Metadata { get; init; }
}
