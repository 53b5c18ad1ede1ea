using System.Net;
using System.Text.Json;
using Rostro.Client.Tests.Infrastructure;

namespace Rostro.Client.Tests.Errors;

/// <summary>What a developer reads when a Rostro error goes unhandled: the message and ToString of the exception.</summary>
public class ErrorMessageTests
{
    private readonly RecordingHandler _handler = new();

    [Fact]
    public async Task An_envelope_error_names_the_operation_the_status_and_the_envelope_text()
    {
        const string body = """{"error":"Project not found","errorCode":404,"code":1401}""";
        _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.NotFound, body);

        var call = () => Clients.Create<RatingsClient>(_handler).RateProjectAsync(999, new RatingRequest { Rating = 5 });

        var thrown = (await call.Should().ThrowAsync<RostroApiException<ErrorEnvelope>>()).Which;
        thrown.Message.Should().Be("rateProject (POST /api/project/{project_id}/rate) answered 404: Project not found (code 1401)");
        thrown.Response.Should().Be(body, "the raw body is kept");
        thrown.Result.Error.Should().Be("Project not found");
    }

    [Fact]
    public async Task An_unhandled_exception_prints_its_type_and_message_then_the_stack_with_no_blank_HTTP_Response_lines()
    {
        _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.Unauthorized, """{"error":"Invalid token","errorCode":401,"code":1102}""");

        var call = () => Clients.Create<AccountClient>(_handler).GetSelfAsync();

        var text = (await call.Should().ThrowAsync<RostroApiException>()).Which.ToString();
        text.Should().StartWith("Rostro.Client.RostroApiException`1[Rostro.Client.ErrorEnvelope]: getSelf (GET /api/self) answered 401: Invalid token (code 1102)");
        text.Should().NotContain("HTTP Response").And.NotContain("\n\n").And.Contain("   at ");
    }

    [Fact]
    public async Task A_422_lists_each_violation_with_its_location()
    {
        _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.UnprocessableEntity,
            """{"detail":[{"loc":["body","messages",0,"role"],"msg":"Input should be 'user'","type":"enum"},{"loc":["body","model"],"msg":"Field required","type":"missing"}]}""");

        var call = () => Clients.Create<MimicClient>(_handler).CreateChatCompletionAsync(new CreateChatCompletionRequest());

        (await call.Should().ThrowAsync<RostroApiException<ValidationErrorResponse>>()).Which.Message
            .Should().Be("createChatCompletion (POST /v1/chat/completions) answered 422: body.messages[0].role: Input should be 'user'; body.model: Field required");
    }

    [Fact]
    public async Task A_500_says_its_error_and_message_once_each()
    {
        _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.InternalServerError,
            """{"error":"UNKNOWN","message":"database unavailable","type":"server_error","code":"","errorCode":500,"param":null}""");

        var call = () => Clients.Create<AccountClient>(_handler).GetAccountAsync();

        (await call.Should().ThrowAsync<RostroApiException<InternalErrorEnvelope>>()).Which.Message
            .Should().Be("getAccount (GET /api/account) answered 500: UNKNOWN: database unavailable");
    }

    [Fact]
    public async Task A_documented_status_whose_body_is_not_the_envelope_keeps_the_body_and_the_parse_error()
    {
        _handler.Respond = () => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<html>\n  <h1>Not Found</h1>\n</html>") };

        var call = () => Clients.Create<RatingsClient>(_handler).RateProjectAsync(999, new RatingRequest { Rating = 5 });

        var thrown = (await call.Should().ThrowAsync<RostroApiException>()).Which;
        thrown.Should().NotBeAssignableTo<RostroApiException<ErrorEnvelope>>();
        thrown.Message.Should().Be("rateProject (POST /api/project/{project_id}/rate) answered 404, not with the documented ErrorEnvelope: <html> <h1>Not Found</h1> </html>");
        thrown.Response.Should().Be("<html>\n  <h1>Not Found</h1>\n</html>");
        thrown.InnerException.Should().BeOfType<JsonException>();
    }

    [Fact]
    public async Task An_undocumented_status_says_so_and_shows_the_start_of_a_long_body()
    {
        var page = "<html>" + new string('x', 1000) + "</html>";
        _handler.Respond = () => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent(page) };

        var call = () => Clients.Create<AccountClient>(_handler).GetSelfAsync();

        var thrown = (await call.Should().ThrowAsync<RostroApiException>()).Which;
        thrown.Message.Should().StartWith("getSelf (GET /api/self) answered 502, which the spec does not document: <html>xxx").And.EndWith("…");
        thrown.Message.Length.Should().BeLessThan(400, "the message shows an excerpt; Response has the whole body");
        thrown.Response.Should().Be(page);
    }

    [Fact]
    public async Task A_streamed_call_answered_with_an_error_names_the_streamed_operation()
    {
        _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.TooManyRequests, """{"error":"slow down","errorCode":429,"code":0}""");

        var read = async () =>
        {
            await foreach (var chunk in Clients.Create<MimicClient>(_handler).StreamChatCompletionAsync(new CreateChatCompletionRequest { Model = "mythomax" }))
            {
            }
        };

        (await read.Should().ThrowAsync<RostroApiException<ErrorEnvelope>>()).Which.Message
            .Should().Be("createChatCompletion (POST /v1/chat/completions, streamed) answered 429: slow down");
    }
}
