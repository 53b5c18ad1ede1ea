using Rostro.Client.Tests.Infrastructure;
using Rostro.Spec.Answers;

namespace Rostro.Client.Tests.Errors;

/// <summary>The typed errors against the real mock: its envelopes parse, and the message carries what they say.</summary>
[Collection(MockServerCollection.Name)]
public class MockErrorTests(MockServerFixture fixture)
{
    [Fact]
    public async Task Another_users_project_answers_403_and_the_message_carries_the_mocks_envelope_text()
    {
        // 172701 is a fixture project of another user in every world of the mock.
        var call = () => fixture.Client<RatingsClient>().DisableProjectRatingsAsync(172701);

        var thrown = (await call.Should().ThrowAsync<RostroApiException<ErrorEnvelope>>()).Which;
        thrown.StatusCode.Should().Be(403);
        // The mock's documented answer for another user's project (its code table in the README), not what came back.
        thrown.Result.Code.Should().Be(ErrorCodes.NotOwner);
        thrown.Result.Error.Should().Be("Project 172701 belongs to another user.");
        thrown.Message.Should().Be("disableProjectRatings (POST /api/project/{project_id}/ratings/disable) answered 403: Project 172701 belongs to another user. (code 1301)");
    }

    [Fact]
    public async Task A_schema_violation_answers_422_and_the_message_names_the_field()
    {
        var call = () => fixture.Client<MimicClient>().CreateChatCompletionAsync(new CreateChatCompletionRequest { Model = "mythomax" });

        var thrown = (await call.Should().ThrowAsync<RostroApiException<ValidationErrorResponse>>()).Which;
        thrown.ValidationErrors.Should().NotBeEmpty();
        thrown.Message.Should().StartWith("createChatCompletion (POST /v1/chat/completions) answered 422: body.messages: ");
    }
}
