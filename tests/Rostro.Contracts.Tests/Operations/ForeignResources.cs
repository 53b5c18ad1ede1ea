using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Lifecycles;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Operations;

/// <summary>Something of another user the first user may address: what it is, who owns it, and (when the run knows it) the owner's client.</summary>
/// <param name="Value">The ID to send.</param>
/// <param name="Owner">Who owns it, in words.</param>
/// <param name="OwnerClient">The owner's credential (ROSTRO_TOKEN_2's user), to undo at once what a wrongly obeyed write changed; null when the run has none.</param>
/// <param name="Undo">What the owner's credential will remove when the check ends (an image the second user uploaded for it).</param>
public sealed record ForeignResource(string Value, string Owner, ContractClient? OwnerClient, Safety.TrackedResource? Undo = null);

/// <summary>Finds another user's resources on any target, for the checks of <c>x-rostro-owned</c>: the second user's own (ROSTRO_TOKEN_2), else what public listings show of other users.</summary>
/// <remarks>
/// A resource counts as another user's only if it is not also the first user's: two credentials that see the same IDs as
/// their own (a mock's separate worlds, the same user twice) prove nothing, and such a resource is not used.
/// </remarks>
public sealed class ForeignResources(ContractTarget target)
{
    private readonly Lazy<Task<HashSet<string>>> _ownProjects = new(() => OwnProjectsAsync(target));
    private readonly Lazy<Task<ForeignResource?>> _secondUsersProject = new(() => SecondUsersProjectAsync(target));
    private readonly Lazy<Task<ForeignResource?>> _listedProject = new(() => ListedProjectAsync(target));

    /// <summary>A project of another user: the second user's when the run has one (and it is not also the first user's), else one from the search listing.</summary>
    public async Task<ForeignResource?> ProjectAsync(bool needOwner)
    {
        var own = await _ownProjects.Value;
        var second = await _secondUsersProject.Value;
        if (second is not null && !own.Contains(second.Value))
        {
            return second;
        }

        return needOwner ? null : await _listedProject.Value;
    }

    /// <summary>An image of another user: on a mock one from the public gallery (its world is the check's own); on a live target only one the second user uploads for the check (and removes).</summary>
    public async Task<ForeignResource?> ImageAsync(CancellationToken cancellationToken)
    {
        if (target.IsMock)
        {
            var own = await _ownProjects.Value;
            var gallery = await target.User().GetAsync("/api/gallery?limit=100", cancellationToken: target.Lifetime);
            var foreign = (gallery.Json?["nodes"] as JsonArray ?? []).FirstOrDefault(n => n?["project_id"] is JsonValue p && !own.Contains(p.ToJsonString()));
            return foreign?["uuid"] is JsonValue uuid ? new ForeignResource(OperationRequests.Text(uuid), $"the owner of project {foreign["project_id"]}", null) : null;
        }

        if (await ProjectAsync(needOwner: true) is not { OwnerClient: { } owner } project)
        {
            return null;
        }

        var upload = await owner.PostAsync("/api/gallery/upload", new JsonObject { ["project_id"] = long.Parse(project.Value, System.Globalization.CultureInfo.InvariantCulture), ["image"] = "data:image/png;base64,iVBORw0KGgo=", ["caption"] = "rostro-contracts: another user's image" }, cancellationToken: cancellationToken);
        upload.Should().Succeed();
        return new ForeignResource(upload.Json!["uuid"]!.GetValue<string>(), project.Owner, owner, upload.Created);
    }

    /// <summary>A lore owner of another user: the owner the second user adds a lore item under (the run's own, removed after), else another user's project from the listing.</summary>
    /// <returns>The owner, and whether it surely holds items (a second user's lore item was just added under it).</returns>
    public async Task<(ForeignResource Owner, bool HoldsItems)?> LoreOwnerAsync(bool needOwner, CancellationToken cancellationToken)
    {
        if (await ProjectAsync(needOwner: true) is { OwnerClient: { } owner } second)
        {
            var (_, loreOwner) = await LoreItems.AddAsync(target, owner, "The second user's note on the amber gate, rostro-contracts.", cancellationToken);
            if (!(await FirstUsersOwnersAsync()).Contains($"{loreOwner}"))
            {
                return (new ForeignResource($"{loreOwner}", second.Owner, owner), true);
            }
        }

        // A project listed under another user, unless its ID is also an owner of the first user's (IDs of users and projects may overlap).
        return !needOwner && await _listedProject.Value is { } listed && !(await FirstUsersOwnersAsync()).Contains(listed.Value) ? (listed, false) : null;
    }

    private async Task<HashSet<string>> FirstUsersOwnersAsync() =>
        [.. (await target.LoreOwnerCandidatesAsync(target.User())).Select(o => $"{o}")];

    private static async Task<HashSet<string>> OwnProjectsAsync(ContractTarget target)
    {
        var user = target.User();
        var own = new HashSet<string>(StringComparer.Ordinal);
        if (await target.ProjectIdAsync(user) is { } configured)
        {
            own.Add($"{configured}");
        }

        own.UnionWith((await target.ProfileProjectsAsync(user)).Select(p => $"{p}"));
        return own;
    }

    private static async Task<ForeignResource?> SecondUsersProjectAsync(ContractTarget target)
    {
        if (target.IsMock || target.Settings.Token2 is null)
        {
            return null;
        }

        var other = target.SecondUser();
        return await target.ProfileProjectsAsync(other) is [var first, ..]
            ? new ForeignResource($"{first}", $"{await target.UsernameAsync(other)} (ROSTRO_TOKEN_2)", other)
            : null;
    }

    // A project the search listing shows under another user's name (fullPath is <owner>/<slug>).
    private static async Task<ForeignResource?> ListedProjectAsync(ContractTarget target)
    {
        var user = target.User();
        var me = await target.UsernameAsync(user);
        var own = await OwnProjectsAsync(target);
        var listing = await user.GetAsync("/search", cancellationToken: target.Lifetime);
        foreach (var project in listing.Json?["results"] as JsonArray ?? [])
        {
            var owner = Pointer.Text(project, "/fullPath")?.Split('/')[0];
            if (project?["id"] is JsonValue id && owner is not null && owner != me && !own.Contains(id.ToJsonString()))
            {
                return new ForeignResource(id.ToJsonString(), owner, null);
            }
        }

        return null;
    }
}
