using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Coverage;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Lifecycles;

/// <summary>Every kind of resource a user can create: created → readable → listed → updated → removed → gone (404), each answer held to the contract.</summary>
/// <remarks>What a test creates it tracks at once, so it is removed however the test ends. On a live target only what can be removed runs by default; the rest needs ROSTRO_ALLOW_DESTRUCTIVE=true.</remarks>
[Trait("Category", "StandardApi")]
public sealed class LifecycleTests(ContractTarget target) : ContractTest(target)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    [ContractFact]
    [Trait("Category", "Writes")]
    [Covers("uploadGalleryImage", "getProjectGallery", "deleteGalleryImage")]
    public async Task Gallery_image_is_uploaded_listed_deleted_and_then_gone()
    {
        var user = Target.User();
        var project = await OwnProjectAsync(user);

        var upload = await user.PostAsync("/api/gallery/upload", new JsonObject { ["project_id"] = project, ["image"] = "data:image/png;base64,iVBORw0KGgo=", ["caption"] = Unique("rostro-contracts") }, cancellationToken: Cancellation);
        upload.Should().Succeed();
        var uuid = upload.Json!["uuid"]!.GetValue<string>();
        var image = Cleanup.Track($"gallery image {uuid}", user, HttpMethod.Delete, $"/api/gallery/{Uri.EscapeDataString(uuid)}");

        (await GalleryUuidsAsync(user, project)).Should().Contain(uuid, "an uploaded image is listed in its project's gallery");

        (await Cleanup.RemoveAsync(image, Cancellation)).Should().Succeed();
        (await user.DeleteAsync($"/api/gallery/{Uri.EscapeDataString(uuid)}", Cancellation)).Should().BeError(404);
        (await GalleryUuidsAsync(user, project)).Should().NotContain(uuid, "a deleted image leaves the gallery");
    }

    [ContractFact]
    [Trait("Category", "Writes")]
    [Covers("addLoreItem", "getLoreItems", "queryLore", "deleteLoreItem")]
    public async Task Lore_item_is_added_listed_found_removed_and_then_gone()
    {
        var user = Target.User();
        var owner = await OwnProjectAsync(user);
        var phrase = $"The {Unique("wyvern")} guards the amber gate of Kesh.";
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(phrase)), "file", "rostro-contracts.txt" },
            { new StringContent(new JsonObject { ["owner_id"] = owner }.ToJsonString()), "metadata" },
        };
        var request = user.NewRequest(HttpMethod.Post, "/lore/item");
        request.Content = form;

        var added = await user.SendAsync(request, Cancellation);
        added.Should().Succeed();
        var uuid = added.Json!["uuid"]!.GetValue<string>();
        var item = Cleanup.Track($"lore item {uuid}", user, HttpMethod.Delete, $"/lore/{owner}/item/{Uri.EscapeDataString(uuid)}");

        var listed = await user.GetAsync($"/lore/items?owner_ids={owner}", cancellationToken: Cancellation);
        listed.Should().Succeed();
        Uuids(listed.Json?["items"]).Should().Contain(uuid);

        var found = await user.PostAsync("/lore", new JsonObject { ["query"] = phrase }, cancellationToken: Cancellation);
        found.Should().Succeed();
        if (Target.IsMock)
        {
            found.Json!["results"]![0]!["uuid"]!.GetValue<string>().Should().Be(uuid, "the best match of the item's own text is the item");
        }

        (await Cleanup.RemoveAsync(item, Cancellation)).Should().Succeed();
        (await user.DeleteAsync($"/lore/{owner}/item/{Uri.EscapeDataString(uuid)}", Cancellation)).Should().BeError(404);
        var after = await user.GetAsync($"/lore/items?owner_ids={owner}", cancellationToken: Cancellation);
        after.Should().Succeed();
        Uuids(after.Json?["items"]).Should().NotContain(uuid);
    }

    [ContractFact]
    [Trait("Category", "Writes")]
    [Covers("upsertConfig", "deleteConfig")]
    public async Task Config_document_is_created_replaced_deleted_and_then_gone()
    {
        var user = Target.User();
        var path = $"/config/rostro-contracts/{Unique("run")}";

        var created = await user.PostAsync(path, new JsonObject { ["value"] = new JsonObject { ["theme"] = "dark" } }, cancellationToken: Cancellation);
        created.Should().Succeed();
        var document = Cleanup.Track($"config {path}", user, HttpMethod.Delete, path);
        created.Json!["value"]!["theme"]!.GetValue<string>().Should().Be("dark");

        var replaced = await user.PostAsync(path, new JsonObject { ["value"] = new JsonObject { ["theme"] = "light" } }, cancellationToken: Cancellation);
        replaced.Should().Succeed();
        replaced.Json!["value"]!["theme"]!.GetValue<string>().Should().Be("light", "an upsert replaces the document");

        (await Cleanup.RemoveAsync(document, Cancellation)).Should().Succeed();
        (await user.DeleteAsync(path, Cancellation)).Should().BeError(404);
    }

    [ContractFact]
    [Trait("Category", "Writes")]
    [Covers("followUser", "getFollows", "getFollowsPost", "getFollowers", "getTimeline", "unfollowUser")]
    public async Task Followed_user_is_listed_in_follows_and_followers_until_unfollowed()
    {
        var user = Target.User();
        var me = await Target.UsernameAsync(user) ?? Skip<string>("the caller's username is unknown (GET /api/self)");
        var followed = Target.IsMock ? "User1" : await OtherUsernameAsync(me);
        if (Target.IsLive && Usernames((await user.GetAsync($"/api/follows/{Uri.EscapeDataString(me)}", cancellationToken: Cancellation)).Json?["users"]).Contains(followed))
        {
            Assert.Skip($"The first user already follows {followed}; unfollowing at the end would remove a follow this run did not make.");
        }

        (await user.PostAsync($"/api/follow/{Uri.EscapeDataString(followed)}", cancellationToken: Cancellation)).Should().Succeed();
        var follow = Cleanup.Track($"follow of {followed}", user, HttpMethod.Delete, $"/api/follow/{Uri.EscapeDataString(followed)}");

        var follows = await user.GetAsync($"/api/follows/{Uri.EscapeDataString(me)}", cancellationToken: Cancellation);
        follows.Should().Succeed();
        Usernames(follows.Json?["users"]).Should().Contain(followed);
        var followsPost = await user.PostAsync($"/api/follows/{Uri.EscapeDataString(me)}", cancellationToken: Cancellation);
        followsPost.Should().Succeed();
        Usernames(followsPost.Json?["users"]).Should().Contain(followed, "POST /api/follows answers as its GET twin");
        (await user.GetAsync($"/api/followers/{Uri.EscapeDataString(followed)}", cancellationToken: Cancellation)).Should().Succeed();
        (await user.GetAsync("/api/timeline/v1", cancellationToken: Cancellation)).Should().Succeed();

        (await Cleanup.RemoveAsync(follow, Cancellation)).Should().Succeed();
        var after = await user.GetAsync($"/api/follows/{Uri.EscapeDataString(me)}", cancellationToken: Cancellation);
        after.Should().Succeed();
        Usernames(after.Json?["users"]).Should().NotContain(followed);
    }

    [ContractFact]
    [Trait("Category", "Writes")]
    [Covers("followTag", "unfollowTag")]
    public async Task Followed_tag_is_unfollowed_and_then_gone()
    {
        var user = Target.User();
        var tag = await SomeTagAsync(user);

        (await user.PostAsync($"/follow/tag/{Uri.EscapeDataString(tag)}", cancellationToken: Cancellation)).Should().Succeed();
        var follow = Cleanup.Track($"follow of tag {tag}", user, HttpMethod.Delete, $"/follow/tag/{Uri.EscapeDataString(tag)}");

        (await Cleanup.RemoveAsync(follow, Cancellation)).Should().Succeed();
        (await user.DeleteAsync($"/follow/tag/{Uri.EscapeDataString(tag)}", Cancellation)).Should().BeError(404);
    }

    [ContractFact]
    [Trait("Category", "Writes")]
    [Covers("addProjectTag", "getTags", "search", "searchPost", "removeProjectTag")]
    public async Task Project_tag_is_added_counted_found_removed_and_then_gone()
    {
        var user = Target.User();
        var project = await OwnProjectAsync(user);
        var tag = Unique("rostro-contracts");
        var path = $"/api/tags/{project}/{tag}";

        (await user.PostAsync(path, cancellationToken: Cancellation)).Should().Succeed();
        var added = Cleanup.Track($"tag {tag} of project {project}", user, HttpMethod.Delete, path);

        var tags = await user.PostAsync("/tags", new JsonObject(), cancellationToken: Cancellation);
        tags.Should().Succeed();
        (tags.Json?["tags"] as JsonArray ?? []).Should().Contain(t => t!["name"]!.GetValue<string>() == tag && t["count"]!.GetValue<int>() >= 1, "a tag on a project is counted");
        var search = await user.GetAsync($"/search?tags={Uri.EscapeDataString(tag)}", cancellationToken: Cancellation);
        search.Should().Succeed();
        Ids(search.Json?["results"]).Should().Contain(project, "search by a project's tag finds it");
        var searchPost = await user.PostAsync($"/search?tags={Uri.EscapeDataString(tag)}", cancellationToken: Cancellation);
        searchPost.Should().Succeed();
        Ids(searchPost.Json?["results"]).Should().Contain(project, "POST /search answers as its GET twin");

        (await Cleanup.RemoveAsync(added, Cancellation)).Should().Succeed();
        var after = await user.GetAsync($"/search?tags={Uri.EscapeDataString(tag)}", cancellationToken: Cancellation);
        after.Should().Succeed();
        Ids(after.Json?["results"]).Should().NotContain(project, "a removed tag no longer finds the project");
    }

    [ContractFact]
    [Trait("Category", "Writes")]
    [Covers("block", "unblock", "addBlacklistWord", "removeBlacklistWord", "getAccount")]
    public async Task Blocked_user_and_blacklisted_word_show_in_the_account_until_removed()
    {
        var user = Target.User();
        var blocked = Target.IsMock ? "BadGuy" : await OtherUsernameAsync(await Target.UsernameAsync(user));
        var word = Unique("rostro-contracts");
        var before = await user.GetAsync("/api/account", cancellationToken: Cancellation);
        before.Should().Succeed();
        if (Strings(before.Json?["blocked_users"]).Contains(blocked))
        {
            Assert.Skip($"The first user already blocks {blocked}; unblocking would undo what this run did not do.");
        }

        var blockPath = $"/api/account/block/user/{Uri.EscapeDataString(blocked)}";
        (await user.PostAsync(blockPath, cancellationToken: Cancellation)).Should().Succeed();
        var block = Cleanup.Track($"block of {blocked}", user, HttpMethod.Delete, blockPath);
        (await user.PostAsync("/api/account/blacklist", new JsonObject { ["word"] = word }, cancellationToken: Cancellation)).Should().Succeed();
        var removal = new JsonObject { ["word"] = word }.ToJsonString();
        var listed = Cleanup.Track($"blacklisted word {word}", user, HttpMethod.Post, "/api/account/blacklist/remove", removal);

        var account = await user.GetAsync("/api/account", cancellationToken: Cancellation);
        account.Should().Succeed();
        Strings(account.Json?["blocked_users"]).Should().Contain(blocked);
        Strings(account.Json?["blacklist"]).Should().Contain(word);

        (await Cleanup.RemoveAsync(block, Cancellation)).Should().Succeed();
        (await Cleanup.RemoveAsync(listed, Cancellation)).Should().Succeed();
        (await user.DeleteAsync(blockPath, Cancellation)).Should().BeError(404);
        (await user.SendAsync(HttpMethod.Post, "/api/account/blacklist/remove", removal, cancellationToken: Cancellation)).Should().BeError(404);
        var after = await user.GetAsync("/api/account", cancellationToken: Cancellation);
        after.Should().Succeed();
        Strings(after.Json?["blocked_users"]).Should().NotContain(blocked);
        Strings(after.Json?["blacklist"]).Should().NotContain(word);
    }

    [ContractFact]
    [Trait("Category", "Writes")]
    [Covers("imagine", "getImagineHistory", "deleteImagineHistory")]
    public async Task Generation_is_in_the_history_until_deleted()
    {
        var user = Target.User();
        var generated = await user.PostAsync("/imagine", new JsonObject { ["prompt"] = "a lighthouse in a storm, rostro-contracts", ["generation_type"] = "text_to_image" }, cancellationToken: Cancellation);
        generated.Should().Succeed();
        var uuid = generated.Json!["generation_uuid"]!.GetValue<string>();
        var removal = new JsonObject { ["uuids"] = new JsonArray(uuid) }.ToJsonString();
        var generation = Cleanup.Track($"generation {uuid}", user, HttpMethod.Post, "/imagine/history/delete", removal);

        Uuids(await HistoryAsync(user), "generation_uuid").Should().Contain(uuid);

        var deleted = await Cleanup.RemoveAsync(generation, Cancellation);
        deleted.Should().Succeed();
        Strings(deleted.Json?["successes"]).Should().Contain(uuid);
        Uuids(await HistoryAsync(user), "generation_uuid").Should().NotContain(uuid);
        var again = await user.SendAsync(HttpMethod.Post, "/imagine/history/delete", removal, cancellationToken: Cancellation);
        again.Should().Succeed();
        Strings(again.Json?["failures"]).Should().Contain(uuid, "a deleted generation cannot be deleted twice");
    }

    [ContractFact(Destructive = "Creating a character (the API has no way to delete one)")]
    [Trait("Category", "Destructive")]
    [Covers("createCharacter", "updateCharacter", "linkCharacterLorebook", "unlinkCharacterLorebook")]
    public async Task Character_is_created_renamed_and_its_lorebooks_linked_and_unlinked()
    {
        Target.Require(Gate.Destructive("Creating a character (the API has no way to delete one)"));
        var user = Target.User();
        var lorebook = await OwnProjectAsync(user);

        var created = await user.PostAsync("/api/core/characters", new JsonObject { ["name"] = "Rostro Contracts Hero", ["description"] = "made by the contract suite" }, cancellationToken: Cancellation);
        created.Should().Succeed();
        var owner = created.Json!["username"]!.GetValue<string>();
        var slug = created.Json["pathname"]!.GetValue<string>();
        var path = $"{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(slug)}";

        var renamed = await user.PutAsync($"/api/core/characters/{path}", new JsonObject { ["name"] = "Rostro Contracts Super Hero" }, Cancellation);
        renamed.Should().Succeed();
        renamed.Json!["name"]!.GetValue<string>().Should().Be("Rostro Contracts Super Hero");

        var linked = await user.PostAsync($"/api/core/characters/link/{path}/lorebook/{lorebook}", cancellationToken: Cancellation);
        linked.Should().Succeed();
        Numbers(linked.Json?["linked_lorebooks"]).Should().Contain(lorebook);
        var unlinked = await user.DeleteAsync($"/api/core/characters/link/{path}/lorebook/{lorebook}", Cancellation);
        unlinked.Should().Succeed();
        Numbers(unlinked.Json?["linked_lorebooks"]).Should().NotContain(lorebook);
        (await user.DeleteAsync($"/api/core/characters/link/{path}/lorebook/{lorebook}", Cancellation)).Should().BeError(404);
    }

    [ContractFact(Destructive = "Creating an asset (the API has no way to delete one)")]
    [Trait("Category", "Destructive")]
    [Covers("createAsset", "listAssets")]
    public async Task Asset_is_created_and_listed()
    {
        Target.Require(Gate.Destructive("Creating an asset (the API has no way to delete one)"));
        var user = Target.User();
        var request = user.NewRequest(HttpMethod.Post, "/engine/api/assets");
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        request.Content = new MultipartFormDataContent { { file, "file", "rostro-contracts.png" }, { new StringContent("{}"), "metadata" } };

        var created = await user.SendAsync(request, Cancellation);
        created.Should().Succeed();
        var uuid = created.Json!["uuid"]!.GetValue<string>();

        var listed = await user.GetAsync("/engine/api/assets?limit=100", cancellationToken: Cancellation);
        listed.Should().Succeed();
        Uuids(listed.Json?["assets"]).Should().Contain(uuid);
    }

    [ContractFact(Destructive = "Rating a project and disabling its ratings")]
    [Trait("Category", "Destructive")]
    [Covers("rateProject", "getProjectRatings", "disableProjectRatings", "enableProjectRatings")]
    public async Task Rating_is_made_updated_and_refused_while_ratings_are_disabled()
    {
        Target.Require(Gate.Destructive("Rating a project and disabling its ratings"));
        var user = Target.User();
        var project = await OwnProjectAsync(user);
        var me = await Target.UsernameAsync(user);

        (await user.PostAsync($"/api/project/{project}/rate", new JsonObject { ["rating"] = 5, ["comment"] = "rostro-contracts" }, cancellationToken: Cancellation)).Should().Succeed();
        (await user.PostAsync($"/api/project/{project}/rate", new JsonObject { ["rating"] = 3 }, cancellationToken: Cancellation)).Should().Succeed();
        var ratings = await user.GetAsync($"/api/project/{project}/ratings", cancellationToken: Cancellation);
        ratings.Should().Succeed();
        var mine = (ratings.Json?["ratings"] as JsonArray ?? []).Where(r => r?["username"]?.GetValue<string>() == me).ToList();
        mine.Should().ContainSingle("one rating per user and project").Which!["rating"]!.GetValue<int>().Should().Be(3);

        (await user.PostAsync($"/api/project/{project}/ratings/disable", cancellationToken: Cancellation)).Should().Succeed();
        try
        {
            (await user.PostAsync($"/api/project/{project}/rate", new JsonObject { ["rating"] = 4 }, cancellationToken: Cancellation)).Should().BeError(403);
        }
        finally
        {
            (await user.PostAsync($"/api/project/{project}/ratings/enable", cancellationToken: CancellationToken.None)).Should().Succeed();
        }

        (await user.PostAsync($"/api/project/{project}/rate", new JsonObject { ["rating"] = 4 }, cancellationToken: Cancellation)).Should().Succeed();
    }

    [ContractFact(Destructive = "Changing the account's sort order and username")]
    [Trait("Category", "Destructive")]
    [Covers("setDefaultSort", "changeUsername", "checkUsername", "getSelf")]
    public async Task Default_sort_and_username_change_show_in_the_account()
    {
        Target.Require(Gate.Destructive("Changing the account's sort order and username"));
        var user = Target.User();

        (await user.PostAsync("/api/account/sort/newest", cancellationToken: Cancellation)).Should().Succeed();
        var account = await user.GetAsync("/api/account", cancellationToken: Cancellation);
        account.Should().Succeed();
        account.Json!["default_sort"]!.GetValue<string>().Should().Be("newest");

        var name = Unique("rc");
        var changed = await user.PostAsync("/api/self/username", new JsonObject { ["new_username"] = name }, cancellationToken: Cancellation);
        changed.Should().Succeed();
        changed.Json!["username"]!.GetValue<string>().Should().Be(name);
        // Sent with the caller's credential: a mock keeps one world per credential, so an anonymous caller would not see the rename.
        var check = await user.PostAsync("/api/check/username", new JsonObject { ["new_username"] = name }, cancellationToken: Cancellation);
        check.Should().Succeed();
        check.Json!["available"]!.GetValue<bool>().Should().BeFalse("the name is now taken");
        var self = await user.GetAsync("/api/self", cancellationToken: Cancellation);
        self.Should().Succeed();
        self.Json!["username"]!.GetValue<string>().Should().Be(name);
    }

    [ContractFact(MockOnly = "deleting the account of the credential in use ends every later test's session")]
    [Trait("Category", "Destructive")]
    [Trait("Category", "MockOnly")]
    [Covers("deleteAccount")]
    public async Task Deleted_account_answers_401_afterwards()
    {
        Target.Require(Gate.MockOnly("deleting the account of the credential in use ends every later test's session"));
        var user = Target.User();

        (await user.DeleteAsync("/api/account", Cancellation)).Should().Succeed();

        (await user.GetAsync("/api/account", cancellationToken: Cancellation)).Should().BeError(401);
    }

    [ContractFact(Destructive = "Recording scene events (the API keeps them for good)")]
    [Trait("Category", "Destructive")]
    [Covers("postSceneOpened", "postSceneTip", "postSceneEvent", "getEngineFile")]
    public async Task Scene_events_are_acknowledged_and_project_files_read()
    {
        Target.Require(Gate.Destructive("Recording scene events (the API keeps them for good)"));
        var user = Target.User();
        var scene = Unique("rostro-contracts");

        (await user.PostAsync($"/engine/api/editor/scene/{scene}/opened", cancellationToken: Cancellation)).Should().Succeed();
        (await user.PostAsync($"/engine/api/editor/scene/{scene}/tips/welcome", cancellationToken: Cancellation)).Should().Succeed();
        (await user.PostAsync($"/engine/api/editor/scene/{scene}/events", new JsonObject { ["type"] = "click", ["target"] = "rostro-contracts" }, cancellationToken: Cancellation)).Should().Succeed();
        var outside = await user.GetAsync($"/engine/api/file?url={Uri.EscapeDataString("file:///etc/passwd")}", cancellationToken: Cancellation);
        outside.Should().BeError(404, Operation("getEngineFile"));
    }

    [ContractFact(Destructive = "Renaming a project the run did not create")]
    [Trait("Category", "Destructive")]
    [Covers("updateProjectMetadata", "getUserProfile", "miniSearch")]
    public async Task Project_metadata_update_is_seen_in_search()
    {
        Target.Require(Gate.Destructive("Renaming a project the run did not create"));
        var user = Target.User();
        var project = await OwnProjectAsync(user);
        var title = Unique("Rostro Contracts");

        (await user.PutAsync($"/api/project/{project}/metadata", new JsonObject { ["title"] = title }, Cancellation)).Should().Succeed();

        var found = await user.PostAsync("/minisearch", new JsonObject { ["name"] = title }, cancellationToken: Cancellation);
        found.Should().Succeed();
        Ids(found.Json?["results"]).Should().Contain(project, "a renamed project is found by its new name");
    }

    private async Task<long> OwnProjectAsync(ContractClient user) =>
        await Target.ProjectIdAsync(user) ?? Skip<long>("no project of the first user is known: set ROSTRO_PROJECT_ID");

    // The second user's name, which must differ from the first's (the same token twice is a misconfiguration).
    private async Task<string> OtherUsernameAsync(string? me)
    {
        var other = await Target.UsernameAsync(Target.SecondUser()) ?? Skip<string>("the second user's username is unknown (GET /api/self with ROSTRO_TOKEN_2)");
        return other != me ? other : Skip<string>($"ROSTRO_TOKEN_2 is the same user ({other}) as the first");
    }

    // A tag the user cannot have followed before: on a live target one this test puts on the user's project (and takes off again).
    private async Task<string> SomeTagAsync(ContractClient user)
    {
        if (Target.IsMock)
        {
            return "dragon";
        }

        var project = await OwnProjectAsync(user);
        var tag = Unique("rostro-contracts");
        (await user.PostAsync($"/api/tags/{project}/{tag}", cancellationToken: Cancellation)).Should().Succeed();
        Cleanup.Track($"tag {tag} of project {project}", user, HttpMethod.Delete, $"/api/tags/{project}/{tag}");
        return tag;
    }

    private async Task<List<string>> GalleryUuidsAsync(ContractClient user, long project)
    {
        var page = await user.GetAsync($"/api/gallery/project/{project}?limit=100", cancellationToken: Cancellation);
        page.Should().Succeed();
        return Uuids(page.Json?["nodes"]);
    }

    private async Task<JsonNode?> HistoryAsync(ContractClient user)
    {
        var history = await user.PostAsync("/imagine/history", new JsonObject { ["first"] = 100 }, cancellationToken: Cancellation);
        history.Should().Succeed();
        return history.Json?["items"];
    }

    private static T Skip<T>(string reason)
    {
        Assert.Skip($"Cannot run on this target: {reason}.");
        return default!;
    }

    private static List<string> Uuids(JsonNode? items, string field = "uuid") =>
        (items as JsonArray ?? []).Select(i => i?[field]?.GetValue<string>()).OfType<string>().ToList();

    private static List<string> Usernames(JsonNode? users) => Uuids(users, "username");

    private static List<long> Ids(JsonNode? results) =>
        (results as JsonArray ?? []).Select(r => r?["id"]?.GetValue<long>()).OfType<long>().ToList();

    private static List<long> Numbers(JsonNode? values) => (values as JsonArray ?? []).Select(v => v!.GetValue<long>()).ToList();

    private static List<string> Strings(JsonNode? values) => (values as JsonArray ?? []).Select(v => v!.GetValue<string>()).ToList();
}
