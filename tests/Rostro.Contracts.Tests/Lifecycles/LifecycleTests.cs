using System.Text;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Coverage;
using Rostro.Contracts.Tests.Safety;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Lifecycles;

/// <summary>Every kind of resource a user can create and remove again: created → listed → removed → gone, each answer held to the contract.</summary>
/// <remarks>
/// The pipeline registers the removal of whatever a creation made the moment it answers (the spec's <c>x-rostro-undo</c>),
/// so it is removed however the test ends; the test's own removal step sends that same request. Failures name the
/// operation, the rule and what the answer held (<see cref="ExchangeAssertions.Hold"/>).
/// </remarks>
[Trait("Category", "StandardApi")]
[Trait("Category", "Writes")]
public sealed class LifecycleTests(ContractTarget target) : ContractTest(target)
{
    [ContractFact]
    [Covers("uploadGalleryImage", "getProjectGallery", "deleteGalleryImage")]
    public async Task Gallery_image_is_uploaded_listed_deleted_and_then_gone()
    {
        var user = Target.User();
        var project = await OwnProjectAsync(user);

        var upload = await user.PostAsync("/api/gallery/upload", new JsonObject { ["project_id"] = project, ["image"] = "data:image/png;base64,iVBORw0KGgo=", ["caption"] = Caller.MadeUpName() }, cancellationToken: Cancellation);
        upload.Should().Succeed();
        var image = CreatedBy(upload);
        var uuid = upload.Json!["uuid"]!.GetValue<string>();

        (await FindAsync(user, Gallery(project), "/nodes", "/uuid", uuid)).Should().List("/nodes", "/uuid", uuid, ContractRules.ListsWhatWasCreated, "an uploaded image is listed in its project's gallery");

        (await Cleanup.RemoveAsync(image, Cancellation)).Should().Succeed();
        await GoneAsync(image);
        (await FindAsync(user, Gallery(project), "/nodes", "/uuid", uuid, present: false)).Should().NotList("/nodes", "/uuid", uuid, ContractRules.GoneAfterRemoval, "a deleted image leaves the gallery");
    }

    [ContractFact]
    [Covers("addLoreItem", "getLoreItems", "queryLore", "deleteLoreItem")]
    public async Task Lore_item_is_added_listed_found_removed_and_then_gone()
    {
        var user = Target.User();
        var phrase = $"The {Caller.MadeUpName()} wyvern guards the amber gate of Kesh.";

        var (added, owner) = await LoreItems.AddAsync(Target, user, phrase, Cancellation);
        var item = CreatedBy(added);
        var uuid = added.Json!["uuid"]!.GetValue<string>();

        var listed = await user.GetAsync($"/lore/items?owner_ids={owner}", cancellationToken: Cancellation);
        listed.Should().Succeed().And.List("/items", "/uuid", uuid, ContractRules.ListsWhatWasCreated, "an added lore item is listed among its owner's items");
        var found = await user.PostAsync("/lore", new JsonObject { ["query"] = phrase }, cancellationToken: Cancellation);
        found.Should().Succeed();
        if (Target.IsMock)
        {
            // What "best match" means is the target's own business; the mock's is its text search.
            found.Should().HaveValue("/results/0/uuid", uuid, ContractRules.ShowsTheChange, "the best match of an item's own text is the item");
        }

        (await Cleanup.RemoveAsync(item, Cancellation)).Should().Succeed();
        await GoneAsync(item);
        var after = await user.GetAsync($"/lore/items?owner_ids={owner}", cancellationToken: Cancellation);
        after.Should().Succeed().And.NotList("/items", "/uuid", uuid, ContractRules.GoneAfterRemoval, "a removed lore item is no longer listed");
    }

    [ContractFact]
    [Covers("upsertConfig", "deleteConfig")]
    public async Task Config_document_is_created_replaced_deleted_and_then_gone()
    {
        var user = Target.User();
        var path = $"/config/{Caller.MadeUpName()}/run";

        var created = await user.PostAsync(path, new JsonObject { ["value"] = new JsonObject { ["theme"] = "dark" } }, cancellationToken: Cancellation);
        created.Should().Succeed().And.HaveValue("/value/theme", "dark", ContractRules.ShowsTheChange, "an upsert answers the stored document");
        var document = CreatedBy(created);

        var replaced = await user.PostAsync(path, new JsonObject { ["value"] = new JsonObject { ["theme"] = "light" } }, cancellationToken: Cancellation);
        replaced.Should().Succeed().And.HaveValue("/value/theme", "light", ContractRules.ShowsTheChange, "an upsert replaces the document");

        (await Cleanup.RemoveAsync(document, Cancellation)).Should().Succeed();
        await GoneAsync(document);
    }

    [ContractFact(SecondUser = "follows a real second user, and unfollows it")]
    [Covers("followUser", "getFollows", "getFollowsPost", "getFollowers", "getTimeline", "unfollowUser")]
    public async Task Followed_user_is_listed_in_follows_and_followers_until_unfollowed()
    {
        RequireOwnGate();
        var user = Target.User();
        var me = await Target.UsernameAsync(user) ?? Cannot("the caller's username is unknown (GET /api/self)");
        var followed = Target.IsMock ? "User1" : await OtherUsernameAsync(me);
        var follows = (int page) => $"/api/follows/{Uri.EscapeDataString(me)}?page={page}";
        var already = await FindAsync(user, follows, "/users", "/username", followed);
        if (already.Should().Keys("/users", "/username").Contains(followed))
        {
            Target.Skip($"the first user already follows {followed}: unfollowing at the end would undo a follow this run did not make");
        }

        if (!await ListedToTheEndAsync(user, follows, "/users", "/username"))
        {
            Target.Skip($"the first user's follows could not be read to their end (more than {MaxPages} pages, or a page repeats another): a follow of {followed} cannot be shown absent, and unfollowing at the end could undo one that was there");
        }

        // Absent on every page: the follow is the run's, and so is its removal.
        var follow = CreatedBy(await Succeeded(user.SendAsync(HttpMethod.Post, $"/api/follow/{Uri.EscapeDataString(followed)}", configure: r => r.Options.Set(SafetyHandler.CheckedAbsent, true), cancellationToken: Cancellation)));

        (await FindAsync(user, follows, "/users", "/username", followed)).Should().List("/users", "/username", followed, ContractRules.ListsWhatWasCreated, "a followed user is listed in the caller's follows");
        var followsPost = await user.PostAsync($"/api/follows/{Uri.EscapeDataString(me)}", cancellationToken: Cancellation);
        followsPost.Should().Succeed();
        var followers = (int page) => $"/api/followers/{Uri.EscapeDataString(followed)}?page={page}";
        (await FindAsync(user, followers, "/users", "/username", me)).Should().List("/users", "/username", me, ContractRules.ShowsTheChange, "the caller is listed among the followed user's followers");
        (await user.GetAsync("/api/timeline/v1", cancellationToken: Cancellation)).Should().Succeed();

        (await Cleanup.RemoveAsync(follow, Cancellation)).Should().Succeed();
        (await FindAsync(user, follows, "/users", "/username", followed)).Should().NotList("/users", "/username", followed, ContractRules.GoneAfterRemoval, "an unfollowed user leaves the caller's follows");
        (await FindAsync(user, followers, "/users", "/username", me)).Should().NotList("/users", "/username", me, ContractRules.GoneAfterRemoval, "an unfollowed user no longer counts the caller among its followers");
        await GoneAsync(follow);
    }

    [ContractFact]
    [Covers("followTag", "unfollowTag")]
    public async Task Followed_tag_is_unfollowed_and_then_gone()
    {
        var user = Target.User();
        var tag = await SomeTagAsync(user);

        var follow = CreatedBy(await Succeeded(user.PostAsync($"/follow/tag/{Uri.EscapeDataString(tag)}", cancellationToken: Cancellation)));

        (await Cleanup.RemoveAsync(follow, Cancellation)).Should().Succeed();
        await GoneAsync(follow);
    }

    [ContractFact]
    [Covers("addProjectTag", "getTags", "search", "searchPost", "removeProjectTag")]
    public async Task Project_tag_is_added_counted_found_removed_and_then_gone()
    {
        var user = Target.User();
        var project = await OwnProjectAsync(user);
        var tag = Caller.MadeUpName();

        var added = CreatedBy(await Succeeded(user.PostAsync($"/api/tags/{project}/{tag}", cancellationToken: Cancellation)));

        // "Get all tags" (the seed's words): a tag one project carries is among them; a search index may take a moment.
        (await EventuallyAsync(() => user.PostAsync("/tags", new JsonObject(), cancellationToken: Cancellation), "/tags", "/name", tag)).Should()
            .List("/tags", "/name", tag, ContractRules.ListsWhatWasCreated, "a tag on a project is counted among the tags");
        var search = (int page) => $"/search?tags={Uri.EscapeDataString(tag)}&page={page}";
        (await FindAsync(user, search, "/results", "/id", $"{project}", eventually: true)).Should()
            .List("/results", "/id", $"{project}", ContractRules.ListsWhatWasCreated, "search by a project's tag finds the project");
        var searchPost = await user.PostAsync($"/search?tags={Uri.EscapeDataString(tag)}", cancellationToken: Cancellation);
        searchPost.Should().Succeed().And.List("/results", "/id", $"{project}", ContractRules.ListsWhatWasCreated, "POST /search answers as its GET twin");

        (await Cleanup.RemoveAsync(added, Cancellation)).Should().Succeed();
        (await FindAsync(user, search, "/results", "/id", $"{project}", eventually: true, present: false)).Should()
            .NotList("/results", "/id", $"{project}", ContractRules.GoneAfterRemoval, "a removed tag no longer finds the project");
    }

    [ContractFact]
    [Covers("addBlacklistWord", "removeBlacklistWord", "getAccount")]
    public async Task Blacklisted_word_shows_in_the_account_until_removed()
    {
        var user = Target.User();
        var word = Caller.MadeUpName();

        var listed = CreatedBy(await Succeeded(user.PostAsync("/api/account/blacklist", new JsonObject { ["word"] = word }, cancellationToken: Cancellation)));

        (await Succeeded(user.GetAsync("/api/account", cancellationToken: Cancellation))).Should()
            .List("/blacklist", string.Empty, word, ContractRules.ListsWhatWasCreated, "a blacklisted word shows in the account");
        (await Cleanup.RemoveAsync(listed, Cancellation)).Should().Succeed();
        await GoneAsync(listed);
        (await Succeeded(user.GetAsync("/api/account", cancellationToken: Cancellation))).Should()
            .NotList("/blacklist", string.Empty, word, ContractRules.GoneAfterRemoval, "a removed word leaves the blacklist");
    }

    [ContractFact]
    [Covers("block", "unblock")]
    public async Task Blocked_tag_shows_in_the_account_until_unblocked()
    {
        var user = Target.User();
        // A tag of the run's own, put on the user's project so that it exists, and blocked: nothing anyone else sees changes.
        var tag = await SomeTagAsync(user, unique: true);
        var blockPath = $"/api/account/block/tag/{Uri.EscapeDataString(tag)}";

        var block = CreatedBy(await Succeeded(user.PostAsync(blockPath, cancellationToken: Cancellation)));

        (await Succeeded(user.GetAsync("/api/account", cancellationToken: Cancellation))).Should()
            .List("/blocked_tags", string.Empty, tag, ContractRules.ListsWhatWasCreated, "a blocked tag shows in the account");
        (await Cleanup.RemoveAsync(block, Cancellation)).Should().Succeed();
        await GoneAsync(block);
        (await Succeeded(user.GetAsync("/api/account", cancellationToken: Cancellation))).Should()
            .NotList("/blocked_tags", string.Empty, tag, ContractRules.GoneAfterRemoval, "an unblocked tag leaves the account");
    }

    [ContractFact(Credits = CreditPlan.Generation)]
    [Covers("imagine", "getImagineHistory", "deleteImagineHistory")]
    public async Task Generation_is_in_the_history_until_deleted()
    {
        var user = Target.User();
        using var credit = Target.Credits.Reserve(CreditPlan.Generation);

        var generated = await user.PostAsync("/imagine", new JsonObject { ["prompt"] = "a lighthouse in a storm, rostro-contracts", ["generation_type"] = "text_to_image" }, cancellationToken: Cancellation);
        generated.Should().Succeed();
        var generation = CreatedBy(generated);
        var uuid = generated.Json!["generation_uuid"]!.GetValue<string>();

        (await HistoryAsync(user)).Should().List("/items", "/generation_uuid", uuid, ContractRules.ListsWhatWasCreated, "a generation is in the caller's history");

        var deleted = await Cleanup.RemoveAsync(generation, Cancellation);
        deleted.Should().Succeed().And.List("/successes", string.Empty, uuid, ContractRules.GoneAfterRemoval, "a deleted generation is reported among the successes");
        (await HistoryAsync(user)).Should().NotList("/items", "/generation_uuid", uuid, ContractRules.GoneAfterRemoval, "a deleted generation leaves the history");
        var again = await Cleanup.RemoveAsync(generation, Cancellation);
        again.Should().Succeed().And.List("/failures", string.Empty, uuid, ContractRules.GoneAfterRemoval, "a deleted generation cannot be deleted twice");
    }

    private const int MaxPages = 10;

    // A listing's pages until one holds the item, or an empty page, or MaxPages: the order of a listing is the target's, so
    // a new item need not be on page 1. Returns the page that decides (the one holding it, else the first).
    private async Task<Exchange> FindAsync(ContractClient user, Func<int, string> page, string items, string key, string value, bool eventually = false, bool present = true)
    {
        for (var attempt = 0; ; attempt++)
        {
            Exchange? first = null;
            for (var n = 1; n <= MaxPages; n++)
            {
                var answer = await Succeeded(user.GetAsync(page(n), cancellationToken: Cancellation));
                first ??= answer;
                var keys = answer.Should().Keys(items, key);
                if (keys.Contains(value, StringComparer.Ordinal))
                {
                    return answer;
                }

                if (keys.Count == 0)
                {
                    break;
                }
            }

            // A search index may follow a write by a moment (the spec says nothing of how soon): three looks, a second apart.
            if (!eventually || attempt == 2 || !present)
            {
                return first!;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        }
    }

    // Whether the listing was read to an empty page within MaxPages, each page new: only then is "not listed" proven.
    private async Task<bool> ListedToTheEndAsync(ContractClient user, Func<int, string> page, string items, string key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 1; n <= MaxPages; n++)
        {
            var keys = (await Succeeded(user.GetAsync(page(n), cancellationToken: Cancellation))).Should().Keys(items, key);
            if (keys.Count == 0)
            {
                return true;
            }

            if (!keys.Any(seen.Add))
            {
                return false;
            }
        }

        return false;
    }

    private async Task<Exchange> EventuallyAsync(Func<Task<Exchange>> send, string items, string key, string value)
    {
        for (var attempt = 0; ; attempt++)
        {
            var answer = await Succeeded(send());
            if (attempt == 2 || answer.Should().Keys(items, key).Contains(value, StringComparer.Ordinal))
            {
                return answer;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        }
    }

    private static Func<int, string> Gallery(long project) => page => $"/api/gallery/project/{project}?limit=100&page={page}";

    // What the pipeline registered for removal when the creation answered; a creation without it cannot be undone by the run.
    private static TrackedResource CreatedBy(Exchange exchange)
    {
        exchange.Should().Hold(ContractRules.Removable, exchange.Created is not null,
            "what a creation made can be removed again (x-rostro-undo names the removal)", "the run could not build the removal from the answer; see \"Left on the target\" in contract-coverage.md");
        return exchange.Created!;
    }

    // A second removal of what was removed answers 404; a success means it is still there, which the run reports as left behind.
    private async Task GoneAsync(TrackedResource resource)
    {
        var again = await Cleanup.RemoveAsync(resource, Cancellation);
        if (again.Status is >= 200 and < 300)
        {
            Target.Cleanup.RecordFailure($"{resource.Description} ({resource.Method} {resource.Path}): removed, yet a second removal answered {again.Status}, so it is still there");
        }

        again.Should().BeError(404);
    }

    // The second user's name, which must differ from the first's (the same token twice is a misconfiguration).
    private async Task<string> OtherUsernameAsync(string? me)
    {
        var other = await Target.UsernameAsync(Target.SecondUser()) ?? Cannot("the second user's username is unknown (GET /api/self with ROSTRO_TOKEN_2)");
        return other != me ? other : Cannot($"ROSTRO_TOKEN_2 is the same user ({other}) as the first");
    }

    // A tag the user cannot have followed or blocked before: one this test puts on the user's project (and takes off again).
    private async Task<string> SomeTagAsync(ContractClient user, bool unique = false)
    {
        if (Target.IsMock && !unique)
        {
            return "dragon";
        }

        var project = await OwnProjectAsync(user);
        var tag = Caller.MadeUpName();
        await Succeeded(user.PostAsync($"/api/tags/{project}/{tag}", cancellationToken: Cancellation));
        return tag;
    }

    private async Task<Exchange> HistoryAsync(ContractClient user) =>
        await Succeeded(user.PostAsync("/imagine/history", new JsonObject { ["first"] = 100 }, cancellationToken: Cancellation));

    private string Cannot(string reason) => Cannot<string>(reason);
}

/// <summary>Lore items of the caller: which owner a target accepts is discovered (the spec leaves open whether an owner is a user or a project, CURATION 30).</summary>
public static class LoreItems
{
    /// <summary>Adds a lore item under the first owner the target accepts of the caller's candidates (its user id, then its projects); returns the creation and the owner.</summary>
    public static async Task<(Exchange Added, long Owner)> AddAsync(ContractTarget target, ContractClient user, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(user);
        var refused = new List<string>();
        Exchange? last = null;
        foreach (var owner in await target.LoreOwnerCandidatesAsync(user))
        {
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", "rostro-contracts.txt" },
                { new StringContent(new JsonObject { ["owner_id"] = owner, ["source"] = "rostro-contracts" }.ToJsonString()), "metadata" },
            };
            var request = user.NewRequest(HttpMethod.Post, "/lore/item");
            request.Content = form;
            last = await user.SendAsync(request, cancellationToken);
            if (last.Status is 403 or 422 or 400)
            {
                // Not an owner in this target's reading: a refusal changes nothing, so the next candidate is tried.
                last.Should().MatchContract();
                refused.Add($"owner_id {owner}: {last.Status}");
                continue;
            }

            last.Should().Succeed();
            return (last, owner);
        }

        last?.Should().Hold(ContractRules.ShowsTheChange, false, "addLoreItem accepts an owner_id the caller controls: its user id or one of its projects (CURATION 30)", refused.Count == 0 ? "no candidate owner is known" : string.Join("; ", refused));
        target.Skip("no owner of the caller is known to add a lore item under (GET /api/self gave no id, and no project is known: set ROSTRO_PROJECT_ID)");
        return default;
    }
}
