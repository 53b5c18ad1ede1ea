using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>Galleries: all images, a project's images, upload, delete (owner) or dissociate (<c>projectId</c>).</summary>
internal sealed class GalleryHandler : WorldHandler
{
    private const string Elision = "...";

    protected override IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal) { "getGallery", "getProjectGallery" };

    protected override IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; } = new Dictionary<string, Func<OperationContext, World, Reply>>
    {
        ["getGallery"] = (context, world) => Page(context, world, world.Gallery),
        ["getProjectGallery"] = ProjectGallery,
        ["uploadGalleryImage"] = Upload,
        ["deleteGalleryImage"] = Delete,
    };

    private static Reply ProjectGallery(OperationContext context, World world)
    {
        var id = context.PathLong("project_id");
        return world.FindProject(id) is null
            ? Reply.NotFound($"Project {id} not found.")
            : Page(context, world, world.Gallery.Where(i => i.ProjectIds.Contains(id)));
    }

    private static Reply Page(OperationContext context, World world, IEnumerable<GalleryImageRecord> images)
    {
        var includeNsfw = context.QueryBool("nsfw") ?? true;
        var page = context.Page();
        var limit = (int)(context.QueryLong("limit") ?? 24);
        var visible = images
            .Where(i => includeNsfw || !i.Nsfw)
            .Where(i => world.UserById(i.OwnerId) is not { } owner || !world.BlockedUsers.Contains(owner.Username, StringComparer.OrdinalIgnoreCase))
            .ToList();
        return Reply.Ok(new GalleryPage
        {
            Nodes = [.. visible.PageOf(page, limit).Select(Views.GalleryImage)],
            Page = page,
            Count = context.QueryBool("count") ?? true ? visible.Count : null,
        });
    }

    private static Reply Upload(OperationContext context, World world)
    {
        var upload = context.Body<GalleryUpload>();
        var projectId = upload.ProjectId;
        var project = world.FindProject(projectId);
        if (project is null)
        {
            return Reply.NotFound($"Project {projectId} not found.");
        }

        if (project.OwnerId != world.Caller.Id)
        {
            return Reply.Forbidden($"Project {projectId} belongs to another user.");
        }

        var image = upload.Image;
        var extension = Extension(image);
        if (extension is null)
        {
            return Reply.Invalid(["body", "image"], "Input should be a data URL (data:image/...) or an http(s) URL");
        }

        var uuid = world.NewUuid();
        var record = new GalleryImageRecord
        {
            Uuid = uuid,
            Path = $"/images/{uuid}.{extension}",
            OwnerId = world.Caller.Id,
            ProjectIds = { projectId },
            Caption = upload.Caption,
        };
        world.Gallery.Insert(0, record);
        return Reply.Ok(Views.GalleryImage(record));
    }

    private static Reply Delete(OperationContext context, World world)
    {
        var uuid = context.Path("uuid");
        var image = Find(world, uuid);
        if (image is null)
        {
            return Reply.NotFound($"Image {uuid} not found.");
        }

        if (image.OwnerId == world.Caller.Id)
        {
            world.Gallery.Remove(image);
            return Reply.Success();
        }

        if (context.QueryLong("projectId") is not { } projectId)
        {
            return Reply.Forbidden($"Image {image.Uuid} belongs to another user; name one of your projects with ?projectId= to dissociate it.");
        }

        var project = world.FindProject(projectId);
        if (project is null || !image.ProjectIds.Contains(projectId))
        {
            return Reply.NotFound($"Image {image.Uuid} is not in project {projectId}.");
        }

        if (project.OwnerId != world.Caller.Id)
        {
            return Reply.Forbidden($"Project {projectId} belongs to another user.");
        }

        image.ProjectIds.Remove(projectId);
        return Reply.Success("Image dissociated from the project.");
    }

    // The documentation abbreviates IDs ("3e41a43b-..."): such an ID names the one image it is a prefix of.
    private static GalleryImageRecord? Find(World world, string uuid)
    {
        var exact = world.Gallery.FirstOrDefault(i => string.Equals(i.Uuid, uuid, StringComparison.OrdinalIgnoreCase));
        if (exact is not null || !uuid.EndsWith(Elision, StringComparison.Ordinal) || uuid.Length <= Elision.Length + 3)
        {
            return exact;
        }

        var prefix = uuid[..^Elision.Length];
        var matches = world.Gallery.Where(i => i.Uuid.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private static string? Extension(string image)
    {
        if (image.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || image.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return "png";
        }

        if (!image.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var type = image["data:image/".Length..].Split([';', ','], 2)[0].ToLowerInvariant();
        return type switch
        {
            "jpeg" or "jpg" => "jpg",
            "gif" => "gif",
            "webp" => "webp",
            _ => "png",
        };
    }
}
