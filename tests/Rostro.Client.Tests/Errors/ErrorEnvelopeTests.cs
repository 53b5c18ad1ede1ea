using System.Net;
using Rostro.Client.Tests.Infrastructure;

namespace Rostro.Client.Tests.Errors;

public class ErrorEnvelopeTests
{
    private readonly RecordingHandler _handler = new();

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "Malformed JSON")]
    [InlineData(HttpStatusCode.Unauthorized, "Invalid token")]
    [InlineData(HttpStatusCode.Forbidden, "Not your project")]
    [InlineData(HttpStatusCode.NotFound, "No such project")]
    public async Task ErrorEnvelope_statuses_throw_a_typed_exception_with_the_parsed_envelope(HttpStatusCode status, string error)
    {
        _handler.Respond = () => RecordingHandler.Json(status, $$"""{"error":"{{error}}","errorCode":{{(int)status}},"code":0}""");

        var call = () => Clients.Create<RatingsClient>(_handler).RateProjectAsync(1, new RatingRequest { Rating = 5 });

        var thrown = (await call.Should().ThrowAsync<RostroApiException<ErrorEnvelope>>()).Which;
        thrown.StatusCode.Should().Be((int)status);
        thrown.Result.Error.Should().Be(error);
        thrown.Result.ErrorCode.Should().Be((int)status);
        thrown.Error.Should().BeSameAs(thrown.Result);
        thrown.ValidationErrors.Should().BeEmpty();
        thrown.InternalError.Should().BeNull();
    }

    [Fact]
    public async Task Status_422_throws_with_the_detail_list_and_mixed_loc_segments()
    {
        _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.UnprocessableEntity,
            """{"detail":[{"loc":["body","messages",0,"role"],"msg":"Input should be 'user'","type":"enum"},{"loc":["body","model"],"msg":"Field required","type":"missing"}]}""");

        var call = () => Clients.Create<MimicClient>(_handler).CreateChatCompletionAsync(new CreateChatCompletionRequest());

        var thrown = (await call.Should().ThrowAsync<RostroApiException<ValidationErrorResponse>>()).Which;
        thrown.StatusCode.Should().Be(422);
        thrown.ValidationErrors.Should().HaveCount(2);
        thrown.ValidationErrors[0].Loc.Should().Equal((LocSegment)"body", (LocSegment)"messages", (LocSegment)0, (LocSegment)"role");
        thrown.ValidationErrors[0].Loc.ElementAt(2).Index.Should().Be(0);
        thrown.ValidationErrors[1].Msg.Should().Be("Field required");
        thrown.ValidationErrors[1].Type.Should().Be("missing");
    }

    [Fact]
    public async Task Status_500_throws_with_the_internal_error_envelope()
    {
        _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.InternalServerError,
            """{"error":"UNKNOWN","message":"boom","type":"server_error","code":"","errorCode":500,"param":null}""");

        var call = () => Clients.Create<AccountClient>(_handler).GetAccountAsync();

        var thrown = (await call.Should().ThrowAsync<RostroApiException<InternalErrorEnvelope>>()).Which;
        thrown.StatusCode.Should().Be(500);
        thrown.InternalError!.Message.Should().Be("boom");
        thrown.InternalError.Type.Should().Be("server_error");
        thrown.InternalError.Param.Should().BeNull();
        thrown.Error.Should().BeNull();
    }

    [Fact]
    public async Task An_undocumented_status_throws_the_untyped_exception_with_the_raw_body()
    {
        _handler.Respond = () => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>") };

        var call = () => Clients.Create<AccountClient>(_handler).GetSelfAsync();

        var thrown = (await call.Should().ThrowAsync<RostroApiException>()).Which;
        thrown.StatusCode.Should().Be(502);
        thrown.Response.Should().Be("<html>bad gateway</html>");
        thrown.Error.Should().BeNull();
    }

    [Fact]
    public async Task Rate_limiting_on_a_completions_route_carries_the_envelope_and_Retry_After()
    {
        _handler.Respond = () =>
        {
            var response = RecordingHandler.Json(HttpStatusCode.TooManyRequests, """{"error":"slow down","errorCode":429,"code":0}""");
            response.Headers.Add("Retry-After", "3");
            return response;
        };

        var call = () => Clients.Create<MimicClient>(_handler).CreateCompletionAsync(new CreateCompletionRequest { Prompt = "hi" });

        var thrown = (await call.Should().ThrowAsync<RostroApiException<ErrorEnvelope>>()).Which;
        thrown.StatusCode.Should().Be(429);
        thrown.Headers["Retry-After"].Should().Equal("3");
    }
}
