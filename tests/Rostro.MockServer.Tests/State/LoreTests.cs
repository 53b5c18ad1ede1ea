using System.Text;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class LoreTests(MockServerFixture mock)
{
    private async Task<string> AddAsync(string token, string text, string? metadata = null)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", "lore.txt" } };
        if (metadata is not null)
        {
            form.Add(new StringContent(metadata), "metadata");
        }

        var body = await (await mock.PostAsync("/lore/item", token, configure: r => r.Content = form)).ShouldBeAsync(200);
        body["status"]!.GetValue<string>().Should().Be("indexed");
        return body["uuid"]!.GetValue<string>();
    }

    [Fact]
    public async Task Added_item_is_listed_found_by_a_query_and_deleted()
    {
        var token = mock.NewToken();
        var uuid = await AddAsync(token, "The moon of Quxor glows violet every winter.", """{ "owner_id": 123 }""");

        var listed = await (await mock.GetAsync("/lore/items?owner_ids=123", token)).ShouldBeAsync(200);
        listed["items"]!.AsArray().Select(i => i!["uuid"]!.GetValue<string>()).Should().Contain([uuid, "uuid-456"]);

        var found = await (await mock.PostAsync("/lore", token, """{ "query": "violet moon of Quxor" }""")).ShouldBeAsync(200);
        found["results"]!.AsArray()[0]!["uuid"]!.GetValue<string>().Should().Be(uuid);

        await (await mock.DeleteAsync($"/lore/123/item/{uuid}", token)).ShouldBeAsync(200);
        await (await mock.DeleteAsync($"/lore/123/item/{uuid}", token)).ShouldBeAsync(404);
        var after = await (await mock.PostAsync("/lore", token, """{ "query": "Quxor" }""")).ShouldBeAsync(200);
        after["results"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Item_without_metadata_belongs_to_the_callers_user_id()
    {
        var token = mock.NewToken();
        var uuid = await AddAsync(token, "plain text");

        var listed = await (await mock.GetAsync("/lore/items?owner_ids=1001", token)).ShouldBeAsync(200);

        listed["items"]!.AsArray().Select(i => i!["uuid"]!.GetValue<string>()).Should().Equal(uuid);
    }

    [Fact]
    public async Task The_documentations_get_with_a_json_body_is_accepted()
    {
        var response = await mock.SendAsync(HttpMethod.Get, "/lore/items", mock.NewToken(), """{ "owner_ids": [123] }""");

        (await response.ShouldBeAsync(200))["items"]!.AsArray().Select(i => i!["uuid"]!.GetValue<string>()).Should().Equal("uuid-456");
    }

    [Fact]
    public async Task File_part_sent_as_text_is_the_items_content()
    {
        var token = mock.NewToken();
        using var form = new MultipartFormDataContent { { new StringContent("Zorblax the comet returns."), "file" } };

        await (await mock.PostAsync("/lore/item", token, configure: r => r.Content = form)).ShouldBeAsync(200);

        var found = await (await mock.PostAsync("/lore", token, """{ "query": "zorblax" }""")).ShouldBeAsync(200);
        found["results"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task The_documented_query_finds_the_fixture_history()
    {
        var body = await (await mock.PostAsync("/lore", mock.NewToken(), """{ "query": "history of the world" }""")).ShouldBeAsync(200);

        body["results"]!.AsArray()[0]!["uuid"]!.GetValue<string>().Should().Be("uuid-456");
        body["results"]!.AsArray()[0]!["score"]!.GetValue<double>().Should().Be(1.0);
    }
}
