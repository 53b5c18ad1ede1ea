using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Operations;

/// <summary>Another user's resource answers 403: on a mock its fixtures owned by other users (project 172701, image 7c9e6679-…, character User1/elf-queen, lore owner 172701); live, what ROSTRO_TOKEN_2's user owns.</summary>
public sealed class ForeignResourceTests(ContractTarget target) : ContractTest(target)
{
    private const long ForeignProject = 172701;
    private const string ForeignImage = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    /// <summary>How each operation is pointed at the mock's fixture of another user.</summary>
    private static readonly Dictionary<string, Func<RequestPlan, RequestPlan>> s_onMock = new(StringComparer.Ordinal)
    {
        // An empty update: even a server that wrongly accepted it would change nothing.
        ["updateProjectMetadata"] = plan => plan.WithPathValue("project_id", $"{ForeignProject}").WithBody(new JsonObject()),
        ["uploadGalleryImage"] = plan => plan.WithBody(new JsonObject { ["project_id"] = ForeignProject, ["image"] = "data:image/png;base64,iVBORw0KGgo=" }),
        ["addProjectTag"] = plan => plan.WithPathValue("project_id", $"{ForeignProject}"),
        ["removeProjectTag"] = plan => plan.WithPathValue("project_id", $"{ForeignProject}"),
        ["disableProjectRatings"] = plan => plan.WithPathValue("project_id", $"{ForeignProject}"),
        ["enableProjectRatings"] = plan => plan.WithPathValue("project_id", $"{ForeignProject}"),
        ["deleteGalleryImage"] = plan => plan.WithPathValue("uuid", ForeignImage),
        ["deleteLoreItem"] = plan => plan.WithPathValue("owner_id", $"{ForeignProject}").WithPathValue("uuid", "uuid-789"),
        ["getLoreItems"] = plan => plan.WithoutQuery("owner_ids").WithQuery("owner_ids", $"{ForeignProject}"),
        ["addLoreItem"] = plan => plan with { MultipartParts = new Dictionary<string, string>(plan.MultipartParts!) { ["metadata"] = $"{{\"owner_id\": {ForeignProject}}}" } },
        ["updateCharacter"] = plan => plan.WithPathValue("username", "User1").WithPathValue("pathname", "elf-queen"),
        ["linkCharacterLorebook"] = plan => plan.WithPathValue("username", "User1").WithPathValue("pathname", "elf-queen"),
        ["unlinkCharacterLorebook"] = plan => plan.WithPathValue("username", "User1").WithPathValue("pathname", "elf-queen"),
    };

    public static IEnumerable<TheoryDataRow<string>> Operations() =>
        s_onMock.Keys.Select(id => OperationRows.Tag(new TheoryDataRow<string>(id), SpecCatalog.Instance[id]));

    [ContractTheory(Destructive = "Updating the metadata of another user's project (with an empty update)")]
    [MemberData(nameof(Operations))]
    public async Task Another_users_resource_answers_403(string operationId)
    {
        var operation = Operation(operationId);
        var user = Target.User();
        var plan = await OperationRequests.ValidAsync(Target, user, operation);
        if (Target.IsMock)
        {
            plan = s_onMock[operationId](plan);
        }
        else
        {
            plan = await OnLiveAsync(operationId, plan);
        }

        var answer = await plan.SendAsync(user, cancellationToken: Cancellation);

        answer.Should().BeError(403, operation);
    }

    // Live: only requests that cannot harm the second user even if the API wrongly obeyed them.
    private async Task<RequestPlan> OnLiveAsync(string operationId, RequestPlan plan)
    {
        var other = Target.SecondUser();
        switch (operationId)
        {
            case "updateProjectMetadata":
                // Harmless as sent, but the classification stands: metadata updates go to a live target only when allowed.
                Target.Require(Gate.Destructive("Updating the metadata of another user's project (with an empty update)"));
                return plan.WithPathValue("project_id", $"{await OtherProjectAsync(other)}").WithBody(new JsonObject());
            case "deleteGalleryImage":
                // The second user uploads an image this run owns (and removes); the first may not delete it.
                var upload = await other.PostAsync("/api/gallery/upload", new JsonObject { ["project_id"] = await OtherProjectAsync(other), ["image"] = "data:image/png;base64,iVBORw0KGgo=", ["caption"] = "rostro-contracts foreign image" }, cancellationToken: Cancellation);
                upload.Should().Succeed();
                var uuid = upload.Json!["uuid"]!.GetValue<string>();
                Cleanup.Track($"the second user's image {uuid}", other, HttpMethod.Delete, $"/api/gallery/{Uri.EscapeDataString(uuid)}");
                // 403 is the answer only if the first user can see the image at all; where users share no data (a mock's worlds) 404 is right.
                var seen = await Target.User().GetAsync($"/api/gallery/project/{await OtherProjectAsync(other)}?limit=100", cancellationToken: Cancellation);
                if ((seen.Json?["nodes"] as JsonArray ?? []).All(n => n?["uuid"]?.GetValue<string>() != uuid))
                {
                    Assert.Skip("The first user does not see the second user's new image (the target keeps the users' data apart), so 403 cannot be provoked this way.");
                }

                return plan.WithPathValue("uuid", uuid);
            default:
                Assert.Skip($"{operationId} on another user's resource could change it if the API wrongly obeyed; on {Target.Description} only the empty metadata update and the run's own image are tried.");
                return plan;
        }
    }

    private async Task<long> OtherProjectAsync(ContractClient other)
    {
        var name = await Target.UsernameAsync(other);
        var profile = name is null ? null : await other.GetAsync($"/api/users/{Uri.EscapeDataString(name)}?include_projects=true", cancellationToken: Cancellation);
        if (profile?.Json?["projects"] is not JsonArray { Count: > 0 } projects || projects[0]?["id"]?.GetValue<long>() is not { } id)
        {
            Assert.Skip("The second user (ROSTRO_TOKEN_2) has no project on their profile to be refused access to.");
            return 0;
        }

        return id;
    }
}
