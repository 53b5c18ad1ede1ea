using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Mimic;

[Collection(MockServerCollection.Name)]
public sealed class ModelListTests(MockServerFixture mock)
{
    [Theory]
    [InlineData("/soji/v1/models", "soji")]
    [InlineData("/chub/asha/v1/models", "asha")]
    public async Task A_model_in_the_path_lists_only_that_model(string path, string model)
    {
        var body = await (await mock.GetAsync(path, mock.NewToken())).ShouldBeAsync(200);

        body["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Should().Equal(model);
    }

    [Fact]
    public async Task The_model_list_without_a_path_model_lists_every_model()
    {
        var body = await (await mock.GetAsync("/v1/models", mock.NewToken())).ShouldBeAsync(200);

        body["data"]!.AsArray().Should().HaveCount(6);
    }
}
