using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec;

namespace Rostro.MockServer.Tests.Pipeline;

/// <summary>HEAD is answered wherever GET is declared, as the real API's framework (FastAPI/Starlette) does: the GET's status and headers, no body.</summary>
[Collection(MockServerCollection.Name)]
public sealed class HeadTests(MockServerFixture mock)
{
    [Fact]
    public async Task Head_answers_every_get_operation_with_the_get_headers_and_no_body()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var token = mock.NewToken();
        var failures = new List<string>();
        var gets = spec.Operations.Where(o => o.Method == "GET").ToList();

        foreach (var operation in gets)
        {
            using var get = SpecRequests.Build(operation, token);
            using var head = SpecRequests.Build(operation, token);
            head.Method = HttpMethod.Head;
            using var got = await mock.Http.SendAsync(get);
            using var headed = await mock.Http.SendAsync(head);
            var headBody = await headed.Content.ReadAsByteArrayAsync();
            var getBody = await got.Content.ReadAsByteArrayAsync();

            if (headed.StatusCode != got.StatusCode || headed.Content.Headers.ContentType?.ToString() != got.Content.Headers.ContentType?.ToString() ||
                headed.Content.Headers.ContentLength != getBody.Length || headBody.Length != 0)
            {
                failures.Add($"{operation}: GET {(int)got.StatusCode} {got.Content.Headers.ContentType} {getBody.Length} B; HEAD {(int)headed.StatusCode} {headed.Content.Headers.ContentType} length {headed.Content.Headers.ContentLength}, {headBody.Length} B sent");
            }
        }

        gets.Should().HaveCountGreaterThan(15);
        failures.Should().BeEmpty();
        mock.AssertHealthy();
    }

    [Fact]
    public async Task Head_on_a_path_without_get_is_still_405_and_allow_lists_head_beside_get()
    {
        var post = await mock.SendAsync(HttpMethod.Head, "/api/account/blacklist", mock.NewToken());
        post.Content.Headers.Allow.Should().BeEquivalentTo(["POST"]);
        ((int)post.StatusCode).Should().Be(405);

        var patch = await mock.SendAsync(HttpMethod.Patch, "/api/account", mock.NewToken());
        ((int)patch.StatusCode).Should().Be(405);
        patch.Content.Headers.Allow.Should().BeEquivalentTo(["DELETE", "GET", "HEAD"]);
    }
}
