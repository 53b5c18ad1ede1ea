using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class ConfigTests(MockServerFixture mock)
{
    [Fact]
    public async Task Upsert_returns_the_stored_document_and_delete_removes_it()
    {
        var token = mock.NewToken();

        var stored = await (await mock.PostAsync("/config/editor/layout", token, """{ "value": { "panes": 2 } }""")).ShouldBeAsync(200);
        stored["value"]!["panes"]!.GetValue<int>().Should().Be(2);
        var replaced = await (await mock.PostAsync("/config/editor/layout", token, """{ "value": { "panes": 3 } }""")).ShouldBeAsync(200);
        replaced["value"]!["panes"]!.GetValue<int>().Should().Be(3);

        await (await mock.DeleteAsync("/config/editor/layout", token)).ShouldBeAsync(200);
        await (await mock.DeleteAsync("/config/editor/layout", token)).ShouldBeAsync(404);
    }

    [Fact]
    public async Task Value_that_is_not_an_object_returns_422()
    {
        var body = await (await mock.PostAsync("/config/user/settings", mock.NewToken(), """{ "value": "dark" }""")).ShouldBeAsync(422);

        body.Details().Should().Equal(("body/value", "dict_type"));
    }
}
