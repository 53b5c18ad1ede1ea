using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Coverage;
using Rostro.Contracts.Tests.Safety;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Lifecycles;

/// <summary>Checks that change what other checks read run alone, after every other check: a rename must not race with a check that read the name.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DestructiveCollection
{
    public const string Name = "Checks that change what others read, one at a time";
}

/// <summary>What changes the account or data the run did not create: on a live target only with ROSTRO_ALLOW_DESTRUCTIVE=true.</summary>
/// <remarks>
/// What can be put back is put back when the check ends, however it ends — the username, the default sort, a project's
/// metadata, its ratings switch — each restoration registered the moment the change answers. What the API offers no way
/// to undo (a character, an asset, a rating, scene events) is recorded the moment it is made and listed at the end of the
/// run as changed for good.
/// </remarks>
[Collection(DestructiveCollection.Name)]
[Trait("Category", "StandardApi")]
[Trait("Category", "Destructive")]
public sealed class DestructiveLifecycleTests(ContractTarget target) : ContractTest(target)
{
    [ContractFact(Destructive = "creates a character (the API has no way to delete one)")]
    [Covers("createCharacter", "updateCharacter", "linkCharacterLorebook", "unlinkCharacterLorebook")]
    public async Task Character_is_created_renamed_and_its_lorebooks_linked_and_unlinked()
    {
        RequireOwnGate();
        var user = Target.User();
        var lorebook = await OwnProjectAsync(user);

        var created = await user.PostAsync("/api/core/characters", new JsonObject { ["name"] = "Rostro Contracts Hero", ["description"] = "made by the contract suite" }, cancellationToken: Cancellation);
        if (created.Status is >= 200 and < 300)
        {
            Target.Cleanup.ChangeForGood($"a character named Rostro Contracts Hero ({created.Json?["username"]}/{created.Json?["pathname"]}): the API has no way to delete a character");
        }

        created.Should().Succeed();
        var path = $"{Uri.EscapeDataString(created.Json!["username"]!.GetValue<string>())}/{Uri.EscapeDataString(created.Json["pathname"]!.GetValue<string>())}";

        var renamed = await user.PutAsync($"/api/core/characters/{path}", new JsonObject { ["name"] = "Rostro Contracts Super Hero" }, Cancellation);
        renamed.Should().Succeed().And.HaveValue("/name", "Rostro Contracts Super Hero", ContractRules.ShowsTheChange, "an update renames the character");

        var linked = await user.PostAsync($"/api/core/characters/link/{path}/lorebook/{lorebook}", cancellationToken: Cancellation);
        linked.Should().Succeed().And.List("/linked_lorebooks", string.Empty, $"{lorebook}", ContractRules.ListsWhatWasCreated, "a linked lorebook is listed on the character");
        var unlinked = await Cleanup.RemoveAsync(linked.Created ?? Cannot<TrackedResource>("the link was not registered for removal"), Cancellation);
        unlinked.Should().Succeed().And.NotList("/linked_lorebooks", string.Empty, $"{lorebook}", ContractRules.GoneAfterRemoval, "an unlinked lorebook leaves the character");
        (await Cleanup.RemoveAsync(linked.Created!, Cancellation)).Should().BeError(404);

        // An own character and a lorebook that does not exist: the link names nothing to link.
        (await user.PostAsync($"/api/core/characters/link/{path}/lorebook/{long.MaxValue}", cancellationToken: Cancellation)).Should().BeError(404);
    }

    [ContractFact(Destructive = "creates an asset (the API has no way to delete one)")]
    [Covers("createAsset", "listAssets")]
    public async Task Asset_is_created_and_listed()
    {
        RequireOwnGate();
        var user = Target.User();
        var request = user.NewRequest(HttpMethod.Post, "/engine/api/assets");
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        request.Content = new MultipartFormDataContent { { file, "file", "rostro-contracts.png" }, { new StringContent("{}"), "metadata" } };

        var created = await user.SendAsync(request, Cancellation);
        if (created.Status is >= 200 and < 300)
        {
            Target.Cleanup.ChangeForGood($"an asset rostro-contracts.png ({created.Json?["uuid"]}): the API has no way to delete an asset");
        }

        created.Should().Succeed();
        var uuid = created.Json!["uuid"]!.GetValue<string>();

        var listed = await user.GetAsync("/engine/api/assets?limit=100", cancellationToken: Cancellation);
        listed.Should().Succeed().And.List("/assets", "/uuid", uuid, ContractRules.ListsWhatWasCreated, "a created asset is listed");
    }

    [ContractFact(Destructive = "rates a project of the first user (the API has no way to remove a rating) and switches its ratings off and on")]
    [Covers("rateProject", "getProjectRatings", "disableProjectRatings", "enableProjectRatings")]
    public async Task Rating_is_made_updated_and_refused_while_ratings_are_disabled()
    {
        RequireOwnGate();
        var user = Target.User();
        var project = await OwnProjectAsync(user);
        var me = await Target.UsernameAsync(user);
        var before = await user.GetAsync($"/api/project/{project}/ratings", cancellationToken: Cancellation);
        before.Should().Succeed();
        if (before.Json?["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && !on)
        {
            Target.Skip($"the ratings of project {project} are disabled; enabling them for the check would change what the run did not change");
        }

        var first = await user.PostAsync($"/api/project/{project}/rate", new JsonObject { ["rating"] = 5, ["comment"] = "rostro-contracts" }, cancellationToken: Cancellation);
        if (first.Status is >= 200 and < 300)
        {
            Target.Cleanup.ChangeForGood($"a rating of project {project} by {me}: the API has no way to remove a rating");
        }

        first.Should().Succeed();
        (await user.PostAsync($"/api/project/{project}/rate", new JsonObject { ["rating"] = 3 }, cancellationToken: Cancellation)).Should().Succeed();
        var ratings = await user.GetAsync($"/api/project/{project}/ratings", cancellationToken: Cancellation);
        var mine = (ratings.Json?["ratings"] as JsonArray ?? []).Where(r => r?["username"]?.GetValue<string>() == me).Select(r => r?["rating"]?.ToJsonString()).ToList();
        ratings.Should().Succeed().And.Hold(ContractRules.ShowsTheChange, mine.SequenceEqual(["3"]), $"one rating per user and project, the last one made (3 by {me})", $"{me}'s ratings are [{string.Join(", ", mine)}]", "/ratings");
        var values = (ratings.Json?["ratings"] as JsonArray ?? []).Select(r => r?["rating"] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN).ToList();
        var average = ratings.Json?["average"] is JsonValue a && a.TryGetValue<double>(out var mean) ? mean : (double?)null;
        ratings.Should().Hold(
            ContractRules.ShowsTheChange,
            values.Count > 0 && average is { } given && Math.Abs(given - values.Average()) < 0.01,
            "the average is the mean of the listed ratings (ProjectRatings.average)",
            $"average {ratings.Json?["average"]?.ToJsonString() ?? "absent"}, ratings [{string.Join(", ", values)}]",
            "/average");

        var disabled = await user.PostAsync($"/api/project/{project}/ratings/disable", cancellationToken: Cancellation);
        if (disabled.Status is >= 200 and < 300)
        {
            Cleanup.Track($"the ratings of project {project} switched back on", user, HttpMethod.Post, $"/api/project/{project}/ratings/enable", restores: true);
        }

        disabled.Should().Succeed();
        (await user.PostAsync($"/api/project/{project}/rate", new JsonObject { ["rating"] = 4 }, cancellationToken: Cancellation)).Should().BeError(403);
    }

    [ContractFact(Destructive = "changes the account's default sort and username (both put back at the end)")]
    [Covers("setDefaultSort", "changeUsername", "checkUsername", "getSelf")]
    public async Task Default_sort_and_username_change_show_in_the_account()
    {
        RequireOwnGate();
        var user = Target.User();
        var before = await user.GetAsync("/api/account", cancellationToken: Cancellation);
        before.Should().Succeed();
        var (username, sort) = (before.Json!["username"]!.GetValue<string>(), before.Json["default_sort"]?.GetValue<string>());

        var sorted = await user.PostAsync("/api/account/sort/newest", cancellationToken: Cancellation);
        if (sorted.Status is >= 200 and < 300 && sort != "newest")
        {
            if (sort is null)
            {
                Target.Cleanup.ChangeForGood("the account's default sort, set to newest: it was unset, and the API has no way to unset it");
            }
            else
            {
                Cleanup.Track($"the default sort put back to {sort}", user, HttpMethod.Post, $"/api/account/sort/{Uri.EscapeDataString(sort)}", restores: true);
            }
        }

        sorted.Should().Succeed();
        (await user.GetAsync("/api/account", cancellationToken: Cancellation)).Should().Succeed().And.HaveValue("/default_sort", "newest", ContractRules.ShowsTheChange, "the account shows the default sort set");

        var name = $"rc-{Guid.NewGuid():N}"[..12];
        var changed = await user.PostAsync("/api/self/username", new JsonObject { ["new_username"] = name }, cancellationToken: Cancellation);
        if (changed.Status is >= 200 and < 300)
        {
            Cleanup.Track($"the username put back to {username}", user, HttpMethod.Post, "/api/self/username", new JsonObject { ["new_username"] = username }.ToJsonString(), restores: true);
        }

        changed.Should().Succeed().And.HaveValue("/username", name, ContractRules.ShowsTheChange, "a rename answers the new username");
        // Sent with the caller's credential: a mock keeps one world per credential, so an anonymous caller would not see the rename.
        var check = await user.PostAsync("/api/check/username", new JsonObject { ["new_username"] = name }, cancellationToken: Cancellation);
        check.Should().Succeed().And.HaveValue("/available", false, ContractRules.ShowsTheChange, "a name just taken is not available");
        (await user.GetAsync("/api/self", cancellationToken: Cancellation)).Should().Succeed().And.HaveValue("/username", name, ContractRules.ShowsTheChange, "the caller is known by the new name");
    }

    [ContractFact(Destructive = "asks to rename the account to the second user's name, which the contract refuses (put back should the target accept it)")]
    [Covers("changeUsername", "getSelf")]
    public async Task A_username_already_taken_is_refused_with_403_and_changes_nothing()
    {
        RequireOwnGate();
        var user = Target.User();
        var me = await Target.UsernameAsync(user) ?? Cannot<string>("the caller's username is unknown (GET /api/self)");
        // The mock's world of each credential holds its fixture users (User1 among them); a live target has the second user.
        var other = Target.IsMock ? "User1" : await Target.UsernameAsync(Target.SecondUser()) ?? Cannot<string>("the second user's username is unknown (GET /api/self with ROSTRO_TOKEN_2)");
        if (string.Equals(other, me, StringComparison.OrdinalIgnoreCase))
        {
            Cannot<string>($"ROSTRO_TOKEN_2 is the same user ({other}) as the first");
        }

        var taken = await user.PostAsync("/api/self/username", new JsonObject { ["new_username"] = other }, cancellationToken: Cancellation);
        if (taken.Status is >= 200 and < 300)
        {
            Cleanup.Track($"the username put back to {me}", user, HttpMethod.Post, "/api/self/username", new JsonObject { ["new_username"] = me }.ToJsonString(), restores: true);
        }

        // The spec: "A name already taken answers 403."
        taken.Should().BeError(403);
        (await user.GetAsync("/api/self", cancellationToken: Cancellation)).Should().Succeed().And.HaveValue("/username", me, ContractRules.ShowsTheChange, "a refused rename leaves the name as it was");
    }

    [ContractFact(MockOnly = "deleting the account of the credential in use (it would end the run's session)")]
    [Trait("Category", "MockOnly")]
    [Covers("deleteAccount")]
    public async Task Deleted_account_answers_401_afterwards()
    {
        RequireOwnGate();
        var user = Target.User();

        (await user.DeleteAsync("/api/account", Cancellation)).Should().Succeed();

        (await user.GetAsync("/api/account", cancellationToken: Cancellation)).Should().BeError(401);
    }

    [ContractFact(Destructive = "records scene events (the API keeps them for good)")]
    [Covers("postSceneOpened", "postSceneTip", "postSceneEvent", "getEngineFile")]
    public async Task Scene_events_are_acknowledged_and_project_files_read()
    {
        RequireOwnGate();
        var user = Target.User();
        var scene = Caller.MadeUpName();
        Target.Cleanup.ChangeForGood($"scene {scene}: opened, a tip seen and a click recorded; the API keeps scene events");

        (await user.PostAsync($"/engine/api/editor/scene/{scene}/opened", cancellationToken: Cancellation)).Should().Succeed();
        (await user.PostAsync($"/engine/api/editor/scene/{scene}/tips/welcome", cancellationToken: Cancellation)).Should().Succeed();
        (await user.PostAsync($"/engine/api/editor/scene/{scene}/events", new JsonObject { ["type"] = "click", ["target"] = "rostro-contracts" }, cancellationToken: Cancellation)).Should().Succeed();
        var outside = await user.GetAsync($"/engine/api/file?url={Uri.EscapeDataString("file:///etc/passwd")}", cancellationToken: Cancellation);
        outside.Should().BeError(404, Operation("getEngineFile"));
    }

    [ContractFact(Destructive = "renames a project of the first user (its title put back at the end)")]
    [Covers("updateProjectMetadata", "getUserProfile", "miniSearch")]
    public async Task Project_metadata_update_is_seen_in_search()
    {
        RequireOwnGate();
        var user = Target.User();
        var project = await OwnProjectAsync(user);
        var me = await Target.UsernameAsync(user) ?? Cannot<string>("the caller's username is unknown (GET /api/self)");
        var profile = await user.GetAsync($"/api/users/{Uri.EscapeDataString(me)}?include_projects=true", cancellationToken: Cancellation);
        profile.Should().Succeed();
        // The project's title is its name in listings (CURATION 32): only the title changes, and only it is put back.
        var summary = (profile.Json?["projects"] as JsonArray ?? []).FirstOrDefault(p => p?["id"]?.ToJsonString() == $"{project}");
        var name = Checks.Pointer.Text(summary, "/name") ?? Cannot<string>($"project {project} is not on the first user's profile with its name, so its title could not be put back");
        var restore = new JsonObject { ["title"] = name };

        var title = $"Rostro Contracts {Guid.NewGuid():N}"[..26];
        var updated = await user.PutAsync($"/api/project/{project}/metadata", new JsonObject { ["title"] = title }, Cancellation);
        if (updated.Status is >= 200 and < 300)
        {
            Cleanup.Track($"the title of project {project} put back to {name}", user, HttpMethod.Put, $"/api/project/{project}/metadata", restore.ToJsonString(), restores: true);
        }

        updated.Should().Succeed();
        var found = await user.PostAsync("/minisearch", new JsonObject { ["name"] = title }, cancellationToken: Cancellation);
        found.Should().Succeed().And.List("/results", "/id", $"{project}", ContractRules.ShowsTheChange, "a renamed project is found by its new name");
    }
}
