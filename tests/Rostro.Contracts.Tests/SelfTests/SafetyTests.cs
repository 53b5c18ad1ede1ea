using System.Net;
using System.Text;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Safety;
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
        live.Mock.Journal.Total.Should().Be(0, "a refused request never leaves the process");
    }

    [Fact]
    public async Task A_live_target_is_sent_a_removal_of_what_the_run_created()
    {
        await using var live = await LiveRehearsal.StartAsync();
        live.Cleanup.Permit("DELETE", "/api/gallery/abc", null);

        using var answer = await live.Http.DeleteAsync("api/gallery/abc", TestContext.Current.CancellationToken);

        answer.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the request reached the target (which wants credentials)");
    }

    [Fact]
    public async Task A_live_target_is_sent_no_more_credit_spending_requests_than_the_budget()
    {
        await using var live = await LiveRehearsal.StartAsync(credits: 2);
        for (var i = 0; i < 2; i++)
        {
            using var answer = await live.Http.SendAsync(Chat("Bearer contract-budget"), TestContext.Current.CancellationToken);
        }

        var third = () => live.Http.SendAsync(Chat("Bearer contract-budget"), TestContext.Current.CancellationToken);

        // Over budget the test skips (Assert.Skip throws xunit's skip exception) and nothing is sent.
        (await third.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("credit budget");
        live.Mock.Journal.Total.Should().Be(2);
    }

    [Fact]
    public async Task A_request_without_the_runs_credential_spends_no_budget()
    {
        await using var live = await LiveRehearsal.StartAsync(credits: 1);

        using var anonymous = await live.Http.SendAsync(Chat(null), TestContext.Current.CancellationToken);
        using var invalid = await live.Http.SendAsync(Chat($"Bearer {Targets.Caller.InvalidPrefix}x"), TestContext.Current.CancellationToken);
        using var spending = await live.Http.SendAsync(Chat("Bearer contract-budget"), TestContext.Current.CancellationToken);

        ((int)anonymous.StatusCode).Should().Be(401);
        ((int)invalid.StatusCode).Should().Be(401);
        ((int)spending.StatusCode).Should().Be(200, "the one credit of the budget was still there");
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
        await using var mock = await MockServer.MockServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
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
        await using var mock = await MockServer.MockServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
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
    private LiveRehearsal(MockServer.MockServer mock, HttpClient http, CleanupRegistry cleanup)
    {
        Mock = mock;
        Http = http;
        Cleanup = cleanup;
    }

    public MockServer.MockServer Mock { get; }

    public HttpClient Http { get; }

    public CleanupRegistry Cleanup { get; }

    public static async Task<LiveRehearsal> StartAsync(int credits = 10, double? rate = null, TimeSpan? timeout = null, int delayMs = 0)
    {
        var mock = await MockServer.MockServer.StartAsync(new MockServer.MockServerOptions { Settings = new MockSettings { TtftMs = 0, InterTokenMs = 0, DelayMs = delayMs } });
        var cleanup = new CleanupRegistry();
        var handler = new SafetyHandler(new SafetyPolicy(IsLive: true, AllowDestructive: false, new CreditBudget(credits), cleanup, string.Empty))
        {
            InnerHandler = new RateLimitHandler(rate)
            {
                InnerHandler = new TimeoutHandler(timeout ?? TimeSpan.FromSeconds(30), string.Empty) { InnerHandler = new SocketsHttpHandler() },
            },
        };
        return new LiveRehearsal(mock, new HttpClient(handler) { BaseAddress = mock.BaseAddress }, cleanup);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Mock.DisposeAsync();
    }
}
