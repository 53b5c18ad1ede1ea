using System.Text.Json.Nodes;

namespace Rostro.MockServer.State;

// The world's records: plain mutable classes, touched only under World.Gate.

internal sealed class UserRecord
{
    public required long Id { get; init; }

    public required string Username { get; set; }

    public string? Bio { get; set; }

    public string? AvatarUrl { get; set; }

    public double Score { get; set; }

    public bool AtprotoEnabled { get; set; }
}

internal sealed class ProjectRecord
{
    public required long Id { get; init; }

    public required string Name { get; set; }

    public required string Slug { get; init; }

    public required long OwnerId { get; init; }

    public string? Description { get; set; }

    public List<string> Tags { get; init; } = [];

    public bool Nsfw { get; init; }

    public long DownloadCount { get; init; }

    public bool RatingsEnabled { get; set; } = true;

    /// <summary>One rating per user, in the order they were first made.</summary>
    public List<RatingRecord> Ratings { get; init; } = [];
}

internal sealed class RatingRecord
{
    public required long UserId { get; init; }

    public required int Rating { get; set; }

    public string? Comment { get; set; }
}

internal sealed class GalleryImageRecord
{
    public required string Uuid { get; init; }

    public required string Path { get; init; }

    public required long OwnerId { get; init; }

    public List<long> ProjectIds { get; init; } = [];

    public string? Caption { get; init; }

    public bool Nsfw { get; init; }
}

internal sealed record FollowEdge(long FollowerId, long FolloweeId);

internal sealed record TimelineEvent(string Type, long UserId, long ProjectId, DateTimeOffset At);

internal sealed class ConfigRecord
{
    public required string ConfigId { get; init; }

    public required string SubId { get; init; }

    public required JsonObject Value { get; set; }
}

internal sealed class LoreItemRecord
{
    public required string Uuid { get; init; }

    public required long OwnerId { get; init; }

    public string? Filename { get; init; }

    public string? Metadata { get; init; }

    public required string Content { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

internal sealed class CharacterRecord
{
    public required long OwnerId { get; init; }

    public required string Pathname { get; init; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public List<long> LinkedLorebooks { get; init; } = [];
}

internal sealed class GenerationRecord
{
    public required string Uuid { get; init; }

    public bool IsDone { get; set; }

    public string? PrimaryMediaUrl { get; set; }

    public string? Prompt { get; init; }

    public string? GenerationType { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

internal sealed class SceneRecord
{
    public required string Id { get; init; }

    public int Opened { get; set; }

    public int Events { get; set; }

    public HashSet<string> TipsSeen { get; } = new(StringComparer.Ordinal);
}

internal sealed record EngineFileRecord(string Url, string ContentType, string Content);

internal sealed class AssetRecord
{
    public required string Uuid { get; init; }

    public required string Filename { get; init; }

    public required string ContentType { get; init; }

    public required long Size { get; init; }

    public string? Metadata { get; init; }
}
