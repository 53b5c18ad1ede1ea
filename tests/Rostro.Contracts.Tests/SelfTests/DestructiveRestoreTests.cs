using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Lifecycles;
using Rostro.Contracts.Tests.Targets;
using Rostro.MockServer.Settings;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>With ROSTRO_ALLOW_DESTRUCTIVE=true on a live target, what can be put back is put back and what cannot is listed.</summary>
public sealed class DestructiveRestoreTests
{
    [Fact]
    public async Task A_renamed_user_and_project_get_their_names_back_and_what_cannot_be_undone_is_listed()
    {
        const string token = "destructive-rehearsal";
        await using var mock = await MockServer.RostroMock.StartAsync(new MockServer.MockServerOptions { Settings = new MockSettings { TtftMs = 0, InterTokenMs = 0 } }, TestContext.Current.CancellationToken);
        await using var target = new ContractTarget(new ContractSettings
        {
            BaseUrl = mock.BaseAddress, AssumeLive = true, AllowDestructive = true, Token = token, RateLimit = 1000,
            ResultsDirectory = Path.Combine(Path.GetTempPath(), $"rc-{Guid.NewGuid():N}"),
        });
        await target.InitializeAsync();
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var before = await Profile(http);

        await Ran.OrFail(async () =>
        {
            await using var test = new DestructiveLifecycleTests(target);
            await test.Default_sort_and_username_change_show_in_the_account();
            await test.Project_metadata_update_is_seen_in_search();
        });

        var after = await Profile(http);
        after.ToJsonString().Should().Be(before.ToJsonString(), "the username and the project's title are put back when the checks end");
        target.Cleanup.Failures.Should().BeEmpty();
        target.Cleanup.ChangedForGood.Should().ContainSingle().Which.Should().Contain("default sort", "the mock's account has no default sort, and the API cannot unset one");
    }

    private static async Task<JsonNode> Profile(HttpClient http)
    {
        var self = JsonNode.Parse(await http.GetStringAsync("api/self", TestContext.Current.CancellationToken))!;
        var name = self["username"]!.GetValue<string>();
        var profile = JsonNode.Parse(await http.GetStringAsync($"api/users/{name}?include_projects=true", TestContext.Current.CancellationToken))!;
        return new JsonObject { ["username"] = name, ["projects"] = profile["projects"]!.DeepClone() };
    }
}
