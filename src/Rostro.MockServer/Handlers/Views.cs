using Rostro.Client;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>The spec's shapes (the wire models) built from world records (under the world's lock).</summary>
internal static class Views
{
    public static ProjectSummary ProjectSummary(World world, ProjectRecord project) => new()
    {
        Id = project.Id,
        Name = project.Name,
        FullPath = $"{world.UserById(project.OwnerId)?.Username ?? "unknown"}/{project.Slug}",
        Description = project.Description ?? string.Empty,
        Tags = [.. project.Tags],
        DownloadCount = checked((int)project.DownloadCount),
        Nsfw = project.Nsfw,
    };

    public static GalleryImage GalleryImage(GalleryImageRecord image) => new()
    {
        Uuid = image.Uuid,
        PrimaryImagePath = image.Path,
        ProjectId = image.ProjectIds.Count > 0 ? image.ProjectIds[0] : null,
        Caption = image.Caption,
        Nsfw = image.Nsfw,
    };

    public static UserSummary UserSummary(UserRecord user) => new() { Username = user.Username, AvatarUrl = user.AvatarUrl };

    public static Character Character(World world, CharacterRecord character) => new()
    {
        Username = world.UserById(character.OwnerId)?.Username ?? "unknown",
        Pathname = character.Pathname,
        Name = character.Name,
        Description = character.Description,
        LinkedLorebooks = [.. character.LinkedLorebooks],
    };

    public static ImagineGeneration Generation(GenerationRecord generation) => new()
    {
        GenerationUuid = generation.Uuid,
        IsDone = generation.IsDone,
        PrimaryMediaUrl = generation.PrimaryMediaUrl,
        Prompt = generation.Prompt ?? string.Empty,
        GenerationType = generation.GenerationType ?? "text_to_image",
        CreatedAt = ContextValues.Second(generation.CreatedAt),
    };

    public static Asset Asset(AssetRecord asset) => new()
    {
        Uuid = asset.Uuid,
        Filename = asset.Filename,
        Url = $"/assets/{asset.Uuid}/{Uri.EscapeDataString(asset.Filename)}",
        ContentType = asset.ContentType,
        Size = checked((int)asset.Size),
    };
}
