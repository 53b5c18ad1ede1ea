using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Evidence;

namespace Rostro.Contracts.Tests.Streaming;

/// <summary>A streamed request's answer: its headers as an exchange (for the contract checks and evidence) and, when it streamed, the report of its events.</summary>
public sealed record StreamAnswer(Exchange Exchange, StreamReport? Report)
{
    /// <summary>The answer is a documented 200 event stream and every event meets the stream rules.</summary>
    public StreamReport ShouldBeValid()
    {
        Exchange.Should().MatchContract(Exchange.Operation, 200);
        if (Report is null)
        {
            throw new InvalidOperationException("A 200 event stream has a report.");
        }

        Exchange.Should().HaveNo(Report.Failures);
        return Report;
    }
}

public static class StreamRequests
{
    /// <summary>Sends a streamed completion and reads it event by event (the per-read timeout is the run's ROSTRO_TIMEOUT_SECONDS unless given).</summary>
    public static async Task<StreamAnswer> StreamAsync(ContractClient client, string path, JsonObject body, StreamExpectation expected, Action<HttpRequestMessage>? configure = null, TimeSpan? readTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(body);
        var request = client.NewRequest(HttpMethod.Post, path);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        configure?.Invoke(request);
        var operation = client.Target.OperationOf(request) ?? throw new InvalidOperationException($"{path} is no completions operation of the spec.");
        using (request)
        {
            var queued = Stopwatch.GetTimestamp();
            using var response = await client.OpenAsync(request, cancellationToken);
            // TTFT and gaps count from the request leaving the rate limiter, not from when this test queued it.
            var sent = request.Options.TryGetValue(Coverage.RecordingHandler.SentAt, out var stamp) ? stamp : queued;
            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return new StreamAnswer(client.Describe(request, response, text, Stopwatch.GetElapsedTime(sent)), null);
            }

            var token = cancellationToken.CanBeCanceled ? cancellationToken : TestContext.Current.CancellationToken;
            var report = await StreamContract.ReadAsync(response, operation, expected, readTimeout ?? client.Target.Settings.Timeout, sent, token);
            var exchange = client.Describe(request, response, report.Transcript, Stopwatch.GetElapsedTime(sent));
            ContractLog.Write(client.Target.Redactor, client.Target.Timings.Record(TestContext.Current.Test?.TestDisplayName ?? "(outside a test)", report));
            return new StreamAnswer(exchange, report);
        }
    }
}
