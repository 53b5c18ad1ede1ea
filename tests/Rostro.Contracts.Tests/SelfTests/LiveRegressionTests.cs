using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Mimic;
using Rostro.Contracts.Tests.Streaming;
using Rostro.Contracts.Tests.Targets;
using Rostro.MockServer.Settings;
using static Rostro.Contracts.Tests.SelfTests.SuiteChecks;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>A mock behind a broken server, and a contract target pointed at it as a live API would be (ROSTRO_ASSUME_LIVE): only what is safe on staging runs.</summary>
public sealed class LiveRehearsalFixture : IAsyncLifetime
{
    // Two users of one mock world, as staging has two users of one API: the second's resources are the first's to be refused.
    public const string FirstUser = "shared:regressions:You";

    public const string SecondUser = "shared:regressions:User1";

    public MockServer.RostroMock Mock { get; private set; } = null!;

    public BrokenApi Api { get; private set; } = null!;

    public ContractTarget Target { get; private set; } = null!;

    public string Results { get; } = Path.Combine(Path.GetTempPath(), $"rostro-contracts-rehearsal-{Guid.NewGuid():N}");

    /// <summary>Everything the world of both users holds now.</summary>
    public string World => Mock.Worlds.For(FirstUser).Snapshot();

    public async ValueTask InitializeAsync()
    {
        Mock = await MockServer.RostroMock.StartAsync(new MockServer.MockServerOptions { Settings = new MockSettings { TtftMs = 0, InterTokenMs = 0 } });
        Api = await BrokenApi.StartAsync(Mock.BaseAddress);
        Target = new ContractTarget(new ContractSettings
        {
            BaseUrl = Api.BaseAddress,
            AssumeLive = true,
            Token = FirstUser,
            Token2 = SecondUser,
            RateLimit = 1000,
            // Every regression is a run of its own as far as credits go; one fixture serves them all.
            CreditsBudget = 1000,
            ResultsDirectory = Results,
        });
        await Target.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Target.DisposeAsync();
        await Api.DisposeAsync();
        await Mock.DisposeAsync();
        if (Directory.Exists(Results))
        {
            Directory.Delete(Results, recursive: true);
        }
    }
}

/// <summary>The suite at a live target with one realistic regression each: it fails naming the operation and the rule, against the same target intact it passes, and it leaves nothing behind either way.</summary>
/// <remarks>The checks run exactly as on staging (live rules: read-only generic checks, harmless probes, the credit plan, cleanup), against a mock the suite is told to treat as live.</remarks>
public sealed class LiveRegressionTests(LiveRehearsalFixture live) : IClassFixture<LiveRehearsalFixture>
{
    private sealed record Regression(string Operation, string Rule, Func<ContractTarget, Task> Check)
    {
        public Func<BrokenAnswer, BrokenAnswer>? Answers { get; init; }

        public Action<HttpRequestMessage>? Requests { get; init; }

        public Func<BrokenAnswer, BrokenAnswer?>? Instead { get; init; }

        /// <summary>The regression keeps the check's removal from working: what stays must be reported, not left silently.</summary>
        public bool RemovalBroken { get; init; }

        /// <summary>What the report of what stays says, when the regression leaves something the run cannot remove.</summary>
        public string? LeftReported { get; init; }
    }

    private static readonly Dictionary<string, Regression> s_regressions = new(StringComparer.Ordinal)
    {
        ["a renamed response field"] = new("getSelf", ContractRules.Schema, t => Documented(t, "getSelf"))
        {
            Answers = a => a.Path == "/api/self" && a.Status == 200 ? a with { Body = a.Body.Replace("\"username\"", "\"user_name\"", StringComparison.Ordinal) } : a,
        },
        ["a retyped response field"] = new("getAccount", ContractRules.Schema, t => Documented(t, "getAccount"))
        {
            Answers = a => a.Path == "/api/account" && a.Status == 200 ? a with { Body = Edit(a.Body, o => o["credits"] = o["credits"]!.ToJsonString()) } : a,
        },
        ["a dropped response field"] = new("getGallery", ContractRules.Schema, t => Documented(t, "getGallery"))
        {
            Answers = a => a.Path == "/api/gallery" && a.Status == 200 ? a with { Body = Edit(a.Body, o => o.Remove("page")) } : a,
        },
        ["an undocumented status"] = new("getTags", ContractRules.StatusDocumented, t => Documented(t, "getTags"))
        {
            Answers = a => a.Path == "/tags" && a.Status == 200 ? a with { Status = 202 } : a,
        },
        ["a secured operation answering without credentials"] = new("getAccount", ContractRules.ExpectedStatus, t => WithoutCredentials(t, "getAccount"))
        {
            Requests = CredentialsIgnored,
        },
        ["another owner's lore items served"] = new("getLoreItems", ContractRules.AnotherUsersResource, t => Foreign(t, "getLoreItems"))
        {
            Answers = a => a.Path == "/lore/items" && a.Status == 403
                ? a with { Status = 200, Body = $$"""{"items":[{"uuid":"leaked","owner_id":{{Regex.Match(a.Query, "owner_ids=([0-9]+)").Groups[1].Value}}}]}""" }
                : a,
        },
        ["another user's project changed"] = new("updateProjectMetadata", ContractRules.AnotherUsersResource, t => Foreign(t, "updateProjectMetadata"))
        {
            Answers = a => a.Method == "PUT" && a.Path.EndsWith("/metadata", StringComparison.Ordinal) && a.Status == 403 ? a with { Status = 200, Body = """{"success":true}""" } : a,
        },
        // The API obeys these probes for real (the proxy sends them with the owner's credential): what they change is undone by the owner.
        ["another user's image deleted"] = new("deleteGalleryImage", ContractRules.AnotherUsersResource, t => Foreign(t, "deleteGalleryImage"))
        {
            Requests = AsOwner(r => r.Method == HttpMethod.Delete && r.RequestUri!.ToString().StartsWith("api/gallery/", StringComparison.Ordinal)),
        },
        ["a tag put on another user's project"] = new("addProjectTag", ContractRules.AnotherUsersResource, t => Foreign(t, "addProjectTag"))
        {
            Requests = AsOwner(r => r.Method == HttpMethod.Post && r.RequestUri!.ToString().StartsWith("api/tags/", StringComparison.Ordinal)),
        },
        ["a lore item added under another user's owner"] = new("addLoreItem", ContractRules.AnotherUsersResource, t => Foreign(t, "addLoreItem"))
        {
            Requests = AsOwner(r => r.Method == HttpMethod.Post && r.RequestUri!.ToString() == "lore/item"),
        },
        ["a lore item added under another user's owner, answered without its uuid"] = new("addLoreItem", ContractRules.Schema, t => Foreign(t, "addLoreItem"))
        {
            Requests = AsOwner(r => r.Method == HttpMethod.Post && r.RequestUri!.ToString() == "lore/item"),
            Answers = a => a.Path == "/lore/item" && a.Status == 200 ? a with { Body = """{"status":"indexed"}""" } : a,
            LeftReported = "cannot be removed",
        },
        ["another user's ratings switched off"] = new("disableProjectRatings", ContractRules.AnotherUsersResource, t => Foreign(t, "disableProjectRatings"))
        {
            Requests = AsOwner(r => r.RequestUri!.ToString().EndsWith("/ratings/disable", StringComparison.Ordinal)),
        },
        ["a delete that leaves the resource"] = new("deleteConfig", ContractRules.ExpectedStatus, t => Lifecycle(t, test => test.Config_document_is_created_replaced_deleted_and_then_gone()))
        {
            Instead = a => a.Method == "DELETE" && a.Path.StartsWith("/config/", StringComparison.Ordinal) ? a with { Status = 200, ContentType = "application/json", Body = """{"success":true}""" } : null,
            RemovalBroken = true,
        },
        ["a creation answering 201 where 200 is documented"] = new("uploadGalleryImage", ContractRules.StatusDocumented, t => Lifecycle(t, test => test.Gallery_image_is_uploaded_listed_deleted_and_then_gone()))
        {
            Answers = a => a.Path == "/api/gallery/upload" && a.Status == 200 ? a with { Status = 201 } : a,
        },
        ["a 422 whose detail is no list"] = new("getGallery", ContractRules.Schema, t => Invalid(t, "getGallery", "query/page:type"))
        {
            Answers = a => a.Status == 422 ? a with { Body = Edit(a.Body, o => o["detail"] = o["detail"]![0]!.DeepClone()) } : a,
        },
        ["an error envelope missing a field"] = new("getAccount", ContractRules.Schema, t => WithoutCredentials(t, "getAccount"))
        {
            Answers = a => a.Status == 401 ? a with { Body = Edit(a.Body, o => o.Remove("code")) } : a,
        },
        ["JSON served as another content type"] = new("getSelf", ContractRules.ContentTypeDocumented, t => Documented(t, "getSelf"))
        {
            Answers = a => a.Path == "/api/self" ? a with { ContentType = "text/plain; charset=utf-8" } : a,
        },
        ["a listing that ignores limit"] = new("getGallery", ContractRules.PageLimit, t => Listing(t, "getGallery", ContractRules.PageLimit))
        {
            Requests = r => r.RequestUri = new Uri(Regex.Replace(r.RequestUri!.ToString(), "([?&])limit=[0-9]+&?", "$1"), UriKind.RelativeOrAbsolute),
        },
        ["a page number ignored"] = new("getGallery", ContractRules.PageEcho, t => Listing(t, "getGallery", ContractRules.PageMoves))
        {
            Requests = r => r.RequestUri = new Uri(Regex.Replace(r.RequestUri!.ToString(), "^(api/gallery\\?(?:.*&)?)page=2\\b", "${1}page=1"), UriKind.RelativeOrAbsolute),
        },
        ["page 2 repeating page 1 while saying page 2"] = new("getGallery", ContractRules.PageMoves, t => Listing(t, "getGallery", ContractRules.PageMoves))
        {
            Requests = r => r.RequestUri = new Uri(Regex.Replace(r.RequestUri!.ToString(), "^(api/gallery\\?(?:.*&)?)page=2\\b", "${1}page=1"), UriKind.RelativeOrAbsolute),
            Answers = a => a.Path == "/api/gallery" && a.Status == 200 && a.Query.Contains("page=2", StringComparison.Ordinal) ? a with { Body = Edit(a.Body, o => o["page"] = 2) } : a,
        },
        ["nsfw=false ignored"] = new("getGallery", ContractRules.FilterHolds, t => Listing(t, "getGallery", $"{ContractRules.FilterHolds}:nsfw"))
        {
            Answers = a => a.Path == "/api/gallery" && a.Status == 200 && a.Query.Contains("nsfw=false", StringComparison.Ordinal) ? a with { Body = Edit(a.Body, o => o["nodes"]![0]!["nsfw"] = true) } : a,
        },
        ["a tag filter ignored"] = new("search", ContractRules.FilterHolds, t => Listing(t, "search", $"{ContractRules.FilterHolds}:tags"))
        {
            Answers = a => a.Path == "/search" && a.Status == 200 && a.Query.Contains("tags=", StringComparison.Ordinal) ? a with { Body = Edit(a.Body, o => o["results"]![0]!["tags"] = new JsonArray()) } : a,
        },
        ["a 500 for a valid value"] = new("getGallery", ContractRules.NotAServerError, t => Valid(t, "getGallery", "query/nsfw=false"))
        {
            Answers = a => a.Path == "/api/gallery" && a.Query.Contains("nsfw=false", StringComparison.Ordinal)
                ? a with { Status = 500, ContentType = "application/json", Body = """{"error":"UNKNOWN","message":"boom","type":"UNKNOWN","code":"","errorCode":500,"param":null}""" }
                : a,
        },
        ["the path's model ignored"] = new("createChatCompletionForModel", CompletionsPlan.PathModelWins, t => Planned(t, "completions-chat-stream"))
        {
            Answers = a => a.Path == "/soji/v1/chat/completions" ? a with { Body = a.Body.Replace("\"model\":\"soji\"", "\"model\":\"asha\"", StringComparison.Ordinal) } : a,
        },
        ["an unknown model accepted"] = new("createChatCompletion", CompletionsPlan.UnknownModelRefused, t => Planned(t, "completions-unknown-model"))
        {
            Answers = a => a.Path == "/v1/chat/completions" && a.Status == 422
                ? a with { Status = 200, Body = """{"id":"x","object":"chat.completion","created":1,"model":"gpt-4","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""" }
                : a,
        },
        ["a token limit that ends with stop"] = new("createChubCompletion", CompletionsPlan.TokenLimit, t => Planned(t, "completions-chub-text"))
        {
            Answers = a => a.Path == "/chub/soji/v1/completions" ? a with { Body = a.Body.Replace("\"finish_reason\":\"length\"", "\"finish_reason\":\"stop\"", StringComparison.Ordinal) } : a,
        },
        ["n ignored"] = new("createChatCompletion", CompletionsPlan.Choices, t => Planned(t, "completions-chat"))
        {
            Answers = a => a.Path == "/v1/chat/completions" && a.Status == 200 ? a with { Body = Edit(a.Body, o => o["choices"]!.AsArray().RemoveAt(1)) } : a,
        },
        ["a stop sequence ignored"] = new("createCompletionForModel", CompletionsPlan.StopSequence, t => Planned(t, "completions-model-text"))
        {
            Answers = a => a.Path == "/mythomax/v1/completions" && a.Status == 200
                ? a with { Body = Edit(a.Body, o => { o["choices"]![0]!["text"] = "the tale goes on"; o["choices"]![0]!["finish_reason"] = "length"; }) }
                : a,
        },
        ["a stream without [DONE]"] = new("createCompletion", StreamContract.Cut, t => Planned(t, "completions-text-stream"))
        {
            Answers = a => a.ContentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true ? a with { Body = a.Body.Replace("data: [DONE]", string.Empty, StringComparison.Ordinal) } : a,
        },
        ["usage streamed when not asked"] = new("createCompletion", CompletionsPlan.UsageWhenAsked, t => Planned(t, "completions-text-stream"))
        {
            Answers = a => a.Path == "/v1/completions" && a.ContentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true
                ? a with { Body = a.Body.Replace("data: [DONE]", """data: {"id":"x","object":"text_completion","created":1,"model":"mythomax","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":3,"total_tokens":7}}""" + "\n\ndata: [DONE]", StringComparison.Ordinal) }
                : a,
        },
        ["a first chat chunk without its role"] = new("createChubChatCompletion", StreamContract.RoleFirst, t => Planned(t, "completions-chub-chat-stream"))
        {
            Answers = a => a.Path == "/chub/mythomax/v1/chat/completions" ? a with { Body = a.Body.Replace("\"role\":\"assistant\",", string.Empty, StringComparison.Ordinal) } : a,
        },
    };

    public static TheoryData<string> Regressions() => [.. s_regressions.Keys];

    [Theory]
    [MemberData(nameof(Regressions))]
    public async Task Live_run_fails_on_the_regression_naming_the_operation_and_the_rule_and_leaves_nothing_behind(string regression)
    {
        var scenario = s_regressions[regression];
        var before = live.World;
        var leftBefore = live.Target.Cleanup.Failures.Count;
        Break(scenario);
        try
        {
            var failure = await Assert.ThrowsAsync<ContractViolationException>(() => scenario.Check(live.Target));
            TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);

            failure.Message.Should().Contain(scenario.Operation).And.Contain($"[{scenario.Rule}]");
            failure.Failures.Should().Contain(f => f.Rule == scenario.Rule);
            File.Exists(failure.EvidencePath).Should().BeTrue("every failed check leaves its exchange as evidence");
        }
        finally
        {
            Break(null);
        }

        var left = live.Target.Cleanup.Failures.Skip(leftBefore).ToList();
        if (scenario.RemovalBroken || scenario.LeftReported is not null)
        {
            left.Should().ContainSingle("what the run could not remove is reported as left on the target").Which.Should().Contain(scenario.LeftReported ?? "still there");
        }
        else
        {
            left.Should().BeEmpty();
            live.World.Should().Be(before, "the run removes what it created, also when the contract is broken");
        }
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public async Task Live_run_passes_the_same_check_against_the_target_intact(string regression)
    {
        var before = live.World;

        // The control: the failures above come from the regression, not from the check, the proxy or the live rules.
        await Ran.OrFail(() => s_regressions[regression].Check(live.Target));

        live.World.Should().Be(before);
    }

    // The proxy sends the first user's probe with the second user's credential: the API "wrongly" obeys, for real.
    private static Action<HttpRequestMessage> AsOwner(Func<HttpRequestMessage, bool> probe) => request =>
    {
        if (request.Headers.Authorization?.Parameter == LiveRehearsalFixture.FirstUser && probe(request))
        {
            request.Headers.Authorization = new("Bearer", LiveRehearsalFixture.SecondUser);
        }
    };

    private void Break(Regression? regression)
    {
        live.Api.Answers = regression?.Answers;
        live.Api.Requests = regression?.Requests;
        live.Api.Instead = regression?.Instead;
    }
}
