using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Safety;
using Rostro.Contracts.Tests.Targets;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Operations;

/// <summary>Another user's resource is refused (403): every operation whose <c>x-rostro-owned</c> says so, on every target.</summary>
/// <remarks>
/// Each probe cannot harm even if the API wrongly obeyed it: a read; a write that changes nothing (an empty update, the
/// removal of a tag or an item that does not exist); a write the owner undoes at once with their own credential (a
/// uniquely named tag added, then removed by the second user); a write on the run's own resource (an image the second
/// user uploads for the check). A 2xx is an authorization failure, reported with the exchange as evidence.
/// </remarks>
[Trait("Category", "StandardApi")]
public sealed class ForeignResourceTests(ContractTarget target) : ContractTest(target)
{
    // The probes that need the owner's credential on a live target, to undo at once what a wrongly obeyed write changed.
    // (An upload into another's project needs them too: its only undo would be the uploader's delete, which the API may refuse a non-owner.)
    private static readonly HashSet<string> s_needOwner = new(StringComparer.Ordinal) { "addProjectTag", "disableProjectRatings", "enableProjectRatings", "uploadGalleryImage", "deleteGalleryImage", "addLoreItem" };

    private static readonly Gate NeedsOwner = Gate.SecondUser("another user's resource probed by a write only its owner can undo at once (the owner is ROSTRO_TOKEN_2's user)");

    private static readonly Gate NoForeignCharacter = Gate.MockOnly("another user's character (a live target lists no characters, and creating one cannot be undone)");

    public static IEnumerable<TheoryDataRow<string>> Operations() => GatedRows.Run(
        SpecCatalog.Instance.Operations.Where(o => o.Facts.Owned.Count > 0).Select(o => (
            OperationRows.Tag(new TheoryDataRow<string>(o.OperationId), o),
            o.Facts.Owned[0].Kind == "character" ? NoForeignCharacter : s_needOwner.Contains(o.OperationId) ? NeedsOwner : null)));

    [ContractTheory]
    [MemberData(nameof(Operations))]
    public async Task Another_users_resource_is_refused(string operationId)
    {
        var operation = Operation(operationId);
        var owned = operation.Facts.Owned[0];
        if (owned.Kind == "character")
        {
            Target.Require(NoForeignCharacter);
        }
        else if (s_needOwner.Contains(operationId))
        {
            Target.Require(NeedsOwner);
        }

        var user = Target.User();
        var plan = await OperationRequests.ValidAsync(Target, user, operation);
        var probe = await BuildAsync(operation, owned, plan);
        var (what, accepted) = (probe.What, probe.Refused);

        var answer = await probe.Request.SendAsync(user, cancellationToken: Cancellation);

        if (operationId == "getLoreItems" && answer.Status == 200)
        {
            // What holds under every reading of owner_id (CURATION 30): another owner's items are never handed over.
            var items = answer.Json?["items"] as JsonArray ?? [];
            answer.Should().MatchContract(operation).And.Hold(ContractRules.AnotherUsersResource, items.Count == 0, $"another owner's lore items are never handed over ({what})", $"{items.Count} items of owner {probe.Request.Query.First().Value} were served", "/items");
            return;
        }

        var refused = accepted.Contains(answer.Status);
        answer.Evidence.Coverage.Rule(ContractRules.AnotherUsersResource, operationId, refused);
        answer.Should().MatchContract(operation, [], refused ? [] :
            [new(ContractRules.AnotherUsersResource, $"the first user sent {operation.OperationId} for {what}; the spec says another user's is refused with {string.Join(" or ", accepted)} (x-rostro-owned), and it answered {answer.Status}{(answer.Status is >= 200 and < 300 ? ": an authorization failure" : string.Empty)}.")]);
    }

    /// <summary>A request that addresses another user's resource, what it addresses (in words), the statuses that refuse it, and why it is harmless: who undoes a creation it might make (<paramref name="UndoneBy"/>), or the owner's undo a change relies on (<paramref name="OwnersUndo"/>).</summary>
    private sealed record Probe(RequestPlan Plan, string What, int[] Refused, HarmlessProbe? Harmless, ContractClient? UndoneBy = null, TrackedResource? OwnersUndo = null)
    {
        // The claims travel with the request; the safety rules check each before it is sent.
        public RequestPlan Request => Harmless is { } why ? Plan with { Configure = Mark } : Plan;

        private void Mark(HttpRequestMessage request)
        {
            request.Options.Set(SafetyHandler.Probe, Harmless!.Value);
            if (UndoneBy is not null)
            {
                request.Options.Set(SafetyHandler.UndoneBy, UndoneBy);
            }

            if (OwnersUndo is not null)
            {
                request.Options.Set(SafetyHandler.OwnersUndo, OwnersUndo);
            }
        }
    }

    private async Task<Probe> BuildAsync(SpecOperation operation, SpecOwned owned, RequestPlan plan)
    {
        var foreign = new ForeignResources(Target);
        var needOwner = Target.IsLive && s_needOwner.Contains(operation.OperationId);
        switch (owned.Kind)
        {
            case "project":
                var project = await foreign.ProjectAsync(needOwner) ?? Cannot<ForeignResource>(needOwner
                    ? "no project of the second user that is not also the first user's (the target keeps users apart, or ROSTRO_TOKEN_2 has no project on its profile)"
                    : "no project of another user found: the search listing shows none, and ROSTRO_TOKEN_2 has none that is not also the first user's");
                var what = $"project {project.Value} of {project.Owner}";
                // A project the first user cannot see (a private one) may be refused as unknown: 404 as well as 403.
                int[] refused = await VisibleAsync($"/api/gallery/project/{project.Value}") ? [403] : [403, 404];
                return operation.OperationId switch
                {
                    // Changes nothing even if obeyed.
                    "updateProjectMetadata" => new(plan.WithPathValue("project_id", project.Value).WithBody(new JsonObject()), $"an empty update of {what}", refused, HarmlessProbe.EmptyUpdate),
                    "removeProjectTag" => new(plan.WithPathValue("project_id", project.Value).WithPathValue("tagname", Caller.MadeUpName()), $"a tag {what} does not carry", [403, 404], HarmlessProbe.NothingThere),
                    "enableProjectRatings" => new(await RatingsOnAsync(plan, project), $"the ratings switch of {what}, already on", refused, HarmlessProbe.AlreadySo),
                    // Undone at once by the owner, whatever the answer: the owner removes the tag (the pipeline registers it under the owner).
                    "addProjectTag" => NewTag(plan, project, Caller.MadeUpName(), refused),
                    "disableProjectRatings" => new(await RatingsOnAsync(plan, project), what, refused, HarmlessProbe.UndoneByOwner, OwnersUndo: OwnerEnablesAfter(project)),
                    // Creates an image of the first user's, which the pipeline removes like any creation.
                    "uploadGalleryImage" => new(plan.WithBody(new JsonObject { ["project_id"] = long.Parse(project.Value, System.Globalization.CultureInfo.InvariantCulture), ["image"] = "data:image/png;base64,iVBORw0KGgo=" }), $"an upload to {what}", refused, null),
                    _ => throw new InvalidOperationException($"{operation.OperationId}: no probe of another user's project is written for it."),
                };
            case "image":
                var image = await foreign.ImageAsync(Cancellation) ?? Cannot<ForeignResource>(Target.IsMock ? "no image of another user in the public gallery" : "no project of the second user that is not also the first user's, to upload an image of its own to");
                if (Target.IsLive && !await SeenByFirstUserAsync(image))
                {
                    Target.Skip("the first user does not see the second user's new image (the target keeps users' data apart), so a refusal of it means nothing");
                }

                return new(plan.WithPathValue("uuid", image.Value), $"image {image.Value} of {image.Owner}", [403], Target.IsLive ? HarmlessProbe.UndoneByOwner : null, OwnersUndo: image.Undo);
            case "lore-owner":
                var lore = await foreign.LoreOwnerAsync(needOwner, Cancellation) ?? Cannot<(ForeignResource, bool)>(needOwner
                    ? "no lore owner of the second user that is not also the first user's (the target keeps users apart, or ROSTRO_TOKEN_2 has no project on its profile)"
                    : "no lore owner of another user found: the search listing shows no project of another user");
                var (loreOwner, holdsItems) = lore;
                var whose = $"lore owner {loreOwner.Value} ({(holdsItems ? $"{loreOwner.Owner}'s, holding an item" : $"a project listed under {loreOwner.Owner}")})";
                return operation.OperationId switch
                {
                    "getLoreItems" => new(plan.WithoutQuery("owner_ids").WithQuery("owner_ids", loreOwner.Value), holdsItems ? whose : $"{whose}, listed", [403], null),
                    "deleteLoreItem" => new(plan.WithPathValue("owner_id", loreOwner.Value).WithPathValue("uuid", Caller.MadeUpName()), $"an item {whose} does not have", [403, 404], HarmlessProbe.NothingThere),
                    "addLoreItem" => new(plan with { MultipartParts = new Dictionary<string, string>(plan.MultipartParts!) { ["metadata"] = $"{{\"owner_id\": {loreOwner.Value}}}" } }, $"an item added under {whose}", [403], HarmlessProbe.UndoneByOwner, UndoneBy: loreOwner.OwnerClient),
                    _ => throw new InvalidOperationException($"{operation.OperationId}: no probe of another user's lore owner is written for it."),
                };
            default:
                // A mock's fixture: the character elf-queen of User1 (only a mock runs these probes).
                var character = plan.WithPathValue("username", "User1").WithPathValue("pathname", "elf-queen");
                return new(operation.OperationId == "updateCharacter" ? character.WithBody(new JsonObject()) : character, "character User1/elf-queen", [403], HarmlessProbe.EmptyUpdate);
        }
    }

    private static Probe NewTag(RequestPlan plan, ForeignResource project, string tag, int[] refused) =>
        new(plan.WithPathValue("project_id", project.Value).WithPathValue("tagname", tag), $"a new tag {tag} on project {project.Value} of {project.Owner}", refused, HarmlessProbe.UndoneByOwner, UndoneBy: project.OwnerClient);

    // The owner switches ratings back on when the check ends, whatever the probe answered: registered before it is sent.
    private TrackedResource? OwnerEnablesAfter(ForeignResource project) => project.OwnerClient is { } owner
        ? Cleanup.Track($"the ratings of {project.Owner}'s project {project.Value} switched back on", owner, HttpMethod.Post, $"/api/project/{project.Value}/ratings/enable", restores: true)
        : null;

    // Switching on ratings that are on changes nothing; ratings whose state is unknown are left alone.
    private async Task<RequestPlan> RatingsOnAsync(RequestPlan plan, ForeignResource project)
    {
        var ratings = await Target.User().GetAsync($"/api/project/{project.Value}/ratings", cancellationToken: Cancellation);
        if (ratings.Json?["enabled"] is not JsonValue enabled || !enabled.TryGetValue<bool>(out var on) || !on)
        {
            Target.Skip($"the ratings of project {project.Value} are not known to be on (GET /api/project/{{id}}/ratings gives no enabled: true), and a wrongly obeyed switch would change them");
        }

        return plan.WithPathValue("project_id", project.Value);
    }

    private async Task<bool> VisibleAsync(string path) => (await Target.User().GetAsync(path, cancellationToken: Cancellation)).Status != 404;

    private async Task<bool> SeenByFirstUserAsync(ForeignResource image)
    {
        var gallery = await Target.User().GetAsync("/api/gallery?limit=100", cancellationToken: Cancellation);
        return gallery.Should().Keys("/nodes", "/uuid").Contains(image.Value);
    }
}
