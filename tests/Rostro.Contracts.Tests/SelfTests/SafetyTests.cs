using System.Net;
using System.Text;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Mimic;
using Rostro.Contracts.Tests.Safety;
using Rostro.Contracts.Tests.Targets;
using Rostro.MockServer.Settings;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>The safety invariants, each proven where every request passes: the handler chain, against a real mock treated as a live target.</summary>
public sealed class SafetyTests
{
    [Theory]
    [InlineData("DELETE", "/api/account", "cannot be undone")]
    [InlineData("POST", "/api/self/username", "cannot be undone")]
    [InlineData("POST", "/api/project/172700/ratings/disable", "cannot be undone")]
    [InlineData("DELETE", "/api/gallery/3e41a43b-9f1c-4d7e-a8b2-5c6d7e8f9a01", "did not create")]
    [InlineData("POST", "/__admin/reset", "admin API")]
    [InlineData("PATCH", "/api/account", "undeclared routes")]
    [InlineData("DELETE", "/no/such/route", "undeclared routes")]
    public async Task A_live_target_is_never_sent_what_could_harm_it(string method, string path, string reason)
    {
        await using var live = await LiveRehearsal.StartAsync();

        var send = () => live.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/')) { Content = new StringContent("{}", Encoding.UTF8, "application/json") }, TestContext.Current.CancellationToken);

        (await send.Should().ThrowAsync<UnsafeRequestException>()).Which.Message.Should().Contain(reason);
        (await live.JournalTotalAsync()).Should().Be(0, "a refused request never leaves the process");
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_lore_item","arguments":{"owner_id":1,"uuid":"x"}}}""", false, "read-only")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"imagine","arguments":{}}}""", false, "spend no credits")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"change_username","arguments":{}}}""", true, "read-only")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"some_other_servers_tool","arguments":{}}}""", false, "no such tool")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":["delete_lore_item"]}""", false, "read-only")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_lore_item","arguments":{}}}]""", false, "single JSON-RPC messages")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"resources/subscribe","params":{"uri":"x"}}""", false, "only the handshake")]
    public async Task A_live_MCP_endpoint_is_never_sent_a_tool_that_changes_data_or_spends_credits(string message, bool allowDestructive, string reason)
    {
        await using var live = await LiveRehearsal.StartAsync(allowDestructive: allowDestructive);

        var send = () => live.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "mcp") { Content = new StringContent(message, Encoding.UTF8, "application/json") }, TestContext.Current.CancellationToken);

        (await send.Should().ThrowAsync<UnsafeRequestException>()).Which.Message.Should().Contain(reason);
        (await live.JournalTotalAsync()).Should().Be(0, "a refused call never leaves the process");
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_gallery","arguments":{"limit":1}}}""", 1)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"rostro-contracts-no_such_tool","arguments":{}}}""", 0)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", 0)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", 0)]
    public async Task A_live_MCP_endpoint_is_sent_lookups_and_harmless_tools(string message, int operations)
    {
        await using var live = await LiveRehearsal.StartAsync();
        var cancellation = TestContext.Current.CancellationToken;
        HttpRequestMessage Post(string json, string? session)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
            if (session is not null)
            {
                request.Headers.Add("Mcp-Session-Id", session);
                request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
            }

            return request;
        }

        using var initialize = await live.Http.SendAsync(Post("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""", null), cancellation);
        var session = initialize.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = await live.Http.SendAsync(Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", session), cancellation);

        using var answer = await live.Http.SendAsync(Post(message, session), cancellation);

        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        (await live.JournalTotalAsync()).Should().Be(operations, "a harmless tool runs its read-only operation; the rest runs none");
    }

    [Theory]
    [InlineData("POST", "/api/follow/Bob", null, false)]
    [InlineData("POST", "/api/account/block/user/Bob", null, false)]
    [InlineData("POST", "/config/user/settings", """{"value":{}}""", false)]
    [InlineData("POST", "/api/account/blacklist", """{"word":"spam"}""", false)]
    [InlineData("POST", "/api/tags/172700/rostro-contracts-5f2a", null, true)]
    [InlineData("POST", "/config/rostro-contracts-5f2a/run", """{"value":{}}""", true)]
    [InlineData("POST", "/api/account/blacklist", """{"word":"rostro-contracts-5f2a"}""", true)]
    public async Task A_creation_is_sent_to_a_live_target_only_when_what_it_names_is_new(string method, string path, string? body, bool sent)
    {
        await using var live = await LiveRehearsal.StartAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var send = () => live.Http.SendAsync(request, TestContext.Current.CancellationToken);

        if (sent)
        {
            using var answer = await send();
            (await live.JournalTotalAsync()).Should().Be(1, "a name the run made up ({0}…) is new", Caller.RunPrefix);
        }
        else
        {
            (await send.Should().ThrowAsync<UnsafeRequestException>()).Which.Message.Should().Contain("could undo what was there before the run");
            (await live.JournalTotalAsync()).Should().Be(0);
        }
    }

    [Fact]
    public async Task A_follow_the_check_found_absent_on_every_page_is_sent()
    {
        await using var live = await LiveRehearsal.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/follow/Bob");
        request.Options.Set(SafetyHandler.CheckedAbsent, true);

        using var answer = await live.Http.SendAsync(request, TestContext.Current.CancellationToken);

        (await live.JournalTotalAsync()).Should().Be(1);
    }

    [Fact]
    public async Task A_restoration_the_run_registered_is_sent_though_it_is_destructive()
    {
        await using var live = await LiveRehearsal.StartAsync();
        live.Cleanup.Permit(Caller.Anonymous, "POST", "/api/project/1/ratings/enable", null);

        using var answer = await live.Http.PostAsync("api/project/1/ratings/enable", null, TestContext.Current.CancellationToken);

        (await live.JournalTotalAsync()).Should().Be(1, "the check that switched the ratings off registered the switch back on");
    }

    [Fact]
    public async Task A_probe_the_owner_undoes_is_sent_only_with_the_owners_pending_undo_of_that_resource()
    {
        await using var live = await LiveRehearsal.StartAsync();
        await using var other = new ContractTarget(new ContractSettings { BaseUrl = live.Mock.BaseAddress, ResultsDirectory = Path.Combine(Path.GetTempPath(), $"rc-{Guid.NewGuid():N}") });
        await other.InitializeAsync();
        var owner = other.Client(new Caller("the owner", CredentialScheme.Bearer, "owner-token"));
        var prober = other.Client(new Caller("the prober", CredentialScheme.Bearer, "prober-token"));
        var scope = live.Cleanup.Scope("a probe");
        var ownersUndo = scope.Track("the owner's ratings switched back on", owner, HttpMethod.Post, "/api/project/172701/ratings/enable", restores: true);
        var probersOwn = scope.Track("the prober's own undo", prober, HttpMethod.Post, "/api/project/172701/ratings/enable", restores: true);
        var anotherProject = scope.Track("the owner's undo of another project", owner, HttpMethod.Post, "/api/project/172702/ratings/enable", restores: true);
        Task<HttpResponseMessage> Probe(TrackedResource? undo)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/project/172701/ratings/disable");
            request.Headers.Authorization = new("Bearer", "prober-token");
            request.Options.Set(SafetyHandler.Probe, HarmlessProbe.UndoneByOwner);
            if (undo is not null)
            {
                request.Options.Set(SafetyHandler.OwnersUndo, undo);
            }

            return live.Http.SendAsync(request, TestContext.Current.CancellationToken);
        }

        foreach (var refused in new[] { null, probersOwn, anotherProject })
        {
            var send = () => Probe(refused);
            (await send.Should().ThrowAsync<UnsafeRequestException>()).Which.Message.Should().Contain("UndoneByOwner");
        }

        var before = (await live.JournalTotalAsync());
        using var answer = await Probe(ownersUndo);
        (await live.JournalTotalAsync()).Should().Be(before + 1, "the owner's undo of that project is pending, from another credential");
    }

    [Fact]
    public async Task A_creating_probe_is_sent_only_when_its_owner_will_undo_it()
    {
        await using var live = await LiveRehearsal.StartAsync();
        await using var other = new ContractTarget(new ContractSettings { BaseUrl = live.Mock.BaseAddress, ResultsDirectory = Path.Combine(Path.GetTempPath(), $"rc-{Guid.NewGuid():N}") });
        await other.InitializeAsync();
        HttpRequestMessage Probe(ContractClient? owner)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"api/tags/172701/{Caller.RunPrefix}probe");
            request.Headers.Authorization = new("Bearer", "prober-token");
            request.Options.Set(SafetyHandler.Probe, HarmlessProbe.UndoneByOwner);
            if (owner is not null)
            {
                request.Options.Set(SafetyHandler.UndoneBy, owner);
            }

            return request;
        }

        var alone = () => live.Http.SendAsync(Probe(null), TestContext.Current.CancellationToken);
        (await alone.Should().ThrowAsync<UnsafeRequestException>()).Which.Message.Should().Contain("UndoneByOwner");
        var before = (await live.JournalTotalAsync());
        using var answer = await live.Http.SendAsync(Probe(other.Client(new Caller("the owner", CredentialScheme.Bearer, "owner-token"))), TestContext.Current.CancellationToken);
        (await live.JournalTotalAsync()).Should().Be(before + 1);
    }

    [Fact]
    public async Task A_removal_registered_for_one_credential_is_refused_from_another()
    {
        await using var live = await LiveRehearsal.StartAsync();
        live.Cleanup.Permit(new Caller("the second user", CredentialScheme.Bearer, "second-token"), "DELETE", "/api/gallery/abc", null);

        using var request = new HttpRequestMessage(HttpMethod.Delete, "api/gallery/abc");
        request.Headers.Authorization = new("Bearer", "first-token");
        var send = () => live.Http.SendAsync(request, TestContext.Current.CancellationToken);

        (await send.Should().ThrowAsync<UnsafeRequestException>()).Which.Message.Should().Contain("did not create");
        (await live.JournalTotalAsync()).Should().Be(0);
    }

    [Fact]
    public void The_credit_budget_is_a_ceiling_on_the_whole_run()
    {
        var plan = new CreditPlan(budget: 2, unlimited: false);
        using var first = plan.Reserve(CreditPlan.Generation);
        using var second = plan.Reserve(CompletionsPlan.Requests[0].Key);

        var third = () => plan.Reserve(CreditPlan.Generation);

        third.Should().Throw<UnsafeRequestException>().WithMessage("*ROSTRO_CREDITS_BUDGET=2*taken*");
    }

    [Fact]
    public async Task A_live_target_is_sent_a_removal_of_what_the_run_created()
    {
        await using var live = await LiveRehearsal.StartAsync();
        live.Cleanup.Permit(Caller.Anonymous, "DELETE", "/api/gallery/abc", null);

        using var answer = await live.Http.DeleteAsync("api/gallery/abc", TestContext.Current.CancellationToken);

        answer.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the request reached the target (which wants credentials)");
    }

    [Fact]
    public async Task A_credit_spending_request_is_sent_only_under_a_reservation_of_the_credit_plan()
    {
        await using var live = await LiveRehearsal.StartAsync(credits: 10);

        var unplanned = () => live.Http.SendAsync(Chat("Bearer contract-budget"), TestContext.Current.CancellationToken);
        (await unplanned.Should().ThrowAsync<UnsafeRequestException>()).Which.Message.Should().Contain("credit plan");

        using (live.Credits.Reserve(CreditPlan.Generation))
        {
            using var planned = await live.Http.SendAsync(Chat("Bearer contract-budget"), TestContext.Current.CancellationToken);
            ((int)planned.StatusCode).Should().Be(200);
            var second = () => live.Http.SendAsync(Chat("Bearer contract-budget"), TestContext.Current.CancellationToken);
            await second.Should().ThrowAsync<UnsafeRequestException>("one entry of the plan pays for one request");
        }

        (await live.JournalTotalAsync()).Should().Be(1, "a refused request never leaves the process");
        live.Credits.Spent.Should().Be(1);
    }

    [Fact]
    public void An_entry_the_budget_does_not_buy_cannot_be_reserved()
    {
        var plan = new CreditPlan(budget: 1, unlimited: false);

        var reserve = () => plan.Reserve(CompletionsPlan.Requests[0].Key);

        reserve.Should().Throw<UnsafeRequestException>().WithMessage("*not bought by ROSTRO_CREDITS_BUDGET=1*");
    }

    [Fact]
    public void The_default_budget_buys_a_check_of_every_completions_rule_and_every_completions_route()
    {
        var budget = new ContractSettings().CreditsBudget;
        var bought = CompletionsPlan.Requests.Where(r => CreditPlan.Buys(budget, r.Key)).ToList();

        CompletionsPlan.Rules.Keys.Where(rule => !bought.Any(r => r.Rules.Contains(rule))).Should().BeEmpty("every rule is checked at the default ROSTRO_CREDITS_BUDGET of {0}", budget);
        bought.Select(r => SpecCatalog.Instance.Match("POST", r.Path)!.OperationId).Distinct()
            .Should().BeEquivalentTo(SpecCatalog.Instance.Operations.Where(o => o.Facts.SpendsCredits && o.Tag == "mimic").Select(o => o.OperationId));
        CreditPlan.Buys(budget, CreditPlan.Generation).Should().BeTrue("the generation lifecycle comes first");
    }

    [Fact]
    public async Task A_request_without_the_runs_credential_spends_no_budget()
    {
        await using var live = await LiveRehearsal.StartAsync(credits: 1);

        using var anonymous = await live.Http.SendAsync(Chat(null), TestContext.Current.CancellationToken);
        using var invalid = await live.Http.SendAsync(Chat($"Bearer {Targets.Caller.InvalidPrefix}x"), TestContext.Current.CancellationToken);

        ((int)anonymous.StatusCode).Should().Be(401);
        ((int)invalid.StatusCode).Should().Be(401);
        live.Credits.Spent.Should().Be(0, "neither carried a credential of the run");
    }

    private static HttpRequestMessage Chat(string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"mythomax","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":2}""", Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    [Fact]
    public async Task Requests_start_no_faster_than_the_rate_limit()
    {
        await using var live = await LiveRehearsal.StartAsync(rate: 20);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < 6; i++)
        {
            using var answer = await live.Http.GetAsync("v1/models", TestContext.Current.CancellationToken);
        }

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(5 * 50 - 5), "six requests at 20/s need five intervals of 50 ms");
    }

    [Fact]
    public async Task A_call_that_outlives_the_timeout_fails_naming_the_operation()
    {
        await using var live = await LiveRehearsal.StartAsync(timeout: TimeSpan.FromMilliseconds(300), delayMs: 3000);

        var call = () => live.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/models") { Headers = { { "Authorization", "Bearer contract-timeout" } } }, TestContext.Current.CancellationToken);

        (await call.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain("listModels").And.Contain("0.3 s");
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_a_500_is_not()
    {
        var answers = new Queue<HttpResponseMessage>();
        var tooMany = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        tooMany.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
        answers.Enqueue(tooMany);
        answers.Enqueue(new HttpResponseMessage(HttpStatusCode.OK));
        answers.Enqueue(new HttpResponseMessage(HttpStatusCode.InternalServerError));
        answers.Enqueue(new HttpResponseMessage(HttpStatusCode.OK));
        var retry = new RetryHandler { InnerHandler = new Scripted(answers) };
        using var http = new HttpClient(retry);

        using var first = await http.GetAsync("http://127.0.0.1:9/v1/models", TestContext.Current.CancellationToken);
        using var second = await http.GetAsync("http://127.0.0.1:9/v1/models", TestContext.Current.CancellationToken);

        first.StatusCode.Should().Be(HttpStatusCode.OK, "the 429 said when to come back");
        second.StatusCode.Should().Be(HttpStatusCode.InternalServerError, "a failure is never retried into a pass");
        retry.Retries.Should().Be(1);
    }

    [Fact]
    public async Task A_network_failure_is_retried_for_a_GET_but_not_for_a_POST_that_may_have_arrived()
    {
        var retry = new RetryHandler { InnerHandler = new Failing() };
        using var http = new HttpClient(retry);

        var get = () => http.GetAsync("http://127.0.0.1:9/v1/models", TestContext.Current.CancellationToken);
        var post = () => http.PostAsync("http://127.0.0.1:9/imagine", new StringContent("{}"), TestContext.Current.CancellationToken);

        await get.Should().ThrowAsync<HttpRequestException>();
        retry.Retries.Should().Be(2, "three attempts in all");
        await post.Should().ThrowAsync<HttpRequestException>();
        retry.Retries.Should().Be(2, "a POST whose connection broke may have been acted on");
    }

    [Fact]
    public async Task What_a_test_created_is_removed_when_the_test_fails()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var target = new Targets.ContractTarget(new Targets.ContractSettings { BaseUrl = mock.BaseAddress, ResultsDirectory = Path.Combine(Path.GetTempPath(), $"rc-{Guid.NewGuid():N}") });
        await target.InitializeAsync();
        var user = target.User();
        var path = "/config/rostro-contracts/cleanup";

        var failing = async () =>
        {
            await using var scope = target.Cleanup.Scope("a failing test");
            (await user.PostAsync(path, new System.Text.Json.Nodes.JsonObject { ["value"] = new System.Text.Json.Nodes.JsonObject() }, cancellationToken: TestContext.Current.CancellationToken)).Status.Should().Be(200);
            scope.Track("config", user, HttpMethod.Delete, path);
            throw new InvalidOperationException("the test failed here");
        };

        await failing.Should().ThrowAsync<InvalidOperationException>();
        (await user.DeleteAsync(path, TestContext.Current.CancellationToken)).Status.Should().Be(404, "the scope removed the document when the test failed");
        target.Cleanup.Failures.Should().BeEmpty();
    }

    [Fact]
    public async Task What_a_test_created_is_removed_when_the_test_is_cancelled()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var target = new Targets.ContractTarget(new Targets.ContractSettings { BaseUrl = mock.BaseAddress, ResultsDirectory = Path.Combine(Path.GetTempPath(), $"rc-{Guid.NewGuid():N}") });
        await target.InitializeAsync();
        var user = target.User();
        var path = "/config/rostro-contracts/cancelled";
        using var run = new CancellationTokenSource();

        var cancelled = async () =>
        {
            await using var scope = target.Cleanup.Scope("a cancelled test");
            (await user.PostAsync(path, new System.Text.Json.Nodes.JsonObject { ["value"] = new System.Text.Json.Nodes.JsonObject() }, cancellationToken: run.Token)).Status.Should().Be(200);
            scope.Track("config", user, HttpMethod.Delete, path);
            await run.CancelAsync();
            await user.GetAsync("/api/self", cancellationToken: run.Token);
        };

        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        (await user.DeleteAsync(path, TestContext.Current.CancellationToken)).Status.Should().Be(404, "the scope removed the document on a token of its own, not the cancelled one");
        target.Cleanup.Failures.Should().BeEmpty();
    }

    private sealed class Scripted(Queue<HttpResponseMessage> answers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answers.Dequeue());
    }

    private sealed class Failing : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("the connection was reset");
    }
}

/// <summary>The suite's pipeline treating a real mock as a live target (what ROSTRO_ASSUME_LIVE does), to see what reaches it.</summary>
internal sealed class LiveRehearsal : IAsyncDisposable
{
    private LiveRehearsal(MockServer.RostroMock mock, HttpClient http, CleanupRegistry cleanup, CreditPlan credits)
    {
        Mock = mock;
        Http = http;
        Cleanup = cleanup;
        Credits = credits;
    }

    public MockServer.RostroMock Mock { get; }

    public HttpClient Http { get; }

    public CleanupRegistry Cleanup { get; }

    public CreditPlan Credits { get; }

    public static async Task<LiveRehearsal> StartAsync(int credits = 10, double? rate = null, TimeSpan? timeout = null, int delayMs = 0, bool allowDestructive = false)
    {
        var mock = await MockServer.RostroMock.StartAsync(new MockServer.MockServerOptions { Settings = new MockSettings { TtftMs = 0, InterTokenMs = 0, DelayMs = delayMs } });
        var cleanup = new CleanupRegistry();
        var plan = new CreditPlan(credits, unlimited: false);

        // Its /mcp is the run's named MCP endpoint (ROSTRO_MCP_URL), as in the rehearsal.
        var handler = new SafetyHandler(new SafetyPolicy(IsLive: true, AllowDestructive: allowDestructive, plan, cleanup, string.Empty, mock.McpUrl))
        {
            InnerHandler = new RateLimitHandler(rate)
            {
                InnerHandler = new TimeoutHandler(timeout ?? TimeSpan.FromSeconds(30), string.Empty) { InnerHandler = new SocketsHttpHandler() },
            },
        };
        return new LiveRehearsal(mock, new HttpClient(handler) { BaseAddress = mock.BaseAddress }, cleanup, plan);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Mock.DisposeAsync();
    }

    // The mock journals a request once its answer is on its way, so the client may read the answer first: the count once
    // it has stopped moving (no answer in flight), at most half a second on.
    public async Task<long> JournalTotalAsync()
    {
        var total = Mock.Journal.Total;
        for (var i = 0; i < 25; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            var now = Mock.Journal.Total;
            if (now == total && i >= 2)
            {
                break;
            }

            total = now;
        }

        return total;
    }
}
