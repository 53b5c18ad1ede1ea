using System.Text.Json.Nodes;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>The spec's shapes built from world records (under the world's lock).</summary>
internal static class Views
{
    public static JsonObject ProjectSummary(World world, ProjectRecord project) => new()
    {
        ["id"] = project.Id,
        ["name"] = project.Name,
        ["fullPath"] = $"{world.UserById(project.OwnerId)?.Username ?? "unknown"}/{project.Slug}",
        ["description"] = project.Description ?? string.Empty,
        ["tags"] = project.Tags.Strings(),
        ["download_count"] = project.DownloadCount,
        ["nsfw"] = project.Nsfw,
    };

    public static JsonObject GalleryImage(GalleryImageRecord image) => new()
    {
        ["uuid"] = image.Uuid,
        ["primary_image_path"] = image.Path,
        ["project_id"] = image.ProjectIds.Count > 0 ? image.ProjectIds[0] : null,
        ["caption"] = image.Caption,
        ["nsfw"] = image.Nsfw,
    };

    public static JsonObject UserSummary(UserRecord user) => new()
    {
        ["username"] = user.Username,
        ["avatar_url"] = user.AvatarUrl,
    };

    public static JsonObject Character(World world, CharacterRecord character) => new()
    {
        ["username"] = world.UserById(character.OwnerId)?.Username ?? "unknown",
        ["pathname"] = character.Pathname,
        ["name"] = character.Name,
        ["description"] = character.Description,
        ["linked_lorebooks"] = character.LinkedLorebooks.ToJsonArray(id => id),
    };

    public static JsonObject Generation(GenerationRecord generation) => new()
    {
        ["generation_uuid"] = generation.Uuid,
        ["is_done"] = generation.IsDone,
        ["primary_media_url"] = generation.PrimaryMediaUrl,
        ["prompt"] = generation.Prompt ?? string.Empty,
        ["generation_type"] = generation.GenerationType ?? "text_to_image",
        ["created_at"] = ContextValues.Iso(generation.CreatedAt),
    };

    public static JsonObject Asset(AssetRecord asset) => new()
    {
        ["uuid"] = asset.Uuid,
        ["filename"] = asset.Filename,
        ["url"] = $"/assets/{asset.Uuid}/{Uri.EscapeDataString(asset.Filename)}",
        ["content_type"] = asset.ContentType,
        ["size"] = asset.Size,
    };
}
