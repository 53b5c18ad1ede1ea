using System.Diagnostics;
using System.Text;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Targets;
using Rostro.MockServer.Settings;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>What evidence and figures say: a multipart body field by field, and times that start when a request leaves the rate limiter.</summary>
public sealed class EvidenceTests
{
    [Fact]
    public async Task A_multipart_body_is_shown_field_by_field_with_its_files_named_and_sized()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("Dragons sleep.")), "file", "notes.txt" },
            { new StringContent("""{"owner_id": 123}"""), "metadata" },
        };

        var text = await RequestBodies.DescribeAsync(form, TestContext.Current.CancellationToken);

        text.Should().Contain("metadata: {\"owner_id\": 123}").And.Contain("file: file notes.txt, 14 bytes").And.NotContain("Dragons sleep", "a file's bytes are not evidence");
    }

    [Fact]
    public async Task A_multipart_field_holding_JSON_is_readable_by_runtime_expressions()
    {
        using var form = new MultipartFormDataContent { { new StringContent("""{"owner_id": 123}"""), "metadata" } };

        var json = await RequestBodies.ReadJsonAsync(form, TestContext.Current.CancellationToken);

        Pointer.At(json, "/metadata/owner_id")!.GetValue<int>().Should().Be(123);
    }

    [Fact]
    public async Task Answered_in_counts_from_the_rate_limiter_not_from_when_the_check_queued_the_request()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(new MockServer.MockServerOptions { Settings = new MockSettings { TtftMs = 0, InterTokenMs = 0 } }, TestContext.Current.CancellationToken);
        await using var target = new ContractTarget(new ContractSettings { BaseUrl = mock.BaseAddress, RateLimit = 2, ResultsDirectory = Path.Combine(Path.GetTempPath(), $"rc-{Guid.NewGuid():N}") });
        await target.InitializeAsync();
        var user = target.User();
        var wall = Stopwatch.StartNew();

        // Three at once at 2 requests/s: the last waits about a second in the suite's own queue.
        var exchanges = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => user.GetAsync("/v1/models", cancellationToken: TestContext.Current.CancellationToken)));

        wall.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(0.9), "the rate limiter held the requests back");
        exchanges.Max(e => e.Elapsed).Should().BeLessThan(TimeSpan.FromSeconds(0.5), "a mock answers a model list at once; the queue is the suite's, not the API's");
    }
}
