using System.Diagnostics;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Coverage;
using Rostro.Contracts.Tests.Mimic;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Streaming;

/// <summary>Streams validated event by event on every completions route; a cut, a malformed event and a stall are reported as such; cancelling stops at once.</summary>
[Trait("Category", "Mimic")]
[Trait("Category", "Streaming")]
[Trait("Category", "ReadOnly")]
public sealed class StreamingTests(ContractTarget target) : ContractTest(target)
{
    /// <summary>Why the fault checks stay on a mock.</summary>
    public const string StreamFaults = "stream faults provoked with X-Mock-* headers (only a Rostro mock obeys them)";

    public static IEnumerable<TheoryDataRow<string, bool, bool>> Routes() =>
        from route in MimicTests.CompletionRoutes()
        from usage in new[] { false, true }
        select new TheoryDataRow<string, bool, bool>((string)route.Data.Item1, (bool)route.Data.Item2, usage);

    private static JsonObject Streamed(bool chat, bool includeUsage = false, int n = 1)
    {
        var body = MimicTests.Request(chat);
        body["stream"] = true;
        body["n"] = n;
        if (includeUsage)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return body;
    }

    [ContractTheory(MockOnly = MimicTests.PlanCovers)]
    [MemberData(nameof(Routes))]
    [Covers("createChatCompletion", "createChatCompletionForModel", "createChubChatCompletion", "createCompletion", "createCompletionForModel", "createChubCompletion")]
    public async Task Stream_is_valid_event_by_event(string path, bool chat, bool includeUsage)
    {
        var answer = await StreamRequests.StreamAsync(Target.User(), path, Streamed(chat, includeUsage), new StreamExpectation(chat, 1, includeUsage), cancellationToken: Cancellation);

        // Valid: every event against its rule, [DONE] last (a stream without it is cut), one finish_reason per choice.
        var report = answer.ShouldBeValid();
        answer.Exchange.Should().Hold(ContractRules.ValidInputAccepted, report.Content().Length > 0, "a stream carries content", $"{report.Events.Count} events without text");
    }

    [ContractTheory(MockOnly = MimicTests.PlanCovers)]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/v1/completions", false)]
    public async Task Stream_of_n_choices_gives_each_choice_its_start_and_finish_reason(string path, bool chat)
    {
        var answer = await StreamRequests.StreamAsync(Target.User(), path, Streamed(chat, includeUsage: true, n: 2), new StreamExpectation(chat, 2, true), cancellationToken: Cancellation);

        // The stream contract holds each of the n choices to its role first and its own finish_reason (StreamContract).
        answer.ShouldBeValid();
    }

    [ContractFact(MockOnly = StreamFaults)]
    [Trait("Category", "MockOnly")]
    public async Task Cut_stream_is_reported_as_cut()
    {
        RequireOwnGate();

        var answer = await StreamRequests.StreamAsync(Target.User(), "/v1/chat/completions", Streamed(chat: true), new StreamExpectation(true),
            request => request.Headers.Add("X-Mock-Drop-After-Events", "4"), cancellationToken: Cancellation);

        answer.Report!.Failures.Should().Contain(f => f.Rule == StreamContract.Cut, "a stream that ends before data: [DONE] is cut, whatever came before");
        answer.Report.Events.Should().HaveCount(4);
    }

    [ContractFact(MockOnly = StreamFaults)]
    [Trait("Category", "MockOnly")]
    public async Task Malformed_event_is_reported_with_its_index()
    {
        RequireOwnGate();

        var answer = await StreamRequests.StreamAsync(Target.User(), "/v1/chat/completions", Streamed(chat: true), new StreamExpectation(true),
            request => request.Headers.Add("X-Mock-Malformed-After-Events", "3"), cancellationToken: Cancellation);

        answer.Report!.Failures.Should().Contain(f => f.Rule == StreamContract.ChunkSchema && f.Message.StartsWith("event 3 is not JSON", StringComparison.Ordinal));
    }

    [ContractFact(MockOnly = StreamFaults)]
    [Trait("Category", "MockOnly")]
    public async Task Stalled_stream_is_reported_after_the_read_timeout()
    {
        RequireOwnGate();

        var answer = await StreamRequests.StreamAsync(Target.User(), "/v1/chat/completions", Streamed(chat: true), new StreamExpectation(true),
            request => request.Headers.Add("X-Mock-Stall-After-Events", "3"), readTimeout: TimeSpan.FromSeconds(1), cancellationToken: Cancellation);

        answer.Report!.Failures.Should().ContainSingle(f => f.Rule == StreamContract.Stalled);
        answer.Report.Events.Should().HaveCount(3);
    }

    [ContractFact(MockOnly = "cancelling a stream mid-way (how the suite's reader behaves; on a live target it would spend a credit on a stream nobody reads)")]
    public async Task Cancelling_mid_stream_stops_reading_at_once()
    {
        var user = Target.User();
        var request = user.NewRequest(HttpMethod.Post, "/v1/chat/completions");
        var body = Streamed(chat: true);
        body["max_completion_tokens"] = 200;
        request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        if (Target.IsMock)
        {
            // Slow enough that the whole stream would take 20 s.
            request.Headers.Add("X-Mock-Inter-Token-Ms", "100");
            request.Headers.Add("X-Mock-Output-Tokens", "200");
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        using var response = await user.OpenAsync(request, cancel.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
        var read = 0;
        var cancelled = Stopwatch.StartNew();
        var reading = async () =>
        {
            await foreach (var _ in System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync(cancel.Token))
            {
                if (++read == 3)
                {
                    cancelled.Restart();
                    await cancel.CancelAsync();
                }
            }
        };

        await reading.Should().ThrowAsync<OperationCanceledException>();
        cancelled.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "reading stops when the caller cancels, not at the next token or the end");
        read.Should().Be(3);
        request.Dispose();

        var next = await user.PostAsync("/v1/chat/completions", MimicTests.Request(chat: true), cancellationToken: Cancellation);
        Checks.ExchangeAssertionExtensions.Should(next).Succeed();
    }
}
