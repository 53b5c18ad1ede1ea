using Microsoft.AspNetCore.Http;
using Rostro.MockServer.Responses;
using Rostro.Spec.Answers;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Responses;

/// <summary>The audit checks answers that belong to no operation too (unknown route, wrong method, admin, request limits) against the spec's envelopes.</summary>
[Collection(MockServerCollection.Name)]
public sealed class ResponseAuditTests(MockServerFixture mock)
{
    [Fact]
    public async Task A_route_level_error_that_is_not_an_envelope_is_recorded()
    {
        var spec = await Rostro.Spec.RostroSpec.LoadEmbeddedAsync();
        var audit = new ResponseAudit(enabled: true);
        var writer = new ResponseWriter(new DocumentedAnswers(spec), audit, spec);
        var http = new DefaultHttpContext();

        await writer.WriteJsonAsync(http, null, 404, new { message = "no such route" });

        audit.Violations.Should().NotBeEmpty().And.OnlyContain(v => v.StartsWith("(no operation) 404:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "/no/such/route")]
    [InlineData("PATCH", "/api/account")]
    [InlineData("GET", "/__admin/nothing")]
    [InlineData("DELETE", "/__admin/settings")]
    public async Task Route_level_404_and_405_envelopes_match_the_spec_error_envelope(string method, string path)
    {
        var before = mock.Server.Audit.Violations.Count;

        var response = await mock.SendAsync(new HttpMethod(method), path, mock.NewToken());

        ((int)response.StatusCode).Should().BeOneOf(404, 405);
        mock.Server.Audit.Violations.Should().HaveCount(before);
    }
}
